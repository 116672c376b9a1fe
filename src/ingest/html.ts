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
import { parseDateline } from './dates';
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
  return parseDateline(v)?.iso ?? null;
}

/** Reads a page; `url` is where it came from (a file has none unless its `og:url` says so). */
export function readHtml(html: string, url: string | null = null): HtmlPage {
  const { document } = parseHTML(html);
  const from: Record<string, string> = {};
  const meta = (key: string): string | null => {
    const el = document.querySelector(`meta[property="${key}"]`) ?? document.querySelector(`meta[name="${key}"]`);
    return str(el?.getAttribute('content'));
  };
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
  const timeEl = document.querySelector('time[itemprop="datePublished"][datetime]') ?? document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  // The page's headline element: <h1>, else a heading classed as the headline.
  const heading = document.querySelector('h1') ?? [...document.querySelectorAll('h2, h3')].find((h) => /headline|title/i.test(h.getAttribute('class') ?? '')) ?? null;
  const h1 = str(heading?.textContent?.replace(/\s+/g, ' '));
  take('title', [['JSON-LD headline', str(ld?.headline)], ['og:title', meta('og:title')], ['<h1>', h1], ['<title>', str(document.querySelector('title')?.textContent)]]);
  take('authors', [['JSON-LD author', ld ? names(ld.author) : null], ['meta author', names(meta('author') ?? meta('article:author'))]]);
  take('publishedAt', [
    ['JSON-LD datePublished', instant(str(ld?.datePublished))],
    ['article:published_time', instant(meta('article:published_time'))],
    ['<time datetime>', instant(str(timeEl?.getAttribute('datetime')))],
  ]);
  take('updatedAt', [['JSON-LD dateModified', instant(str(ld?.dateModified))], ['article:modified_time', instant(meta('article:modified_time'))]]);
  take('section', [['JSON-LD articleSection', str(firstOf(ld?.articleSection))], ['article:section', meta('article:section')]]);
  take('dek', [['JSON-LD description', str(ld?.description)], ['og:description', meta('og:description')]]);
  const image = firstOf(ld?.image);
  take('imageUrl', [['JSON-LD image', str(image) ?? str((image as Json)?.url)], ['og:image', meta('og:image')]]);
  const publisher = firstOf(ld?.publisher) as Json | undefined;
  const sourceName = str(publisher?.name) ?? meta('og:site_name');
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
  const text = [title, '', ...head, ...blocks.filter((b) => b !== title).flatMap((b) => [b, ''])].join('\n');
  return { text, declared, sourceUrl, sourceName, from };
}
