/**
 * What a page's address tells about a copy of its text: a reader who copies a
 * page knows where it was (`npm run ingest -- page.txt --source-url URL`).
 * - the day in its path (`/2016/12/16/`), the last resort when the text prints no date;
 * - the zone of its country's domain (`.de` keeps Central European time, `.jp` Japan's), for times printed without one;
 * - the words of its slug (`/enough-platitudes-lets-name-names/`), which name the headline among the page's lines.
 * Pure.
 */
import { zoneForLocale } from './dates';
import { dateFromUrl, instant } from './html-meta';

export interface UrlHints {
  /** The zone of zone-less times, from a country domain; `undefined` for .com and the like. */
  defaultZone?: string;
  /** The publication day in the path, as an instant (midnight in `defaultZone`, else UTC). */
  urlDate: string | null;
  /** The slug's words, lower case, accents and apostrophes dropped; empty when the path has no slug. */
  slugWords: string[];
}

/** Words to compare a slug with a headline: lower case, no accents, "let’s" → "lets". */
export function slugWordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function urlHints(url: string | null | undefined): UrlHints {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return { urlDate: null, slugWords: [] };
  }
  // A country's domain ("lemonde.fr", "yomiuri.co.jp", "bbc.co.uk") read as that country's locale.
  const tld = u.hostname.split('.').at(-1)!.toUpperCase();
  const zone = tld.length === 2 ? (zoneForLocale(`xx-${tld === 'UK' ? 'GB' : tld}`) ?? undefined) : undefined;
  const day = dateFromUrl(url);
  // The slug: the path's segment of most words (three at least); ids and dates are not words of it.
  const segments = u.pathname
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/\.[a-z]{2,5}$/i, ''))
    .map((s) => slugWordsOf(s.replace(/_/g, '-')).filter((w) => !/^\d+$/.test(w) || w.length <= 4));
  const slug = segments.reduce<string[]>((best, s) => (s.length > best.length ? s : best), []);
  return { defaultZone: zone, urlDate: day ? instant(day, zone ?? 'UTC') : null, slugWords: slug.length >= 3 ? slug : [] };
}

/**
 * How well a line matches a slug: the share of the slug's words the line has (a slug cut short may end in part
 * of a word: "…-tonight-un-1787706769"). 0 when there is no slug.
 */
export function slugMatch(line: string, slug: string[]): number {
  if (slug.length < 3) return 0;
  const words = slugWordsOf(line);
  const have = new Set(words);
  const hits = slug.filter((w, k) => have.has(w) || (k === slug.length - 1 && words.some((x) => x.startsWith(w))));
  return hits.length / slug.length;
}
