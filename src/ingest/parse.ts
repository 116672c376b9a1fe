/**
 * Raw article text (as copied from a news page) to a structured article.
 * Pure and line-based: runs in Node (the ingest CLI) and in workerd (tests).
 *
 * The page is read top-down in two phases:
 * - header: the first line is the title; then bylines, datelines
 *   ("Updated:" lines give `updatedAt`), the section (a short title-case line
 *   right after the dateline, or "Section: X"), photo credits and captions, and
 *   at most one prose line that belongs to the header: the dek. A prose line is
 *   the dek when it touches a metadata line (no blank line between), when more
 *   metadata follows it, or when only page furniture separates it from the body.
 * - body: every other prose line, grouped into paragraphs. A paragraph between
 *   two paragraphs that is shaped like a heading (short, title-case, no final
 *   punctuation) becomes a subheading.
 * Page furniture ("Trending Now", repeated photo credits, the trailing section
 * word) is dropped and listed in `removed`; agency trailers ("(Reporting by …;
 * Editing by …)") are kept out of the body as `credits`. What could not be
 * parsed is listed in `warnings`; nothing is guessed.
 */
import type { Block } from '../content/blocks';
import { parseDateline } from './dates';
import { slugify } from './slug';

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
  blocks: Block[];
  /** An agency trailer such as "Reporting by Jane Doe; Editing by John Roe", without its parentheses. */
  credits: string | null;
  /** Lines dropped as page furniture, as written. */
  removed: string[];
  /** What could not be parsed or was assumed. */
  warnings: string[];
}

export interface ParseOptions {
  /** Zone for datelines that give none (default `UTC`): an abbreviation (`CET`) or an offset (`+02:00`). */
  defaultZone?: string;
}

const FURNITURE = [
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
  /^(subscribe|sign up)\b.{0,60}$/i,
  /^(top stories|latest news|more from .{1,40})$/i,
];

const CREDIT_LINE = /^(?:photo|photograph|image|picture|foto)(?:\s+credit)?\s*(?::|by)\s*(.+)$/i;
/** A caption ending with its credit: "Soldiers at a parade. (Photo: Jane Smith/AFP)" or "(REUTERS/Jane Smith)". */
const CAPTION_LINE = /^(.+?)\s*\((?:(?:photo|image|picture|credit)(?:\s+credit)?\s*(?::|by)\s*([^()]+)|([A-Z][\w .&'-]*\/[^()]+))\)$/i;
const TRAILER_LINE = /^\(((?:additional\s+)?(?:reporting|writing|editing|compiled|research) by\b[^()]*)\)$/i;
const BYLINE_LINE = /^(?:written\s+)?by\s+(.+)$/i;
const UPDATED_LINE = /^(?:last\s+)?updated(?:\s+on)?\s*:?\s*(.*)$/i;
const PUBLISHED_LINE = /^(?:published|posted|first published)(?:\s+on)?\s*:?\s*(.*)$/i;
const SECTION_LINE = /^(?:section|category|desk)\s*:\s*(.+)$/i;

/** Words that stay lower case in a title-case heading. */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'over', 'the', 'to', 'up', 'vs', 'with']);

/** Outlets a story may credit by name ("according to Reuters"). Acronyms (WP, AFP) are recognised by shape. */
const OUTLETS = [
  'Reuters', 'Bloomberg', 'Associated Press', 'Agence France-Presse', 'Washington Post', 'The Washington Post',
  'New York Times', 'The New York Times', 'Wall Street Journal', 'The Wall Street Journal', 'Financial Times',
  'The Financial Times', 'Politico', 'Axios', 'Al Jazeera', 'Interfax', 'RIA Novosti', 'Kyiv Independent',
  'The Kyiv Independent', 'Defense News', 'Breaking Defense', 'Le Monde', 'The Guardian', 'The Economist',
];
const ACRONYM_SOURCE = /\baccording to (?:the )?([A-Z]{2,6})(?=[.,;:)]|\s*$)/;
const OUTLET_SOURCE = new RegExp(`\\baccording to (${OUTLETS.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=[.,;:)’'\\s]|$)`);
const WIRE_DATELINE = /^[A-Z][A-Za-z .'-]*,?\s[^()]{0,40}\((Reuters|AP|AFP|Bloomberg|dpa)\)\s*[-–—]/;

const TERMINAL = /[.!?:;,…"”’')\]]$/;

type Line = { text: string; index: number };
type MetaKind = 'furniture' | 'credit' | 'trailer' | 'caption' | 'date' | 'section' | 'byline';

export function parseArticle(raw: string, options: ParseOptions = {}): ParsedArticle {
  const defaultZone = options.defaultZone ?? 'UTC';
  const lines = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\u00a0\t ]+/g, ' ').trim());

  const out: ParsedArticle = {
    title: '',
    slug: '',
    dek: null,
    authors: [],
    publishedAt: null,
    updatedAt: null,
    section: null,
    image: null,
    sourceAttribution: null,
    blocks: [],
    credits: null,
    removed: [],
    warnings: [],
  };
  const image = { url: null as string | null, caption: null as string | null, credit: null as string | null };
  const isFurniture = (text: string) => FURNITURE.some((re) => re.test(text));
  const blank = (i: number) => i < 0 || i >= lines.length || lines[i] === '';

  /** Takes in a metadata line wherever it appears and says what it was; `null` when it is not metadata. */
  const meta = (text: string, inHeader: boolean): MetaKind | null => {
    if (isFurniture(text)) return out.removed.push(text), 'furniture';
    let m: RegExpExecArray | null;
    if ((m = CREDIT_LINE.exec(text))) {
      const credit = m[1].trim();
      if (image.credit === null) image.credit = credit;
      else out.removed.push(text);
      return 'credit';
    }
    if ((m = TRAILER_LINE.exec(text))) {
      out.credits = out.credits ? `${out.credits}; ${m[1].trim()}` : m[1].trim();
      return 'trailer';
    }
    if ((m = CAPTION_LINE.exec(text)) && text.length <= 400) {
      if (image.caption === null && image.credit === null) {
        image.caption = m[1].trim();
        image.credit = (m[2] ?? m[3]).trim();
      } else if (image.caption === null && image.credit === (m[2] ?? m[3]).trim()) {
        image.caption = m[1].trim();
      } else {
        out.removed.push(text);
        out.warnings.push(`a second image caption was dropped: ${JSON.stringify(text)}`);
      }
      return 'caption';
    }
    // "Updated: <unreadable>" is reported; "Updated figures show…" without a colon is prose.
    if ((m = UPDATED_LINE.exec(text)) && /\d/.test(m[1]) && text.length <= 80 && (text.includes(':') || parseDateline(m[1], defaultZone))) {
      const d = parseDateline(m[1], defaultZone);
      if (!d) out.warnings.push(`could not read the date of ${JSON.stringify(text)}`);
      else {
        if (out.updatedAt === null) out.updatedAt = d.iso;
        if (d.zoneAssumed) out.warnings.push(`no time zone in ${JSON.stringify(text)}: read as ${defaultZone}`);
      }
      return 'date';
    }
    if ((m = PUBLISHED_LINE.exec(text)) && /\d/.test(m[1]) && text.length <= 80 && (text.includes(':') || parseDateline(m[1], defaultZone))) {
      if (!dateline(m[1], text)) out.warnings.push(`could not read the date of ${JSON.stringify(text)}`);
      return 'date';
    }
    if (text.length <= 60 && dateline(text, text)) return 'date';
    if (inHeader) {
      if ((m = SECTION_LINE.exec(text))) {
        out.section ??= m[1].trim();
        return 'section';
      }
      if ((m = BYLINE_LINE.exec(text))) {
        const names = splitNames(m[1]);
        if (names) {
          if (out.authors.length === 0) out.authors = names;
          return 'byline';
        }
      }
    }
    return null;
  };
  const dateline = (value: string, text: string): boolean => {
    const d = parseDateline(value, defaultZone);
    if (!d) return false;
    if (out.publishedAt === null) {
      out.publishedAt = d.iso;
      if (d.zoneAssumed) out.warnings.push(`no time zone in ${JSON.stringify(text)}: read as ${defaultZone}`);
    }
    return true;
  };

  // Title: the first line that is not furniture.
  let i = 0;
  while (i < lines.length && (lines[i] === '' || isFurniture(lines[i]))) {
    if (lines[i]) out.removed.push(lines[i]);
    i++;
  }
  if (i >= lines.length) {
    out.warnings.push('no text');
    return out;
  }
  out.title = lines[i];
  out.slug = slugify(out.title);
  i++;

  // Header.
  let previousMeta = -2; // index of the last metadata line
  let afterDateline = false;
  let bodyStart = lines.length;
  for (; i < lines.length; i++) {
    const text = lines[i];
    if (text === '') continue;
    // "By Jane Doe | June 18, 2024 2:31 PM CET": metadata sharing one line.
    const parts = text.split(/\s+[|·•]\s+/);
    const kind = parts.length > 1 && parts.every(isMetaShaped) ? parts.map((part) => meta(part, true)).find((k) => k === 'date') ?? 'byline' : meta(text, true);
    if (kind === 'furniture') continue;
    if (kind) {
      previousMeta = i;
      afterDateline = kind === 'date';
      continue;
    }
    if (afterDateline && out.section === null && isSectionShaped(text)) {
      out.section = text;
      previousMeta = i;
      afterDateline = false;
      continue;
    }
    afterDateline = false;
    if (out.dek === null && text.length <= 320 && isDek(i)) {
      out.dek = text;
      continue;
    }
    bodyStart = i;
    break;
  }

  function isDek(at: number): boolean {
    const touches = (!blank(at - 1) && previousMeta === at - 1) || (!blank(at + 1) && isMetaShaped(lines[at + 1]));
    if (touches) return true;
    // More metadata follows before the next prose line, or only furniture separates it from the body.
    let sawFurniture = false;
    for (let j = at + 1; j < lines.length; j++) {
      const t = lines[j];
      if (t === '') continue;
      if (isFurniture(t)) {
        sawFurniture = true;
        continue;
      }
      if (isMetaShaped(t)) return true;
      return sawFurniture;
    }
    return false;
  }
  function isMetaShaped(text: string): boolean {
    return (
      CREDIT_LINE.test(text) ||
      CAPTION_LINE.test(text) ||
      (BYLINE_LINE.test(text) && splitNames(BYLINE_LINE.exec(text)![1]) !== null) ||
      (/^(?:last\s+)?updated\b[^:]{0,12}:/i.test(text) && /\d/.test(text) && text.length <= 80) ||
      (text.length <= 80 && parseDateline(text.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1'), defaultZone) !== null)
    );
  }

  // Body: paragraphs from runs of lines; metadata lines anywhere are taken out.
  const paragraphs: string[] = [];
  let current: Line | null = null;
  for (let j = bodyStart; j < lines.length; j++) {
    const text = lines[j];
    if (text === '') {
      if (current) paragraphs.push(current.text);
      current = null;
      continue;
    }
    if (meta(text, false) !== null) {
      if (current) paragraphs.push(current.text);
      current = null;
      continue;
    }
    // A line that continues the previous one (hard-wrapped text) joins it.
    if (current && !TERMINAL.test(current.text) && (/^\p{Ll}/u.test(text) || current.text.length >= 50)) {
      current.text += ` ${text}`;
      continue;
    }
    if (current) paragraphs.push(current.text);
    current = { text, index: j };
  }
  if (current) paragraphs.push(current.text);

  // The section word repeated at the end of the page is furniture.
  while (paragraphs.length && out.section && paragraphs[paragraphs.length - 1].toLowerCase() === out.section.toLowerCase()) {
    out.removed.push(paragraphs.pop()!);
  }

  out.blocks = paragraphs.map((text, k) => ({
    type:
      k > 0 && k < paragraphs.length - 1 && isHeadingShaped(text) && !isHeadingShaped(paragraphs[k - 1]) && !isHeadingShaped(paragraphs[k + 1])
        ? 'subheading'
        : 'paragraph',
    text,
  }));

  out.sourceAttribution = sourceOf(out.blocks);
  if (image.url !== null || image.caption !== null || image.credit !== null) out.image = image;

  if (!out.authors.length) out.warnings.push('no byline ("By NAME" or "Written by NAME")');
  if (!out.publishedAt) out.warnings.push('no dateline: publishedAt is unknown');
  if (!out.section) out.warnings.push('no section');
  if (!out.blocks.length) out.warnings.push('no body');
  return out;
}

/** "Jane Doe and John Roe", "A, B and C", "A & B" → names; `null` when any part does not look like a name. */
export function splitNames(list: string): string[] | null {
  const names = list
    .replace(/\s*[|,]\s*(?:Reuters|AP|AFP|Bloomberg|staff writer|correspondent)\s*$/i, '')
    .split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length) return null;
  const word = /^(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|da|del|di|la|le|al|bin|ibn)$/u;
  for (const name of names) {
    const words = name.split(' ');
    if (words.length > 5 || !/^\p{Lu}/u.test(name) || !words.every((w) => word.test(w))) return null;
  }
  return names;
}

/** A section label: one to three capitalised words, nothing else. */
function isSectionShaped(text: string): boolean {
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
function sourceOf(blocks: Block[]): string | null {
  const first = blocks.find((b) => b.type === 'paragraph');
  const wire = first && WIRE_DATELINE.exec(first.text);
  if (wire) return wire[1];
  for (const b of blocks) {
    const m = ACRONYM_SOURCE.exec(b.text) ?? OUTLET_SOURCE.exec(b.text);
    if (m) return m[1];
  }
  return null;
}
