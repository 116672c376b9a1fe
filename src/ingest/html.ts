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
import {
  ARTICLE_TYPES,
  type Json,
  jsonLd,
  str,
  names,
  profileUrls,
  firstOf,
  instant,
  hasTime,
  dateFromUrl,
  visibleLines,
  metaTags,
  PUBLISHED_META,
  MODIFIED_META,
  AUTHOR_META,
  overlaps,
  titleParts,
  sameName,
  bylineNames,
} from './html-meta';
import { pageLocale, offStory, printedDateline, printedByline, bylineElementNames, profileLinkNames } from './html-print';
import { checkMarkupTime, printedStamps, stampsIn } from './html-time';

export { bylineNames, dateFromUrl } from './html-meta';

export interface HtmlPage {
  /** The story as text: headline, then paragraphs separated by blank lines. */
  text: string;
  declared: NonNullable<PrepareOptions['declared']>;
  sourceUrl: string | null;
  sourceName: string | null;
  /** Where each declared field came from, for the report. */
  from: Record<string, string>;
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
      if (
        el.hasAttribute('hidden') ||
        el.getAttribute('aria-hidden') === 'true' ||
        classes.some((c) => /visually-?hidden|sr-only|screen-reader|offscreen|^(?:.*[-_])?logo(?:[-_].*)?$/i.test(c))
      )
        return null;
      if (/^(?:NAV|FOOTER|ASIDE)$/i.test(el.tagName)) return null;
    }
    if (outlets.some((o) => sameName(o, text)) || suffixes.some((p) => sameName(p, text)) || /\blogo$/i.test(text)) return null;
    return !named.length || named.some((t) => overlaps(text, t)) ? text : null;
  };
  const headings = [
    ...document.querySelectorAll('h1'),
    ...[...document.querySelectorAll('h2, h3')].filter((h) => /headline|title/i.test(h.getAttribute('class') ?? '')),
  ];
  const h1 = headings.map(goodHeading).find((t) => t) ?? null;
  // A <title> loses the site's name it ends with ("Headline | Site").
  const bareTitle =
    docTitle && suffixes.length && outlets.some((o) => suffixes.some((p) => sameName(p, o))) ? titleParts(docTitle)[0] : docTitle;
  take('title', [
    ['<h1>', h1],
    ['JSON-LD headline', str(ld?.headline)],
    ['og:title', meta('og:title')],
    ['<title>', bareTitle],
  ]);

  // Bylines the page marks up: schema.org microdata, rel=author links, elements classed as the byline's names; the
  // innermost of nested ones, and only those of the first byline (not of related stories further down).
  const MARKED =
    '[itemprop~="author"], [rel~="author"], [class*="byline__name"], [class*="author-name"], [class*="byline-author"], [class*="author_name"], [class*="authorName"], [class*="author"][class*="__name"]';
  // Outside asides first; a page that keeps its byline in an <aside> column beside the story (not a related-stories
  // box) is read there. `<link rel=author>` in the head is no byline.
  const markable = [...document.querySelectorAll(MARKED)].filter(
    (el) => !/^(?:LINK|META)$/i.test(el.tagName) && !offStory(el, false) && !el.querySelector(MARKED),
  );
  const outsideAsides = markable.filter((el) => !offStory(el, true));
  const marks = outsideAsides.length ? outsideAsides : markable;
  let bylineBox: Element | null = marks[0] ?? null;
  while (bylineBox?.parentElement && (bylineBox.parentElement.textContent ?? '').replace(/\s+/g, ' ').length <= 300)
    bylineBox = bylineBox.parentElement;
  const marked: string[] = [];
  for (const el of marks) {
    if (bylineBox && !bylineBox.contains(el)) continue;
    // Co-authors credited in parentheses after the marked name: "<span itemprop=author>A</span> (avec B et C)".
    const after = /^\s*\(((?:avec|with|mit|con|com|met)\s+[^()]+)\)/i.exec(
      el.nextSibling?.nodeType === 3 ? (el.nextSibling.textContent ?? '') : '',
    );
    if (after) {
      for (const n of bylineNames(`${(el.textContent ?? '').trim()} (${after[1]})`, outlets)) if (!marked.includes(n)) marked.push(n);
      continue;
    }
    const name = el.querySelector('[itemprop="name"]');
    // Read line by line: "Howard Blume" and "Staff Writer" in two blocks must not glue into one name.
    const lines = str(name?.getAttribute('content')) ? [name!.getAttribute('content')!] : visibleLines(name ?? el);
    const text = lines.join(' ');
    const found = text.length <= 80 ? bylineNames(text, outlets) : [];
    for (const n of found.length ? found : lines.slice(0, 3).flatMap((l) => (l.length <= 80 ? bylineNames(l, outlets) : [])))
      if (!marked.includes(n)) marked.push(n);
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
  const bylineParts = (byline ?? '')
    .split(/\s*\n\s*|\s+[|·•/]\s+|\s{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const datedPart = bylineParts.findIndex((p) => /^(?:published|posted|updated|last updated)\b/i.test(p) || findDateline(p) !== null);
  const bylineNamesRead =
    bylineParts
      .slice(0, datedPart < 0 ? undefined : datedPart)
      .map((p) => bylineNames(p, outlets))
      .find((n) => n.length) ?? [];

  const metaAuthors = (key: string) => (metas.get(key) ?? []).flatMap((v) => bylineNames(v, outlets));
  take('authors', [
    ['JSON-LD author', ld ? names(ld.author).flatMap((n) => bylineNames(n, outlets)) : null],
    ...AUTHOR_META.map((key): [string, string[]] => [`meta ${key}`, [...new Set(metaAuthors(key))]]),
    ['marked-up byline', marked.slice(0, 4)],
    ['byline element', bylineElementNames(document, outlets)],
    ['byline printed by the headline', printedByline(document, declared.title ?? h1 ?? '', outlets)],
    [
      'link to the declared profile',
      profileLinkNames(document, [...AUTHOR_META.flatMap((key) => metas.get(key) ?? []), ...(ld ? profileUrls(ld.author) : [])], outlets),
    ],
    ['Readability byline', bylineNamesRead],
  ]);
  // No person named, but the page credits the outlet itself ("BBC News", a magazine's name): an institutional byline.
  if (!declared.authors) {
    const credited = [
      ...(ld ? names(ld.author) : []),
      ...AUTHOR_META.flatMap((key) => metas.get(key) ?? []),
      ...bylineParts.map((p) => p.replace(/^by\s+/i, '')),
    ];
    const institution = credited.map((c) => c.trim()).find((c) => outlets.some((o) => sameName(o, c)));
    if (institution) take('authors', [['the outlet, credited as author', [institution]]]);
  }
  // The page's zone, for times it writes without one.
  const zone = zoneForLocale(pageLocale(document, meta, ld));
  if (zone) {
    declared.defaultZone = zone;
    from.defaultZone = "the page's locale";
  }
  const timeEl =
    document.querySelector('time[itemprop="datePublished"][datetime]') ??
    document.querySelector('article time[datetime]') ??
    document.querySelector('time[datetime]');
  const itemprop = document.querySelector('[itemprop="datePublished"][content], [itemprop="datePublished"][datetime]');
  const published: [string, string | null][] = [
    ['JSON-LD datePublished', str(ld?.datePublished)],
    ...PUBLISHED_META.map((key): [string, string | null] => [`meta ${key}`, meta(key)]),
    ['itemprop datePublished', str(itemprop?.getAttribute('content') ?? itemprop?.getAttribute('datetime'))],
    ['<time datetime>', str(timeEl?.getAttribute('datetime'))],
  ];
  // The first declared date; a declaration of the day alone gives way to another of the same day that has the time:
  // declared, or printed by the headline.
  const readable = published
    .map(([source, raw]): [string, string | null, boolean, string] => [source, instant(raw, zone ?? 'UTC'), hasTime(raw), raw ?? ''])
    .filter(([, iso]) => iso);
  const first = readable[0];
  const sameDay = (iso: string) =>
    first && Date.parse(iso) - Date.parse(first[1]!) >= 0 && Date.parse(iso) - Date.parse(first[1]!) < 86_400_000;
  let timed = first && !first[2] ? readable.find(([, iso, t]) => t && iso!.slice(0, 10) === first[1]!.slice(0, 10)) : undefined;
  const title = declared.title ?? h1 ?? '';
  const printed = printedDateline(document, title, zone);
  if (first && !first[2] && !timed && printed?.timed && sameDay(printed.iso))
    timed = ['dateline printed by the headline', printed.iso, true, ''];
  const modified: [string, string | null][] = [
    ['JSON-LD dateModified', instant(str(ld?.dateModified), zone ?? 'UTC')],
    ...MODIFIED_META.map((key): [string, string | null] => [`meta ${key}`, instant(meta(key), zone ?? 'UTC')]),
  ];
  // A declared time is checked against those the page prints with a zone by the headline (./html-time.ts).
  const chosen = timed ?? first;
  if (chosen?.[2] && chosen[3]) {
    const element = chosen[0] === '<time datetime>' ? timeEl : chosen[0] === 'itemprop datePublished' ? itemprop : null;
    const own = element ? stampsIn([(element.textContent ?? '').replace(/\s+/g, ' ').trim()], zone ?? 'UTC') : [];
    const stamps = printedStamps(document, title, zone ?? 'UTC');
    const checked = checkMarkupTime({ raw: chosen[3], iso: chosen[1]! }, stamps, own, modified.find(([, iso]) => iso)?.[1] ?? null);
    if (checked.why) {
      chosen[1] = checked.iso;
      chosen[0] = `${chosen[0]}, checked: ${checked.why}`;
    }
    if (checked.updatedAt) modified.push([`${chosen[0].replace(/,.*$/, '')} (an update)`, checked.updatedAt]);
  }
  take(
    'publishedAt',
    (chosen ? [chosen] : []).map(([source, iso]): [string, string | null] => [source, iso]),
  );
  take('updatedAt', modified);
  take('section', [
    ['JSON-LD articleSection', str(firstOf(ld?.articleSection))],
    ['article:section', meta('article:section')],
  ]);
  take('dek', [
    ['JSON-LD description', str(ld?.description)],
    ['og:description', meta('og:description')],
  ]);
  const image = firstOf(ld?.image);
  take('imageUrl', [
    ['JSON-LD image', str(image) ?? str((image as Json)?.url)],
    ['og:image', meta('og:image')],
  ]);
  const canonical = str(document.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  // The page's own canonical address beats the one it was fetched from (which may carry tracking parameters).
  const sourceUrl = [meta('og:url'), canonical, url].find((u) => u && /^https?:\/\//.test(u)) ?? null;
  // The day an address carries (/2015/03/18/): the last resort for a page that prints and declares no date.
  const urlDay = [url, meta('og:url'), canonical].map(dateFromUrl).find((d) => d);
  // Or the day the <title> prints beside the headline: "Headline - 07.12.2017 - Site".
  const titleDay = docTitle
    ? titleParts(docTitle)
        .slice(1)
        .find((p) => /\d{4}/.test(p) && parseDateline(p, zone ?? 'UTC') !== null)
    : undefined;
  if (urlDay) {
    declared.urlDate = instant(urlDay, zone ?? 'UTC');
    from.urlDate = "the page's address";
  } else if (titleDay) {
    declared.urlDate = parseDateline(titleDay, zone ?? 'UTC')!.iso;
    from.urlDate = "the page's <title>";
  }

  const container = bodyHtml
    ? parseHTML(`<!doctype html><html><body>${bodyHtml}</body></html>`).document.body
    : (document.querySelector('article') ?? document.body);
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
    const stamps = [
      ...document.querySelectorAll(
        'time, [class*="date"], [class*="Date"], [class*="byline"], [class*="timestamp"], [class*="dateline"], [class*="publish"]',
      ),
    ].filter((el) => !el.querySelector('p, h1, h2'));
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
