/**
 * How scripts/ingest-real-eval.ts compares what ingestion found on a real page
 * with what the page's corpus expects, and which expected values a page's
 * copied text carries at all. Pure, so the tests can hold the rules.
 *
 * "Carried" is decided mechanically from the text the parser receives and the
 * expected value, never from a list of pages:
 * - title: a line of the text, or two or three lines in a row read as one,
 *   is a title `titleRight` accepts (the expected one, quotes and spaces
 *   normalised, with or without a site's name after or before a separator);
 * - authors: every expected name occurs in the text as a whole word run,
 *   case, dots and spacing aside (as `authorsRight` compares names);
 * - date: the text writes the expected year: as four digits (full-width ones
 *   too) not inside a longer number, or as the two-digit year of a numeric date
 *   ("12/16/16"). A copy with neither prints no date for the story;
 * - time: the date is carried and the text holds a clock ("3:33", "07.46",
 *   "13h59", "2:50PM") whose minutes are the expected instant's in UTC, or
 *   those shifted by 30 or 45 minutes (half- and quarter-hour zones): the
 *   hour cannot be checked without the zone the page prints it in;
 * - not refused: carried when the date is.
 */

export const norm = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();

const SEPARATOR_AFTER = /^\s*(?:[|_:»-]|::)\s*\S/;
const SEPARATOR_BEFORE = /\S\s*(?:[|_:»-])\s*$/;

/** `a` is `b` with a site's name added after (or before) a separator. */
const withSuffix = (a: string, b: string) =>
  a.length > b.length &&
  ((a.startsWith(b) && SEPARATOR_AFTER.test(a.slice(b.length))) || (a.endsWith(b) && SEPARATOR_BEFORE.test(a.slice(0, -b.length))));

export function titleRight(found: string, expected: string): boolean {
  const [f, e] = [norm(found), norm(expected)];
  return f === e || withSuffix(f, e) || withSuffix(e, f);
}

export const nameKey = (n: string) =>
  norm(n)
    .replace(/^by\s+/i, '')
    .replace(/\s*\|.*$/, '')
    .toLowerCase()
    .replace(/[.\s]+/g, ' ')
    .trim();

export function authorsRight(found: string[], expected: string[]): boolean {
  const f = found.map(nameKey).sort();
  const e = expected.map(nameKey).filter(Boolean).sort();
  return f.length === e.length && f.every((n, k) => n === e[k]);
}

/** The expected publication: its day in the zone written, and the instant when a time and zone are given. */
export function expectedDate(value: string): { day: string; offsetMinutes: number; instant: number | null } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const zone = m[7];
  const offsetMinutes = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const instant = m[4] && zone ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - offsetMinutes * 60_000 : null;
  return { day: `${m[1]}-${m[2]}-${m[3]}`, offsetMinutes, instant };
}

/**
 * The text prints the title as the scorer would take it (`titleRight`): a line,
 * or two or three lines in a row read as one (a kicker over its headline), is
 * the title, with or without a site's name after or before a separator. Whole
 * lines only: the title with its "Site:" part cut off must not count as
 * printed because its words run on inside some other sentence.
 */
export function titleCarried(text: string, expected: string): boolean {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (let k = 0; k < lines.length; k++)
    for (let n = 1; n <= 3 && k + n <= lines.length; n++) if (titleRight(lines.slice(k, k + n).join(' '), expected)) return true;
  return false;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every expected name is in the text, as a run of whole words, case, dots and spacing aside. */
export function authorsCarried(text: string, expected: string[]): boolean {
  const t = norm(text)
    .toLowerCase()
    .replace(/[.\s]+/g, ' ');
  const names = expected.map(nameKey).filter(Boolean);
  return names.length > 0 && names.every((n) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(n)}(?![\\p{L}\\p{N}])`, 'u').test(t));
}

/** NFKC (full-width digits), and a year glued to the clock after it parted: "Dec 20 201610:32 AM" → "2016 10:32". */
const digits = (text: string) => text.normalize('NFKC').replace(/(?<!\d)((?:19|20)\d\d)(?=\d{1,2}[:.]\d{2}(?!\d))/g, '$1 ');

/** The text writes the expected year: four digits not inside a longer number, or a numeric date's two-digit year. */
export function dateCarried(text: string, expected: string): boolean {
  const date = expectedDate(expected);
  if (!date) return false;
  const t = digits(text);
  const year = date.day.slice(0, 4);
  if (new RegExp(`(?<!\\d)${year}(?!\\d)`).test(t)) return true;
  return new RegExp(`(?<![\\d.])\\d{1,2}[./-]\\d{1,2}[./-]${year.slice(2)}(?!\\d)`).test(t);
}

/** A clock in the text ("3:33", "07.46", "13h59", "2:50PM") with the expected instant's minutes (UTC, or ±30 or 45). */
export function timeCarried(text: string, expected: string): boolean {
  const date = expectedDate(expected);
  if (date?.instant == null || !dateCarried(text, expected)) return false;
  const minute = new Date(date.instant).getUTCMinutes();
  const wanted = new Set([0, 30, 45, -30, -45].map((d) => (((minute + d) % 60) + 60) % 60));
  for (const m of digits(text).matchAll(/(?<![\d.,:$€£])(\d{1,2})\s?[:.h]\s?(\d{2})(?![\d%]|[.,]\d)/g))
    if (Number(m[1]) <= 24 && wanted.has(Number(m[2]))) return true;
  return false;
}
