/**
 * Ingestion's accuracy on the fixture pages (tests/fixtures/pages/, each with
 * its right answers in expected.json), per field:
 *
 *   npm run -s ingest:eval            # the table, and what went wrong where
 *
 * Offline: links against the seed data's countries and equipment. Exit code 1
 * when any field of any page is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracy, catalogFromSeed, scorePage, type ExpectedPage } from '../src/ingest/evaluate';
import { seed } from '../src/seed/data';

const dir = new URL('../tests/fixtures/pages/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, ExpectedPage>;
const catalog = catalogFromSeed(seed);
const scores = Object.entries(expected).map(([page, e]) => scorePage(page, readFileSync(join(dir, page), 'utf8'), e, catalog));

const kinds = {
  text: Object.keys(expected).filter((p) => !/\.html?$/.test(p)).length,
  html: Object.keys(expected).filter((p) => /\.html?$/.test(p)).length,
};
console.log(`${scores.length} pages (${kinds.text} text, ${kinds.html} HTML)\n`);
console.log('| field | right | accuracy |');
console.log('|---|---|---|');
let right = 0;
let total = 0;
for (const a of accuracy(scores)) {
  console.log(`| ${a.field} | ${a.right}/${a.total} | ${((100 * a.right) / a.total).toFixed(1)} % |`);
  right += a.right;
  total += a.total;
}
console.log(`| **all fields** | ${right}/${total} | ${((100 * right) / total).toFixed(1)} % |`);
const failures = scores.filter((s) => Object.keys(s.wrong).length);
for (const s of failures) {
  console.log(`\n${s.page}:`);
  for (const [field, found] of Object.entries(s.wrong)) console.log(`  ${field}: got ${found}`);
}
process.exit(failures.length ? 1 : 0);
