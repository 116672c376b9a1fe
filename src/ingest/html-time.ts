/**
 * The time a page's markup declares, checked against the times the page prints
 * by its headline with a zone: the printed ones are what the newsroom sees and
 * signs, the markup what its software wrote, with the software's usual slips.
 * Pure (a DOM in, ISO instants out).
 *
 * - A clock labelled UTC that is local time: the markup writes "14:50" without a
 *   zone, or as UTC (`Z`, `+00:00`), and the page prints "2:50PM ET": the
 *   markup's clock is read in the printed zone.
 * - The daylight-saving hour: a `<time datetime>` whose own text prints the time
 *   an hour apart, in the zone its offset names, with the abbreviation right for
 *   the date ("10:44 am PST" in January, the attribute "11:44-08:00": the
 *   printed instant at the summer offset, labelled the winter one): the text.
 * - A modification time declared as the publication: the page prints "First
 *   published …" earlier than the markup; or "Published/Posted …" earlier, and
 *   the markup looks like the update (it equals the declared modification time
 *   or a printed "Updated …", or the line that says "Posted" also says
 *   "Updated"). The printed time is the publication, the markup's the update.
 */
import { findDateline, parseDateline, ZONE_OFFSETS, zoneOffset } from './dates';
import { pageLines } from './html-print';

/** A time printed with a zone, and what the page says it is. */
export interface PrintedStamp {
  iso: string;
  /** The zone as printed: "ET", "PST", "+01:00". */
  zone: string;
  label: 'first' | 'published' | 'updated' | null;
  /** Its line also says the story was updated ("Posted: … | Last Updated: 24 minutes ago"). */
  updatedToo: boolean;
}

const L = (words: string) => new RegExp(`(?<![\\p{L}])(?:${words})(?![\\p{L}])`, 'iu');
const FIRST = L('(?:first|originally) (?:published|posted)|publié pour la première fois|erstmals veröffentlicht|publicado originalmente');
const UPDATED = L('updated|modified|mis à jour|aktualisiert|actualizado|atualizado|aggiornato');
const PUBLISHED = L('published|posted|publié|publicado|veröffentlicht|pubblicato');

const labelOf = (text: string): PrintedStamp['label'] =>
  FIRST.test(text) ? 'first' : UPDATED.test(text) ? 'updated' : PUBLISHED.test(text) ? 'published' : null;

/** The times with a clock and a zone that lines print, each with the label before it (on its line, or the line before). */
export function stampsIn(lines: string[], zone = 'UTC'): PrintedStamp[] {
  const out: PrintedStamp[] = [];
  lines.forEach((line, k) => {
    if (line.length > 200) return;
    let rest = line;
    for (let d = findDateline(rest, zone); d; d = findDateline(rest, zone)) {
      const opens = rest === line;
      const lead = rest.slice(0, d.start);
      const written = rest.slice(d.start, d.end);
      rest = rest.slice(d.end);
      // A clock, not a numeric date's "29.11"; and a zone the page wrote.
      if (d.zoneAssumed || !/\d[:.]\d{2}(?![.\d])/.test(written.replace(/^\d{4}-\d{2}-\d{2}/, ''))) continue;
      // A label alone on the line before: "Published" / "Oct 14, 2022 9:27 AM ET".
      const label = labelOf(!opens || /\p{L}/u.test(lead) || k === 0 || lines[k - 1].length > 30 ? lead : lines[k - 1]);
      out.push({ iso: d.iso, zone: d.zone, label, updatedToo: UPDATED.test(line) });
    }
  });
  return out;
}

/** The stamps printed by the headline: the 10 lines before it and the 80 after, an <aside> column of metadata included. */
export function printedStamps(document: Document, title: string, zone = 'UTC'): PrintedStamp[] {
  if (!title) return [];
  const lines = pageLines(document, true);
  const at = lines.indexOf(title.replace(/\s+/g, ' ').trim());
  return at < 0 ? [] : stampsIn(lines.slice(Math.max(0, at - 10), at + 81), zone);
}

/** Abbreviations of zones with summer time: the zone whose offset the date decides, and whether this is its summer name. */
const SEASONAL: Readonly<Record<string, [string, boolean]>> = {
  EST: ['ET', false],
  EDT: ['ET', true],
  CST: ['CT', false],
  CDT: ['CT', true],
  MST: ['MT', false],
  MDT: ['MT', true],
  PST: ['PT', false],
  PDT: ['PT', true],
  GMT: ['WET/WEST', false],
  BST: ['WET/WEST', true],
  WET: ['WET/WEST', false],
  WEST: ['WET/WEST', true],
  CET: ['CET/CEST', false],
  CEST: ['CET/CEST', true],
  EET: ['EET/EEST', false],
  EEST: ['EET/EEST', true],
};

const same = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) < 60_000;
const HOUR = 3_600_000;

export interface Checked {
  iso: string;
  /** How the printed time changed it, for the report; `null` when it did not. */
  why: string | null;
  /** The markup's time when it turned out to be the update. */
  updatedAt: string | null;
}

/**
 * The publication instant, the markup's (`raw` as written, `iso` as read)
 * checked against the stamps the page prints (`stamps`), those its element
 * prints (`own`: a `<time>`'s text) and the declared modification time.
 */
export function checkMarkupTime(
  markup: { raw: string; iso: string },
  stamps: PrintedStamp[],
  own: PrintedStamp[],
  modified: string | null,
): Checked {
  let { iso } = markup;
  const whys: string[] = [];
  const raw = markup.raw.trim();
  // Local time labelled UTC, or written without a zone: the clock is read in the zone the page prints it with.
  const clock = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(?:Z|[+-]00:?00|UTC|GMT)?$/i.exec(raw);
  if (clock)
    for (const s of [...own, ...stamps]) {
      const reread = parseDateline(`${clock[1]}T${clock[2]} ${s.zone}`)?.iso;
      if (reread && !same(reread, iso) && same(reread, s.iso)) {
        iso = reread;
        whys.push(`its clock in the printed zone (${s.zone})`);
        break;
      }
    }
  // The daylight-saving hour: the element prints, in the zone of the attribute's offset and rightly named for the
  // date, the time an hour before (a winter name) or after (a summer name) the attribute's.
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(raw);
  if (offset && !whys.length)
    for (const s of own) {
      const seasonal = SEASONAL[s.zone.toUpperCase()];
      const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
      if (!seasonal || ZONE_OFFSETS[s.zone.toUpperCase()] !== minutes || minutes === 0) continue;
      const local = new Date(Date.parse(s.iso) + minutes * 60_000);
      const day = { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), h: local.getUTCHours() };
      if (zoneOffset(seasonal[0], day) !== minutes) continue;
      if (Math.abs(Date.parse(iso) - Date.parse(s.iso) - (seasonal[1] ? -HOUR : HOUR)) < 60_000) {
        iso = s.iso;
        whys.push(`the time its element prints (${s.zone}; the attribute is an hour off)`);
        break;
      }
    }
  // A later markup time is the update: "First published" says so; "Published"/"Posted" with a sign the markup is the update.
  const earlier = (s: PrintedStamp | undefined) => s && Date.parse(iso) - Date.parse(s.iso) >= 60_000;
  const first = stamps.find((s) => s.label === 'first');
  const posted = [...own, ...stamps].find((s) => s.label === 'published');
  const revised =
    (modified !== null && same(modified, iso)) || stamps.some((s) => s.label === 'updated' && same(s.iso, iso)) || posted?.updatedToo;
  const pick = earlier(first) ? first : earlier(posted) && revised ? posted : undefined;
  if (pick) {
    whys.push(`the printed "${pick.label === 'first' ? 'first published' : 'published'}" time (the markup's is the update)`);
    return { iso: pick.iso, why: whys.join('; '), updatedAt: iso };
  }
  return { iso, why: whys.length ? whys.join('; ') : null, updatedAt: null };
}
