/**
 * Datelines as news pages print them, to UTC instants. Pure: runs in Node and
 * in workerd alike (no `node:` imports, no dependence on the host's zone).
 *
 *   parseDateline('Jan.19 - 2025 9:17 PM CET')            → 2025-01-19T20:17:00.000Z
 *   parseDateline('June 18, 2024 2:31 PM EDT')            → 2024-06-18T18:31:00.000Z
 *   parseDateline('18 June 2024 14:31 GMT+2')             → 2024-06-18T12:31:00.000Z
 *   parseDateline('2024-06-18T09:30:00+02:00')            → 2024-06-18T07:30:00.000Z
 *
 * A dateline without a zone is read in `defaultZone` (UTC unless the caller
 * says otherwise) and flagged `zoneAssumed`, so the caller can report it.
 *
 * Day/month order of all-numeric dates (`18-06-2024`, `06/18/2024`): day
 * first, as most of the world writes them, unless `order: 'MDY'` is given; a
 * first number above 12 is always the day and a second number above 12 makes
 * the date month first whatever the order says (`06/18/2024` is June 18).
 * Names of months are never ambiguous. A time written before or glued to the
 * date (`02:1415 Jan, 2025`: 02:14 on 15 Jan) is read too.
 */

/** Fixed offsets in minutes east of UTC. Ambiguous abbreviations take the reading noted. */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60, // British Summer Time
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  TRT: 180,
  GST: 240, // Gulf Standard Time
  AMT: 240, // Armenia Time (not Amazon Time)
  AZT: 240, // Azerbaijan
  GET: 240, // Georgia
  EAT: 180,
  CAT: 120,
  WAT: 60,
  SAST: 120,
  AST: 180, // Arabia Standard Time (not Atlantic)
  IRST: 210,
  AFT: 270,
  NPT: 345,
  ICT: 420,
  WIB: 420,
  PHT: 480,
  AWST: 480,
  ACST: 570,
  NZST: 720,
  NZDT: 780,
  BRT: -180,
  ART: -180,
  HST: -600,
  AKST: -540,
  AKDT: -480,
  PKT: 300,
  IST: 330, // India Standard Time (not Irish or Israel)
  HKT: 480,
  SGT: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  EST: -300,
  EDT: -240,
  CST: -360, // US Central (not China)
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** US zones written without standard/daylight: the offset depends on the date. */
const US_ZONES: Readonly<Record<string, number>> = { ET: -300, CT: -360, MT: -420, PT: -480 };
/** European zones by their winter/summer names, summer time by the EU's rule. */
const EU_ZONES: Readonly<Record<string, number>> = { 'WET/WEST': 0, 'CET/CEST': 60, 'EET/EEST': 120 };

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
// "AM"/"PM" only as a word of its own, so "14:17 AMT" is 14:17 in Armenia time, not AM in zone "T".
const TIME = '(?:\\s*(?:[-–—,|:]\\s*)?(?:at\\s+)?(\\d{1,2})[:.](\\d{2})(?::(\\d{2}))?\\s*([AaPp]\\.?[Mm]\\.?(?![A-Za-z]))?)?';
const ZONE = '(?:\\s*\\(?\\s*((?:GMT|UTC)\\s*[+-]\\s*\\d{1,2}(?::?\\d{2})?|[+-]\\d{2}:?\\d{2}|[A-Z]{1,5})\\s*\\)?)?';
const WEEKDAY =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|(?:Mon|Diens|Donners|Frei|Sams|Sonn)tag|Mittwoch|lunes|martes|miércoles|jueves|viernes|sábado|domingo|(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?)\.?,?\s+/i;

/** Month names of French, Spanish, Portuguese, German and Italian, to their English abbreviation. */
const FOREIGN_MONTHS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ['Jan', 'janvier janv enero ene janeiro januar jänner gennaio'],
      ['Feb', 'février fevrier févr fevr febrero febr fevereiro fev februar febbraio'],
      ['Mar', 'mars marzo março marco märz maerz'],
      ['Apr', 'avril avr abril abr aprile'],
      ['May', 'mai mayo maio maggio'],
      ['Jun', 'juin junio junho juni giugno'],
      ['Jul', 'juillet juil julio julho juli luglio'],
      ['Aug', 'août aout agosto ago'],
      ['Sep', 'septembre septiembre setiembre setembro set settembre'],
      ['Oct', 'octobre octubre outubro out oktober okt ottobre ott'],
      ['Nov', 'novembre noviembre novembro'],
      ['Dec', 'décembre decembre déc diciembre dic dezembro dez dezember dicembre'],
    ] as const
  ).flatMap(([en, names]) => names.split(' ').map((n) => [n, en])),
);
const FOREIGN_DATE = new RegExp(
  `(\\d{1,2})(?:er|º|°)?\\.?\\s*(?:de\\s+)?(${Object.keys(FOREIGN_MONTHS).join('|')})\\.?\\s*(?:de\\s+|,\\s*)?(\\d{4})`,
  'iu',
);

/**
 * A date as French, Spanish, Portuguese, German and Italian pages print it, in the English form the parser reads:
 * "30 avril 2015 à 07:19", "21.dez.2018 às 12h55", "15. Mai 2020 um 07:11 Uhr", "7 de mayo de 2019, 13:59".
 */
function englishDate(text: string): string {
  return text
    .replace(FOREIGN_DATE, (_, d: string, month: string, y: string) => `${d} ${FOREIGN_MONTHS[month.toLowerCase()]} ${y}`)
    .replace(/(?<=\d{4},?)\s+(?:à|às|a las|a la|alle|um)\s+(?=\d{1,2}[:h.]\d{2})/i, ' ')
    .replace(/(?<=(?:^|\D)\d{1,2})h(\d{2})(?!\d)/, ':$1')
    .replace(/(?<=\d{1,2}:\d{2})\s*Uhr\b/, '');
}

const MONTH_FIRST = new RegExp(`^${MONTH}\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*[,.]?\\s*(?:[-–—]\\s*)?(\\d{4})${TIME}${ZONE}$`, 'i');
const DAY_FIRST = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+${MONTH}\\.?,?\\s+(\\d{4})${TIME}${ZONE}$`, 'i');
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*([AaPp]\.?[Mm]\.?(?![A-Za-z]))?\s*(Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Z]{2,5})?$/;
/** All-numeric: `18-06-2024`, `18/06/2024`, `18.06.2024`, `06/18/2024`, with the usual time and zone. */
const NUMERIC = new RegExp(`^(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME}${ZONE}$`, 'i');
/** Chinese, Japanese and Korean: `2016年10月14日07:17`, `2017年3月9日(木) 15:00`, `2024년 6월 18일 14:17`. */
const CJK = new RegExp(
  `^(\\d{4})\\s*[年년]\\s*(\\d{1,2})\\s*[月월]\\s*(\\d{1,2})\\s*[日일](?:\\s*[(（][^)）]{1,3}[)）])?(?:\\s*(\\d{1,2})[:：時시](\\d{2})(?:[:：](\\d{2}))?[分분]?)?${ZONE}$`,
);

export interface Dateline {
  /** The instant, ISO-8601 UTC with milliseconds. */
  iso: string;
  /** The zone as written (`CET`, `+02:00`), or the default used when none was. */
  zone: string;
  zoneAssumed: boolean;
}

/**
 * Minutes east of UTC for a written zone at a given local time; `undefined`
 * when the zone is unknown. `GMT+2`, `UTC-05:30`, `+0200` are offsets.
 */
export function zoneOffset(zone: string, local?: { y: number; m: number; d: number; h: number }): number | undefined {
  const z = zone.replace(/\s+/g, '').toUpperCase();
  if (z in ZONE_OFFSETS) return ZONE_OFFSETS[z];
  if (z in US_ZONES && local) return US_ZONES[z] + (usDaylight(local) ? 60 : 0);
  if (z in EU_ZONES && local) return EU_ZONES[z] + (euSummer(local) ? 60 : 0);
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

/** US daylight saving: second Sunday of March, 02:00 local, to first Sunday of November, 02:00. */
function usDaylight({ y, m, d, h }: { y: number; m: number; d: number; h: number }): boolean {
  const nthSunday = (month: number, n: number) => {
    const first = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + 7 * (n - 1);
  };
  const start = nthSunday(3, 2);
  const end = nthSunday(11, 1);
  const t = m * 10000 + d * 100 + h;
  return t >= 3 * 10000 + start * 100 + 2 && t < 11 * 10000 + end * 100 + 2;
}

/**
 * The zone a page's zone-less times are in, from the language and region it
 * declares (`<html lang>`, `og:locale`): one rule per country that keeps one
 * clock. A US page (en-US) is read in US Eastern, the zone its national
 * outlets print by; India, Japan, Korea, China and the Gulf keep a single zone
 * without daylight saving; Europe's countries keep theirs with the EU's summer
 * time (`CET/CEST`), and so do languages spoken only there (`de`, `it`, `pl`…;
 * not `fr`, `es`, `pt`, spoken across zones). Any other locale gives `null`
 * (the caller's default, UTC unless told).
 */
export function zoneForLocale(locale: string | null | undefined): string | null {
  const m = /^([a-z]{2,3})(?:[-_]([a-z]{2}))?\b/i.exec((locale ?? '').trim());
  if (!m) return null;
  const [lang, region] = [m[1].toLowerCase(), m[2]?.toUpperCase()];
  if (region === 'US') return 'ET';
  if (region === 'IN') return 'IST';
  if (region === 'JP' || (!region && lang === 'ja')) return 'JST';
  if (region === 'KR' || (!region && lang === 'ko')) return 'KST';
  if (region === 'CN' || region === 'HK' || region === 'TW' || region === 'SG') return '+08:00';
  if (region === 'AE') return 'GST';
  // Central Europe keeps one clock, with the EU's summer time; so do the languages spoken only there.
  const CENTRAL = ['DE', 'AT', 'CH', 'FR', 'BE', 'NL', 'LU', 'IT', 'ES', 'PL', 'CZ', 'SK', 'HU', 'SI', 'HR', 'DK', 'SE', 'NO'];
  if (region ? CENTRAL.includes(region) : ['de', 'nl', 'it', 'pl', 'cs', 'sk', 'hu', 'sl', 'hr', 'da', 'sv', 'no', 'nb'].includes(lang))
    return 'CET/CEST';
  if (
    region ? ['GR', 'FI', 'RO', 'BG', 'EE', 'LV', 'LT', 'CY'].includes(region) : ['el', 'fi', 'ro', 'bg', 'et', 'lv', 'lt'].includes(lang)
  )
    return 'EET/EEST';
  if (region === 'PT' || region === 'GB' || region === 'IE') return 'WET/WEST';
  return null;
}

/**
 * The zone a text's script tells, for a copy that declares no locale: Japanese (kana) is Japan's, Korean (Hangul)
 * Korea's, and Chinese without kana is read at UTC+8, the clock of China, Hong Kong, Taiwan and Singapore alike.
 * `null` for other scripts, or too few characters to tell.
 */
export function zoneForScript(text: string): string | null {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const han = count(/\p{Script=Han}/gu);
  const latin = count(/\p{Script=Latin}/gu);
  if (kana >= 50 && kana + han > latin) return 'JST';
  if (hangul >= 50 && hangul > latin) return 'KST';
  if (han >= 100 && kana < 10 && han > latin) return '+08:00';
  return null;
}

/** Words only German writes among the languages of Latin script: "und", "nicht", "für", "wird"… */
const GERMAN_WORDS =
  /(?<![\p{L}\p{N}])(?:und|nicht|ist|sich|auch|für|auf|wird|werden|wurde|sind|über|noch|eine[nmrs]?|zum|zur|dem|ihre?|sie|bei)(?![\p{L}\p{N}])/giu;

/**
 * The zone a text's language tells, for a copy that declares no locale: German, spoken only where Central European
 * time is kept (Germany, Austria, Switzerland), is `CET/CEST` as `zoneForLocale('de')` is. A German text has these
 * words at every turn (one word in ten or more); a page in another language quoting a German sentence does not.
 */
export function zoneForLanguage(text: string): string | null {
  const words = (text.match(/\p{L}+/gu) ?? []).length;
  const german = (text.match(GERMAN_WORDS) ?? []).length;
  return german >= 20 && german >= 0.06 * words ? 'CET/CEST' : null;
}

/** The zone a copy's own text tells: its script (`zoneForScript`), else its language (`zoneForLanguage`). */
export const zoneForText = (text: string): string | null => zoneForScript(text) ?? zoneForLanguage(text);

/** EU summer time: last Sunday of March to last Sunday of October (at 01:00 UTC; the local hour is close enough). */
function euSummer({ y, m, d, h }: { y: number; m: number; d: number; h: number }): boolean {
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const t = m * 10000 + d * 100 + h;
  return t >= 3 * 10000 + lastSunday(3) * 100 + 2 && t < 10 * 10000 + lastSunday(10) * 100 + 3;
}

export type DayMonthOrder = 'DMY' | 'MDY';

/**
 * A date and time written as the United States writes them: the month first (by name, or a number when the day
 * after it is above 12) and a 12-hour clock: "December 16, 2016, 4:19 PM", "Dec. 22, 2016, 6:47 p.m.",
 * "12/16/16 12:21pm". Elsewhere a 12-hour clock comes after the day ("16 December 2016, 4:19 pm") or a 24-hour one.
 */
export function americanClock(text: string): boolean {
  const t = text.trim().replace(WEEKDAY, '');
  const monthFirst =
    new RegExp(`^${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'i').test(t) || /^\d{1,2}\/(1[3-9]|2\d|3[01])\/\d{2,4}\b/.test(t);
  return monthFirst && /\d[:.]\d{2}\s*[ap]\.?m\b/i.test(t);
}

/** Parses a whole line as a dateline; `null` when it is not one. */
export function parseDateline(line: string, defaultZone = 'UTC', order: DayMonthOrder = 'DMY'): Dateline | null {
  let text = englishDate(line.trim())
    .replace(WEEKDAY, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*([A-Z]{2,5})\s*\)$/, ' $1')
    // The year glued to the time by a copy: "Dec 20 201610:32 AM EST".
    .replace(/(?<=[A-Za-z.]\s?\d{1,2},? )((?:19|20)\d{2})(\d{1,2}:\d{2})/, '$1 $2');
  // A time before the date ("14:17, 18 June 2024", "02:1415 Jan, 2025"): moved after it.
  const lead =
    /^(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?(?![A-Za-z]))?)(?:\s+([A-Z]{2,5}|(?:GMT|UTC)[+-]\d{1,2}))?\s*(?:[,|–—-]\s*)?(?=\d{1,2}(?:st|nd|rd|th)?\.?\s*[A-Za-z]{3}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|[A-Za-z]{3})/.exec(
      text,
    );
  if (lead) {
    const rest = text.slice(lead[0].length).trim().replace(WEEKDAY, ''); // "11:22 PM EST, Tue November 29, 2016"
    const zone = /\s+((?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Z]{2,5})$/.exec(rest);
    text = zone ? `${rest.slice(0, zone.index)} ${lead[1]} ${zone[1]}` : `${rest} ${lead[1]}${lead[2] ? ` ${lead[2]}` : ''}`;
  }
  let parts: { y: number; mo: number; d: number; h: number; mi: number; s: number; ampm?: string; zone?: string } | null = null;
  let m: RegExpExecArray | null;
  // Each form's date groups, then its clock from group `t` on: hours, minutes, seconds, AM/PM, zone.
  const clock = (m: RegExpExecArray, t: number, ampm = true) => ({
    h: +(m[t] ?? 0),
    mi: +(m[t + 1] ?? 0),
    s: +(m[t + 2] ?? 0),
    ampm: ampm ? m[t + 3] : undefined,
    zone: ampm ? m[t + 4] : m[t + 3],
  });
  const month = (name: string) => MONTHS[name.slice(0, 3).toLowerCase()];
  if ((m = ISO.exec(text))) {
    parts = { y: +m[1], mo: +m[2], d: +m[3], ...clock(m, 4) };
  } else if ((m = NUMERIC.exec(text))) {
    const [a, b] = [+m[1], +m[3]];
    const monthFirst = b > 12 || (order === 'MDY' && a <= 12);
    // A two-digit year ("12/16/16 12:21pm") is this century's.
    parts = { y: m[4].length === 2 ? 2000 + +m[4] : +m[4], mo: monthFirst ? a : b, d: monthFirst ? b : a, ...clock(m, 5) };
  } else if ((m = MONTH_FIRST.exec(text))) {
    parts = { y: +m[3], mo: month(m[1]), d: +m[2], ...clock(m, 4) };
  } else if ((m = CJK.exec(text))) {
    parts = { y: +m[1], mo: +m[2], d: +m[3], ...clock(m, 4, false) };
  } else if ((m = DAY_FIRST.exec(text))) {
    parts = { y: +m[3], mo: month(m[2]), d: +m[1], ...clock(m, 4) };
  }
  if (!parts) return null;
  let { h } = parts;
  if (parts.zone && /^[AP]M$/.test(parts.zone) && !parts.ampm) {
    parts.ampm = parts.zone;
    parts.zone = undefined;
  }
  if (parts.ampm) {
    if (h < 1 || h > 12) return null;
    const pm = parts.ampm[0].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (parts.mo < 1 || parts.mo > 12 || parts.d < 1 || parts.d > 31 || h > 23 || parts.mi > 59 || parts.s > 59) return null;
  const zone = parts.zone ?? defaultZone;
  const offset = zoneOffset(zone, { y: parts.y, m: parts.mo, d: parts.d, h });
  if (offset === undefined) return null;
  const local = Date.UTC(parts.y, parts.mo - 1, parts.d, h, parts.mi, parts.s);
  const check = new Date(local);
  if (check.getUTCDate() !== parts.d) return null; // 31 June and the like
  return { iso: new Date(local - offset * 60_000).toISOString(), zone, zoneAssumed: parts.zone === undefined };
}

/**
 * The first dateline inside a longer line ("By Jane Doe 18 June 2024 14:17 AMT",
 * "2 min read • Tuesday, 18 Jun 2024"), with where it starts and ends; the
 * longest reading at the earliest start wins.
 */
export function findDateline(
  line: string,
  defaultZone = 'UTC',
  order: DayMonthOrder = 'DMY',
): (Dateline & { start: number; end: number }) | null {
  if (line.length > 200 || !/\d/.test(line)) return null;
  // A date may be glued to a word of a script written without spaces ("TNW中文站2016年10月14日").
  // Copied pages glue inline blocks together: "Washington PostDec 13, 2016 at 3:45 pm", "2:00 PMTags", "11:05 ISTShare".
  // A capital after a small letter may start a date; a capital before a capitalised word may end one.
  const starts = [
    ...line.matchAll(
      /(?<![\p{L}\p{N}])[\p{L}\p{N}]|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\p{N}|(?<=\p{Ll})\p{Lu}/gu,
    ),
  ].map((m) => m.index!);
  const ends = [...line.matchAll(/[\p{L}\p{N}.)](?![\p{L}\p{N}])|[日일分분](?=[\p{L}\p{N}])|\p{Lu}(?=\p{Lu}\p{Ll})/gu)].map(
    (m) => m.index! + 1,
  );
  for (const start of starts) {
    for (let k = ends.length - 1; k >= 0; k--) {
      const end = ends[k];
      if (end <= start) break;
      const d = parseDateline(line.slice(start, end), defaultZone, order);
      if (d) return { ...d, start, end };
    }
  }
  return null;
}
