// Cursor pagination visits every article exactly once, forwards and backwards,
// also when several articles share a publish time.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, SEED_SLUG } from './helpers';

const EXTRA = 23;
// Groups of five share a publish time; one group shares the seed article's time.
const SEED_TIME = Date.parse('2025-01-19T20:17:00Z');
const timeOf = (i: number) => SEED_TIME - Math.floor(i / 5) * 3_600_000;

beforeAll(async () => {
  const section = await env.DB.prepare(`SELECT id FROM sections WHERE slug = 'war'`).first<{ id: number }>();
  await env.DB.batch(
    Array.from({ length: EXTRA }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO articles (slug, title, body, body_html, word_count, status, published_at, updated_at, section_id)
         VALUES (?, ?, 'text', '<p>text</p>', 1, 'published', ?, ?, ?)`,
      ).bind(`extra-${i}`, `Extra ${i}`, timeOf(i), timeOf(i), i % 2 ? section!.id : null),
    ),
  );
});

/** The order the API promises: newest first, ties by id, descending. */
async function expectedOrder(where = '1'): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT slug FROM articles WHERE ${where} ORDER BY published_at DESC, id DESC`).all<{
    slug: string;
  }>();
  return results.map((r) => r.slug);
}

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug } }
  }
}`;

async function walkForward(size: number, vars: Record<string, unknown> = {}) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const { articles }: { articles: any } = await data(PAGE, { ...vars, first: size, after });
    seen.push(...articles.edges.map((e: { node: { slug: string } }) => e.node.slug));
    if (!articles.pageInfo.hasNextPage) return { seen, totalCount: articles.totalCount };
    after = articles.pageInfo.endCursor;
  }
  throw new Error('did not end');
}

async function walkBackward(size: number, vars: Record<string, unknown> = {}) {
  const seen: string[] = [];
  let before: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const { articles }: { articles: any } = await data(PAGE, { ...vars, last: size, before });
    // each page is in list order; prepend it
    seen.unshift(...articles.edges.map((e: { node: { slug: string } }) => e.node.slug));
    if (!articles.pageInfo.hasPreviousPage) return seen;
    before = articles.pageInfo.startCursor;
  }
  throw new Error('did not end');
}

describe('articles pagination', () => {
  it('lists newest first by default, ties broken by id', async () => {
    const expected = await expectedOrder();
    expect(expected).toHaveLength(EXTRA + 1);
    const { articles }: { articles: any } = await data(PAGE, { first: 100 });
    expect(articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(expected);
    expect(articles.totalCount).toBe(EXTRA + 1);
  });

  it.each([1, 3, 5, 7])('walks forward in pages of %i, visiting each article once', async (size) => {
    const { seen, totalCount } = await walkForward(size);
    expect(seen).toEqual(await expectedOrder());
    expect(totalCount).toBe(EXTRA + 1);
  });

  it.each([1, 4, 5])('walks backward in pages of %i, visiting each article once', async (size) => {
    expect(await walkBackward(size)).toEqual(await expectedOrder());
  });

  it('walks a filtered list both ways', async () => {
    const expected = await expectedOrder(`section_id = (SELECT id FROM sections WHERE slug = 'war')`);
    expect(expected.length).toBeGreaterThan(5);
    const filter = { section: 'war' };
    const forward = await walkForward(2, { filter });
    expect(forward.seen).toEqual(expected);
    expect(forward.totalCount).toBe(expected.length);
    expect(await walkBackward(3, { filter })).toEqual(expected);
  });

  it('orders oldest first on request', async () => {
    const { seen } = await walkForward(4, { orderBy: 'PUBLISHED_AT_ASC' });
    const { results } = await env.DB.prepare(`SELECT slug FROM articles ORDER BY published_at ASC, id ASC`).all<{ slug: string }>();
    expect(seen).toEqual(results.map((r) => r.slug));
  });

  it('filters by publish time, section, author, country, equipment and deal', async () => {
    const q = `query($filter: ArticleFilter) { articles(first: 100, filter: $filter) { totalCount edges { node { slug } } } }`;
    const count = async (filter: Record<string, unknown>) => (await data(q, { filter })).articles.totalCount;
    const slugs = async (filter: Record<string, unknown>) =>
      (await data(q, { filter })).articles.edges.map((e: { node: { slug: string } }) => e.node.slug);
    expect(await count({ publishedAfter: '2025-01-19T20:17:00Z' })).toBe(6);
    expect(await count({ publishedAfter: '2025-01-19T21:17:00.000+01:00' })).toBe(6);
    expect(await count({ publishedBefore: '2025-01-19T20:17:00Z' })).toBe(EXTRA + 1 - 6);
    for (const filter of [{ author: 'kathrine-frich' }, { country: 'am' }, { equipment: 'caesar' }, { deal: 'us-aid-to-armenia' }]) {
      expect(await slugs(filter)).toEqual([SEED_SLUG]);
    }
    expect(await count({ author: 'nobody' })).toBe(0);
    expect(await count({ country: 'AM', section: 'war', equipment: 'mistral' })).toBe(1);
  });

  it('pages a nested connection with the same cursors', async () => {
    const q = `query($after: String) { section(slug: "war") { articles(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { section }: { section: any } = await data(q, { after });
      seen.push(...section.articles.edges.map((e: { node: { slug: string } }) => e.node.slug));
      if (!section.articles.pageInfo.hasNextPage) break;
      after = section.articles.pageInfo.endCursor;
    }
    expect(seen).toEqual(await expectedOrder(`section_id = (SELECT id FROM sections WHERE slug = 'war')`));
  });
});
