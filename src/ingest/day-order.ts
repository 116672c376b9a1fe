/**
 * The day/month order a pasted page's all-numeric dates are in, when the caller
 * gives none. Pure.
 *
 * "11.03.17" is 11 March to most of the world and November 3 to the United
 * States; only the page can tell which. An English text that says it is
 * American is read month first:
 * - a clock carries a US zone ("05:07 AM EDT", "4:19 PM ET", "10:02 PST");
 * - or the page names itself its US edition (a line "US Edition") and no other
 *   country's or region's edition (a switcher listing them all tells nothing).
 * A month written first ("April 7, 2020") and a 12-hour clock do not tell: Indian
 * and Australian outlets print both ("April 07, 2020 03:49 pm IST") and write
 * their numeric dates day first. A quoted post's line ("— Jane Doe (@janedoe)
 * …") is not the page's, and a date written day first ("3 November 2017")
 * anywhere else outweighs a US sign: the order is month first only when the
 * US signs outnumber such dates. Any other text, and a text in another
 * language, is read day first.
 */
import type { DayMonthOrder } from './dates';

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY_FIRST = new RegExp(`(?<!\\d)\\d{1,2}(?:st|nd|rd|th)?\\.?\\s+${MONTH}\\.?,?\\s+(?:19|20)\\d{2}(?!\\d)`, 'gu');
const US_ZONE = /(?<!\d)\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:ET|CT|MT|PT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)(?![\p{L}])/gu;
/** "US Edition", "UK edition", "International Edition": an edition of a country or region ("Digital Edition" is none). */
const EDITION =
  /^(us|u\.s\.|uk|u\.k\.|australian?|international|canad(?:a|ian)|india|europe(?:an)?|asia|global|africa|middle east)\s+edition$/i;
/** Words English writes at every turn; a page of menus has fewer of them than prose, a page in another language hardly any. */
const ENGLISH = /(?<![\p{L}])(?:the|and|of|to|is|that|for|with|are|this)(?![\p{L}])/giu;
/** A quoted post's attribution: "— Jane Doe (@janedoe) June 7, 2016". */
const QUOTED_POST = /\(@\w+\)/;

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** `MDY` for an English text that says it is American (see above), else `DMY`. */
export function dayOrderForText(text: string): DayMonthOrder {
  const english = count(text, ENGLISH);
  if (english < 20 || english < 0.05 * count(text, /\p{L}+/gu)) return 'DMY';
  const lines = text.split('\n').map((l) => l.trim());
  const own = lines.filter((l) => !QUOTED_POST.test(l)).join('\n');
  const editions = new Set(lines.map((l) => EDITION.exec(l)?.[1].replace(/\./g, '').toLowerCase()).filter((e) => e !== undefined));
  const us = count(own, US_ZONE) + (editions.size === 1 && editions.has('us') ? 1 : 0);
  return us > 0 && us > count(own, DAY_FIRST) ? 'MDY' : 'DMY';
}
