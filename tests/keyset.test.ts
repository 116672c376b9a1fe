// A page deep in the article list must seek to its cursor on the index, not walk
// the list from its head to get there (which costs what OFFSET costs). D1's own
// rows_read says which one happened.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { asEditor, createToken } from './editor';
import { gql } from './helpers';

const PAGE = `query($first: Int!, $after: String, $before: String, $order: ArticleOrder) {
  articles(first: $first, after: $after, before: $before, orderBy: $order) { pageInfo { endCursor } edges { node { slug } } }
}`;

beforeAll(async () => {
  // 300 stories a minute apart, the newest oldest than the seed article.
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
     INSERT INTO articles (slug, title, body, body_html, word_count, status, published_at, updated_at)
     SELECT 'keyset-' || i, 'Keyset ' || i, 'Text.', '<p>Text.</p>', 1, 'published', 1600000000000 + i * 60000, 1600000000000 + i * 60000 FROM n`,
  ).run();
});

async function cursorAt(position: number, order = 'PUBLISHED_AT_DESC'): Promise<string> {
  let after: string | null = null;
  for (let done = 0; done < position; done += 100) {
    const res: { data?: any } = await gql(PAGE, { first: Math.min(100, position - done), after, order });
    after = res.data!.articles.pageInfo.endCursor;
  }
  return after!;
}

describe('keyset pagination on articles', () => {
  it('reads about one page of rows for a page 250 rows deep, newest first', async () => {
    const after = await cursorAt(250);
    const res = await gql(PAGE, { first: 10, after });
    // The seed article is first, then keyset-300 down: position 250 is keyset-52.
    expect(res.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(
      Array.from({ length: 10 }, (_, k) => `keyset-${51 - k}`),
    );
    expect(res.extensions!.d1!.rowsRead).toBeLessThan(40);
  });

  it('does the same oldest first', async () => {
    const after = await cursorAt(250, 'PUBLISHED_AT_ASC');
    const res = await gql(PAGE, { first: 10, after, order: 'PUBLISHED_AT_ASC' });
    expect(res.data.articles.edges[0].node.slug).toBe('keyset-251');
    expect(res.extensions!.d1!.rowsRead).toBeLessThan(40);
  });

  it('pages backwards with before', async () => {
    const before = await cursorAt(250);
    const res = await gql(`query($before: String) { articles(last: 3, before: $before) { edges { node { slug } } } }`, { before });
    expect(res.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(['keyset-55', 'keyset-54', 'keyset-53']);
  });

  it('keeps scheduled stories after a cursor for a drafts:read token (no bound at now)', async () => {
    await env.DB.prepare(
      `INSERT INTO articles (slug, title, body, body_html, word_count, status, published_at, updated_at)
       VALUES ('keyset-future-1', 'F1', 'T.', '<p>T.</p>', 1, 'published', 4102444800000, 0),
              ('keyset-future-2', 'F2', 'T.', '<p>T.</p>', 1, 'published', 4102444860000, 0)`,
    ).run();
    const token = await createToken(['drafts:read']);
    const first = await asEditor(token, PAGE, { first: 1 });
    expect(first.data.articles.edges[0].node.slug).toBe('keyset-future-2');
    const next = await asEditor(token, PAGE, { first: 1, after: first.data.articles.pageInfo.endCursor });
    expect(next.data.articles.edges[0].node.slug).toBe('keyset-future-1');
  });
});
