/**
 * Lines of metadata as pages print them, for the parser (./parse.ts): one
 * piece (a byline, a date, a credit) or several sharing a line. Pure.
 */
import { type DayMonthOrder, type Dateline, findDateline } from './dates';
import { CAPTION_TAIL } from './page';
import {
  BYLINE_LINE,
  bylineNames,
  CAPTION_LINE,
  CREDIT_LINE,
  DESK_LINE,
  EDITOR_LINE,
  hanCredits,
  isBareName,
  PUBLISHED_LINE,
  UPDATED_LINE,
} from './parse-lines';

export function metaShapes(
  parseDate: (text: string) => Dateline | null,
  isFurniture: (text: string) => boolean,
  defaultZone: string,
  order: DayMonthOrder,
) {
  /**
   * A line that is several pieces of metadata: split on "|", "•", "·" or a
   * dash ("By Jane Doe | 2 min read | 18 Jun 2024"), or a byline followed by
   * its date ("By Jane Doe 18 June 2024 14:17 AMT"). `null` when it is not.
   */
  function splitMeta(text: string): string[] | null {
    if (text.length > 160 || parseDate(text.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1'))) return null;
    const parts = text.split(/\s*[|·•]\s*|\s+\/\s+|\s+[-–—]\s+(?=\D)/).filter(Boolean);
    const dated = parts.some((p) => parseDate(p.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1')));
    // With a date among them, a name and an agency's code in capitals ("Jane Doe / TNN / Updated: …") are the byline's.
    if (parts.length > 1 && parts.every((p) => isMetaShaped(p) || isFurniture(p) || (dated && (isBareName(p) || /^\p{Lu}{2,5}$/u.test(p)))))
      return parts;
    // "Jane Doe · The Daily ·": a name, then the outlet or a role, each behind its bullet.
    const bullets = text.split(/\s*[|·•]\s*/).filter(Boolean);
    if (
      bullets.length > 1 &&
      /[|·•]\s*$/.test(text) &&
      isBareName(bullets[0]) &&
      bullets.slice(1).every((p) => p.split(/\s+/).length <= 4 && !/[.!?]/.test(p))
    )
      return bullets;
    const d = findDateline(text, defaultZone, order);
    if (d && d.start > 0) {
      const before = text.slice(0, d.start).replace(/[\s,;|–—-]+$/, '');
      const after = text.slice(d.end).replace(/^[\s,;|–—-]+/, '');
      const pieces = [before, text.slice(d.start, d.end), ...(after ? [after] : [])];
      // Or the outlet glued before a Chinese or Japanese date: "Outlet2016年10月14日07:17".
      const outlet = /^[\p{L}\p{N}]{1,12}$/u.test(before) && /年.*日/.test(text.slice(d.start, d.end));
      const beforeOk = isMetaShaped(before) || isBareName(before) || outlet || /^(?:published|posted|updated)(?:\s+on)?:?$/i.test(before);
      // What follows the date may be a button or label glued to it ("Tags", "Share", "Comments").
      const label = after.length <= 24 && after.split(/\s+/).length <= 3 && !/[.!?,;]/.test(after);
      if (beforeOk && (!after || isMetaShaped(after) || isFurniture(after) || label)) {
        if (/^updated/i.test(before)) return [`Updated: ${pieces[1]}`, ...pieces.slice(2)];
        return /^(?:published|posted)/i.test(before) ? pieces.slice(1) : pieces;
      }
    }
    // The date first, the byline after it: "2/26/2015 7:11 AM PST BY JANE DOE".
    if (d && d.start === 0 && d.end < text.length) {
      // The seconds of its time may follow ("09:58:03来源：…").
      const after = text
        .slice(d.end)
        .replace(/^:\d{2}(?!\d)/, '')
        .replace(/^[\s,;|–—-]+/, '');
      // Or the section it was filed in: "11.03.17 in Gadgetry".
      // Or labelled pieces: "2017-03-10 09:58 来源：Outlet", "12 May 2024 Source: Outlet".
      if (isMetaShaped(after) || /^in\s+\p{Lu}[\p{L}&' -]{1,30}$/u.test(after) || /^\p{L}{1,12}\s*[:：]\s*\S/u.test(after))
        return [text.slice(0, d.end), after];
    }
    return null;
  }
  function isMetaShaped(text: string): boolean {
    return (
      (DESK_LINE.test(text) && text.length <= 60) ||
      (EDITOR_LINE.test(text) && text.length <= 100) ||
      (hanCredits(text) !== null && text.length <= 120) ||
      CREDIT_LINE.test(text) ||
      CAPTION_LINE.test(text) ||
      (CAPTION_TAIL.test(text) && text.length <= 400) ||
      (BYLINE_LINE.test(text) && bylineNames(BYLINE_LINE.exec(text)![1]) !== null) ||
      (/^(?:last\s+)?updated\b[^:]{0,12}:/i.test(text) && /\d/.test(text) && text.length <= 80) ||
      (text.length <= 80 && parseDate(text.replace(UPDATED_LINE, '$1').replace(PUBLISHED_LINE, '$1')) !== null)
    );
  }
  return { splitMeta, isMetaShaped };
}

/**
 * "First published on Tue 29 Nov 2016 07.46 EST", "(New York) First published November 29, 2016: 3:33 AM ET": the
 * publication time, where the date by the byline or headline is the last update's. The story takes it as its
 * `publishedAt`, and the later date it had read as its `updatedAt` (unless an "Updated:" line gave one).
 */
export function takeFirstPublished(
  out: { publishedAt: string | null; updatedAt: string | null; warnings: string[] },
  lines: string[],
  parseDate: (text: string) => Dateline | null,
): void {
  for (const line of lines) {
    const m = line.length <= 120 ? /(?:^|\s)first published(?:\s+on)?\s*:?\s+(.{6,60})$/i.exec(line) : null;
    const d = m ? parseDate(m[1]) : null;
    if (!d) continue;
    if (out.publishedAt !== null && Date.parse(out.publishedAt) > Date.parse(d.iso)) out.updatedAt ??= out.publishedAt;
    if (out.publishedAt !== d.iso && d.zoneAssumed) out.warnings.push(`no time zone in ${JSON.stringify(line)}: read as ${d.zone}`);
    out.publishedAt = d.iso;
    return;
  }
}
