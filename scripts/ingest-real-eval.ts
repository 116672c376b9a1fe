/**
 * Ingestion's accuracy on real news pages nobody here wrote: a directory of
 * `.html` pages with `expected.json` (made by scripts/real-pages-data.ts from
 * public test corpora, kept outside this repository).
 *
 *   npx tsx scripts/ingest-real-eval.ts /work/realpages-data            # HTML and text, the table
 *   npx tsx scripts/ingest-real-eval.ts /work/realpages-data --failures # and what went wrong where
 *   npx tsx scripts/ingest-real-eval.ts /work/realpages-data --json     # per page, for diffs
 *
 * Each page is ingested as the CLI would: as HTML (`readHtml` then
 * `prepareArticle`), and as the text a reader gets by selecting the whole
 * page and copying it (its visible text, one line per block, fed to the text
 * parser), alone and with the address the page was saved from
 * (`--source-url`; only where the corpus records it, 62 of the 98 pages).
 * Fields scored, where the corpus gives a value:
 * - title: the corpus's title, quotes and spaces normalised; a site suffix
 *   either side carries (" | Site", " - Site", "_Site") is not held against it;
 * - authors: the byline's names, in any order, case and "By" aside;
 * - date: the publication day (in the zone the corpus wrote it, UTC if none);
 * - time: the instant, within a minute, where the corpus gives a time and zone;
 * - not refused: the story was accepted (had a title, a date and a body),
 *   scored on every page the corpus dates.
 * (The comparisons are in src/ingest/real-score.ts.)
 *
 * Two more columns score the copied text on the fields it carries only: a
 * field counts there when the copied text (the very text the parser gets)
 * holds the expected value, decided mechanically from that text and the value
 * (src/ingest/real-score.ts), never by a list of pages:
 * - title: a line, or two or three lines in a row read as one, is a title the
 *   scorer above accepts;
 * - authors: every expected name occurs as whole words, case and dots aside;
 * - date (and not refused): the text writes the expected year (four digits,
 *   or a numeric date's two-digit year): a copy without it prints no date;
 * - time: the date is carried and some clock in the text ("3:33", "07.46",
 *   "13h59", "2:50PM") has the expected instant's minutes in UTC, or those
 *   shifted by 30 or 45 (half- and quarter-hour zones).
 * `--failures` lists the values each copy does not carry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { catalogFromSeed } from '../src/ingest/evaluate';
import { authorsCarried, authorsRight, dateCarried, expectedDate, timeCarried, titleCarried, titleRight } from '../src/ingest/real-score';
import { readHtml } from '../src/ingest/html';
import { prepareArticle, type PreparedArticle } from '../src/ingest/input';
import { seed } from '../src/seed/data';
import type { RealExpected } from './real-pages-data';

const FIELDS = ['title', 'authors', 'date', 'time', 'not refused'] as const;
type Field = (typeof FIELDS)[number];

/** The text a reader copies from the whole page: visible text, a line per block. */
export function visibleText(html: string): string {
  const { document } = parseHTML(html);
  const SKIP = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'SVG',
    'HEAD',
    'IFRAME',
    'OBJECT',
    'CANVAS',
    'SELECT',
    'BUTTON',
    'INPUT',
    'TEXTAREA',
  ]);
  const BLOCK =
    /^(?:ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|DD|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TR|UL|TIME|HGROUP|SUMMARY|DETAILS)$/;
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || el.hasAttribute('hidden') || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? ''))
      return;
    const block = BLOCK.test(tag);
    // Paragraphs and headings copy with a blank line after them; other blocks with a line break.
    const gap = /^(?:P|H[1-6]|BLOCKQUOTE|FIGURE|TABLE|UL|OL)$/.test(tag) ? '\n\n' : '\n';
    if (block) out.push(gap);
    for (const child of el.childNodes) walk(child);
    if (block) out.push(gap);
  };
  if (document.body) walk(document.body);
  return out
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Verdicts = Partial<Record<Field, { ok: boolean; found: unknown }>>;

/** The fields whose expected value the copied text carries (src/ingest/real-score.ts), of those the corpus gives. */
function carriedFields(copied: string, expected: RealExpected): Set<Field> {
  const out = new Set<Field>();
  if (expected.title && titleCarried(copied, expected.title)) out.add('title');
  if (expected.authors?.length && authorsCarried(copied, expected.authors)) out.add('authors');
  if (expected.publishedAt && dateCarried(copied, expected.publishedAt)) {
    out.add('date');
    out.add('not refused');
    if (timeCarried(copied, expected.publishedAt)) out.add('time');
  }
  return out;
}

function score(prepared: PreparedArticle, expected: RealExpected): Verdicts {
  const v: Verdicts = {};
  const { parsed } = prepared;
  if (expected.title) v.title = { ok: titleRight(parsed.title, expected.title), found: parsed.title };
  if (expected.authors?.length) v.authors = { ok: authorsRight(parsed.authors, expected.authors), found: parsed.authors };
  const date = expected.publishedAt ? expectedDate(expected.publishedAt) : null;
  if (date) {
    const at = parsed.publishedAt ? Date.parse(parsed.publishedAt) : NaN;
    const day = Number.isNaN(at) ? null : new Date(at + date.offsetMinutes * 60_000).toISOString().slice(0, 10);
    v.date = { ok: day === date.day, found: parsed.publishedAt };
    if (date.instant !== null) v.time = { ok: Math.abs(at - date.instant) < 60_000, found: parsed.publishedAt };
    v['not refused'] = { ok: prepared.input !== null, found: prepared.errors };
  }
  return v;
}

function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: tsx scripts/ingest-real-eval.ts DIR [--failures] [--json]');
    process.exit(2);
  }
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
    string,
    RealExpected & { skip?: Partial<Record<'title' | 'authors' | 'publishedAt', string>> }
  >;
  const catalog = catalogFromSeed(seed);
  const results: {
    page: string;
    outlet: string;
    html: Verdicts;
    text: Verdicts;
    textUrl: Verdicts;
    carried: Set<Field>;
    refusedUndated: { html: boolean; text: boolean; textUrl: boolean };
  }[] = [];
  for (const [page, e] of Object.entries(expected)) {
    const html = readFileSync(join(dir, page), 'utf8');
    const read = readHtml(html, e.url);
    const viaHtml = prepareArticle(read.text, catalog, { declared: read.declared, sourceUrl: read.sourceUrl, sourceName: read.sourceName });
    const copied = visibleText(html);
    const viaText = prepareArticle(copied, catalog);
    // The same copy with the address the page was saved from, as `--source-url` gives it (where the corpus records one).
    const viaTextUrl = e.url ? prepareArticle(copied, catalog, { sourceUrl: e.url }) : viaText;
    results.push({
      page,
      outlet: e.outlet,
      html: score(viaHtml, e),
      text: score(viaText, e),
      textUrl: score(viaTextUrl, e),
      carried: carriedFields(copied, e),
      refusedUndated: {
        html: !e.publishedAt && !viaHtml.input,
        text: !e.publishedAt && !viaText.input,
        textUrl: !e.publishedAt && !viaTextUrl.input,
      },
    });
  }
  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        results.map((r) => ({ ...r, carried: [...r.carried] })),
        null,
        2,
      ),
    );
    return;
  }
  const outlets = new Set(results.map((r) => r.outlet));
  console.log(`${results.length} real pages from ${outlets.size} outlets (${dir})\n`);
  console.log(
    '| field | HTML | text (copied page) | text + its address | text, fields the copy carries | text + address, fields the copy carries |',
  );
  console.log('|---|---|---|---|---|---|');
  const cell = (path: 'html' | 'text' | 'textUrl', fields: readonly Field[], carriedOnly = false) => {
    let right = 0;
    let total = 0;
    for (const r of results)
      for (const f of fields) {
        const v = r[path][f];
        if (!v || (carriedOnly && !r.carried.has(f))) continue;
        total++;
        if (v.ok) right++;
      }
    return `${right}/${total} (${total ? ((100 * right) / total).toFixed(1) : '-'} %)`;
  };
  const row = (fs: readonly Field[]) =>
    `${cell('html', fs)} | ${cell('text', fs)} | ${cell('textUrl', fs)} | ${cell('text', fs, true)} | ${cell('textUrl', fs, true)}`;
  for (const f of FIELDS) console.log(`| ${f} | ${row([f])} |`);
  console.log(`| **all fields** | ${row(FIELDS)} |`);
  const undated = results.filter((r) => !expected[r.page].publishedAt).length;
  console.log(
    `\nPages the corpus gives no date for: ${undated}; refused among them: HTML ${results.filter((r) => r.refusedUndated.html).length}, text ${results.filter((r) => r.refusedUndated.text).length}, text + address ${results.filter((r) => r.refusedUndated.textUrl).length}.`,
  );
  if (args.includes('--failures')) {
    console.log('\n## values the copied text does not carry (not scored in the "carries" columns)\n');
    for (const r of results) {
      const missing = FIELDS.filter((f) => r.text[f] && !r.carried.has(f));
      if (missing.length) console.log(`${r.page}: ${missing.join(', ')}`);
    }
    for (const path of ['html', 'text', 'textUrl'] as const) {
      console.log(`\n## ${path}`);
      for (const r of results) {
        const bad = Object.entries(r[path]).filter(([, v]) => !v.ok);
        if (!bad.length) continue;
        console.log(`\n${r.page}:`);
        const e = expected[r.page];
        for (const [f, v] of bad) {
          const want = f === 'title' ? e.title : f === 'authors' ? e.authors : f === 'not refused' ? 'accepted' : e.publishedAt;
          console.log(`  ${f}: want ${JSON.stringify(want)} got ${JSON.stringify(v.found)}`);
        }
      }
    }
  }
}

if (process.argv[1]?.endsWith('ingest-real-eval.ts')) main();
