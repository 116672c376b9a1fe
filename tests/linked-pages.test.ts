/**
 * A page of a parent's linked articles (an author's, a country's, a piece of
 * equipment's) is read links first when the parent has fewer than
 * LINKS_FIRST_MAX links, newest article first otherwise
 * (src/graphql/compile/compile.ts). Both reads must answer exactly as the
 * resolvers do, page after page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from './helpers';
import { insertArticles, manyArticles } from './fixtures';
import { LINKS_FIRST_MAX } from '../src/graphql/compile/compile';

const OFF = { 'x-graphql-compile': 'off' };

beforeAll(async () => {
  // Every fixture is bylined by the seed's author (more than LINKS_FIRST_MAX links); the
  // seed's five countries and six pieces of equipment take them in turn (a fifth, a third).
  await insertArticles(manyArticles(LINKS_FIRST_MAX + 5));
});

const PAGE = `query($slug: String!, $code: String!, $equipment: String!, $first: Int, $a: String, $c: String, $e: String) {
  author(slug: $slug) { articles(first: $first, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug publishedAt } } } }
  country(code: $code) { articles(first: $first, after: $c) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug publishedAt } } } }
  equipment(slug: $equipment) { articles(first: $first, after: $e) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug } } } }
}`;

describe('linked article pages, read links first or newest first', () => {
  it('answer as the resolvers do, for a parent above and parents below LINKS_FIRST_MAX, over several pages', async () => {
    let vars: Record<string, unknown> = { slug: 'kathrine-frich', code: 'AM', equipment: 'caesar', first: 7 };
    for (let page = 0; page < 4; page++) {
      const [fast, reference] = [await gql(PAGE, vars), await gql(PAGE, vars, { headers: OFF })];
      expect(fast.extensions?.d1).toMatchObject({ statements: 1, compiled: true });
      expect(reference.extensions?.d1).toMatchObject({ compiled: false });
      expect(JSON.stringify(fast.data)).toBe(JSON.stringify(reference.data));
      const { author, country, equipment } = fast.data;
      expect(author.articles.totalCount).toBeGreaterThan(LINKS_FIRST_MAX);
      expect(country.articles.totalCount).toBeLessThan(LINKS_FIRST_MAX);
      expect(equipment.articles.totalCount).toBeLessThan(LINKS_FIRST_MAX);
      for (const c of [author, country, equipment]) expect(c.articles.edges).toHaveLength(7);
      // newest first, on both reads
      const times = country.articles.edges.map((e: { node: { publishedAt: string } }) => e.node.publishedAt);
      expect([...times].sort().reverse()).toEqual(times);
      vars = { ...vars, a: author.articles.pageInfo.endCursor, c: country.articles.pageInfo.endCursor, e: equipment.articles.pageInfo.endCursor };
    }
  });
});
