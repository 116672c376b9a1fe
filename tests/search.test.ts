import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { data, gql } from './helpers';
import { insertArticles } from './fixtures';
import { createToken } from './editor';
import { toFtsQuery, toRankQuery, snippetHtml } from '../src/search/fts-query';
import { escapeHtml } from '../src/content/blocks';
import { COUNTED_HITS_MAX, RANKED_HITS_MAX, WORD_RANK_SPAN_MAX } from '../src/graphql/types/search';

const SEARCH = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount totalCountExact
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor score snippet node { slug title } }
    facets {
      exact countedHits
      sections { value name count } countries { value name count } equipment { value name count }
      dealKinds { value count } years { value count }
    }
  }
}`;

const search = (q: string, rest: Record<string, unknown> = {}) => data(SEARCH, { q, ...rest }).then((d) => d.search);
const slugs = (s: { edges: { node: { slug: string } }[] }) => s.edges.map((e) => e.node.slug);

describe('toFtsQuery (reader input to FTS5)', () => {
  it.each([
    ['caesar', '("caesar")'],
    ['Caesar howitzer', '("Caesar" "howitzer")'],
    ['cae*', '("cae"*)'],
    ['"ground master"', '("ground master")'],
    ['"ground mas"*', '("ground mas"*)'],
    ['caesar OR mistral', '("caesar") OR ("mistral")'],
    ['armenia -russia', '("armenia") NOT "russia"'],
    ['armenia NOT russia', '("armenia") NOT "russia"'],
    ['armenia -"united states"', '("armenia") NOT "united states"'],
    ['"unbalanced quote', '("unbalanced quote")'],
    ['NEAR(caesar', '("NEAR(caesar")'],
    ['caesar AND AND mistral', '("caesar" "mistral")'],
    ['title:caesar', '("title:caesar")'],
    ['say "hi""', '("say" "hi")'],
  ])('%s -> %s', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it.each(['', '   ', '*', '"', 'AND AND', 'OR', '-', '()', 'NOT caesar', '"*"'])('refuses %j: nothing to search for', (input) => {
    expect(() => toFtsQuery(input)).toThrow(/at least one word/);
  });

  it('refuses overlong input', () => {
    expect(() => toFtsQuery('a'.repeat(257))).toThrow(/at most 256/);
    expect(() => toFtsQuery(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' '))).toThrow(/at most 32 terms/);
  });

  it('escapes the text before adding the highlight markup', () => {
    expect(snippetHtml('a <b> & \uE000x\uE001 "q"', escapeHtml)).toBe('a &lt;b&gt; &amp; <mark>x</mark> &quot;q&quot;');
    expect(snippetHtml('\uE000open', escapeHtml)).toBe('<mark>open</mark>');
  });
});

describe('toRankQuery (what a search with a phrase ranks by)', () => {
  it.each([
    ['caesar howitzer', null],
    ['cae* OR mistral', null],
    ['"united states" aid', '("united" "states" "aid")'],
    ['"ground mas"*', '("ground" "mas"*)'],
    ['"ground master" OR caesar', '("ground" "master") OR ("caesar")'],
    ['"ground master" -"united states"', '("ground" "master")'],
    ['armenia -"united states"', null],
    ['title:caesar', '("title" "caesar")'],
  ])('%s -> %s', (input, expected) => {
    expect(toRankQuery(input)).toBe(expected);
  });
});

describe('search', () => {
  it('finds the seed article by word, prefix and phrase, but not a phrase in the wrong order', async () => {
    expect(slugs(await search('caesar'))).toEqual(['new-deal-with-us-cements-russias-loss-of-longtime-ally']);
    expect(slugs(await search('cae*'))).toHaveLength(1);
    expect(slugs(await search('howitzers'))).toHaveLength(1); // stemmed: the text says "howitzers"
    expect(slugs(await search('"ground master"'))).toHaveLength(1);
    expect(slugs(await search('"master ground"'))).toHaveLength(0);
    expect(slugs(await search('caesar -armenia'))).toHaveLength(0);
  });

  it('ranks a match in the title above matches in the body', async () => {
    await insertArticles([
      {
        slug: 'body-only',
        title: 'A story',
        body: 'The zephyr came. Another zephyr. A third zephyr in the body.',
        publishedAt: Date.UTC(2024, 5, 1),
      },
      { slug: 'in-title', title: 'Zephyr over Yerevan', body: 'Weather report.', publishedAt: Date.UTC(2023, 5, 1) },
    ]);
    const s = await search('zephyr');
    expect(slugs(s)).toEqual(['in-title', 'body-only']);
    expect(s.edges[0].score).toBeGreaterThan(s.edges[1].score);
  });

  it('ranks a phrase query by its words, over exactly the phrase hits, in every group', async () => {
    await insertArticles([
      { slug: 'p-title', title: 'Zebra crossing ahead', body: 'Road works.', publishedAt: Date.UTC(2024, 0, 1) },
      {
        slug: 'p-body',
        title: 'Traffic',
        body: 'A zebra crossing was painted; zebra crossing signs went up.',
        publishedAt: Date.UTC(2024, 0, 2),
      },
      { slug: 'p-words', title: 'Savanna', body: 'The zebra stopped crossing the river.', publishedAt: Date.UTC(2024, 0, 3) },
      { slug: 'p-reverse', title: 'Crossing zebra', body: 'Nothing else.', publishedAt: Date.UTC(2024, 0, 4) },
      { slug: 'p-other', title: 'Okapi', body: 'An okapi.', publishedAt: Date.UTC(2024, 0, 5) },
    ]);
    const s = await search('"zebra crossing"');
    // only the phrase hits (not the words apart, not the reverse order), title match first
    expect(slugs(s)).toEqual(['p-title', 'p-body']);
    expect(s.edges[0].score).toBeGreaterThan(s.edges[1].score);
    expect(s.totalCount).toBe(2);
    expect(s.edges[1].snippet).toContain('<mark>zebra crossing</mark>');
    // a group without a phrase keeps its hits: the ranking expression covers every group
    expect(slugs(await search('"zebra crossing" OR okapi')).sort()).toEqual(['p-body', 'p-other', 'p-title']);
    // paging a phrase search visits every hit once
    const first = await search('"zebra crossing"', { first: 1 });
    const second = await search('"zebra crossing"', { first: 1, after: first.pageInfo.endCursor });
    expect([...slugs(first), ...slugs(second)]).toEqual(['p-title', 'p-body']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const res = await gql(SEARCH, { q: '"zebra crossing"' });
    expect(res.extensions?.d1?.statements).toBe(1);
  });

  it(`counts hits exactly up to ${COUNTED_HITS_MAX.toLocaleString('en-US')}, then says the total is a lower bound`, async () => {
    const n = Math.max(COUNTED_HITS_MAX, 2 * WORD_RANK_SPAN_MAX) + 2;
    const spread = (n - 1) >> 1;
    await insertArticles(
      Array.from({ length: n }, (_, i) => ({
        slug: `pulsar-${i}`,
        title: `Pulsar ${i}`,
        // three far apart hold the phrase "pulsar timing", every other one both words apart
        body: i % spread === 0 ? 'pulsar timing' : 'pulsar and timing',
        publishedAt: Date.UTC(2010, 0, 1) + i * 60_000,
      })),
    );
    // a phrase whose hits span more ids than WORD_RANK_SPAN_MAX is scored by the phrase, one whose newest hits are dense by its words: both find exactly their hits
    const sparse = await search('"pulsar timing"');
    expect(slugs(sparse).sort()).toEqual([0, spread, 2 * spread].map((i) => `pulsar-${i}`).sort());
    expect(sparse.totalCount).toBe(3);
    const dense = await search('"and timing"', { first: 3 });
    expect({ total: dense.totalCount, exact: dense.totalCountExact }).toEqual({ total: COUNTED_HITS_MAX, exact: false });
    expect(slugs(dense)).toHaveLength(3);
    expect(slugs(dense).every((slug: string) => Number(slug.split('-')[1]) % spread !== 0)).toBe(true);
    // the unfiltered and the filtered count paths
    for (const rest of [{}, { filter: { section: 'war' } }]) {
      const s = await search('pulsar', { first: 1, ...rest });
      expect({ total: s.totalCount, exact: s.totalCountExact, facetsExact: s.facets.exact }).toEqual({
        total: COUNTED_HITS_MAX,
        exact: false,
        facetsExact: false,
      });
    }
    // at the cap the total is still exact
    await env.DB.prepare(`UPDATE articles SET deleted_at = 1 WHERE CAST(substr(slug, 8) AS INTEGER) >= ?`).bind(COUNTED_HITS_MAX).run();
    const atCap = await search('pulsar', { first: 1 });
    expect({ total: atCap.totalCount, exact: atCap.totalCountExact }).toEqual({ total: COUNTED_HITS_MAX, exact: true });
    const few = await search('zephyr OR quokka');
    expect(few.totalCountExact).toBe(true);
  }, 30_000); // loads 1,000+ matching stories first: slow on a busy machine

  it('returns an escaped snippet with only <mark> added', async () => {
    await insertArticles([{ slug: 'html-body', title: 'Markup', body: 'Before <script>alert("x")</script> & the quokka <b>jumped</b>.' }]);
    const s = await search('quokka');
    const snippet: string = s.edges[0].snippet;
    expect(snippet).toContain('<mark>quokka</mark>');
    expect(snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it.each([
    ['"unbalanced', 'data'],
    ['NEAR(', 'data'],
    ['NEAR(caesar, mistral', 'data'],
    ['caesar AND AND', 'data'],
    ['(caesar', 'data'],
    ['title:caesar', 'data'],
    ['^caesar', 'data'],
    ['*', 'BAD_USER_INPUT'],
    ['AND AND', 'BAD_USER_INPUT'],
    ['', 'BAD_USER_INPUT'],
    ['"', 'BAD_USER_INPUT'],
    ['x'.repeat(300), 'BAD_USER_INPUT'],
  ])('answers %j with %s, never a 500', async (q, expected) => {
    const res = await gql(SEARCH, { q });
    expect(res.status).toBe(200);
    if (expected === 'data') {
      expect(res.errors).toBeUndefined();
      expect(res.data.search.totalCount).toEqual(expect.any(Number));
    } else {
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('never shows drafts or scheduled stories, in hits or in facets', async () => {
    await insertArticles([
      { slug: 'axolotl-live', title: 'Axolotl live', body: 'Axolotl story.', countries: ['AM'], publishedAt: Date.UTC(2022, 0, 1) },
      {
        slug: 'axolotl-draft',
        title: 'Axolotl draft',
        body: 'Axolotl draft.',
        countries: ['RU'],
        deals: ['us-aid-to-armenia'],
        status: 'draft',
      },
      {
        slug: 'axolotl-later',
        title: 'Axolotl later',
        body: 'Axolotl scheduled.',
        countries: ['IN'],
        equipment: ['mistral'],
        publishedAt: Date.UTC(2999, 0, 1),
      },
    ]);
    const s = await search('axolotl');
    expect(slugs(s)).toEqual(['axolotl-live']);
    expect(s.totalCount).toBe(1);
    expect(s.facets.countries).toEqual([{ value: 'AM', name: 'Armenia', count: 1 }]);
    expect(s.facets.dealKinds).toEqual([]);
    expect(s.facets.equipment).toEqual([]);
    expect(s.facets.years).toEqual([{ value: 2022, count: 1 }]);
  });

  it('keeps the index in sync with inserts, updates and deletes', async () => {
    expect((await search('platypus')).totalCount).toBe(0);
    await insertArticles([{ slug: 'sync', title: 'Platypus sighted', body: 'A platypus.' }]);
    expect(slugs(await search('platypus'))).toEqual(['sync']);

    await env.DB.prepare(`UPDATE articles SET title = 'Wombat sighted', body = 'A wombat.' WHERE slug = 'sync'`).run();
    expect((await search('platypus')).totalCount).toBe(0);
    expect(slugs(await search('wombat'))).toEqual(['sync']);
    // a change that leaves the text alone keeps it findable
    await env.DB.prepare(`UPDATE articles SET word_count = 2 WHERE slug = 'sync'`).run();
    expect(slugs(await search('wombat'))).toEqual(['sync']);

    await env.DB.prepare(`DELETE FROM articles WHERE slug = 'sync'`).run();
    expect((await search('wombat')).totalCount).toBe(0);
    const integrity = await env.DB.prepare(`INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)`).run();
    expect(integrity.success).toBe(true);
  });

  it('counts facets over all hits, under the filter', async () => {
    await insertArticles([
      {
        slug: 'n1',
        title: 'Nebula one',
        body: 'nebula',
        countries: ['AM', 'FR'],
        equipment: ['caesar'],
        deals: ['france-armenia-caesar-howitzers'],
        publishedAt: Date.UTC(2023, 1, 1),
      },
      {
        slug: 'n2',
        title: 'Nebula two',
        body: 'nebula',
        countries: ['AM'],
        deals: ['us-aid-to-armenia', 'us-armenia-strategic-partnership-2025'],
        publishedAt: Date.UTC(2024, 1, 1),
      },
      {
        slug: 'n3',
        title: 'Nebula three',
        body: 'nebula',
        countries: ['IN'],
        equipment: ['atags', 'caesar'],
        deals: ['india-armenia-artillery', 'france-armenia-caesar-howitzers'],
        publishedAt: Date.UTC(2024, 2, 1),
      },
      { slug: 'n4', title: 'Nebula four', body: 'nebula', countries: [], section: null, publishedAt: Date.UTC(2024, 3, 1) },
    ]);
    const all = await search('nebula', { first: 1 });
    expect(all.totalCount).toBe(4);
    expect(all.edges).toHaveLength(1);
    expect({ exact: all.facets.exact, countedHits: all.facets.countedHits }).toEqual({ exact: true, countedHits: 4 });
    expect(all.facets.sections).toEqual([{ value: 'war', name: 'War', count: 3 }]);
    expect(all.facets.countries).toEqual([
      { value: 'AM', name: 'Armenia', count: 2 },
      { value: 'FR', name: 'France', count: 1 },
      { value: 'IN', name: 'India', count: 1 },
    ]);
    expect(all.facets.equipment).toEqual([
      { value: 'caesar', name: 'CAESAR', count: 2 },
      { value: 'atags', name: 'ATAGS', count: 1 },
    ]);
    // n3 reports two arms transfers: counted once
    expect(all.facets.dealKinds).toEqual([
      { value: 'ARMS_TRANSFER', count: 2 },
      { value: 'AID', count: 1 },
      { value: 'STRATEGIC_PARTNERSHIP', count: 1 },
    ]);
    expect(all.facets.years).toEqual([
      { value: 2024, count: 3 },
      { value: 2023, count: 1 },
    ]);

    const am = await search('nebula', { filter: { country: 'AM', publishedAfter: '2024-01-01T00:00:00Z' } });
    expect(slugs(am)).toEqual(['n2']);
    expect(am.totalCount).toBe(1);
    expect({ exact: am.facets.exact, countedHits: am.facets.countedHits }).toEqual({ exact: true, countedHits: 1 });
    expect(am.facets.countries).toEqual([{ value: 'AM', name: 'Armenia', count: 1 }]);
    expect(am.facets.years).toEqual([{ value: 2024, count: 1 }]);
    const caesar = await search('nebula', { filter: { equipment: 'caesar', section: 'war' } });
    expect(slugs(caesar).sort()).toEqual(['n1', 'n3']);
  });

  it(`ranks, counts facets and counts hits over the newest ${RANKED_HITS_MAX} visible hits`, async () => {
    const day = 86_400_000;
    await insertArticles([
      ...Array.from({ length: RANKED_HITS_MAX + 3 }, (_, i) => ({
        slug: `quasar-${i}`,
        // the oldest title match falls outside the newest RANKED_HITS_MAX, the other one inside
        title: i === 0 ? 'Quasar' : i === 500 ? 'Quasar seen' : `Story ${i}`,
        body: 'A quasar report.',
        publishedAt: Date.UTC(2020, 0, 1) + i * day,
      })),
      // newer than all of them, so a walk that counted drafts would push published hits out
      ...Array.from({ length: 5 }, (_, i) => ({ slug: `quasar-draft-${i}`, title: 'Quasar', body: 'quasar', status: 'draft' as const })),
      { slug: 'quasar-scheduled', title: 'Quasar', body: 'quasar', publishedAt: Date.UTC(2999, 0, 1) },
      { slug: 'quasar-deleted', title: 'Quasar', body: 'quasar', publishedAt: Date.UTC(2021, 0, 1) },
    ]);
    await env.DB.prepare(`UPDATE articles SET deleted_at = 1 WHERE slug = 'quasar-deleted'`).run();
    const s = await search('quasar', { first: 2 });
    const total = (r: { totalCount: number; totalCountExact: boolean }) => ({ total: r.totalCount, exact: r.totalCountExact });
    expect(COUNTED_HITS_MAX).toBe(RANKED_HITS_MAX);
    expect(total(s)).toEqual({ total: COUNTED_HITS_MAX, exact: false });
    // the same through the filtered path
    expect(total(await search('quasar', { first: 0, filter: { section: 'war' } }))).toEqual({ total: COUNTED_HITS_MAX, exact: false });
    expect({ exact: s.facets.exact, countedHits: s.facets.countedHits }).toEqual({ exact: false, countedHits: RANKED_HITS_MAX });
    const sum = (values: { count: number }[]) => values.reduce((n, v) => n + v.count, 0);
    expect(sum(s.facets.years)).toBe(RANKED_HITS_MAX);
    expect(sum(s.facets.sections)).toBe(RANKED_HITS_MAX);
    expect(slugs(s)[0]).toBe('quasar-500');
    expect(s.pageInfo.hasNextPage).toBe(true);
    const next = await search('quasar', { first: 2, after: s.pageInfo.endCursor });
    expect(total(next)).toEqual({ total: COUNTED_HITS_MAX, exact: false });
    expect(slugs(next)).toHaveLength(2);
    expect(slugs(next).some((slug: string) => slugs(s).includes(slug))).toBe(false);
    expect(next.edges[0].score).toBeLessThanOrEqual(s.edges[1].score);
    // exactly COUNTED_HITS_MAX visible hits: exact, however many drafts, scheduled and deleted stories match too
    await env.DB.prepare(`UPDATE articles SET deleted_at = 1 WHERE slug IN ('quasar-1', 'quasar-2', 'quasar-3')`).run();
    expect(total(await search('quasar', { first: 0 }))).toEqual({ total: COUNTED_HITS_MAX, exact: true });
    expect(total(await search('quasar', { first: 0, filter: { section: 'war' } }))).toEqual({ total: COUNTED_HITS_MAX, exact: true });
    const reader = await gql(
      SEARCH,
      { q: 'quasar', first: 0 },
      { headers: { authorization: `Bearer ${await createToken(['drafts:read'])}` } },
    );
    // a reader of drafts also sees the 5 drafts and the scheduled story, never the deleted ones
    expect(total(reader.data.search)).toEqual({ total: COUNTED_HITS_MAX, exact: false });
    await env.DB.prepare(
      `UPDATE articles SET deleted_at = 1 WHERE slug IN ('quasar-4', 'quasar-5', 'quasar-6', 'quasar-7', 'quasar-8', 'quasar-9')`,
    ).run();
    const reader2 = await gql(
      SEARCH,
      { q: 'quasar', first: 0 },
      { headers: { authorization: `Bearer ${await createToken(['drafts:read'])}` } },
    );
    expect(total(reader2.data.search)).toEqual({ total: COUNTED_HITS_MAX, exact: true });
  });

  it('pages with cursors, best first, without repeats', async () => {
    await insertArticles(
      Array.from({ length: 7 }, (_, i) => ({
        slug: `gecko-${i}`,
        title: i % 2 ? 'Gecko' : 'Lizard',
        body: `gecko ${'word '.repeat(i * 5)}`,
        publishedAt: Date.UTC(2024, 0, i + 1),
      })),
    );
    const seen: string[] = [];
    const scores: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const s = await search('gecko', { first: 3, after });
      seen.push(...slugs(s));
      scores.push(...s.edges.map((e: { score: number }) => e.score));
      expect(s.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!s.pageInfo.hasNextPage) break;
      after = s.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(seen.slice(0, 3).every((slug) => Number(slug.split('-')[1]) % 2 === 1)).toBe(true);
  });

  it('refuses a bad cursor and a page size out of range', async () => {
    for (const variables of [{ after: 'bm9wZQ==' }, { first: 101 }, { first: -1 }]) {
      const res = await gql(SEARCH, { q: 'caesar', ...variables });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
