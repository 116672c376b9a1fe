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
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { catalogFromSeed } from '../src/ingest/evaluate';
import { readHtml } from '../src/ingest/html';
import { prepareArticle, type PreparedArticle } from '../src/ingest/input';
import { seed } from '../src/seed/data';
import type { RealExpected } from './real-pages-data';

const FIELDS = ['title', 'authors', 'date', 'time', 'not refused'] as const;
type Field = (typeof FIELDS)[number];

const norm = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();

/** `a` is `b` with a site's name added after (or before) a separator. */
const withSuffix = (a: string, b: string) =>
  a.length > b.length &&
  ((a.startsWith(b) && /^\s*(?:[|_:»-]|::)\s*\S/.test(a.slice(b.length))) ||
    (a.endsWith(b) && /\S\s*(?:[|_:»-])\s*$/.test(a.slice(0, -b.length))));

export function titleRight(found: string, expected: string): boolean {
  const [f, e] = [norm(found), norm(expected)];
  return f === e || withSuffix(f, e) || withSuffix(e, f);
}

const nameKey = (n: string) =>
  norm(n)
    .replace(/^by\s+/i, '')
    .replace(/\s*\|.*$/, '')
    .toLowerCase()
    .replace(/[.\s]+/g, ' ')
    .trim();
export function authorsRight(found: string[], expected: string[]): boolean {
  const f = found.map(nameKey).sort();
  const e = expected.map(nameKey).filter(Boolean).sort();
  return f.length === e.length && f.every((n, k) => n === e[k]);
}

/** The expected publication: its day in the zone written, and the instant when a time and zone are given. */
function expectedDate(value: string): { day: string; offsetMinutes: number; instant: number | null } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const zone = m[7];
  const offsetMinutes = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const instant = m[4] && zone ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - offsetMinutes * 60_000 : null;
  return { day: `${m[1]}-${m[2]}-${m[3]}`, offsetMinutes, instant };
}

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
      refusedUndated: {
        html: !e.publishedAt && !viaHtml.input,
        text: !e.publishedAt && !viaText.input,
        textUrl: !e.publishedAt && !viaTextUrl.input,
      },
    });
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const outlets = new Set(results.map((r) => r.outlet));
  console.log(`${results.length} real pages from ${outlets.size} outlets (${dir})\n`);
  console.log('| field | HTML | text (copied page) | text + its address |');
  console.log('|---|---|---|---|');
  const cell = (path: 'html' | 'text' | 'textUrl', fields: readonly Field[]) => {
    let right = 0;
    let total = 0;
    for (const r of results)
      for (const f of fields) {
        const v = r[path][f];
        if (!v) continue;
        total++;
        if (v.ok) right++;
      }
    return `${right}/${total} (${total ? ((100 * right) / total).toFixed(1) : '-'} %)`;
  };
  for (const f of FIELDS) console.log(`| ${f} | ${cell('html', [f])} | ${cell('text', [f])} | ${cell('textUrl', [f])} |`);
  console.log(`| **all fields** | ${cell('html', FIELDS)} | ${cell('text', FIELDS)} | ${cell('textUrl', FIELDS)} |`);
  const undated = results.filter((r) => !expected[r.page].publishedAt).length;
  console.log(
    `\nPages the corpus gives no date for: ${undated}; refused among them: HTML ${results.filter((r) => r.refusedUndated.html).length}, text ${results.filter((r) => r.refusedUndated.text).length}, text + address ${results.filter((r) => r.refusedUndated.textUrl).length}.`,
  );
  if (args.includes('--failures')) {
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
