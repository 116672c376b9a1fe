// The real-page evaluation's rules for "the copied text carries this value"
// (src/ingest/real-score.ts): each rule, both ways, on invented text.
import { describe, expect, it } from 'vitest';
import { authorsCarried, dateCarried, timeCarried, titleCarried, titleRight } from '../src/ingest/real-score';

const page = (lines: string[]) => lines.join('\n\n');

describe('title carried', () => {
  it('a line that is the title, quotes and dashes normalised, or the title with the site after a separator', () => {
    expect(titleCarried(page(['Menu', '“Bridge” Reopens — After Two Years', 'Body.']), '"Bridge" Reopens - After Two Years')).toBe(true);
    expect(titleCarried(page(['Bridge Reopens After Two Years | Springfield Daily']), 'Bridge Reopens After Two Years')).toBe(true);
    // The corpus's title carries the site's name, the page prints the headline alone.
    expect(titleCarried(page(['Bridge Reopens After Two Years']), 'Bridge Reopens After Two Years - Springfield Daily')).toBe(true);
  });

  it('a kicker and its headline on two lines in a row read as one', () => {
    expect(titleCarried(page(['Jane Doe’s', 'Bridge Reopens -- At Last!']), "Jane Doe's Bridge Reopens -- At Last!")).toBe(true);
  });

  it('not carried: a title the page never prints (an SEO title), nor its tail after a colon inside another sentence', () => {
    expect(titleCarried(page(['Why the Old Bridge Matters', 'Body text.']), 'The Bridge Nobody Wanted')).toBe(false);
    const printed = page(['The council voted. It is the bridge moment for the town, the mayor said.']);
    // The scorer would take "the bridge moment for the town" as the title without its "Site:"-like head…
    expect(titleRight('the bridge moment for the town', 'Bridge hands-on: the bridge moment for the town')).toBe(true);
    // …but words running on inside a sentence are not a printed title.
    expect(titleCarried(printed, 'Bridge hands-on: the bridge moment for the town')).toBe(false);
    // A headline printed with other words than the corpus's: not carried.
    expect(titleCarried(page(['Bridge Reopens ... At Last!!!!']), 'Bridge Reopens -- At Last!!!')).toBe(false);
  });
});

describe('authors carried', () => {
  it('every name in the text, case and dots aside', () => {
    expect(authorsCarried('BY JANE DOE AND JOHN Q. ROE\n\nBody.', ['Jane Doe', 'John Q Roe'])).toBe(true);
  });
  it('not carried: one name missing, or a name only inside a longer word', () => {
    expect(authorsCarried('By Jane Doe\n\nBody.', ['Jane Doe', 'John Roe'])).toBe(false);
    expect(authorsCarried('Staffing news from Annapolis', ['Ann'])).toBe(false);
  });
});

describe('date carried', () => {
  it('the expected year as four digits (full-width too, or glued to a clock), or a numeric date with its two-digit year', () => {
    expect(dateCarried('Published March 3, 2024', '2024-03-03T15:15:00Z')).toBe(true);
    expect(dateCarried('２０２４年３月３日', '2024-03-03')).toBe(true);
    expect(dateCarried('Published Tue, Mar 3 202410:32 AM EST', '2024-03-03T15:32:00Z')).toBe(true);
    expect(dateCarried('Posted 3/3/24 10:15 AM', '2024-03-03T15:15:00Z')).toBe(true);
  });
  it('not carried: no year of the date anywhere (another year, or the year inside a longer number)', () => {
    expect(dateCarried('Updated\n\nThe council will vote again in 2025. It has 120240 members.', '2024-03-03T15:15:00Z')).toBe(false);
  });
});

describe('time carried', () => {
  it('a clock with the expected minutes: 12- or 24-hour, ":", "." or "h", "PM" glued on, a half-hour zone', () => {
    expect(timeCarried('March 3, 2024 10:15 AM EST', '2024-03-03T15:15:00Z')).toBe(true);
    expect(timeCarried('Sun 3 Mar 2024 07.46 EST', '2024-03-03T12:46:00Z')).toBe(true);
    expect(timeCarried('Publié le 3 mars 2024 à 13h59', '2024-03-03T12:59:00Z')).toBe(true);
    expect(timeCarried('March 3, 2024 2:50PM ET', '2024-03-03T19:50:00Z')).toBe(true);
    // 10:45 in India (+05:30) is 05:15 UTC.
    expect(timeCarried('3 March 2024, 10:45 IST', '2024-03-03T05:15:00Z')).toBe(true);
  });
  it('not carried: only a day printed, other minutes, a price or a percentage, or no date', () => {
    expect(timeCarried('March 3, 2024', '2024-03-03T15:15:00Z')).toBe(false);
    expect(timeCarried('March 3, 2024 10:22 AM EST', '2024-03-03T15:15:00Z')).toBe(false);
    expect(timeCarried('March 3, 2024. Shares rose 1.15% to $3.15', '2024-03-03T15:15:00Z')).toBe(false);
    expect(timeCarried('Posted 10:15 AM', '2024-03-03T15:15:00Z')).toBe(false);
    expect(timeCarried('March 3, 2024 10:15 AM', '2024-03-03')).toBe(false);
  });
});
