// An answer too large for one D1 row: the compiler builds a public query's whole
// answer as one JSON row, which D1 refuses past its largest string (~2 MB). Such a
// query is answered by the resolvers instead, never a 500.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGeneratedCorpus } from './fixtures';
import { gql } from './helpers';

beforeAll(async () => {
  await loadGeneratedCorpus({ articles: 60, seed: 21 });
  const big = 'Long reporting. '.repeat(2_500); // 40 KB
  await env.DB.prepare(`UPDATE articles SET body = ?1, body_html = ?1`).bind(big).run();
});

describe('large answers', () => {
  it('60 articles with 80 KB of text each answer in full, through the resolvers, in yoga and in the lane', async () => {
    const query = `{ articles(first: 60) { edges { node { slug body bodyHtml } } } }`;
    for (const headers of [{ 'x-graphql-fast-lane': 'off' }, {}, {}] as Record<string, string>[]) {
      const res = await gql(query, undefined, { headers });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.articles.edges.length).toBeGreaterThanOrEqual(50);
      expect(res.data.articles.edges[0].node.body.length).toBe(40_000);
      expect((res.extensions?.d1 as { compiled?: boolean }).compiled).toBe(false);
    }
  });
});

describe('deep answers', () => {
  it("an operation whose one statement would outgrow SQLite's expression depth is answered by the resolvers", async () => {
    const deep = `{ ${'articles(first: 1) { edges { node { section { '.repeat(4)}slug${' } } } }'.repeat(4)} }`;
    const res = await gql(deep);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.articles.edges.length).toBe(1);
  });
});
