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
import { findDateline, parseDateline, zoneForLocale } from './dates';
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

/**
 * Every JSON-LD object of the page, `@graph`s and arrays flattened, and the
 * story a `WebPage` names as its `mainEntity` (not the items of a list: an
 * index page's `ItemList` holds other stories).
 */
function jsonLd(document: Document): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Json);
      for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage']) if (key in (v as Json) && typeof (v as Json)[key] === 'object') visit((v as Json)[key]);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      // Pages wrap scripts in CDATA sections or HTML comments for old parsers: `//<![CDATA[ {...} //]]>`.
      const source = (script.textContent ?? '').replace(/^\s*(?:\/\/\s*)?(?:<!\[CDATA\[|<!--)/, '').replace(/(?:\/\/\s*)?(?:\]\]>|-->)\s*$/, '');
      visit(JSON.parse(source));
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

/**
 * ISO instant of a machine-readable date; `null` when it does not read. One
 * without a zone is read in `zone`, the page's own (see `zoneForLocale`).
 */
function instant(v: string | null, zone = 'UTC'): string | null {
  if (!v) return null;
  const fixed = v
    .trim()
    // "2018-10-29T10:15-500": an offset some pages write with three digits.
    .replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d)(\d{2})$/, '$1$20$3:$4')
    // "20190806103251", "20190806": compact forms some publishers' meta tags use.
    .replace(/^((?:19|20)\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/, (_, y, mo, d, h, mi, sec) => `${y}-${mo}-${d}${h ? ` ${h}:${mi}:${sec}` : ''}`);
  return parseDateline(fixed, zone)?.iso ?? null;
}
/** A declared date that gives the time of day, not only the day. */
const hasTime = (v: string | null) => !!v && (/\d{1,2}:\d{2}/.test(v) || /^\d{14}$/.test(v.trim()));

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
  'published_time', 'published_at', 'dc.date.issued', 'dcterms.issued', 'dcterms.created', 'dc.date', 'date', 'parsely-pub-date', 'sailthru.date', 'article_date_original',
  'ptime', 'pdate',
];
const MODIFIED_META = ['article:modified_time', 'og:article:modified_time', 'datemodified', 'modified-date', 'dcterms.modified', 'last-modified'];
/** Where pages declare the byline's names: Open Graph, the NYT-style `byl`, analytics tags, Dublin Core, plain `author` last (often the publisher). */
const AUTHOR_META = ['article:author', 'og:article:author', 'byl', 'byline', 'article_author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'author'];

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
    // Blocks glued by a copy: "Joe DavidsonWashington Post…" is the name, then the outlet ("McDonald" is no glue).
    .replace(/(\p{Lu}\p{Ll}{3,})\p{Lu}.*$/u, '$1')
    .replace(/\s*\|.*$/, '')
    // Co-authors in parentheses: "Jane Doe (avec John Roe et Ann Poe)", "Jane Doe (with John Roe)".
    .replace(/\s*\((?:avec|with|mit|con|com|met|and|et|und|y|e)\s+([^()]+)\)/i, ', $1')
    // A role after the name: "Howard Blume Staff Writer", "Sam Stein Senior Politics Editor, The Daily".
    .replace(/,?\s+(?:(?:senior|staff|chief|special|contributing|deputy|associate|executive|managing|political|politics|foreign|national|business|sports?|science|tech|opinion)\s+)*(?:writer|reporter|correspondent|editor|columnist)\b.*$/i, '')
    .trim();
  if (!cleaned || /^https?:|^@|www\.|@\w+\.\w/.test(cleaned)) return [];
  const parts = cleaned
    .split(/\s*[,;]\s*(?:and\s+)?|\s+(?:and|&|et|und|y|e)\s+/i)
    .map((n) => n.trim())
    .filter((n) => n && !outlets.some((o) => sameName(o, n)));
  // A name may carry a part in parentheses: "Bruno (Henrique Zecchin) Rodrigues".
  const name = /^(?:\(?\p{Lu}[\p{L}'’.-]*\)?|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)(?: (?:\(?\p{Lu}[\p{L}'’.-]*\)?|van|von|de|der|den|da|del|della|di|du|la|le|al|bin|ibn|dos|das)){0,4}$/u;
  // A trailing credit that is not a person ("CNN", "TIME", "Staff Writer") goes; the names stay.
  // Names in scripts without capitals: "肖春芳", "山田 太郎", "김민수".
  const cjkName = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{1,5}(?:[ \u3000·・][\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{1,5})?$/u;
  if (parts.length && parts.every((p) => cjkName.test(p) && [...p.replace(/[ \u3000·・]/g, '')].length >= 2)) return parts;
  const people = parts.filter((p, k) => !(k > 0 && (/^\p{Lu}{2,}$/u.test(p) || /\b(?:writer|reporter|correspondent|editor|staff|news|press|agency)\b/i.test(p))));
  return people.length && people.every((p) => name.test(p) && /\p{Ll}/u.test(p) ? true : /^\p{Lu}[\p{Lu}'’.-]*(?: \p{Lu}[\p{Lu}'’.-]*){1,3}$/u.test(p))
    ? people.map((p) => (/\p{Ll}/u.test(p) ? p : p.toLowerCase().replace(/(^|[\s'’.-])\p{Ll}/gu, (c) => c.toUpperCase())))
    : [];
}

/** The language and region a page declares: the first with a region (`en-US`) of `<html lang>`, `og:locale`, meta tags, JSON-LD. */
function pageLocale(document: Document, meta: (key: string) => string | null, ld: Json | null): string | null {
  const declared = [
    document.documentElement?.getAttribute('lang'),
    meta('og:locale'),
    meta('language'),
    meta('content-language'),
    document.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content'),
    str(ld?.inLanguage),
    meta('inlanguage'),
  ];
  const tokens = declared.flatMap((v) => (v ?? '').match(/(?<![\p{L}])[a-z]{2,3}(?:[-_][a-z]{2})?(?![\p{L}])/giu) ?? []);
  return tokens.find((t) => /[-_]/.test(t)) ?? tokens[0] ?? null;
}

/**
 * Inside a footer, a menu, a related-stories box or a hidden element (and,
 * with `asides`, any <aside>); up to <body>, whose classes describe the whole
 * page ("blog-recirc-group"), not this element.
 */
function offStory(el: Element, asides: boolean): boolean {
  for (let e: Element | null = el; e && !/^(?:BODY|HTML)$/i.test(e.tagName); e = e.parentElement) {
    if (/^(?:FOOTER|NAV)$/i.test(e.tagName) || (asides && /^ASIDE$/i.test(e.tagName)) || e.hasAttribute('hidden')) return true;
    if (/related|recirc|promo/i.test(e.getAttribute('class') ?? '')) return true;
  }
  return false;
}

/** Tags whose text is not the story's: menus, footers, asides, related-story boxes, controls. */
const OFF_STORY = /^(?:SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|BUTTON|SELECT|NAV|FOOTER|ASIDE|IFRAME|FORM)$/i;
const OFF_STORY_CLASS = /related|recirc|promo|newsletter|trending|most-?popular/i;

/** The page's visible text, a line per block, without menus, footers, asides and related-story boxes. */
function pageLines(document: Document): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (OFF_STORY.test(el.tagName) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || (!/^BODY$/i.test(el.tagName) && OFF_STORY_CLASS.test(el.getAttribute('class') ?? ''))) return;
    // Spans and <time> end a line too: a stamp's zone must not glue to the "Share" button beside it ("11:05 ISTShare").
    const block = !/^(?:A|EM|STRONG|B|I|U|SMALL|ABBR|CITE|LABEL|SUP|SUB|MARK|FONT)$/i.test(el.tagName);
    // A heading is one line, whatever spans it is made of.
    if (/^H[1-6]$/i.test(el.tagName)) {
      out.push('\n', (el.textContent ?? '').replace(/\s+/g, ' '), '\n');
      return;
    }
    if (block) out.push('\n');
    for (const child of el.childNodes) walk(child);
    if (block) out.push('\n');
  };
  if (document.body) walk(document.body);
  return out.join('').split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * The dateline a page prints by its headline (within the 30 lines after it,
 * or the 8 before): a short line that is a date, or a date with a little
 * around it ("By Jane Doe | June 18, 2024", "Published 3:15 PM ET, Tue June 18,
 * 2024"); not a caption or a sentence that mentions a date.
 */
function printedDateline(document: Document, title: string, zone: string): { line: string; iso: string; timed: boolean } | null {
  if (!title) return null;
  const lines = pageLines(document);
  const key = title.replace(/\s+/g, ' ').trim();
  const at = lines.findIndex((l) => l === key);
  if (at < 0) return null;
  const found: { line: string; iso: string; timed: boolean }[] = [];
  for (const line of [...lines.slice(at + 1, at + 31), ...lines.slice(Math.max(0, at - 8), at).reverse()]) {
    if (line.length > 160) continue;
    const d = findDateline(line, zone);
    if (!d || line.length - (d.end - d.start) > 60) continue;
    const written = line.slice(d.start, d.end);
    // The line as the text parser reads it best: the date alone, behind its label.
    const label = /\bupdated\b/i.test(line.slice(0, d.start)) ? 'Updated' : 'Published';
    found.push({ line: `${label}: ${written}`, iso: d.iso, timed: /\d{1,2}[:.]\d{2}/.test(written.replace(/^\d{4}-\d{2}-\d{2}/, '')) });
  }
  // The first; a day without the time gives way to a line of the same day with it ("This story is from Oct 9, 2019" /
  // "Updated: Oct 9, 2019, 11:05 IST").
  const first = found[0];
  if (!first || first.timed) return first ?? null;
  return found.find((f) => f.timed && Math.abs(Date.parse(f.iso) - Date.parse(first.iso)) < 86_400_000) ?? first;
}

/**
 * Names of a "By" line printed by the headline (within the 15 lines after it,
 * or the 5 before), "By" and the names in blocks of their own or not.
 */
function printedByline(document: Document, title: string, outlets: string[]): string[] {
  if (!title) return [];
  const lines = pageLines(document);
  const at = lines.findIndex((l) => l === title.replace(/\s+/g, ' ').trim());
  if (at < 0) return [];
  const window = [...lines.slice(at + 1, at + 16).map((_, k) => at + 1 + k), ...lines.slice(Math.max(0, at - 5), at).map((_, k) => Math.max(0, at - 5) + k)];
  for (const k of window) {
    let line = lines[k];
    if (/^(?:by|par|von|por):?$/i.test(line) && lines[k + 1]) line = /^(?:by|par|von|por)\s/i.test(lines[k + 1]) ? lines[k + 1] : `By ${lines[k + 1]}`;
    if (!/^(?:by|par|von|por)\s/i.test(line) || line.length > 100) continue;
    const found = bylineNames(line, outlets);
    if (found.length) return found.slice(0, 4);
  }
  return [];
}

/**
 * Names of the page's byline element ("By <span>Jane Doe</span>" in an
 * element classed as the byline), when the names themselves are not marked up;
 * only a line that says "By", so an author's biography is not read as one.
 */
function bylineElementNames(document: Document, outlets: string[]): string[] {
  for (const el of document.querySelectorAll('[class*="byline" i], [class*="author" i]')) {
    if (offStory(el, true) || el.querySelector('p, h1, h2, h3')) continue;
    // "By" printed twice, by the page and in the names' own text, reads "Byby A, B and C".
    let whole = (el.textContent ?? '').replace(/\s+/g, ' ').trim().replace(/^by\s*(?=by\s)/i, '');
    // The date printed after the names in the same element: "By A and B December 16, 2016, 4:19 PM".
    const dated = findDateline(whole);
    if (dated && dated.start > 0) whole = whole.slice(0, dated.start).replace(/[\s|·•,–—-]+$/, '');
    if (whole.length > 200) continue;
    // The element's text as one byline ("By A, B and C"), the names in links or not; else line by line.
    if (/^(?:by|par|von|por)\s/i.test(whole) && whole.length <= 100 && bylineNames(whole, outlets).length) return bylineNames(whole, outlets).slice(0, 4);
    const lines = visibleLines(el);
    for (let k = 0; k < lines.length; k++) {
      let line = lines[k];
      if (/^(?:by|par|von|por):?$/i.test(line) && lines[k + 1]) line = /^(?:by|par|von|por)\s/i.test(lines[k + 1]) ? lines[k + 1] : `By ${lines[k + 1]}`;
      if (!/^(?:by|par|von|por)\s/i.test(line) || line.length > 100) continue;
      const found = bylineNames(line, outlets);
      if (found.length) return found.slice(0, 4);
    }
  }
  return [];
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
    // Up to <body>, whose classes describe the whole page ("header-large-logo-nav"), not this heading.
    for (let el: Element | null = h; el && !/^(?:BODY|HTML)$/i.test(el.tagName); el = el.parentElement) {
      const classes = (el.getAttribute('class') ?? '').split(/\s+/);
      if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || classes.some((c) => /visually-?hidden|sr-only|screen-reader|offscreen|^(?:.*[-_])?logo(?:[-_].*)?$/i.test(c))) return null;
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
  const MARKED =
    '[itemprop~="author"], [rel~="author"], [class*="byline__name"], [class*="author-name"], [class*="byline-author"], [class*="author_name"], [class*="authorName"], [class*="author"][class*="__name"]';
  // Outside asides first; a page that keeps its byline in an <aside> column beside the story (not a related-stories
  // box) is read there. `<link rel=author>` in the head is no byline.
  const markable = [...document.querySelectorAll(MARKED)].filter((el) => !/^(?:LINK|META)$/i.test(el.tagName) && !offStory(el, false) && !el.querySelector(MARKED));
  const outsideAsides = markable.filter((el) => !offStory(el, true));
  const marks = outsideAsides.length ? outsideAsides : markable;
  let bylineBox: Element | null = marks[0] ?? null;
  while (bylineBox?.parentElement && (bylineBox.parentElement.textContent ?? '').replace(/\s+/g, ' ').length <= 300) bylineBox = bylineBox.parentElement;
  const marked: string[] = [];
  for (const el of marks) {
    if (bylineBox && !bylineBox.contains(el)) continue;
    // Co-authors credited in parentheses after the marked name: "<span itemprop=author>A</span> (avec B et C)".
    const after = /^\s*\(((?:avec|with|mit|con|com|met)\s+[^()]+)\)/i.exec(el.nextSibling?.nodeType === 3 ? (el.nextSibling.textContent ?? '') : '');
    if (after) {
      for (const n of bylineNames(`${(el.textContent ?? '').trim()} (${after[1]})`, outlets)) if (!marked.includes(n)) marked.push(n);
      continue;
    }
    const name = el.querySelector('[itemprop="name"]');
    // Read line by line: "Howard Blume" and "Staff Writer" in two blocks must not glue into one name.
    const lines = str(name?.getAttribute('content')) ? [name!.getAttribute('content')!] : visibleLines(name ?? el);
    const text = lines.join(' ');
    const found = text.length <= 80 ? bylineNames(text, outlets) : [];
    for (const n of found.length ? found : lines.slice(0, 3).flatMap((l) => (l.length <= 80 ? bylineNames(l, outlets) : []))) if (!marked.includes(n)) marked.push(n);
  }
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
  // Readability's byline is the text of the byline's element, whose pieces may be on lines of their own or behind
  // bullets: "By Jane Doe\n June 18, 2024", "Jane Doe · CBC News · Posted: Oct 14, 2022 9:27 AM ET". Names are read
  // from the pieces before the date; a "byline" that is only the date line ("Published: Dec. 22, 2016") gives none.
  const bylineParts = (byline ?? '').split(/\s*\n\s*|\s+[|·•/]\s+|\s{2,}/).map((p) => p.trim()).filter(Boolean);
  const datedPart = bylineParts.findIndex((p) => /^(?:published|posted|updated|last updated)\b/i.test(p) || findDateline(p) !== null);
  const bylineNamesRead = bylineParts.slice(0, datedPart < 0 ? undefined : datedPart).map((p) => bylineNames(p, outlets)).find((n) => n.length) ?? [];
  const bylineIsDate = !!byline && !bylineNamesRead.length && datedPart >= 0;

  const metaAuthors = (key: string) => (metas.get(key) ?? []).flatMap((v) => bylineNames(v, outlets));
  take('authors', [
    ['JSON-LD author', ld ? names(ld.author).flatMap((n) => bylineNames(n, outlets)) : null],
    ...AUTHOR_META.map((key): [string, string[]] => [`meta ${key}`, [...new Set(metaAuthors(key))]]),
    ['marked-up byline', marked.slice(0, 4)],
    ['byline element', bylineElementNames(document, outlets)],
    ['byline printed by the headline', printedByline(document, declared.title ?? h1 ?? '', outlets)],
    ['Readability byline', bylineNamesRead],
  ]);
  // No person named, but the page credits the outlet itself ("BBC News", a magazine's name): an institutional byline.
  if (!declared.authors) {
    const credited = [...(ld ? names(ld.author) : []), ...AUTHOR_META.flatMap((key) => metas.get(key) ?? []), ...bylineParts.map((p) => p.replace(/^by\s+/i, ''))];
    const institution = credited.map((c) => c.trim()).find((c) => outlets.some((o) => sameName(o, c)));
    if (institution) take('authors', [['the outlet, credited as author', [institution]]]);
  }
  // The page's zone, for times it writes without one.
  const zone = zoneForLocale(pageLocale(document, meta, ld));
  if (zone) {
    declared.defaultZone = zone;
    from.defaultZone = 'the page\'s locale';
  }
  const timeEl = document.querySelector('time[itemprop="datePublished"][datetime]') ?? document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  const itemprop = document.querySelector('[itemprop="datePublished"][content], [itemprop="datePublished"][datetime]');
  const published: [string, string | null][] = [
    ['JSON-LD datePublished', str(ld?.datePublished)],
    ...PUBLISHED_META.map((key): [string, string | null] => [`meta ${key}`, meta(key)]),
    ['itemprop datePublished', str(itemprop?.getAttribute('content') ?? itemprop?.getAttribute('datetime'))],
    ['<time datetime>', str(timeEl?.getAttribute('datetime'))],
  ];
  // The first declared date; a declaration of the day alone gives way to another of the same day that has the time:
  // declared, or printed by the headline.
  const readable = published.map(([source, raw]): [string, string | null, boolean] => [source, instant(raw, zone ?? 'UTC'), hasTime(raw)]).filter(([, iso]) => iso);
  const first = readable[0];
  const sameDay = (iso: string) => first && Date.parse(iso) - Date.parse(first[1]!) >= 0 && Date.parse(iso) - Date.parse(first[1]!) < 86_400_000;
  let timed = first && !first[2] ? readable.find(([, iso, t]) => t && iso!.slice(0, 10) === first[1]!.slice(0, 10)) : undefined;
  const title = declared.title ?? h1 ?? '';
  const printed = printedDateline(document, title, zone ?? 'UTC');
  if (first && !first[2] && !timed && printed?.timed && sameDay(printed.iso)) timed = ['dateline printed by the headline', printed.iso, true];
  take('publishedAt', (timed ? [timed] : first ? [first] : []).map(([source, iso]): [string, string | null] => [source, iso]));
  take('updatedAt', [['JSON-LD dateModified', instant(str(ld?.dateModified), zone ?? 'UTC')], ...MODIFIED_META.map((key): [string, string | null] => [`meta ${key}`, instant(meta(key), zone ?? 'UTC')])]);
  take('section', [['JSON-LD articleSection', str(firstOf(ld?.articleSection))], ['article:section', meta('article:section')]]);
  take('dek', [['JSON-LD description', str(ld?.description)], ['og:description', meta('og:description')]]);
  const image = firstOf(ld?.image);
  take('imageUrl', [['JSON-LD image', str(image) ?? str((image as Json)?.url)], ['og:image', meta('og:image')]]);
  const canonical = str(document.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  // The page's own canonical address beats the one it was fetched from (which may carry tracking parameters).
  const sourceUrl = [meta('og:url'), canonical, url].find((u) => u && /^https?:\/\//.test(u)) ?? null;
  // The day an address carries (/2015/03/18/): the last resort for a page that prints and declares no date.
  const urlDay = [url, meta('og:url'), canonical].map(dateFromUrl).find((d) => d);
  // Or the day the <title> prints beside the headline: "Headline - 07.12.2017 - Site".
  const titleDay = docTitle ? titleParts(docTitle).slice(1).find((p) => /\d{4}/.test(p) && parseDateline(p, zone ?? 'UTC') !== null) : undefined;
  if (urlDay) {
    declared.urlDate = instant(urlDay, zone ?? 'UTC');
    from.urlDate = 'the page\'s address';
  } else if (titleDay) {
    declared.urlDate = parseDateline(titleDay, zone ?? 'UTC')!.iso;
    from.urlDate = 'the page\'s <title>';
  }

  const container = bodyHtml ? parseHTML(`<!doctype html><html><body>${bodyHtml}</body></html>`).document.body : (document.querySelector('article') ?? document.body);
  const blocks: string[] = [];
  for (const el of container?.querySelectorAll('p, h2, h3, h4, li, blockquote, figcaption') ?? []) {
    if (el.querySelector('p, li, blockquote')) continue; // its inner blocks are read instead
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
  }
  const head = bylineNamesRead.length && !blocks.some((b) => b.includes(byline!)) ? [`By ${bylineNamesRead.join(', ')}`, ''] : [];
  const bylineDate = datedPart >= 0 ? bylineParts[datedPart] : null;
  // A page that declares no date in its head usually prints one by the headline ("Updated: Oct 9, 2019, 11:05 IST"),
  // outside what Readability keeps: that line goes to the text; failing that, the first dated line of the page's
  // dateline or byline elements.
  if (!declared.publishedAt && printed) head.push(printed.line, '');
  else if (!declared.publishedAt && bylineDate) head.push(bylineDate, '');
  else if (!declared.publishedAt) {
    // Outside asides first, then in an <aside> column of metadata beside the story (not a related box).
    const stamps = [...document.querySelectorAll('time, [class*="date"], [class*="Date"], [class*="byline"], [class*="timestamp"], [class*="dateline"], [class*="publish"]')].filter((el) => !el.querySelector('p, h1, h2'));
    for (const el of [...stamps.filter((e) => !offStory(e, true)), ...stamps.filter((e) => offStory(e, true) && !offStory(e, false))]) {
      const line = visibleLines(el).find((l) => l.length <= 160 && findDateline(l) !== null);
      if (line) {
        head.push(line, '');
        break;
      }
    }
  }
  const text = [title || h1 || '', '', ...head, ...blocks.filter((b) => b !== title).flatMap((b) => [b, ''])].join('\n');
  return { text, declared, sourceUrl, sourceName, from };
}
