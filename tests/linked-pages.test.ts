/**
 * A page of a parent's linked articles (an author's, a country's, a piece of
 * equipment's) is read links first when the parent has few links for the size
 * of the archive, newest article first otherwise (the `connection` case of
 * src/graphql/compile/compile.ts). Both plans must answer exactly as the
 * resolvers do, page after page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from './helpers';
import { insertArticles, manyArticles } from './fixtures';

const OFF = { 'x-graphql-compile': 'off' };
const RARE = 8;

beforeAll(async () => {
  // 1,000 stories bylined by the seed's author, each about a fifth of the seed's countries;
  // RARE of them about the Bastion, the rest about the CAESAR. With ~1,000 articles, a parent
  // with L links is read links first when L^2 < 21 x 1,000 / 2, i.e. below ~100 links: only
  // the Bastion (RARE + the seed story).
  await insertArticles(manyArticles(1000).map((a, i) => ({ ...a, equipment: [i < RARE ? 'bastion' : 'caesar'] })));
});

const PAGE = `query($slug: String!, $code: String!, $common: String!, $rare: String!, $first: Int, $a: String, $c: String, $e: String, $r: String) {
  author(slug: $slug) { articles(first: $first, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug publishedAt } } } }
  country(code: $code) { articles(first: $first, after: $c) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug publishedAt } } } }
  common: equipment(slug: $common) { articles(first: $first, after: $e) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug } } } }
  rare: equipment(slug: $rare) { articles(first: $first, after: $r) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug publishedAt } } } }
}`;

describe('linked article pages, read links first or newest first', () => {
  it('answer as the resolvers do, for common and rare parents, over several pages', async () => {
    let vars: Record<string, unknown> = { slug: 'kathrine-frich', code: 'AM', common: 'caesar', rare: 'bastion', first: 7 };
    const rare: string[] = [];
    for (let page = 0; page < 3; page++) {
      const [fast, reference] = [await gql(PAGE, vars), await gql(PAGE, vars, { headers: OFF })];
      expect(fast.extensions?.d1).toMatchObject({ statements: 1, compiled: true });
      expect(reference.extensions?.d1).toMatchObject({ compiled: false });
      expect(JSON.stringify(fast.data)).toBe(JSON.stringify(reference.data));
      const d = fast.data;
      expect(d.author.articles.totalCount).toBe(1001);
      expect(d.rare.articles.totalCount).toBe(RARE + 1);
      for (const c of [d.author, d.country, d.common]) expect(c.articles.edges).toHaveLength(7);
      rare.push(...d.rare.articles.edges.map((e: { node: { slug: string } }) => e.node.slug));
      // newest first, on both plans
      for (const c of [d.country, d.rare]) {
        const times = c.articles.edges.map((e: { node: { publishedAt: string } }) => e.node.publishedAt);
        expect([...times].sort().reverse()).toEqual(times);
      }
      vars = {
        ...vars,
        a: d.author.articles.pageInfo.endCursor,
        c: d.country.articles.pageInfo.endCursor,
        e: d.common.articles.pageInfo.endCursor,
        r: d.rare.articles.pageInfo.endCursor,
      };
    }
    // every article of the rare parent, once, in two pages (7 + 2) and then an empty one
    expect(rare).toHaveLength(RARE + 1);
    expect(new Set(rare).size).toBe(RARE + 1);
  });
});
