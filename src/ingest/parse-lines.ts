/**
 * The kinds of line a pasted news page holds (src/ingest/parse.ts sorts each into one): furniture, credits, captions, bylines, desks, datelines, sections, outlets and wire credits, and the name and heading shapes.
 */
import type { Block } from '../content/blocks';
import type { DayMonthOrder } from './dates';
import { WIRE_AGENCIES } from './page';

export interface ParsedArticle {
  title: string;
  slug: string;
  dek: string | null;
  /** Byline names, in order. */
  authors: string[];
  /** ISO-8601 UTC; `null` when no dateline was found (then it cannot be submitted). */
  publishedAt: string | null;
  /** From an "Updated:" line; `null` when there is none. */
  updatedAt: string | null;
  section: string | null;
  image: { url: string | null; caption: string | null; credit: string | null } | null;
  sourceAttribution: string | null;
  /** The wire agency credited at the start of the story ("(Reuters) -"). */
  wireCredit: string | null;
  blocks: Block[];
  /** An agency trailer such as "Reporting by Jane Doe; Editing by John Roe", without its parentheses. */
  credits: string | null;
  /** Lines dropped as page furniture, as written. */
  removed: string[];
  /** What could not be parsed or was assumed. */
  warnings: string[];
}

/** An article with nothing read yet, which the parser fills in. */
export const emptyArticle = (): ParsedArticle => ({
  title: '',
  slug: '',
  dek: null,
  authors: [],
  publishedAt: null,
  updatedAt: null,
  section: null,
  image: null,
  sourceAttribution: null,
  wireCredit: null,
  blocks: [],
  credits: null,
  removed: [],
  warnings: [],
});

export interface ParseOptions {
  /** Use this headline instead of the one found (the CLI's `--title`). */
  title?: string;
  /** Zone for datelines that give none (default `UTC`): an abbreviation (`CET`) or an offset (`+02:00`). */
  defaultZone?: string;
  /** Order of all-numeric dates: day first or month first; by default day first unless the text says it is American (`dayOrderForText`). */
  dateOrder?: DayMonthOrder;
  /** The words of the page address's slug (`urlHints`), which point at the headline. */
  slugWords?: string[];
}

export const FURNITURE = [
  /^trending( now)?$/i,
  /^advertisement$/i,
  /^(read|see) (more|also)\b.*$/i,
  /^related( articles| stories| coverage)?:?$/i,
  /^most (read|popular)$/i,
  /^recommended( for you)?$/i,
  /^share( this( article| story)?)?$/i,
  /^sponsored( content)?$/i,
  /^listen to (this )?(article|story)$/i,
  /^\d+\s*min(ute)?s?\s+read$/i,
  /^this article is more than \d+ (?:years?|months?) old$/i,
  /^(?:lesedauer|lesezeit|temps de lecture|tiempo de lectura|tempo di lettura)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min\.?|minuten|minutes|minutos|minuti)$/i,
  /^(subscribe|sign up)\b.{0,60}$/i,
  /^(top stories|latest news|more from .{1,40})$/i,
];

export const CREDIT_LINE = /^(?:photo|photograph|image|picture|foto)(?:\s+credit)?\s*(?::|by|[-–—])\s*(.{2,80})$/i;
/** A caption ending with its credit: "Soldiers at a parade. (Photo: Jane Smith/AFP)" or "(REUTERS/Jane Smith)". */
export const CAPTION_LINE =
  /^(.+?)\s*\((?:(?:photo|image|picture|credit)(?:\s+credit)?\s*(?::|by)\s*([^()]+)|([A-Z][\w .&'-]*\/[^()]+))\)$/i;
export const TRAILER_LINE = /^\(((?:additional\s+)?(?:reporting|writing|editing|compiled|research) by\b[^()]*)\)$/i;
/**
 * "By Jane Doe", "Written by Jane Doe", "By: Jane Doe", "ByJane Doe" as pages that lost a space print it, and
 * "Byby Jane Doe" where a styled "By" precedes the text's own.
 */
export const BYLINE_LINE = /^(?:written\s+)?(?:(?:by\s*)?(?:by|par|por)\s*:?\s+|By(?=\p{Lu}\p{Ll}))(.+)$/iu;
/** A desk instead of a person: "The Armenpress news desk", "By News Desk", "Web Desk". */
export const DESK_LINE =
  /^(?:by\s+)?((?:the\s+)?(?:\p{Lu}[\p{L}\p{N}.&'’-]*\s+){0,4}(?:news\s+|web\s+|foreign\s+|world\s+)?desk|staff (?:reporter|writer|correspondent)|our (?:special )?correspondent)$/iu;
/**
 * An editor's credit: "Edited by Jane Doe", "责任编辑：NAME" (the editor responsible, which Chinese portals print where
 * the story names no writer). It is the byline only where the page names no writer.
 */
export const EDITOR_LINE = /^(?:edited by|\[?(?:责任编辑|责编))\s*[:：]?\s*([^\]]+?)\]?$/i;
/** Names in Chinese or Japanese script: "王明", "王明 李华", "王明、李华". */
export function hanNames(text: string): string[] | null {
  const names = text
    .trim()
    .split(/\s*[、,，\s]\s*/)
    .filter(Boolean);
  return names.length && names.every((n) => /^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}·・]{2,8}$/u.test(n)) ? names : null;
}
/**
 * Chinese credits, one or several glued in a line: "来源：Outlet作者：NAME责任编辑：NAME", "记者 NAME", "文/NAME".
 * `null` when the line is none; an empty label ("作者：") names nobody.
 */
export function hanCredits(text: string): { source: string | null; authors: string[] | null; editors: string[] | null } | null {
  const label = /(来源|作者|记者|撰文|文|责任编辑|责编)\s*[:：/／]\s*/gu;
  const t = text.replace(/^[[【]|[\]】]$/g, '').trim();
  const at = [...t.matchAll(label)];
  if (!at.length || at[0].index !== 0) return null;
  const out = { source: null as string | null, authors: null as string[] | null, editors: null as string[] | null };
  for (const [k, m] of at.entries()) {
    const value = t.slice(m.index + m[0].length, k + 1 < at.length ? at[k + 1].index : t.length).trim();
    if (!value) continue;
    if (m[1] === '来源') out.source ??= value;
    else if (m[1] === '责任编辑' || m[1] === '责编') out.editors ??= hanNames(value) ?? splitNames(value);
    else {
      const names = hanNames(value) ?? splitNames(value);
      if (!names) return null;
      out.authors ??= names;
    }
  }
  return out;
}
/**
 * Blocks a copy glues together, split where a label begins after a word or a parenthesis: "All IndiaEdited by Jane
 * Doe (with inputs from agencies)Updated: April 7, 2020" → "All India | Edited by Jane Doe (…) | Updated: April 7, 2020".
 */
export const unglue = (line: string) =>
  line.replace(/(?<=[\p{Ll})])(?=(?:Edited by|Written by|Updated|Published|Posted)(?::|\s+(?:on\s+)?[\p{Lu}\d]))/gu, ' | ');
/**
 * A wire agency's name alone, or two or three of them ("AFP", "Reuters", "The Associated Press", "Reuters and AFP"; "AFP/Reuters" reads as a picture's credit): the
 * byline of a story a page runs from the wire, printed where a writer's name would be. The names; `null` for none.
 */
export function agencyNames(text: string): string[] | null {
  const known = [...WIRE_AGENCIES, 'Associated Press', 'Agence France-Presse', 'Press Association', 'Deutsche Presse-Agentur'];
  const names = text.length <= 60 ? text.split(/\s*(?:\/|,|&|\band\b)\s*/) : [];
  const agencies = names.map((n) => known.find((k) => k.toLowerCase() === n.replace(/^the\s+/i, '').toLowerCase()));
  return names.length && names.length <= 3 && agencies.every((a) => a !== undefined) ? (agencies as string[]) : null;
}
/** A byline without "By": two to four capitalised words, one name or a list of them. */
export const isBareName = (text: string) =>
  text.length <= 80 && (bareNames(text)?.every((n) => n.split(' ').length >= 2 && n.split(' ').length <= 4) ?? false);
/** The names of a bare-name byline, the mark after them aside ("Jane Doe |", "Jane Doe •"). */
export const bareNames = (text: string) => splitNames(text.replace(/\s*[-–—|,:/•·]$/, ''));
/** "Updated:", and as French, Spanish, Portuguese, German and Italian pages print it ("Mis à jour le", "Aktualisiert am"). */
export const UPDATED_LINE =
  /^(?:(?:last\s+)?updated|mis à jour|actualizado|atualizado|aktualisiert|aggiornato)(?:\s+(?:on|le|el|em|am|il))?\s*:?\s*(.*)$/i;
export const PUBLISHED_LINE =
  /^(?:published|posted|first published|publié|publiée|publicado|publicada|veröffentlicht|pubblicato)(?:\s+(?:on|le|el|em|am|il))?\s*:?\s*(.*)$/i;
export const SOURCE_LINE = /^source\s*:\s*(.{2,60})$/i;
export const SECTION_LINE = /^(?:section|category|desk)\s*:\s*(.+)$/i;

/** Words that stay lower case in a title-case heading. */
export const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'over',
  'the',
  'to',
  'up',
  'vs',
  'with',
]);

/** Outlets a story may credit by name ("according to Reuters"). Acronyms (WP, AFP) are recognised by shape. */
export const OUTLETS = [
  'Reuters',
  'Bloomberg',
  'Associated Press',
  'Agence France-Presse',
  'Washington Post',
  'The Washington Post',
  'New York Times',
  'The New York Times',
  'Wall Street Journal',
  'The Wall Street Journal',
  'Financial Times',
  'The Financial Times',
  'Politico',
  'Axios',
  'Al Jazeera',
  'Interfax',
  'RIA Novosti',
  'Kyiv Independent',
  'The Kyiv Independent',
  'Defense News',
  'Breaking Defense',
  'Le Monde',
  'The Guardian',
  'The Economist',
];
export const ACRONYM_SOURCE = /\baccording to (?:the )?([A-Z]{2,6})(?=[.,;:)]|\s*$)/;
export const OUTLET_SOURCE = new RegExp(
  `\\baccording to (${OUTLETS.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=[.,;:)’'\\s]|$)`,
);
export const WIRE_DATELINE = new RegExp(`^(?:[A-Z][A-Za-z .'-]*,?\\s[^()]{0,40})?\\((${WIRE_AGENCIES.join('|')})\\)\\s*[-–—]`);

export const TERMINAL = /[.!?:;,…"”’')\]]$/;

export type Line = { text: string; index: number };
export type MetaKind = 'furniture' | 'credit' | 'trailer' | 'caption' | 'date' | 'section' | 'byline';

/** Words of a role: its rank and beat, then what the person is ("Senior Politics Editor", "Staff Writer"). */
const ROLE_RANK =
  '(?:Senior|Chief|Deputy|Managing|Executive|Associate|Assistant|Contributing|Staff|Special|Political|Politics|Foreign|National|' +
  'Business|Science|Health|Tech|Technology|Sports?|Culture|Economics|Economy|Investigative|Entertainment|Legal|Opinion|Digital|' +
  'Global|Breaking|News|Features?|Travel|Food|Weather|Climate|Environment|Education|Security|Defen[cs]e|Diplomatic|Media|' +
  'Markets?|Finance|Energy|White House|Washington|Congressional|Europe|Asia|Africa|Middle East|Bureau)';
const ROLE_NOUN =
  '(?:Editor|Reporter|Correspondent|Writer|Columnist|Contributor|Producer|Analyst|Critic|Journalist|Editor-at-Large|' +
  'Redakteur(?:in)?|Korrespondent(?:in)?|Rédacteur|Rédactrice|Redactor|Redactora|Corresponsal)';
/** After a name of two or three words ending in lower case: a role (a rank, then any beat), then maybe ", Outlet". */
const ROLE_AFTER_NAME = new RegExp(
  `(?<=^\\p{Lu}[\\p{L}'’.-]*(?: \\p{Lu}[\\p{L}'’.-]*){1,2}\\p{Ll})\\s+(?:${ROLE_RANK}\\s+(?:\\p{Lu}[\\p{L}-]*\\s+){0,2}|(?:${ROLE_RANK}\\s+){0,3})${ROLE_NOUN}(?:\\s*,\\s*[^,]{2,40})?$`,
  'u',
);

/** "Jane Doe and John Roe", "A, B and C", "A & B" → names; `null` when any part does not look like a name. */
export function splitNames(list: string): string[] | null {
  const names = list
    // Who the author is, after the name: "Jane Doe, a deputy editor who covers …", "Jane Doe, who has covered …".
    .replace(/\s*,\s+(?:a|an|the|who|is)\s+\p{Ll}.*$/u, '')
    // A role printed after the name, and the outlet after it: "Jane Doe Senior Politics Editor, The Daily".
    .replace(ROLE_AFTER_NAME, '')
    // "Jane Doe (with inputs from agencies)": the agencies are no co-authors.
    .replace(/\s*\(with inputs? from [^()]*\)/i, '')
    // Blocks glued by a copy: "Meg WagnerNEW YORK DAILY NEWS" is the name, then the outlet ("McDonald" is no glue).
    .replace(/(\p{Lu}\p{Ll}{3,})\p{Lu}.*$/u, '$1')
    // A handle or an address printed after the name: "Jane Doe @janedoe", "Jane Doe | jdoe@example.com".
    .replace(/(?:\s*[|,])?\s+(?:@\w+|[\w.+-]+@[\w-]+\.[\w.]+)\s*$/, '')
    // A handle glued to the name ("Jane Doe@janedoe"), a reading time after it ("Jane Doe 5 minute Read").
    .replace(/(?<=\p{Ll})@\w+\s*$/u, '')
    .replace(/\s+\d+\s*min(?:ute)?s?\s+read\s*$/i, '')
    // A credit in capitals after the names, the outlet the story came from: "Jane Doe, TIME", "Jane Doe,CNN".
    .replace(/(?<=\p{Ll}[\p{L}.'’-]*)\s*,\s*\p{Lu}{2,}\s*$/u, '')
    .replace(/\s*[|,]\s*(?:Reuters|AP|AFP|Bloomberg|(?:The )?Associated Press|staff writer|correspondent)\s*$/i, '')
    // Co-authors in parentheses: "Jane Doe (avec John Roe et Ann Poe)", "Jane Doe (with John Roe)".
    .replace(/\s*\((?:avec|with|mit|con|com|met|and|et|und|y|e)\s+([^()]+)\)/i, ', $1')
    // Roles: "Jane Doe (reporting) and John Roe (photography)": the reporter is the author, the photographer is credited.
    .replace(/(?:,\s*|\s+(?:and|&)\s+)[^,()]+\((?:photography|photographs|photos|pictures|video|illustrations?|graphics)\)/gi, '')
    .replace(/\s*\((?:reporting|text|words|writing)\)/gi, '')
    // Where the author writes from, in parentheses after the names: "Jane Doe (Brussels, European bureau)".
    .replace(/(?<=\p{Ll})\s*\([^()]*\)\s*$/u, '')
    .split(/\s*,\s*(?:(?:and|et|und|y|e)\s+)?|\s+(?:and|&|et|und|y|e)\s+/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length) return null;
  // A name may carry a part in parentheses: "Bruno (Henrique Zecchin) Rodrigues".
  const word = /^(?:\(?\p{Lu}[\p{L}'’.-]*\)?|van|von|de|der|da|del|di|la|le|al|bin|ibn)$/u;
  for (const name of names) {
    const words = name.split(' ');
    if (words.length > 5 || !/^\p{Lu}/u.test(name) || !words.every((w) => word.test(w))) return null;
  }
  return names;
}

/** A section label: one to three capitalised words, nothing else. */
export function isSectionShaped(text: string): boolean {
  return text.length <= 30 && /^\p{Lu}[\p{L}&-]*(?: (?:&|and|\p{Lu}[\p{L}-]*)){0,2}$/u.test(text);
}

/** Short, title-case, no final punctuation: "Already Invested Billions". */
export function isHeadingShaped(text: string): boolean {
  if (text.length > 80 || TERMINAL.test(text) || /[?]$/.test(text)) return false;
  const words = text.split(' ');
  if (words.length > 10) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(words[0])) return false;
  return words.every((w, k) => /^[\p{Lu}\p{N}"“‘'(]/u.test(w) || (k > 0 && SMALL_WORDS.has(w.toLowerCase())));
}

/** The outlet the story credits: "according to WP", "according to Reuters", or a wire dateline "(Reuters) -". */
export function sourceOf(blocks: Block[]): string | null {
  const first = blocks.find((b) => b.type === 'paragraph');
  const wire = first && WIRE_DATELINE.exec(first.text);
  if (wire) return wire[1];
  for (const b of blocks) {
    const m = ACRONYM_SOURCE.exec(b.text) ?? OUTLET_SOURCE.exec(b.text);
    if (m) return m[1];
  }
  return null;
}

/** A byline's label printed on a line of its own: "By", "Author:", "Par", "Von". */
const BYLINE_LABEL = /^(?:by|written by|par|por|von|author|autor|auteur|reporter)\s*:?$/i;

/**
 * Joins a byline's label to the name printed on the next line ("By" / "Jane Doe" → "By Jane Doe"), as a
 * whole-page copy prints a label and a linked name that sit in separate elements. The lines keep their
 * count: the name's line becomes blank.
 */
export function joinBylineLabels(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    if (!BYLINE_LABEL.test(out[i])) continue;
    let j = i + 1;
    while (j < out.length && j <= i + 2 && out[j] === '') j++;
    if (j >= out.length || j > i + 2) continue;
    const name = out[j].replace(/\s*[-–—|,:/•·]$/, '');
    if (!isBareName(name) && !splitNames(name)) continue;
    out[i] = `By ${out[j]}`;
    out[j] = '';
  }
  return out;
}

/**
 * A date printed relative to when the page is read, or a clock alone: "2 hours ago", "1h ago", "Yesterday",
 * "1:39 PM ET", "il y a 3 heures", "před 2 hodinami", "1 時間前", "3小时前", "2시간 전". It dates nothing without the moment of reading, but it
 * stands where the date does: by the byline.
 */
export const RELATIVE_DATE =
  /^(?:\d+\s*(?:s|m|h|d|w|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago|(?:an?|one) (?:minute|hour|day|week) ago|yesterday|today|just now|il y a \d+\s*\p{L}+|hace \d+\s*\p{L}+|vor \d+\s*\p{L}+|há \d+\s*\p{L}+|před \d+\s*\p{L}+|\d+\s*(?:秒|分|分钟|分鐘|時間|小时|小時|日|天|週間|周|か月|ヶ月|个月|年)前|\d+\s*(?:초|분|시간|일|주|개월|년)\s*전|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)$/iu;

/**
 * The names of a byline after its "By": the whole of it, or what comes before a date or a time printed after the
 * names, which may be one the parser cannot read ("Jane Doe March 18 at 3:57 PM Follow @janedoe"). `null` for no names.
 */
export function bylineNames(rest: string): string[] | null {
  return (
    splitNames(rest) ??
    splitNames(rest.split(/\s+(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}[:./]\d)/)[0])
  );
}
