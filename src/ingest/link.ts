/**
 * Links an article to the countries, equipment and deals it mentions, using
 * the names and aliases the database holds (fetched through the API, see
 * `catalog.ts`). Pure: runs in Node and workerd.
 *
 * Mentions (countries and equipment):
 * - A term (a name or an alias) matches as a whole word: not inside another
 *   word ("Indiana" is not India), but before punctuation, a possessive or a
 *   hyphen ("Russia's", "Russia-led"); a plural "s" is allowed ("Caesars").
 * - A term written with a capital letter is a proper noun: it matches only as
 *   written or in full capitals (headlines). So "U.S." and "US" are the United
 *   States, and the pronoun "us" is not. A term written all in lower case
 *   ("strategic partnership") matches in any case.
 *
 * Deals: a deal is linked when the article mentions ALL its parties and at
 * least one of: one of its equipment, one of its aliases, or its value
 * ("$3.3 billion"). A deal without equipment, aliases or value is never linked
 * (two countries being named together is not evidence of a particular deal).
 */

export interface CatalogCountry {
  code: string;
  name: string;
  aliases: string[];
}
export interface CatalogEquipment {
  slug: string;
  name: string;
  aliases: string[];
}
export interface CatalogDeal {
  slug: string;
  title: string;
  aliases: string[];
  parties: { role: string; country: { code: string } }[];
  equipment: { slug: string }[];
  value: { amount: number; currency: string } | null;
}
export interface Catalog {
  countries: CatalogCountry[];
  equipment: CatalogEquipment[];
  deals: CatalogDeal[];
}

export interface Mention {
  /** ISO code or slug. */
  key: string;
  name: string;
  /** The forms found in the text, each once, in order of first appearance. */
  matched: string[];
  count: number;
  /** Offset of the first mention; links are listed in this order. */
  first: number;
}
export interface DealLink {
  slug: string;
  title: string;
  reason: string;
}
export interface Links {
  countries: Mention[];
  equipment: Mention[];
  deals: DealLink[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expression of one term, as the rules above say. */
export function termPattern(term: string): RegExp {
  const t = term.trim();
  const anyCase = t === t.toLowerCase();
  const forms = anyCase ? [t] : [...new Set([t, t.toUpperCase()])];
  const body = forms.map((f) => escapeRegExp(f).replace(/ /g, '\\s+') + (/\p{L}$/u.test(f) ? '(?:s)?' : '')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, anyCase ? 'giu' : 'gu');
}

function mentions(text: string, key: string, name: string, terms: string[]): Mention | null {
  const matched: string[] = [];
  let count = 0;
  let first = Infinity;
  const lower = text.toLowerCase();
  for (const term of new Set([name, ...terms].filter((t) => t.trim()))) {
    // Compiling a pattern costs far more than a substring test: with ~1,500 country terms, test first.
    const head = term.trim().split(/\s+/)[0];
    if (!lower.includes(head.toLowerCase())) continue;
    for (const m of text.matchAll(termPattern(term))) {
      count++;
      first = Math.min(first, m.index!);
      if (!matched.includes(m[0])) matched.push(m[0]);
    }
  }
  return count ? { key, name, matched, count, first } : null;
}

const SYMBOLS: Record<string, string[]> = { USD: ['$', 'US$', 'USD '], EUR: ['€', 'EUR '], GBP: ['£', 'GBP '] };
const WORDS: Record<string, string> = { USD: 'dollars', EUR: 'euros', GBP: 'pounds' };

/** The ways a page writes an amount: "$3.3 billion", "$3.3bn", "3.3 billion dollars", "$3,300,000,000". */
export function valueForms(amount: number, currency: string): string[] {
  const forms: string[] = [];
  const symbols = SYMBOLS[currency] ?? [`${currency} `];
  const scaled: [number, string, string][] = [
    [1e12, 'trillion', 'tn'],
    [1e9, 'billion', 'bn'],
    [1e6, 'million', 'm'],
  ];
  for (const [unit, word, short] of scaled) {
    if (amount < unit) continue;
    const n = String(Math.round((amount / unit) * 1000) / 1000);
    for (const s of symbols) forms.push(`${s}${n} ${word}`, `${s}${n}${short}`, `${s}${n}-${word}`);
    forms.push(`${n} ${word} ${WORDS[currency] ?? currency}`);
    break;
  }
  const full = String(Math.round(amount)).replace(/\B(?=(\d{3})+$)/g, ',');
  for (const s of symbols) forms.push(`${s}${full}`);
  return forms;
}

function mentionsValue(text: string, value: CatalogDeal['value']): string | null {
  if (!value) return null;
  for (const form of valueForms(value.amount, value.currency)) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}.,$])${escapeRegExp(form)}(?![\\p{L}\\p{N}]|[.,]\\d)`, 'iu');
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}

/**
 * Finds what `text` (title, dek, body and caption, joined) mentions. Lists are
 * in order of first mention.
 */
export function linkEntities(text: string, catalog: Catalog): Links {
  const byFirst = (a: Mention, b: Mention) => a.first - b.first;
  const countries = catalog.countries
    .map((c) => mentions(text, c.code, c.name, c.aliases))
    .filter((m): m is Mention => m !== null)
    .sort(byFirst);
  const equipment = catalog.equipment
    .map((e) => mentions(text, e.slug, e.name, e.aliases))
    .filter((m): m is Mention => m !== null)
    .sort(byFirst);
  const countryCodes = new Set(countries.map((c) => c.key));
  const equipmentNames = new Map(equipment.map((e) => [e.key, e.name]));

  const deals: DealLink[] = [];
  for (const d of catalog.deals) {
    const parties = d.parties.map((p) => p.country.code);
    if (!parties.length || !parties.every((c) => countryCodes.has(c))) continue;
    const named = d.equipment.map((e) => equipmentNames.get(e.slug)).filter((n): n is string => n !== undefined);
    const alias = d.aliases.map((a) => mentions(text, d.slug, a, [])?.matched[0]).find((a) => a !== undefined);
    const value = mentionsValue(text, d.value);
    const evidence = named.length ? `equipment ${named.join(', ')}` : alias ? `alias "${alias}"` : value ? `value "${value}"` : null;
    if (evidence) deals.push({ slug: d.slug, title: d.title, reason: `parties ${parties.join(', ')} and ${evidence} named` });
  }
  return { countries, equipment, deals };
}
