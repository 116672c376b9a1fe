import { americanClock, parseDateline, zoneForText } from './dates';
import { dayOrderForText } from './day-order';
import { chooseTitle } from './headline';
import { metaShapes, takeFirstPublished } from './parse-meta';
import { BODY_END, breadcrumbSection, CAPTION_TAIL, isFurnitureLine, isProseLine, stripBullet } from './page';
import { dateFromRelative } from './relative';
import { slugify } from './slug';
import {
  type ParsedArticle,
  type ParseOptions,
  emptyArticle,
  FURNITURE,
  CREDIT_LINE,
  CAPTION_LINE,
  TRAILER_LINE,
  BYLINE_LINE,
  OUTLETS,
  bylineNames,
  DESK_LINE,
  EDITOR_LINE,
  hanCredits,
  hanNames,
  isBareName,
  bareNames,
  unglue,
  UPDATED_LINE,
  PUBLISHED_LINE,
  SOURCE_LINE,
  SECTION_LINE,
  WIRE_DATELINE,
  TERMINAL,
  type Line,
  type MetaKind,
  agencyNames,
  splitNames,
  isSectionShaped,
  isHeadingShaped,
  joinBylineLabels,
  RELATIVE_DATE,
  sourceOf,
} from './parse-lines';

export type { ParsedArticle, ParseOptions } from './parse-lines';
export { isHeadingShaped, splitNames } from './parse-lines';

export function parseArticle(raw: string, options: ParseOptions = {}): ParsedArticle {
  // No zone given: a Japanese, Korean, Chinese or German text tells its own.
  const defaultZone = options.defaultZone ?? zoneForText(raw) ?? 'UTC';
  // No order given: an English text that says it is American (a clock in a US zone, "US Edition") reads "11.03.17" month first.
  const order = options.dateOrder ?? dayOrderForText(raw);
  // A zone-less time written the American way ("December 16, 2016, 4:19 PM", "12/16/16 12:21pm") is US Eastern,
  // unless the caller gave the zone.
  const parseDate = (text: string) => {
    const d = parseDateline(text, defaultZone, order);
    return d?.zoneAssumed && options.defaultZone === undefined && americanClock(text) ? parseDateline(text, 'ET', order) : d;
  };
  const lines = joinBylineLabels(
    raw
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => stripBullet(unglue(l.replace(/[\u00a0\u200b\t ]+/g, ' ').trim()))),
  );

  const out = emptyArticle();
  let declaredSource: string | null = null;
  // Names read from a bare line ("Jane Doe" by the date) give way to a byline that says "By".
  let bareAuthors = false;
  const image = { url: null as string | null, caption: null as string | null, credit: null as string | null };
  const isFurniture = (text: string) => FURNITURE.some((re) => re.test(text)) || isFurnitureLine(text);
  const { splitMeta, isMetaShaped } = metaShapes(parseDate, isFurniture, defaultZone, order);
  const blank = (i: number) => i < 0 || i >= lines.length || lines[i] === '';

  /** Takes in a metadata line wherever it appears and says what it was; `null` when it is not metadata. */
  const meta = (text: string, inHeader: boolean): MetaKind | null => {
    if (isFurniture(text)) return (out.removed.push(text), 'furniture');
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
    if ((m = CAPTION_TAIL.exec(text))) {
      if (image.caption === null && image.credit === null) {
        image.caption = m[1].trim() || null;
        image.credit = (m[2] ?? m[3] ?? m[4]).trim();
      } else out.removed.push(text);
      return 'caption';
    }
    // "Updated: <unreadable>" is reported; "Updated figures show…" without a colon is prose.
    if ((m = UPDATED_LINE.exec(text)) && /\d/.test(m[1]) && text.length <= 80 && (text.includes(':') || parseDate(m[1]))) {
      const d = parseDate(m[1]);
      if (!d) out.warnings.push(`could not read the date of ${JSON.stringify(text)}`);
      else {
        if (out.updatedAt === null) out.updatedAt = d.iso;
        if (d.zoneAssumed) out.warnings.push(`no time zone in ${JSON.stringify(text)}: read as ${d.zone}`);
      }
      return 'date';
    }
    if ((m = PUBLISHED_LINE.exec(text)) && /\d/.test(m[1]) && text.length <= 80 && (text.includes(':') || parseDate(m[1]))) {
      if (!dateline(m[1], text)) out.warnings.push(`could not read the date of ${JSON.stringify(text)}`);
      return 'date';
    }
    if (text.length <= 60 && (dateline(text, text) || RELATIVE_DATE.test(text))) return 'date';
    if (inHeader) {
      if ((m = SOURCE_LINE.exec(text))) {
        declaredSource ??= m[1].trim();
        return 'section';
      }
      if ((m = SECTION_LINE.exec(text))) {
        out.section ??= m[1].trim();
        return 'section';
      }
      // Chinese credits ("来源：Outlet作者：NAME责任编辑：NAME"), and an editor's credit, the byline where no writer is named.
      const han = text.length <= 120 ? hanCredits(text) : null;
      if (han) {
        if (han.source) declaredSource ??= han.source;
        if (han.authors && (out.authors.length === 0 || bareAuthors)) [out.authors, bareAuthors] = [han.authors, false];
        else if (han.editors && (out.authors.length === 0 || bareAuthors)) [out.authors, bareAuthors] = [han.editors, true];
        return han.authors || han.editors ? 'byline' : 'section';
      }
      if ((m = EDITOR_LINE.exec(text)) && text.length <= 100) {
        const names = bylineNames(m[1]) ?? hanNames(m[1]);
        if (names) {
          if (out.authors.length === 0 || bareAuthors) [out.authors, bareAuthors] = [names, true];
          return 'byline';
        }
      }
      if ((m = DESK_LINE.exec(text)) && text.length <= 60) {
        if (out.authors.length === 0 || bareAuthors) [out.authors, bareAuthors] = [[m[1].replace(/^the\s+/i, '').trim()], false];
        return 'byline';
      }
      if ((m = BYLINE_LINE.exec(text))) {
        const names = bylineNames(m[1]);
        if (names) {
          if (out.authors.length === 0 || bareAuthors) [out.authors, bareAuthors] = [names, false];
          return 'byline';
        }
      }
    }
    return null;
  };
  const dateline = (value: string, text: string): boolean => {
    const d = parseDate(value);
    if (!d) return false;
    if (out.publishedAt === null) {
      out.publishedAt = d.iso;
      if (d.zoneAssumed) out.warnings.push(`no time zone in ${JSON.stringify(text)}: read as ${d.zone}`);
    }
    return true;
  };

  // Title: the headline, which real pages print after their furniture (menus, clocks, breadcrumbs).
  const titleAt = chooseTitle(
    lines,
    (t) => isFurniture(t),
    (t) => isMetaShaped(t) || RELATIVE_DATE.test(t) || splitMeta(t) !== null,
    options.slugWords,
    (t) => isBareName(t) && t.split(' ').length <= 8,
  );
  if (titleAt < 0) {
    out.warnings.push('no text');
    return out;
  }
  out.title = options.title ?? lines[titleAt];
  out.slug = slugify(out.title);
  const preHeader = lines.slice(0, titleAt);
  let i = titleAt + 1;

  // Header.
  let previousMeta = -2; // index of the last metadata line
  let afterDateline = false;
  let bodyStart = lines.length;
  for (; i < lines.length; i++) {
    const text = lines[i];
    if (text === '') continue;
    // "By Jane Doe | June 18, 2024 2:31 PM CET": metadata sharing one line.
    const parts = splitMeta(text);
    const kind = parts ? (parts.map((part) => metaOrName(part)).find((k) => k === 'date') ?? 'byline') : meta(text, true);
    if (text === out.title) {
      out.removed.push(text);
      continue;
    }
    if (kind === 'furniture') continue;
    if (kind) {
      previousMeta = i;
      afterDateline = kind === 'date';
      continue;
    }
    const crumb = breadcrumbSection(text);
    if (crumb) {
      out.section ??= crumb;
      continue;
    }
    // A name alone just above the date, or the byline's place: "Lilit Grigoryan" / "09 Jan 2025"; so is a wire agency's.
    if (out.authors.length === 0 && (isBareName(text) || agencyNames(text)) && nextIsDate(i)) {
      [out.authors, bareAuthors] = [agencyNames(text) ?? bareNames(text)!, true];
      previousMeta = i;
      continue;
    }
    // The name (or a wire agency) just under the date: "June 18, 2024 3:33 PM ET" / "Jane Doe".
    if (out.authors.length === 0 && afterDateline && (isBareName(text) || agencyNames(text))) {
      [out.authors, bareAuthors] = [agencyNames(text) ?? bareNames(text)!, true];
      previousMeta = i;
      continue;
    }
    if ((afterDateline || previousMeta === i - 1) && out.section === null && isSectionShaped(text)) {
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
    // More metadata follows before the next prose line.
    for (let j = at + 1; j < lines.length; j++) {
      const t = lines[j];
      if (t === '' || isFurniture(t)) continue;
      return isMetaShaped(t) || (isBareName(t) && nextIsDate(j)) || (t.length <= 160 && splitMeta(t) !== null);
    }
    return false;
  }
  function metaOrName(part: string): MetaKind | null {
    const kind = meta(part, true);
    if (kind === null && out.authors.length === 0 && isBareName(part)) [out.authors, bareAuthors] = [bareNames(part)!, true];
    return kind;
  }
  function pictureCreditNext(at: number): boolean {
    const next = lines.find((t, k) => k > at && t !== '');
    return next !== undefined && (CREDIT_LINE.test(next) || /^(?:©|\(c\)\s|(?:foto|bild|crédit|credit)\s*:)/i.test(next));
  }
  function nextIsDate(at: number, skipLabel = true): boolean {
    const j = lines.findIndex((t, k) => k > at && t !== '');
    const next = j < 0 ? undefined : lines[j];
    // "Jane Doe" / "Science" / "Sep 30, 2016 7:00 AM": a section's name may sit between the byline and its date.
    // Or the agency the story came from: "Jane Doe" / "Associated Press" / "December 2, 2016".
    const label = next !== undefined && ((next.length <= 20 && /^\p{Lu}\p{Ll}+$/u.test(next)) || OUTLETS.includes(next));
    if (skipLabel && label && nextIsDate(j, false)) return true;
    return (
      next !== undefined &&
      (RELATIVE_DATE.test(next) ||
        parseDate(next.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1')) !== null ||
        (splitMeta(next)?.some((p) => parseDate(p.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1'))) ?? false))
    );
  }

  // The date alone above the headline (no byline with it there, which the lines above the headline give).
  const [byAbove, lastAbove] = preHeader.filter((t) => t !== '' && !isFurniture(t)).slice(-2);
  const dateAbove =
    lastAbove !== undefined &&
    parseDate(lastAbove) !== null &&
    !(byAbove !== undefined && (isBareName(byAbove.replace(/\/$/, '')) || BYLINE_LINE.test(byAbove)));
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
    if ((paragraphs.length || current) && BODY_END.some((re) => re.test(text))) {
      // The story ends here: what follows is the page's (related headlines, comments, videos).
      out.removed.push(...lines.slice(j).filter((l) => l !== ''));
      break;
    }
    if (text === out.title) {
      out.removed.push(text);
      continue;
    }
    // A byline or date printed below the lead image and its caption, before the story's first paragraphs, is still
    // the story's; further down, such lines are only taken out.
    const early = paragraphs.filter((t) => isProseLine(t)).length + (current && isProseLine(current.text) ? 1 : 0) < 2;
    // "Jane Doe" or "Jane Doe · The Daily ·" just above the date: the byline's name (and the outlet after it).
    if (early && out.authors.length === 0 && nextIsDate(j)) {
      const first = text.split(/\s*[|·•]\s*/)[0];
      if (isBareName(first)) {
        [out.authors, bareAuthors] = [splitNames(first)!, true];
        if (current) paragraphs.push(current.text);
        current = null;
        continue;
      }
    }
    // The date just above the headline, a name alone under the headline or its dek: "date" / headline / dek / "Jane Doe".
    if (early && out.authors.length === 0 && !current && j <= titleAt + 6 && dateAbove && isBareName(text)) {
      [out.authors, bareAuthors] = [bareNames(text)!, true];
      continue;
    }
    // "Jane Doe" alone over the lead picture's credit ("© Agency", "Photo: …"): the byline under the dek.
    if (early && out.authors.length === 0 && !current && isBareName(text) && blank(j + 1) && pictureCreditNext(j)) {
      [out.authors, bareAuthors] = [bareNames(text)!, true];
      continue;
    }
    const parts = text.length <= 120 ? splitMeta(text) : null;
    if (parts && early) parts.forEach((p) => metaOrName(p));
    if (parts || meta(text, early && out.authors.length === 0) !== null) {
      if (current) paragraphs.push(current.text);
      current = null;
      continue;
    }
    // A line that continues the previous one (hard-wrapped text) joins it; a
    // capitalised line does not, however long the previous one (menus, headlines).
    if (current && !TERMINAL.test(current.text) && /^\p{Ll}/u.test(text)) {
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
      k > 0 &&
      k < paragraphs.length - 1 &&
      isHeadingShaped(text) &&
      !isHeadingShaped(paragraphs[k - 1]) &&
      !isHeadingShaped(paragraphs[k + 1])
        ? 'subheading'
        : 'paragraph',
    text,
  }));

  // What came before the headline: a kicker (section), a byline or a date printed above it.
  for (const [k, text] of preHeader.entries()) {
    if (text === '') continue;
    const before = out.removed.length;
    const authors: [string[], boolean] = [out.authors, bareAuthors];
    const parts = splitMeta(text);
    let kind = parts ? (parts.forEach((p) => metaOrName(p)), 'byline') : isFurniture(text) ? null : meta(text, true);
    // A byline above the headline sits just above it; further up, a "Desk" is a menu's ("Help Desk").
    if (preHeader.slice(k + 1).filter((t) => t !== '' && !isFurniture(t)).length > 3) [out.authors, bareAuthors] = authors;
    // "Jane Doe/" above the date, both above the headline.
    if (!kind && out.authors.length === 0 && isBareName(text) && nextIsDate(k)) {
      [out.authors, bareAuthors] = [bareNames(text)!, true];
      kind = 'byline';
    }
    out.removed.splice(before);
    const crumb = breadcrumbSection(text);
    if (crumb) out.section ??= crumb;
    if (kind) continue;
    const next = preHeader.slice(k + 1).find((t) => t !== '');
    if (out.section === null && next === undefined && !isFurniture(text) && isSectionShaped(text)) out.section = text;
    else out.removed.push(text);
  }

  out.sourceAttribution = sourceOf(out.blocks) ?? declaredSource;
  const first = out.blocks.find((b) => b.type === 'paragraph');
  out.wireCredit = (first && WIRE_DATELINE.exec(first.text)?.[1]) ?? null;
  if (image.url !== null || image.caption !== null || image.credit !== null) out.image = image;

  if (!out.authors.length) out.warnings.push('no byline ("By NAME" or "Written by NAME")');
  takeFirstPublished(out, lines, parseDate);
  if (!out.publishedAt) dateFromRelative(out, lines, titleAt, defaultZone, parseDate);
  if (!out.section) out.warnings.push('no section');
  if (!out.blocks.length) out.warnings.push('no body');
  return out;
}
