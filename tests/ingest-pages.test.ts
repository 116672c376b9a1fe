// The fixture pages (tests/fixtures/pages/, written in-house, one real-site
// layout each) against their right answers: every field of every page, so a
// regression names the page and the pattern it broke. `npm run ingest:eval`
// prints the same scores as a table.
import { describe, expect, it } from 'vitest';
import expected from './fixtures/pages/expected.json';
import { catalogFromSeed, scorePage, type ExpectedPage } from '../src/ingest/evaluate';
import { seed } from '../src/seed/data';
import { bylineNames, readHtml } from '../src/ingest/html';
import { prepareArticle } from '../src/ingest/input';

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

// Layouts real news sites use for their metadata, each reproduced in-house with
// invented text (tests/fixtures/html-patterns/); found by measuring ingestion
// on public test corpora of real pages (scripts/ingest-real-eval.ts).
const patterns = import.meta.glob('./fixtures/html-patterns/*.html', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const patternAnswers: Record<string, { title: string; authors: string[]; publishedAt: string; from: Record<string, string> }> = {
  // og:title is a social variant; the first <h1> is the site's logo, another is hidden; `author` names the publisher;
  // the day-only Dublin Core date gives way to the microdata's time, whose offset is written "-500".
  'social-title-logo-h1.html': {
    title: 'Port Authority Approves Night Ferry Trial',
    authors: ['Nadia Okafor'],
    publishedAt: '2024-03-05T14:40:00.000Z',
    from: { title: '<h1>', authors: 'meta article:author', publishedAt: 'itemprop datePublished' },
  },
  // The byline only in `<meta name="byl">` (article:author is a profile URL); an RFC 2822 publish-date with an offset.
  'byl-meta-rfc-date.html': {
    title: 'Rain Delays the Wheat Harvest in the North',
    authors: ['Ana Ruiz', 'Tom Becker'],
    publishedAt: '2024-05-07T02:06:07.000Z',
    from: { title: '<h1>', authors: 'meta byl', publishedAt: 'meta publish-date' },
  },
  // No metadata in the head: rel=author links in the byline (not those of a related story), the date printed by the headline.
  'marked-byline-visible-date.html': {
    title: 'City Library Opens Its Archive of Old Maps',
    authors: ['Mara Lindqvist', 'Owen Pike'],
    publishedAt: '2023-12-23T00:47:00.000Z',
    from: { title: '<h1>', authors: 'marked-up byline' },
  },
  // A headline without spaces whose og:title and <title> carry the site's name after a full-width colon.
  'cjk-title-suffix.html': {
    title: '港の夜間フェリー、試験運行を決定',
    authors: [],
    publishedAt: '2024-03-05T09:40:00.000Z',
    from: { title: '<h1>', publishedAt: 'meta article:published_time' },
  },
};

describe('HTML metadata as real sites write it', () => {
  it('has a fixture for each pattern', () => {
    expect(Object.keys(patterns).map((p) => p.split('/').pop()).sort()).toEqual(Object.keys(patternAnswers).sort());
  });

  it.each(Object.entries(patternAnswers))('%s: headline, byline and date', (name, answer) => {
    const page = readHtml(patterns[`./fixtures/html-patterns/${name}`]);
    expect(page.from).toEqual(answer.from);
    const prepared = prepareArticle(page.text, catalog, { declared: page.declared, sourceName: page.sourceName });
    expect(prepared.errors).toEqual([]);
    expect({ title: prepared.parsed.title, authors: prepared.parsed.authors, publishedAt: prepared.parsed.publishedAt }).toEqual({
      title: answer.title,
      authors: answer.authors,
      publishedAt: answer.publishedAt,
    });
  });
});

describe('bylineNames', () => {
  it.each([
    ['By Jane Doe and John Roe', [], ['Jane Doe', 'John Roe']],
    ['Mike Carver | mcarver@site.example', [], ['Mike Carver']],
    ['By Sara Lind, CNN', [], ['Sara Lind']],
    ['Howard Kemp Staff Writer', [], ['Howard Kemp']],
    ['Sam Stone Senior Politics Editor, The Daily Ledger', [], ['Sam Stone']],
    ['JOSH HALE, DANA CRUZ and PAT REEVE', [], ['Josh Hale', 'Dana Cruz', 'Pat Reeve']],
    ['Harbor Ledger', ['Harbor Ledger'], []],
    ['https://site.example/staff/jane-doe', [], []],
    ['@janedoe', [], []],
    ['Par Claire Martin et Luc Besson', [], ['Claire Martin', 'Luc Besson']],
    ['Updated 18 June 2024', [], []],
  ] as [string, string[], string[]][])('%s', (text, outlets, names) => {
    expect(bylineNames(text, outlets)).toEqual(names);
  });
});
