import { parseDateline } from './dates';

export const ARTICLE_TYPES =
  /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|BlogPosting|LiveBlogPosting)$/;

export type Json = Record<string, unknown>;

/**
 * Every JSON-LD object of the page, `@graph`s and arrays flattened, and the
 * story a `WebPage` names as its `mainEntity` (not the items of a list: an
 * index page's `ItemList` holds other stories).
 */
export function jsonLd(document: Document): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Json);
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage'])
        if (key in (v as Json) && typeof (v as Json)[key] === 'object') visit((v as Json)[key]);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      // Pages wrap scripts in CDATA sections or HTML comments for old parsers: `//<![CDATA[ {...} //]]>`.
      const source = (script.textContent ?? '')
        .replace(/^\s*(?:\/\/\s*)?(?:<!\[CDATA\[|<!--)/, '')
        .replace(/(?:\/\/\s*)?(?:\]\]>|-->)\s*$/, '');
      visit(JSON.parse(source));
    } catch {
      // A page's broken JSON-LD is ignored, not fatal: the meta tags and the text remain.
    }
  }
  return out;
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
export const names = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v == null ? [] : [v])
    .map((a) => (typeof a === 'string' ? a : str((a as Json)?.name)))
    .filter((n): n is string => !!n && !/^https?:/.test(n));
/** Authors given by address only: a URL for a name, or an object with a `url`/`@id` and no name. */
export const profileUrls = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v == null ? [] : [v])
    .map((a) => (typeof a === 'string' ? a : str((a as Json)?.name) ? null : (str((a as Json)?.url) ?? str((a as Json)?.['@id']))))
    .filter((u): u is string => !!u && /^https?:/.test(u));
export const firstOf = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/**
 * ISO instant of a machine-readable date; `null` when it does not read. One
 * without a zone is read in `zone`, the page's own (see `zoneForLocale`).
 */
export function instant(v: string | null, zone = 'UTC'): string | null {
  if (!v) return null;
  const fixed = v
    .trim()
    // "2018-10-29T10:15-500": an offset some pages write with three digits.
    .replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d)(\d{2})$/, '$1$20$3:$4')
    // "20190806103251", "20190806": compact forms some publishers' meta tags use.
    .replace(
      /^((?:19|20)\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/,
      (_, y, mo, d, h, mi, sec) => `${y}-${mo}-${d}${h ? ` ${h}:${mi}:${sec}` : ''}`,
    );
  return parseDateline(fixed, zone)?.iso ?? null;
}
/** A declared date that gives the time of day, not only the day. */
export const hasTime = (v: string | null) => !!v && (/\d{1,2}:\d{2}/.test(v) || /^\d{14}$/.test(v.trim()));

/**
 * The publication day an address carries: `/2015/03/18/`, `/2015-03-18/`,
 * `…-20190520/`, `?a=20170309-…`; `null` when it carries none.
 */
export function dateFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
  const m =
    /\/((?:19|20)\d{2})\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])(?=\/|$)/.exec(path) ??
    /[/_-]((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=[/._-]|$)/.exec(path) ??
    /[/=_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/._&-]|$)/.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** An element's text as lines, one per block or line break inside it. */
export function visibleLines(el: Element): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) out.push(node.textContent ?? '');
    else if (node.nodeType === 1 && !/^(?:SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|BUTTON)$/i.test((node as Element).tagName)) {
      const block = /^(?:BR|DIV|P|LI|UL|SPAN|TIME|A|H\d|SECTION|HEADER)$/i.test((node as Element).tagName);
      if (block) out.push('\n');
      for (const child of node.childNodes) walk(child);
      if (block) out.push('\n');
    }
  };
  walk(el);
  return out
    .join('')
    .split(/\n|\s[|·•]\s/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Meta tags by lower-cased key (`property`, `name` or `itemprop`), values in page order. */
export function metaTags(document: Document): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const el of document.querySelectorAll('meta')) {
    const value = str(el.getAttribute('content'));
    if (!value) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key) out.set(key, [...(out.get(key) ?? []), value]);
    }
  }
  return out;
}

/** Where pages declare their publication time, most specific first (Open Graph, schema.org microdata, Dublin Core, analytics tags). */
export const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'publish-date',
  'publishdate',
  'pubdate',
  'og:pubdate',
  'article.published',
  'published_time',
  'published_at',
  'dc.date.issued',
  'dcterms.issued',
  'dcterms.created',
  'dc.date',
  'date',
  'parsely-pub-date',
  'sailthru.date',
  'article_date_original',
  'ptime',
  'pdate',
];
export const MODIFIED_META = [
  'article:modified_time',
  'og:article:modified_time',
  'datemodified',
  'modified-date',
  'dcterms.modified',
  'last-modified',
];
/** Where pages declare the byline's names: Open Graph, the NYT-style `byl`, analytics tags, Dublin Core, plain `author` last (often the publisher). */
export const AUTHOR_META = [
  'article:author',
  'og:article:author',
  'byl',
  'byline',
  'article_author',
  'parsely-author',
  'sailthru.author',
  'dc.creator',
  'dcterms.creator',
  'author',
];

export const words = (s: string) => new Set((s.toLowerCase().match(/\p{L}{4,}/gu) ?? []).map((w) => w.replace(/s$/, '')));
/** Two headlines of the same story share a word (or, in scripts without spaces, a run of three characters). */
export function overlaps(a: string, b: string): boolean {
  const wa = words(a);
  if ([...words(b)].some((w) => wa.has(w))) return true;
  const cjk = (s: string) => s.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, '');
  const [ca, cb] = [cjk(a), cjk(b)];
  for (let k = 0; k + 3 <= ca.length; k++) if (cb.includes(ca.slice(k, k + 3))) return true;
  return false;
}
/** The parts of a `<title>` around its separators ("Headline | Section - Site"). */
export const titleParts = (t: string) =>
  t
    .split(/\s+[|–—-]\s+|\s*[|｜：_]\s*|\s+::\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
export const sameName = (a: string, b: string) =>
  a
    .toLowerCase()
    .replace(/^the\s+|\.(?:com|co\.uk|fr|de)$/g, '')
    .replace(/\s+/g, '') ===
  b
    .toLowerCase()
    .replace(/^the\s+|\.(?:com|co\.uk|fr|de)$/g, '')
    .replace(/\s+/g, '');

/**
 * Names from a byline as pages print or declare it: "By Jane Doe and John Roe",
 * "Jane Doe, John Roe", "Jane Doe | jdoe@site.com", "By Jane Doe, CNN"; `[]`
 * when it is a URL, a handle, or not shaped like names.
 */
export function bylineNames(text: string, outlets: string[] = []): string[] {
  const opener = /^\s*(by|par|von|por|door|di|av)\s+/i.exec(text)?.[1].toLowerCase();
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/^\s*(?:by|par|von|por|door|di|av)\s+/i, '')
    // Blocks glued by a copy: "Joe DavidsonWashington Post…" is the name, then the outlet ("McDonald" is no glue).
    .replace(/(\p{Lu}\p{Ll}{3,})\p{Lu}.*$/u, '$1')
    .replace(/\s*\|.*$/, '')
    // Co-authors in parentheses: "Jane Doe (avec John Roe et Ann Poe)", "Jane Doe (with John Roe)".
    .replace(/\s*\((?:avec|with|mit|con|com|met|and|et|und|y|e)\s+([^()]+)\)/i, ', $1')
    // A role after the name: "Howard Blume Staff Writer", "Sam Stein Senior Politics Editor, The Daily".
    .replace(
      /,?\s+(?:(?:senior|staff|chief|special|contributing|deputy|associate|executive|managing|political|politics|foreign|national|business|sports?|science|tech|opinion)\s+)*(?:writer|reporter|correspondent|editor|columnist)\b.*$/i,
      '',
    )
    .trim();
  if (!cleaned || /^https?:|^@|www\.|@\w+\.\w/.test(cleaned)) return [];
  // "and" in the languages of the openers: "et", "und", "y", "e", Swedish "och", Norwegian and Danish "og"; Dutch "en"
  // and Catalan or Polish "i" are also "in" in French, Spanish and Swedish ("Ana Ruiz en Madrid", "Karin Lind i Lund"):
  // those only between two names of two words or more, and not after "Par"/"Por" ("en") or "Av" ("i").
  const ambiguous = opener === 'par' || opener === 'por' ? 'i' : opener === 'av' ? 'en' : 'en|i';
  const pair = new RegExp(`^((?:\\S+ )+\\S+) (?:${ambiguous}) ((?:\\S+ )+\\S+)$`);
  const parts = cleaned
    .split(/\s*[,;]\s*(?:and\s+)?|\s+(?:and|&|et|und|y|e|och|og)\s+/i)
    .flatMap((n) => {
      const m = pair.exec(n.trim());
      return m ? [m[1], m[2]] : [n];
    })
    .map((n) => n.trim())
    .filter((n) => n && !outlets.some((o) => sameName(o, n)));
  // A name may carry a part in parentheses: "Bruno (Henrique Zecchin) Rodrigues".
  const name =
    /^(?:\(?\p{Lu}[\p{L}'’.-]*\)?|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)(?: (?:\(?\p{Lu}[\p{L}'’.-]*\)?|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)){0,4}$/u;
  // A trailing credit that is not a person ("CNN", "TIME", "Staff Writer") goes; the names stay.
  // Names in scripts without capitals: "肖春芳", "山田 太郎", "김민수".
  const cjkName =
    /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{1,5}(?:[ \u3000·・][\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{1,5})?$/u;
  if (parts.length && parts.every((p) => cjkName.test(p) && [...p.replace(/[ \u3000·・]/g, '')].length >= 2)) return parts;
  const people = parts.filter(
    (p, k) => !(k > 0 && (/^\p{Lu}{2,}$/u.test(p) || /\b(?:writer|reporter|correspondent|editor|staff|news|press|agency)\b/i.test(p))),
  );
  return people.length &&
    people.every((p) => (name.test(p) && /\p{Ll}/u.test(p) ? true : /^\p{Lu}[\p{Lu}'’.-]*(?: \p{Lu}[\p{Lu}'’.-]*){1,3}$/u.test(p)))
    ? people.map((p) => (/\p{Ll}/u.test(p) ? p : p.toLowerCase().replace(/(^|[\s'’.-])\p{Ll}/gu, (c) => c.toUpperCase())))
    : [];
}
