// Query planning: each root field costs a fixed number of D1 statements however
// deep the selection. Counts are exact: a change that adds a statement fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, SEED_SLUG } from './helpers';
import { insertArticles, manyArticles } from './fixtures';
import articlePage from '../schema/operations/ArticlePage.graphql?raw';
import searchOperation from '../schema/operations/Search.graphql?raw';

const NESTING = `id title publishedAt section { id name } authors { id name } countries { id code name }
  deals { id title kind parties { role country { id code name } } equipment { id name range originCountry { id code name } } }`;

/** What an operation cost; `resolvers` forces the resolver path (no compiled statement). */
async function cost(query: string, variables?: Record<string, unknown>, resolvers = false) {
  const res = await gql(query, variables, { headers: { 'x-debug-sql': '1', ...(resolvers ? { 'x-graphql-compile': 'off' } : {}) } });
  expect(res.errors).toBeUndefined();
  return { data: res.data, d1: res.extensions!.d1! as NonNullable<NonNullable<typeof res.extensions>['d1']> & { compiled: boolean } };
}

beforeAll(async () => {
  await insertArticles(manyArticles(30));
});

// [name, operation, variables, statements, round trips through the resolvers,
//  statements when compiled (src/graphql/compile: always one round trip), or null when the compiler leaves it to the resolvers]
const TABLE: [string, string, Record<string, unknown> | undefined, number, number, number | null][] = [
  ['article page (authors, section, countries, deals with parties and equipment with origin)', articlePage, { slug: SEED_SLUG }, 1, 1, 1],
  [
    '20 articles with the same nesting',
    `{ articles(first: 20) { edges { cursor node { ${NESTING} } } pageInfo { hasNextPage endCursor } } }`,
    undefined,
    1,
    1,
    1,
  ],
  [
    '20 articles with nesting and totalCount (page + count)',
    `{ articles(first: 20) { totalCount edges { node { ${NESTING} } } } }`,
    undefined,
    2,
    2,
    1,
  ],
  [
    'country page: deals -> equipment -> operators (nested connection with totalCount)',
    `{ country(code: "AM") { name deals(first: 10) { totalCount edges { node { title kind equipment { name operators { code name } } parties { role country { code } } } } } } }`,
    undefined,
    1,
    1,
    1,
  ],
  [
    'country page with two nested connections',
    `{ country(code: "AM") { deals(first: 5) { totalCount edges { node { title } } } articles(first: 5) { totalCount edges { node { title section { name } } } } } }`,
    undefined,
    1,
    1,
    1,
  ],
  [
    'search with facets, nested nodes (one walk of the window: the ranked page with its nodes, the total and facets on its best row)',
    searchOperation,
    { query: 'armenia', first: 10 },
    1,
    1,
    null,
  ],
  [
    'search with facets past its last hit (the empty page, then the total and facets on their own)',
    searchOperation,
    { query: 'armenia', first: 10, after: btoa('search:[1000000000,0]') },
    2,
    2,
    null,
  ],
  [
    'search page without facets or total (the ranked page with its nodes)',
    `{ search(query: "story") { edges { snippet node { title section { name } } } } }`,
    undefined,
    1,
    1,
    null,
  ],
  ['search page info only', `{ search(query: "story", first: 0) { pageInfo { hasNextPage } } }`, undefined, 1, 1, null],
  ['search facets only', `{ search(query: "story") { totalCount facets { years { value count } } } }`, undefined, 1, 1, null],
  [
    'related articles of 20 articles (page + one batched load of the related)',
    `{ articles(first: 20) { edges { node { id related { id title section { name } } } } } }`,
    undefined,
    2,
    2,
    null,
  ],
  [
    'two root fields: one statement each',
    `{ article(slug: "${SEED_SLUG}") { title } equipment(slug: "caesar") { name operators { code } } }`,
    undefined,
    2,
    2,
    1,
  ],
];

describe('statements per operation', () => {
  it.each(TABLE)('%s (resolvers)', async (_name, query, variables, statements, roundTrips) => {
    const { d1 } = await cost(query, variables, true);
    expect({ statements: d1.statements, roundTrips: d1.roundTrips, compiled: d1.compiled }).toEqual({
      statements,
      roundTrips,
      compiled: false,
    });
    expect(d1.log).toHaveLength(statements);
  });

  it.each(TABLE)('%s (as served: compiled where it can be)', async (_name, query, variables, statements, roundTrips, compiled) => {
    const { d1 } = await cost(query, variables);
    const expected =
      compiled === null ? { statements, roundTrips, compiled: false } : { statements: compiled, roundTrips: 1, compiled: true };
    expect({ statements: d1.statements, roundTrips: d1.roundTrips, compiled: d1.compiled }).toEqual(expected);
    expect(d1.log).toHaveLength(expected.statements);
  });

  it('reports rows read from D1 metadata for every statement', async () => {
    for (const [, query, variables] of TABLE) {
      for (const resolvers of [false, true]) {
        const { d1 } = await cost(query, variables, resolvers);
        for (const s of d1.log!) expect(s.rowsRead, s.sql.slice(0, 80)).toEqual(expect.any(Number));
        expect(d1.rowsRead).toBe(d1.log!.reduce((n, s) => n + (s.rowsRead ?? 0), 0));
        expect(d1.rowsRead).toBeGreaterThan(0);
      }
    }
  });

  it('counts more rows read for a bigger page', async () => {
    const small = await cost(`{ articles(first: 2) { totalCount edges { node { title } } } }`);
    const big = await cost(`{ articles(first: 20) { totalCount edges { node { title } } } }`);
    expect(big.d1.rowsRead).toBeGreaterThan(small.d1.rowsRead);
  });

  it('selects only the article columns the query asks for', async () => {
    const { d1 } = await cost(`{ articles(first: 3) { edges { node { title } } } }`);
    expect(d1.log![0].sql).not.toMatch(/"body"|"body_html"/);
  });
});

describe('node and nodes', () => {
  const articleId = (n: number) => btoa(`Article:${n}`);

  it('loads many nodes of several types with one statement per type, and null for unknown ids', async () => {
    const ids = [...Array.from({ length: 25 }, (_, i) => articleId(i + 1)), btoa('Country:1'), btoa('Country:2'), articleId(99999)];
    const { data, d1 } = await cost(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { title section { name } } ... on Country { code } } }`,
      { ids },
    );
    expect(d1.statements).toBe(2);
    expect(data.nodes).toHaveLength(28);
    expect(data.nodes[0].title).toMatch(/Russia/);
    expect(data.nodes[25].code).toBeTruthy();
    expect(data.nodes[27]).toBeNull();
  });

  it('takes 100 ids in one statement per type and refuses more', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => articleId(i + 1));
    const ok = await cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(ok.d1.statements).toBe(1);
    expect(ok.d1.log![0].params).toBeLessThanOrEqual(100);
    expect(ok.data.nodes.filter(Boolean)).toHaveLength(31);

    const res = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...ids, articleId(101)] });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/at most 100/);
  });

  it('answers null for a draft, by node and by nodes', async () => {
    await insertArticles([{ slug: 'secret-draft', title: 'Secret draft', body: 'Not yet.', status: 'draft' }]);
    const { data: found } = await cost(`{ article(slug: "fixture-0") { id } }`);
    const draftId = btoa(`Article:${Number(atob(found.article.id).split(':')[1]) + 30}`);
    const { data } = await cost(`query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, { id: draftId });
    expect(data).toEqual({ node: null, nodes: [null] });
  });
});
