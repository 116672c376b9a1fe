/**
 * A story whose header prints its date without a year. Dated only relative to its reading ("před 2 hodinami",
 * "2 hours ago", "3 days ago") on a page that prints the day it was read: a masthead's date of today ("1. 11. Felix",
 * "Monday, 1 November"), its year from the page's copyright line (rendered the same day) or else its latest full
 * date. The story's day is that day less the age. Or dated by month and day alone ("By Jane Doe March 18 at 3:57 PM",
 * as news sites print this year's stories): the year is the page's, the same way. Pure.
 */
import { type Dateline, findDateline, parseDateline } from './dates';
import { RELATIVE_DATE } from './parse-lines';

const SUB_DAY =
  /^(?:s|m|h|secs?|seconds?|mins?|minutes?|hrs?|hours?|heures?|secondes?|horas?|minutos?|segundos?|stunden?|minuten?|sekunden?|hodin\p{L}*|minut\p{L}*|sekund\p{L}*|godzin\p{L}*|秒|分|分钟|分鐘|時間|小时|小時|초|분|시간)$/iu;
const DAYS = /^(?:d|days?|jours?|días?|dias?|tag(?:e|en)?|dn\p{L}*|den|dzie\p{L}*|日|天|일)$/iu;
const WEEKS = /^(?:w|weeks?|semaines?|semanas?|wochen?|týd\p{L}*|tygodni\p{L}*|週間|周|주)$/iu;

/** How many days before its reading a relative date is: 0 for minutes and hours; `null` for months, years or a clock. */
export function relativeDays(text: string): number | null {
  const t = text.trim();
  if (!RELATIVE_DATE.test(t) || /\d:\d/.test(t)) return null;
  if (/^(?:today|just now)$/i.test(t)) return 0;
  if (/^yesterday$/i.test(t)) return 1;
  const a = /^(?:an?|one)\s+(minute|hour|day|week)\s+ago$/i.exec(t);
  if (a) return a[1] === 'day' ? 1 : a[1] === 'week' ? 7 : 0;
  const m = /(\d+)\s*(\p{L}+)/u.exec(t.replace(/^(?:il y a|hace|vor|há|před)\s+/iu, ''));
  if (!m) return null;
  const [n, unit] = [Number(m[1]), m[2].replace(/(?:前|전)$/u, '')];
  if (SUB_DAY.test(unit)) return 0;
  if (DAYS.test(unit)) return n;
  if (WEEKS.test(unit)) return 7 * n;
  return null;
}

/** The masthead's date of today without its year: "1. 11.", "Po 1. 11. Felix" (the name day after it), "Monday, 1 November". */
function yearless(text: string, year: number): { y: number; m: number; d: number } | null {
  const t = text.trim();
  const dotted = /^(?:\p{L}{2,12}\.?,?\s+)?(\d{1,2})\.\s?(\d{1,2})\.(?:\s+\p{Lu}\p{Ll}+)?$/u.exec(t);
  if (dotted) {
    const [d, m] = [Number(dotted[1]), Number(dotted[2])];
    return m >= 1 && m <= 12 && d >= 1 && d <= 31 ? { y: year, m, d } : null;
  }
  const named = t.length <= 40 && !/\d{3}/.test(t) && /\p{L}{3}/u.test(t) ? parseDateline(`${t} ${year}`) : null;
  if (!named) return null;
  const [y, m, d] = named.iso.slice(0, 10).split('-').map(Number);
  return { y, m, d };
}

/** The year the page was read in: its copyright line's (the last year of a range), else its latest full date's. */
function readingYear(lines: string[]): number | null {
  for (const l of lines) {
    const m =
      /(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*[–-]\s*)?((?:19|20)\d{2})\b/i.exec(l) ??
      /\b(?:(?:19|20)\d{2}\s*[–-]\s*)?((?:19|20)\d{2})\s*(?:©|\(c\))/i.exec(l);
    if (m) return Number(m[1]);
  }
  const years = lines.filter((l) => l.length <= 200).map((l) => findDateline(l)?.iso.slice(0, 4));
  const known = years.filter((y): y is string => y !== undefined).map(Number);
  return known.length ? Math.max(...known) : null;
}

/**
 * The story's day from a relative date in its header (the few lines under the headline) and the page's date of
 * today printed above the headline: midnight of that day in `zone`, with what was read; `null` when either is missing.
 */
export function relativeDateline(lines: string[], titleAt: number, zone: string): { iso: string; relative: string; today: string } | null {
  const header = lines.slice(titleAt + 1, titleAt + 8).filter((l) => l !== '');
  const relative = header.find((l) => relativeDays(l) !== null);
  if (!relative) return null;
  const year = readingYear(lines);
  if (year === null) return null;
  for (const l of lines.slice(0, titleAt)) {
    const today = l !== '' ? yearless(l, year) : null;
    if (!today) continue;
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d - relativeDays(relative)!));
    const d = parseDateline(day.toISOString().slice(0, 10), zone);
    return d ? { iso: d.iso, relative, today: l } : null;
  }
  return null;
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const CLOCK = '(?:,|\\s+at|\\s*[,·|])?\\s+(\\d{1,2}[:.]\\d{2}(?:\\s*[AaPp]\\.?[Mm]\\.?)?(?:\\s+[A-Z]{2,4}\\b)?)';
/** "March 18", "Mar. 18 at 3:57 PM", "18 March, 15:57 CET": a month's name and a day, no year after them. */
const YEARLESS = new RegExp(
  `\\b(?:(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?|(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(${MONTH})\\.?)(?![\\d\\p{L}]|,?\\s*(?:19|20)\\d{2})(?:${CLOCK})?`,
  'u',
);

/**
 * The story's date from a month and day in its header (the few lines under the headline, or its byline's line
 * within 40 lines) with no year, the year
 * the page's (readingYear); `null` without one. `parseDate` reads the completed date as the parser reads any other.
 */
export function yearlessDateline(
  lines: string[],
  titleAt: number,
  parseDate: (text: string) => Dateline | null,
): { iso: string; text: string; year: number } | null {
  // The few lines under the headline, and a byline's line further down (past share buttons and the like).
  const header = lines
    .slice(titleAt + 1, titleAt + 40)
    .filter((l, i) => l !== '' && l.length <= 160 && (i < 7 || /^(?:By|Par|Por|Von|Di|Door|Av)\s+\p{Lu}/u.test(l)));
  for (const l of header) {
    const m = YEARLESS.exec(l);
    if (!m) continue;
    const year = readingYear(lines);
    if (year === null) return null;
    const [month, day] = m[1] ? [m[1], m[2]] : [m[4], m[3]];
    const d = parseDate(`${month} ${day}, ${year}${m[5] ? ` ${m[5]}` : ''}`);
    if (d) return { iso: d.iso, text: m[0].trim(), year };
  }
  return null;
}

/**
 * Dates a story the parser found no dateline for from its relative date (`relativeDateline`) or its yearless date
 * (`yearlessDateline`), saying so; else says none was found.
 */
export function dateFromRelative(
  out: { publishedAt: string | null; warnings: string[] },
  lines: string[],
  titleAt: number,
  zone: string,
  parseDate: (text: string) => Dateline | null,
) {
  const r = relativeDateline(lines, titleAt, zone);
  if (r) {
    out.publishedAt = r.iso;
    out.warnings.push(
      `only a relative date (${JSON.stringify(r.relative)}) and the page's date of today (${JSON.stringify(r.today)}): publishedAt is that day`,
    );
    return;
  }
  const y = yearlessDateline(lines, titleAt, parseDate);
  if (y) {
    out.publishedAt = y.iso;
    out.warnings.push(`a date without its year (${JSON.stringify(y.text)}): the year is the page's, ${y.year}`);
    return;
  }
  out.warnings.push('no dateline: publishedAt is unknown');
}
