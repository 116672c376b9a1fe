/**
 * The synthetic corpus: a pure function of (seed, number of articles). Reference
 * data (sections, authors, countries, equipment, deals) comes first; articles
 * stream in chunks, each drawn from its own PRNG stream so article i is the
 * same whatever the chunk size, and 1M articles never sit in memory at once.
 *
 * Spread: Zipf over sections, bylines, countries and equipment (a few carry most
 * stories); ten years of dates, ids rising with time plus a few backfilled
 * stories; deals reported near their announcement; bodies of 300 to 1,500 words.
 * Rows are keyed by column name, ids explicit, ready for INSERT.
 */
import { blocksToHtml, blocksToText, countWords, type Block } from '../../src/content/blocks';
import { Rng, zipfWeights } from './prng';
import {
  COMMON_WORDS,
  COUNTRIES,
  CREDITS,
  DEAL_KINDS,
  DEAL_STATUSES,
  EQUIPMENT_KINDS,
  EQUIPMENT_NAME_PARTS,
  EXPORTERS,
  FIRST_NAMES,
  HEADLINE_NOUNS,
  KIND_NOUNS,
  LAST_NAMES,
  SECTIONS,
  SOURCES,
  VERBS,
} from './vocabulary';

export type Row = Record<string, string | number | null>;

/** D1's bound-parameter limit per statement. */
const MAX_PARAMS = 100;

export interface Statement {
  sql: string;
  params: (string | number | null)[];
}

/** Multi-row INSERT statements for `rows`, each under the bound-parameter limit. */
export function insertStatements(table: string, rows: Row[]): Statement[] {
  if (!rows.length) return [];
  const cols = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`;
    out.push({ sql, params: slice.flatMap((r) => cols.map((c) => r[c] ?? null)) });
  }
  return out;
}

export interface CorpusOptions {
  articles: number;
  seed: number;
}

export interface Reference {
  sections: Row[];
  authors: Row[];
  countries: Row[];
  equipment: Row[];
  equipmentOperators: Row[];
  deals: Row[];
  dealParties: Row[];
  dealEquipment: Row[];
}

export interface ArticleChunk {
  articles: Row[];
  articleAuthors: Row[];
  articleCountries: Row[];
  articleDeals: Row[];
  articleEquipment: Row[];
}

/** The decade the corpus covers: every article is public by the end of 2025. */
export const CORPUS_END = Date.UTC(2025, 11, 31, 23, 0, 0);
export const CORPUS_START = Date.UTC(2016, 0, 1, 6, 0, 0);
const SPAN = CORPUS_END - CORPUS_START;
const DAY = 86_400_000;

export const EQUIPMENT_COUNT = 240;
export const authorCount = (n: number) => Math.min(2000, Math.max(20, Math.round(n / 100)));
export const dealCount = (n: number) => Math.min(40_000, Math.max(40, Math.round(n / 25)));

const WORDS = [...new Set(COMMON_WORDS)];
const WORD_WEIGHTS = zipfWeights(WORDS.length, 0.9);
/** Zipf over WORDS as a 64k-entry lookup table: bodies draw ~1k words each, so the draw must be O(1). */
const WORD_TABLE = (() => {
  const table = new Uint16Array(1 << 16);
  const total = WORD_WEIGHTS[WORD_WEIGHTS.length - 1];
  let w = 0;
  for (let i = 0; i < table.length; i++) {
    while (WORD_WEIGHTS[w] / total <= (i + 0.5) / table.length) w++;
    table[i] = w;
  }
  return table;
})();
const drawWord = (rng: Rng) => WORDS[WORD_TABLE[rng.nextU32() >>> 16]];
const SECTION_WEIGHTS = zipfWeights(SECTIONS.length, 0.8);
const COUNTRY_WEIGHTS = zipfWeights(COUNTRIES.length, 1.05);
const EXPORTER_WEIGHTS = zipfWeights(EXPORTERS.length, 1);
const EQUIPMENT_WEIGHTS = zipfWeights(EQUIPMENT_COUNT, 0.9);
const countryIdByCode = new Map(COUNTRIES.map(([code], i) => [code, i + 1]));

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Streams: 0-9 reference tables, 1000 + i article i. */
const STREAM = { authors: 1, equipment: 2, deals: 3, article: 1000 } as const;

export function referenceData({ articles: n, seed }: CorpusOptions): Reference {
  const sections = SECTIONS.map(([slug, name], i) => ({ id: i + 1, slug, name }));
  const countries = COUNTRIES.map(([code, name], i) => ({ id: i + 1, code, name }));

  const authors: Row[] = [];
  const authorSlugs = new Set<string>();
  const ar = new Rng(seed, STREAM.authors);
  for (let i = 0; i < authorCount(n); i++) {
    const name = `${ar.pick(FIRST_NAMES)} ${ar.pick(LAST_NAMES)}`;
    let slug = slugify(name);
    if (authorSlugs.has(slug)) slug = `${slug}-${i + 1}`;
    authorSlugs.add(slug);
    authors.push({ id: i + 1, slug, name });
  }

  const er = new Rng(seed, STREAM.equipment);
  const equipment: Row[] = [];
  const equipmentOperators: Row[] = [];
  const equipmentSlugs = new Set<string>();
  for (let i = 0; i < EQUIPMENT_COUNT; i++) {
    const id = i + 1;
    const kind = er.pick(EQUIPMENT_KINDS);
    let name = `${er.pick(EQUIPMENT_NAME_PARTS)}${er.chance(0.5) ? ' ' : '-'}${er.int(1, 9) * (er.chance(0.5) ? 10 : 1)}${er.chance(0.3) ? er.pick(['A', 'M', 'NG', 'E']) : ''}`;
    if (equipmentSlugs.has(slugify(name))) name = `${name} ${id}`;
    equipmentSlugs.add(slugify(name));
    const origin = er.chance(0.05) ? null : countryIdByCode.get(EXPORTERS[er.weighted(EXPORTER_WEIGHTS)])!;
    const gun = kind === 'ARTILLERY' || kind === 'SELF_PROPELLED_HOWITZER';
    equipment.push({
      id,
      slug: slugify(name),
      name,
      kind,
      origin_country_id: origin,
      caliber_mm: gun ? er.pick([105, 122, 152, 155]) : null,
      rate_of_fire_per_minute: gun ? er.int(2, 12) : null,
      range_km: kind === 'SHIP' || kind === 'OTHER' ? null : Math.round(er.int(5, 400) * 10) / 10,
    });
    const operators = new Set<number>(origin ? [origin] : []);
    for (const c of er.weightedDistinct(COUNTRY_WEIGHTS, er.int(1, 8))) operators.add(c + 1);
    for (const countryId of operators) equipmentOperators.push({ equipment_id: id, country_id: countryId });
  }
  const equipmentByOrigin = new Map<number, number[]>();
  for (const e of equipment) {
    if (e.origin_country_id == null) continue;
    const list = equipmentByOrigin.get(e.origin_country_id as number) ?? [];
    list.push(e.id as number);
    equipmentByOrigin.set(e.origin_country_id as number, list);
  }

  // Deals in announcement order, so an article can report the deals of its time.
  const dr = new Rng(seed, STREAM.deals);
  const dealTotal = dealCount(n);
  const deals: Row[] = [];
  const dealParties: Row[] = [];
  const dealEquipment: Row[] = [];
  const kindWeights = Float64Array.from([0.45, 0.65, 0.75, 0.9, 1]);
  for (let i = 0; i < dealTotal; i++) {
    const id = i + 1;
    const kind = DEAL_KINDS[dr.weighted(kindWeights)];
    const a =
      kind === 'ARMS_TRANSFER' || kind === 'AID'
        ? countryIdByCode.get(EXPORTERS[dr.weighted(EXPORTER_WEIGHTS)])!
        : dr.weighted(COUNTRY_WEIGHTS) + 1;
    let b = dr.weighted(COUNTRY_WEIGHTS) + 1;
    while (b === a) b = dr.int(1, COUNTRIES.length);
    const [roleA, roleB] =
      kind === 'ARMS_TRANSFER' ? ['SUPPLIER', 'RECIPIENT'] : kind === 'AID' ? ['DONOR', 'RECIPIENT'] : ['PARTNER', 'PARTNER'];
    dealParties.push({ deal_id: id, country_id: a, role: roleA }, { deal_id: id, country_id: b, role: roleB });
    const nameA = COUNTRIES[a - 1][1];
    const nameB = COUNTRIES[b - 1][1];
    let what = '';
    if (kind === 'ARMS_TRANSFER') {
      const own = equipmentByOrigin.get(a) ?? [];
      const items = new Set<number>();
      for (let k = dr.int(1, 3); k > 0; k--) items.add(own.length && dr.chance(0.8) ? dr.pick(own) : dr.weighted(EQUIPMENT_WEIGHTS) + 1);
      for (const e of items) dealEquipment.push({ deal_id: id, equipment_id: e });
      const first = equipment[[...items][0] - 1];
      what = `${first.name} ${KIND_NOUNS[first.kind as keyof typeof KIND_NOUNS][0]}s`;
    }
    const announced = CORPUS_START + ((i + dr.next()) / dealTotal) * SPAN;
    const title =
      kind === 'ARMS_TRANSFER'
        ? `${nameA} ${what} for ${nameB}`
        : kind === 'AID'
          ? `${nameA} aid to ${nameB}`
          : kind === 'STRATEGIC_PARTNERSHIP'
            ? `${nameA}–${nameB} strategic partnership`
            : kind === 'DEFENCE_COOPERATION'
              ? `${nameA}–${nameB} defence cooperation`
              : `${nameA}–${nameB} agreement`;
    const hasValue = dr.chance(0.6);
    deals.push({
      id,
      slug: `${slugify(title)}-${id}`,
      title,
      kind,
      status: dr.chance(0.1) ? null : dr.pick(DEAL_STATUSES),
      announced_on: dr.chance(0.2) ? isoDate(announced).slice(0, 7) : isoDate(announced),
      value_amount: hasValue ? Math.round(Math.exp(dr.int(1400, 2300) / 100)) : null,
      value_currency: hasValue ? dr.pick(['USD', 'USD', 'EUR']) : null,
      value_approximate: hasValue && dr.chance(0.3) ? 1 : 0,
      summary: dr.chance(0.8) ? `${capitalize(title)}, as announced in ${isoDate(announced).slice(0, 7)}.` : null,
    });
  }

  return { sections, authors, countries, equipment, equipmentOperators, deals, dealParties, dealEquipment };
}

/** Pre-computed lookups for article generation. */
function articleContext(ref: Reference) {
  const partiesByDeal = new Map<number, number[]>();
  for (const p of ref.dealParties) {
    const list = partiesByDeal.get(p.deal_id as number) ?? [];
    list.push(p.country_id as number);
    partiesByDeal.set(p.deal_id as number, list);
  }
  const equipmentByDeal = new Map<number, number[]>();
  for (const e of ref.dealEquipment) {
    const list = equipmentByDeal.get(e.deal_id as number) ?? [];
    list.push(e.equipment_id as number);
    equipmentByDeal.set(e.deal_id as number, list);
  }
  return { partiesByDeal, equipmentByDeal, authorWeights: zipfWeights(ref.authors.length, 0.9) };
}

/** A sentence of 8 to 25 drawn words; `count` receives how many were drawn. */
function sentence(rng: Rng, names: string[], count?: { words: number }): string {
  const k0 = rng.int(8, 25);
  if (count) count.words += k0;
  let text = '';
  for (let k = k0; k > 0; k--) {
    const u = rng.nextU32();
    // One draw decides both: 5 % of words name a linked entity, the rest come from the Zipf table.
    const word = names.length && u % 20 === 0 ? names[(u >>> 8) % names.length] : WORDS[WORD_TABLE[u >>> 16]];
    text = text ? `${text} ${word}` : capitalize(word);
  }
  return `${text}.`;
}

function body(rng: Rng, target: number, names: string[]): Block[] {
  const blocks: Block[] = [];
  let words = 0;
  let paragraphs = 0;
  while (words < target) {
    if (paragraphs > 0 && paragraphs % 5 === 0) {
      const heading = capitalize([rng.pick(names.length ? names : WORDS), drawWord(rng), rng.pick(HEADLINE_NOUNS)].join(' '));
      blocks.push({ type: 'subheading', text: heading });
      words += 3;
    }
    const sentences: string[] = [];
    const paragraphTarget = Math.min(rng.int(40, 120), Math.max(8, target - words));
    // Drawn words, not countWords (too slow per sentence); word_count is counted exactly afterwards.
    const drawn = { words: 0 };
    while (drawn.words < paragraphTarget) sentences.push(sentence(rng, names, drawn));
    blocks.push({ type: 'paragraph', text: sentences.join(' ') });
    words += drawn.words;
    paragraphs++;
  }
  return blocks;
}

/** Articles `from` (0-based) up to `to` (exclusive), with their junction rows. */
export function articleRange(opts: CorpusOptions, ref: Reference, from: number, to: number, ctx = articleContext(ref)): ArticleChunk {
  const n = opts.articles;
  const dealTotal = ref.deals.length;
  const out: ArticleChunk = { articles: [], articleAuthors: [], articleCountries: [], articleDeals: [], articleEquipment: [] };
  for (let i = from; i < Math.min(to, n); i++) {
    const id = i + 1;
    const rng = new Rng(opts.seed, STREAM.article + i);
    let publishedAt = Math.floor(CORPUS_START + ((i + rng.next()) / n) * SPAN);
    if (rng.chance(0.03)) publishedAt = CORPUS_START + Math.floor(rng.next() * (publishedAt - CORPUS_START)); // backfilled archive story

    // Deals announced around the story's date.
    const dealIds = new Set<number>();
    const dealsWanted = rng.weighted(Float64Array.from([0.4, 0.8, 0.95, 1]));
    const centre = Math.floor(((publishedAt - CORPUS_START) / SPAN) * dealTotal);
    const window = Math.max(5, Math.round(dealTotal * 0.01));
    for (let k = 0; k < dealsWanted; k++) dealIds.add(Math.min(dealTotal, Math.max(1, centre + rng.int(-window, window))));

    const countryIds = new Set<number>();
    const equipmentIds = new Set<number>();
    for (const d of dealIds) {
      for (const c of ctx.partiesByDeal.get(d) ?? []) countryIds.add(c);
      for (const e of ctx.equipmentByDeal.get(d) ?? []) equipmentIds.add(e);
    }
    for (const c of rng.weightedDistinct(COUNTRY_WEIGHTS, rng.int(countryIds.size ? 0 : 1, 3))) countryIds.add(c + 1);
    for (const e of rng.weightedDistinct(EQUIPMENT_WEIGHTS, rng.weighted(Float64Array.from([0.5, 0.8, 0.95, 1])))) equipmentIds.add(e + 1);
    const authorIds = rng.weightedDistinct(ctx.authorWeights, rng.weighted(Float64Array.from([0.8, 0.95, 1])) + 1).map((a) => a + 1);

    const countryNames = [...countryIds].map((c) => ref.countries[c - 1].name as string);
    const equipmentRows = [...equipmentIds].map((e) => ref.equipment[e - 1]);
    const names = [...countryNames, ...equipmentRows.map((e) => e.name as string)];
    const lead = countryNames[0];
    const other = countryNames[1] ?? rng.pick(COUNTRIES)[1];
    const kit = equipmentRows[0];
    const kitNoun = kit ? KIND_NOUNS[kit.kind as keyof typeof KIND_NOUNS][0] : rng.pick(HEADLINE_NOUNS);
    const title = capitalize(
      rng.pick([
        `${lead} ${rng.pick(VERBS)} ${rng.pick(HEADLINE_NOUNS)} with ${other}`,
        `${lead} ${rng.pick(VERBS)} ${kit ? `${kit.name} ${kitNoun}` : rng.pick(HEADLINE_NOUNS)} ${rng.pick(['order', 'plan', 'talks', 'deal'])}`,
        `Why ${lead}'s ${rng.pick(HEADLINE_NOUNS)} with ${other} matters`,
        `${other} and ${lead}: ${drawWord(rng)} ${rng.pick(HEADLINE_NOUNS)} ${rng.pick(['deepens', 'stalls', 'shifts'])}`,
      ]),
    );
    const blocks = body(rng, rng.int(300, 1450), names);
    let text = blocksToText(blocks);
    // Multi-word names count more words than were drawn: drop trailing blocks past 1,500.
    while (countWords(text) > 1500) {
      blocks.pop();
      text = blocksToText(blocks);
    }
    const hasImage = rng.chance(0.7);
    out.articles.push({
      id,
      slug: `${slugify(title).slice(0, 80)}-${id}`,
      title,
      dek: rng.chance(0.9) ? sentence(rng, names) : null,
      body: text,
      body_html: blocksToHtml(blocks),
      word_count: countWords(text),
      status: rng.chance(0.01) ? 'draft' : 'published',
      published_at: publishedAt,
      updated_at: rng.chance(0.3) ? publishedAt + rng.int(1, 72) * 3_600_000 : publishedAt,
      section_id: rng.weighted(SECTION_WEIGHTS) + 1,
      image_url: hasImage ? `https://images.example.com/corpus/${id}.jpg` : null,
      image_caption: hasImage && rng.chance(0.8) ? sentence(rng, names) : null,
      image_credit: hasImage ? rng.pick(CREDITS) : null,
      source_attribution: rng.chance(0.6) ? rng.pick(SOURCES) : null,
    });
    authorIds.forEach((authorId, position) => out.articleAuthors.push({ article_id: id, author_id: authorId, position }));
    for (const c of countryIds) out.articleCountries.push({ article_id: id, country_id: c });
    for (const d of dealIds) out.articleDeals.push({ article_id: id, deal_id: d });
    for (const e of equipmentIds) out.articleEquipment.push({ article_id: id, equipment_id: e });
  }
  return out;
}

/** All articles in chunks of `size`. */
export function* articleChunks(opts: CorpusOptions, ref: Reference, size = 500): Generator<ArticleChunk> {
  const ctx = articleContext(ref);
  for (let from = 0; from < opts.articles; from += size) yield articleRange(opts, ref, from, from + size, ctx);
}

export { DAY };
