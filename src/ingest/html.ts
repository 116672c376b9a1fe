/**
 * HTML pages to the text ingestion reads: the story's body through Mozilla's
 * Readability (the extractor of Firefox's Reader View) over linkedom's DOM,
 * and what the page declares about itself: schema.org JSON-LD (`NewsArticle`
 * and kin), OpenGraph and `article:*` meta tags, `<time datetime>`. The body
 * then goes through the same cleaning and linking as pasted text.
 *
 *   const page = readHtml(html, 'https://example.com/story');
 *   prepareArticle(page.text, catalog, { declared: page.declared, sourceUrl: page.sourceUrl, sourceName: page.sourceName });
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { findDateline, parseDateline } from './dates';
import type { PrepareOptions } from './input';

export interface HtmlPage {
  /** The story as text: headline, then paragraphs separated by blank lines. */
  text: string;
  declared: NonNullable<PrepareOptions['declared']>;
  sourceUrl: string | null;
  sourceName: string | null;
  /** Where each declared field came from, for the report. */
  from: Record<string, string>;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|BlogPosting|LiveBlogPosting)$/;

type Json = Record<string, unknown>;

/** Every JSON-LD object of the page, `@graph`s and arrays flattened. */
function jsonLd(document: Document): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Json);
      if ('@graph' in (v as Json)) visit((v as Json)['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken JSON-LD is ignored, not fatal: the meta tags and the text remain.
    }
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const names = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v == null ? [] : [v])
    .map((a) => (typeof a === 'string' ? a : str((a as Json)?.name)))
    .filter((n): n is string => !!n && !/^https?:/.test(n));
const firstOf = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** ISO instant of a machine-readable date; `null` when it does not read. */
function instant(v: string | null): string | null {
  if (!v) return null;
  // "2018-10-29T10:15-500": an offset some pages write with three digits.
  const fixed = v.trim().replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d)(\d{2})$/, '$1$20$3:$4');
  return parseDateline(fixed)?.iso ?? null;
}
/** A declared date that gives the time of day, not only the day. */
const hasTime = (v: string | null) => !!v && /\d{1,2}:\d{2}/.test(v);

/** An element's text as lines, one per block or line break inside it. */
function visibleLines(el: Element): string[] {
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
  return out.join('').split(/\n|\s[|·•]\s/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Meta tags by lower-cased key (`property`, `name` or `itemprop`), values in page order. */
function metaTags(document: Document): Map<string, string[]> {
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
const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'publish-date', 'publishdate', 'pubdate', 'og:pubdate', 'article.published',
  'published_time', 'dc.date.issued', 'dcterms.issued', 'dcterms.created', 'dc.date', 'date', 'parsely-pub-date', 'sailthru.date', 'article_date_original',
];
const MODIFIED_META = ['article:modified_time', 'og:article:modified_time', 'datemodified', 'modified-date', 'dcterms.modified', 'last-modified'];
/** Where pages declare the byline's names: Open Graph, the NYT-style `byl`, analytics tags, Dublin Core, plain `author` last (often the publisher). */
const AUTHOR_META = ['article:author', 'og:article:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'author'];

const words = (s: string) => new Set((s.toLowerCase().match(/\p{L}{4,}/gu) ?? []).map((w) => w.replace(/s$/, '')));
/** Two headlines of the same story share a word (or, in scripts without spaces, a run of three characters). */
function overlaps(a: string, b: string): boolean {
  const wa = words(a);
  if ([...words(b)].some((w) => wa.has(w))) return true;
  const cjk = (s: string) => s.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, '');
  const [ca, cb] = [cjk(a), cjk(b)];
  for (let k = 0; k + 3 <= ca.length; k++) if (cb.includes(ca.slice(k, k + 3))) return true;
  return false;
}
/** The parts of a `<title>` around its separators ("Headline | Section - Site"). */
const titleParts = (t: string) => t.split(/\s+[|–—-]\s+|\s*[|｜：_]\s*|\s+::\s+/).map((p) => p.trim()).filter(Boolean);
const sameName = (a: string, b: string) => a.toLowerCase().replace(/^the\s+|\.(?:com|co\.uk|fr|de)$/g, '').replace(/\s+/g, '') === b.toLowerCase().replace(/^the\s+|\.(?:com|co\.uk|fr|de)$/g, '').replace(/\s+/g, '');

/**
 * Names from a byline as pages print or declare it: "By Jane Doe and John Roe",
 * "Jane Doe, John Roe", "Jane Doe | jdoe@site.com", "By Jane Doe, CNN"; `[]`
 * when it is a URL, a handle, or not shaped like names.
 */
export function bylineNames(text: string, outlets: string[] = []): string[] {
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/^\s*(?:by|par|von|por|door|di)\s+/i, '')
    .replace(/\s*\|.*$/, '')
    // A role after the name: "Howard Blume Staff Writer", "Sam Stein Senior Politics Editor, The Daily".
    .replace(/,?\s+(?:(?:senior|staff|chief|special|contributing|deputy|associate|executive|managing|political|politics|foreign|national|business|sports?|science|tech|opinion)\s+)*(?:writer|reporter|correspondent|editor|columnist)\b.*$/i, '')
    .trim();
  if (!cleaned || /^https?:|^@|www\.|@\w+\.\w/.test(cleaned)) return [];
  const parts = cleaned
    .split(/\s*[,;]\s*(?:and\s+)?|\s+(?:and|&|et|und|y|e)\s+/i)
    .map((n) => n.trim())
    .filter((n) => n && !outlets.some((o) => sameName(o, n)));
  const name = /^(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)(?: (?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)){0,4}$/u;
  // A trailing credit that is not a person ("CNN", "TIME", "Staff Writer") goes; the names stay.
  const people = parts.filter((p, k) => !(k > 0 && (/^\p{Lu}{2,}$/u.test(p) || /\b(?:writer|reporter|correspondent|editor|staff|news|press|agency)\b/i.test(p))));
  return people.length && people.every((p) => name.test(p) && /\p{Ll}/u.test(p) ? true : /^\p{Lu}[\p{Lu}'’.-]*(?: \p{Lu}[\p{Lu}'’.-]*){1,3}$/u.test(p))
    ? people.map((p) => (/\p{Ll}/u.test(p) ? p : p.toLowerCase().replace(/(^|[\s'’.-])\p{Ll}/gu, (c) => c.toUpperCase())))
    : [];
}

/** Reads a page; `url` is where it came from (a file has none unless its `og:url` says so). */
export function readHtml(html: string, url: string | null = null): HtmlPage {
  const { document } = parseHTML(html);
  const from: Record<string, string> = {};
  const metas = metaTags(document);
  const meta = (key: string): string | null => metas.get(key.toLowerCase())?.[0] ?? null;
  const ld = jsonLd(document).find((o) => [o['@type']].flat().some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) ?? null;

  const declared: HtmlPage['declared'] = {};
  const take = <K extends keyof HtmlPage['declared']>(key: K, candidates: [string, HtmlPage['declared'][K] | null | undefined][]) => {
    for (const [source, value] of candidates) {
      if (value == null || (Array.isArray(value) && !value.length)) continue;
      declared[key] = value;
      from[key] = source;
      return;
    }
  };
  const publisher = firstOf(ld?.publisher) as Json | undefined;
  const sourceName = str(publisher?.name) ?? meta('og:site_name');
  const outlets = [sourceName, str(publisher?.name), meta('og:site_name'), meta('application-name')].filter((o): o is string => !!o);
  const docTitle = str(document.querySelector('title')?.textContent?.replace(/\s+/g, ' '));
  const named = [str(ld?.headline), meta('og:title'), meta('twitter:title'), docTitle].filter((t): t is string => !!t);
  // The page's headline is the <h1> a reader sees; its siblings in the head (og:title, JSON-LD) are often a variant for
  // social media or search. A site's logo, a hidden or an unrelated <h1> (none of its words in the page's titles) is not it.
  const suffixes = docTitle ? titleParts(docTitle).slice(1) : [];
  const goodHeading = (h: Element): string | null => {
    const text = str(h.textContent?.replace(/\s+/g, ' '));
    if (!text || text.length < 4) return null;
    for (let el: Element | null = h; el; el = el.parentElement) {
      if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || /visually-?hidden|sr-only|screen-reader|offscreen|\blogo\b/i.test(el.getAttribute('class') ?? '')) return null;
      if (/^(?:NAV|FOOTER|ASIDE)$/i.test(el.tagName)) return null;
    }
    if (outlets.some((o) => sameName(o, text)) || suffixes.some((p) => sameName(p, text)) || /\blogo$/i.test(text)) return null;
    return !named.length || named.some((t) => overlaps(text, t)) ? text : null;
  };
  const headings = [...document.querySelectorAll('h1'), ...[...document.querySelectorAll('h2, h3')].filter((h) => /headline|title/i.test(h.getAttribute('class') ?? ''))];
  const h1 = headings.map(goodHeading).find((t) => t) ?? null;
  // A <title> loses the site's name it ends with ("Headline | Site").
  const bareTitle = docTitle && suffixes.length && outlets.some((o) => suffixes.some((p) => sameName(p, o))) ? titleParts(docTitle)[0] : docTitle;
  take('title', [['<h1>', h1], ['JSON-LD headline', str(ld?.headline)], ['og:title', meta('og:title')], ['<title>', bareTitle]]);

  // Bylines the page marks up: schema.org microdata, rel=author links, elements classed as the byline's names; the
  // innermost of nested ones, and only those of the first byline (not of related stories further down).
  const MARKED = '[itemprop~="author"], [rel~="author"], [class*="byline__name"], [class*="author-name"], [class*="byline-author"], [class*="author_name"], [class*="authorName"]';
  const marks = [...document.querySelectorAll(MARKED)].filter((el) => !el.closest('aside, footer, nav, [class*="related"], [class*="recirc"], [class*="promo"]') && !el.querySelector(MARKED));
  let bylineBox: Element | null = marks[0] ?? null;
  while (bylineBox?.parentElement && (bylineBox.parentElement.textContent ?? '').replace(/\s+/g, ' ').length <= 300) bylineBox = bylineBox.parentElement;
  const marked: string[] = [];
  for (const el of marks) {
    if (bylineBox && !bylineBox.contains(el)) continue;
    const name = el.querySelector('[itemprop="name"]');
    // Read line by line: "Howard Blume" and "Staff Writer" in two blocks must not glue into one name.
    const lines = str(name?.getAttribute('content')) ? [name!.getAttribute('content')!] : visibleLines(name ?? el);
    const text = lines.join(' ');
    const found = text.length <= 80 ? bylineNames(text, outlets) : [];
    for (const n of found.length ? found : lines.slice(0, 3).flatMap((l) => (l.length <= 80 ? bylineNames(l, outlets) : []))) if (!marked.includes(n)) marked.push(n);
  }
  const metaAuthors = (key: string) => (metas.get(key) ?? []).flatMap((v) => bylineNames(v, outlets));
  take('authors', [
    ['JSON-LD author', ld ? names(ld.author).flatMap((n) => bylineNames(n, outlets)) : null],
    ...AUTHOR_META.map((key): [string, string[]] => [`meta ${key}`, [...new Set(metaAuthors(key))]]),
    ['marked-up byline', marked.slice(0, 4)],
  ]);
  const timeEl = document.querySelector('time[itemprop="datePublished"][datetime]') ?? document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  const itemprop = document.querySelector('[itemprop="datePublished"][content], [itemprop="datePublished"][datetime]');
  const published: [string, string | null][] = [
    ['JSON-LD datePublished', str(ld?.datePublished)],
    ...PUBLISHED_META.map((key): [string, string | null] => [`meta ${key}`, meta(key)]),
    ['itemprop datePublished', str(itemprop?.getAttribute('content') ?? itemprop?.getAttribute('datetime'))],
    ['<time datetime>', str(timeEl?.getAttribute('datetime'))],
  ];
  // The first declared date; a declaration of the day alone gives way to another of the same day that has the time.
  const readable = published.map(([source, raw]): [string, string | null, boolean] => [source, instant(raw), hasTime(raw)]).filter(([, iso]) => iso);
  const first = readable[0];
  const timed = first && !first[2] ? readable.find(([, iso, t]) => t && iso!.slice(0, 10) === first[1]!.slice(0, 10)) : undefined;
  take('publishedAt', (timed ? [timed] : first ? [first] : []).map(([source, iso]): [string, string | null] => [source, iso]));
  take('updatedAt', [['JSON-LD dateModified', instant(str(ld?.dateModified))], ...MODIFIED_META.map((key): [string, string | null] => [`meta ${key}`, instant(meta(key))])]);
  take('section', [['JSON-LD articleSection', str(firstOf(ld?.articleSection))], ['article:section', meta('article:section')]]);
  take('dek', [['JSON-LD description', str(ld?.description)], ['og:description', meta('og:description')]]);
  const image = firstOf(ld?.image);
  take('imageUrl', [['JSON-LD image', str(image) ?? str((image as Json)?.url)], ['og:image', meta('og:image')]]);
  const canonical = str(document.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  // The page's own canonical address beats the one it was fetched from (which may carry tracking parameters).
  const sourceUrl = [meta('og:url'), canonical, url].find((u) => u && /^https?:\/\//.test(u)) ?? null;

  // Readability works on (and changes) its own copy of the document.
  let bodyHtml: string | null = null;
  let byline: string | null = null;
  try {
    const clone = parseHTML(html).document;
    const article = new Readability(clone as unknown as Document, { charThreshold: 200 }).parse();
    bodyHtml = article?.content ?? null;
    byline = str(article?.byline);
  } catch {
    bodyHtml = null;
  }
  const container = bodyHtml ? parseHTML(`<!doctype html><html><body>${bodyHtml}</body></html>`).document.body : (document.querySelector('article') ?? document.body);
  const blocks: string[] = [];
  for (const el of container?.querySelectorAll('p, h2, h3, h4, li, blockquote, figcaption') ?? []) {
    if (el.querySelector('p, li, blockquote')) continue; // its inner blocks are read instead
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
  }
  const title = declared.title ?? h1 ?? '';
  const head = byline && !blocks.some((b) => b.includes(byline)) ? [/^by\b/i.test(byline) ? byline : `By ${byline}`, ''] : [];
  // A page that declares no date in its head usually prints one by the headline ("Updated: Oct 9, 2019, 11:05 IST"),
  // outside what Readability keeps: the first such line of the page's dateline or byline elements goes to the text.
  if (!declared.publishedAt) {
    for (const el of document.querySelectorAll('time, [class*="date"], [class*="Date"], [class*="byline"], [class*="timestamp"], [class*="dateline"], [class*="publish"]')) {
      if (el.closest('aside, footer, nav, [class*="related"], [class*="recirc"], [class*="promo"], [hidden]') || el.querySelector('p, h1, h2')) continue;
      const line = visibleLines(el).find((l) => l.length <= 160 && findDateline(l) !== null);
      if (line) {
        head.push(line, '');
        break;
      }
    }
  }
  const text = [title, '', ...head, ...blocks.filter((b) => b !== title).flatMap((b) => [b, ''])].join('\n');
  return { text, declared, sourceUrl, sourceName, from };
}
