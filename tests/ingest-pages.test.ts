// The fixture pages (tests/fixtures/pages/, written in-house, one real-site
// layout each) against their right answers: every field of every page, so a
// regression names the page and the pattern it broke. `npm run ingest:eval`
// prints the same scores as a table.
import { describe, expect, it } from 'vitest';
import expected from './fixtures/pages/expected.json';
import { catalogFromSeed, scorePage, type ExpectedPage } from '../src/ingest/evaluate';
import { seed } from '../src/seed/data';

const pages = import.meta.glob('./fixtures/pages/*.{txt,html}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const catalog = catalogFromSeed(seed);
const cases = Object.entries(expected as Record<string, ExpectedPage>);

describe('fixture pages', () => {
  it('are at least 30, text and HTML, each with its answers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(pages).map((p) => p.split('/').pop()).sort()).toEqual(cases.map(([name]) => name).sort());
    expect(cases.filter(([name]) => name.endsWith('.html')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('%s: every field right', (name, answers) => {
    const score = scorePage(name, pages[`./fixtures/pages/${name}`], answers, catalog);
    expect(score.wrong).toEqual({});
  });
});
