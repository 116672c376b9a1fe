// The operation compiler (src/graphql/compile) against the resolvers it stands in
// for: every operation here is answered twice over HTTP, compiled and with
// `x-graphql-compile: off`, and the two responses must be equal, errors
// included. The data is a generated corpus (deals with several parties,
// equipment with operators and origins, shared publish times), plus drafts,
// scheduled and deleted stories that must stay invisible either way.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGeneratedCorpus } from './fixtures';
import { gql, type GraphQLResponse } from './helpers';

const CORPUS = { articles: 120, seed: 3 };

beforeAll(async () => {
  await loadGeneratedCorpus(CORPUS);
  // Shared publish times (keyset ties), and stories the public must not see.
  await env.DB.batch([
    env.DB.prepare(`UPDATE articles SET published_at = (SELECT published_at FROM articles WHERE id = 10) WHERE id IN (11, 12, 13)`),
    env.DB.prepare(`UPDATE articles SET status = 'draft' WHERE id IN (20, 21)`),
    env.DB.prepare(`UPDATE articles SET published_at = ?1 WHERE id = 22`).bind(Date.now() + 86_400_000),
    env.DB.prepare(`UPDATE articles SET deleted_at = ?1 WHERE id = 23`).bind(Date.now()),
  ]);
});

const OFF = { 'x-graphql-compile': 'off' };

/** Both answers; fails unless they are equal and the compiled one ran as expected. */
async function both(query: string, variables?: Record<string, unknown>, compiled = true): Promise<GraphQLResponse> {
  const [fast, reference] = [await gql(query, variables), await gql(query, variables, { headers: OFF })];
  expect(reference.extensions?.d1 && (reference.extensions.d1 as { compiled?: boolean }).compiled).toBe(false);
  expect({ status: fast.status, data: fast.data, errors: fast.errors }).toEqual({
    status: reference.status,
    data: reference.data,
    errors: reference.errors,
  });
  expect(JSON.stringify(fast.data)).toBe(JSON.stringify(reference.data)); // same key order too
  expect((fast.extensions?.d1 as { compiled?: boolean }).compiled).toBe(compiled);
  if (compiled) expect(fast.extensions?.d1?.statements).toBe(1);
  return fast;
}

const files = import.meta.glob<string>(['../schema/operations/*.graphql', '../bench/operations/*.graphql'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const operation = (path: string) =>
  files[path] ??
  (() => {
    throw new Error(`no operation ${path}`);
  })();

const NESTED = `
  id slug title dek body bodyHtml publishedAt updatedAt wordCount readingTimeMinutes sourceAttribution
  image { url caption credit __typename }
  section { id slug name }
  authors { id slug name }
  countries { id code name aliases }
  equipment { id name kind caliberMm rateOfFirePerMinute miles: range(unit: MILES) km: range originCountry { code } operators { code } }
  deals { id slug title aliases kind status announcedOn summary value { amount currency approximate }
          parties { role country { id code name } } equipment { slug operators { name } originCountry { name } } }`;

describe('compiled operations answer exactly as the resolvers', () => {
  it('the bench list (scenario b) and every page of it', async () => {
    const list = operation('../bench/operations/ArticleList.graphql');
    let after: string | null = null;
    let pages = 0;
    const seen = new Set<string>();
    do {
      const res = await both(list, { after });
      const conn = res.data.articles;
      for (const e of conn.edges) seen.add(e.node.id);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 20);
    // 120 generated, minus two drafts, one scheduled, one deleted
    expect(seen.size).toBe(116);
  });

  it('every column and relation of an article list, newest and oldest first, with the total', async () => {
    for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC']) {
      const res = await both(
        `query($o: ArticleOrder, $after: String) { articles(first: 7, orderBy: $o, after: $after) {
           __typename totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
           edges { __typename cursor node { ${NESTED} } } } }`,
        { o: orderBy },
      );
      expect(res.data.articles.edges).toHaveLength(7);
      expect(res.data.articles.totalCount).toBe(116);
      await both(
        `query($o: ArticleOrder, $after: String) { articles(first: 7, orderBy: $o, after: $after) { pageInfo { hasPreviousPage endCursor } edges { cursor node { slug } } } }`,
        { o: orderBy, after: res.data.articles.pageInfo.endCursor },
      );
    }
  });

  it('an article by slug, with aliases, fragments, inline fragments and __typename', async () => {
    const { results } = await env.DB.prepare(`SELECT slug FROM articles WHERE id IN (5, 20, 22, 23) ORDER BY id`).all<{ slug: string }>();
    const query = `query Page($slug: String!) {
      __typename
      story: article(slug: $slug) { __typename ...Head ... on Article { deals { ...DealParts } } more: deals { id } }
      missing: article(slug: "no-such-story") { id }
    }
    fragment Head on Article { headline: title title section { name } }
    fragment DealParts on Deal { title parties { role } value { amount } }`;
    const visible = await both(query, { slug: results[0].slug });
    expect(visible.data.story.headline).toEqual(expect.any(String));
    // a draft, a scheduled and a deleted story: null both ways
    for (const { slug } of results.slice(1)) expect((await both(query, { slug })).data.story).toBeNull();
  });

  it('countries, sections, deals, equipment and authors by key, and the full lists', async () => {
    const ids = await env.DB.prepare(
      `SELECT (SELECT slug FROM deals ORDER BY id LIMIT 1) AS deal, (SELECT slug FROM equipment WHERE range_km IS NOT NULL LIMIT 1) AS equipment,
              (SELECT slug FROM authors LIMIT 1) AS author, (SELECT slug FROM sections LIMIT 1) AS section, (SELECT lower(code) FROM countries LIMIT 1) AS code`,
    ).first<Record<string, string>>();
    await both(
      `query($deal: String!, $equipment: String!, $author: String!, $section: String!, $code: String!) {
        deal(slug: $deal) { id title kind status value { amount currency approximate } parties { role country { code } } equipment { name } }
        equipment(slug: $equipment) { id name range(unit: MILES) originCountry { name } operators { code } }
        author(slug: $author) { id slug name }
        section(slug: $section) { id slug name }
        country(code: $code) { id code name aliases originOf { slug } operates { slug kind } }
        countries { code name }
        sections { slug }
      }`,
      ids!,
    );
  });

  it('the schema operations an app ships (and what they need of the resolvers)', async () => {
    const { results } = await env.DB.prepare(`SELECT slug FROM articles WHERE id = 7`).all<{ slug: string }>();
    await both(operation('../schema/operations/ArticlePage.graphql'), { slug: results[0].slug });
    for (const code of ['US', 'RU', 'am']) await both(operation('../bench/operations/CountryPage.graphql'), { code });
  });

  it('nested connections: pages, cursors, totals, under lists and variables', async () => {
    const ids = await env.DB.prepare(
      `SELECT (SELECT slug FROM sections LIMIT 1) AS section, (SELECT slug FROM authors LIMIT 1) AS author,
              (SELECT e.slug FROM equipment e JOIN article_equipment ae ON ae.equipment_id = e.id GROUP BY e.id ORDER BY count(*) DESC LIMIT 1) AS equipment,
              (SELECT d.slug FROM deals d JOIN article_deals ad ON ad.deal_id = d.id GROUP BY d.id ORDER BY count(*) DESC LIMIT 1) AS deal`,
    ).first<Record<string, string>>();
    const query = `query($section: String!, $author: String!, $equipment: String!, $deal: String!, $n: Int, $after: String) {
      section(slug: $section) { articles(first: $n, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug publishedAt } } } }
      author(slug: $author) { name articles(first: 2) { totalCount edges { node { title authors { name } } } } }
      equipment(slug: $equipment) { deals { totalCount edges { cursor node { slug parties { role } } } } articles(first: 3) { pageInfo { hasNextPage } edges { node { slug } } } }
      deal(slug: $deal) { articles { totalCount edges { node { slug } } } }
      sections { slug articles(first: 1) { totalCount edges { node { slug } } } }
      countries { code deals(first: 2) { totalCount pageInfo { endCursor } edges { node { title } } } }
    }`;
    const first = await both(query, { ...ids, n: 3 });
    expect(first.data.section.articles.edges).toHaveLength(3);
    // the next pages of the section through its cursor, and past the end
    let after = first.data.section.articles.pageInfo.endCursor;
    for (let i = 0; i < 3 && after; i++) {
      const next = await both(query, { ...ids, n: 10, after });
      after = next.data.section.articles.pageInfo.hasNextPage ? next.data.section.articles.pageInfo.endCursor : null;
    }
    // a deal cursor (one column) from a nested page, passed back
    const country = first.data.countries.find((c: { deals: { totalCount: number } }) => c.deals.totalCount > 2);
    await both(
      `query($code: String!, $after: String) { country(code: $code) { deals(first: 2, after: $after) { pageInfo { hasPreviousPage hasNextPage } edges { cursor node { slug } } } } }`,
      {
        code: country.code,
        after: country.deals.pageInfo.endCursor,
      },
    );
    // backward pages are the resolvers'
    await both(`{ country(code: "US") { articles(last: 2) { edges { node { slug } } } } }`, undefined, false);
  });

  it('leaves to the resolvers what it does not compile, with the same answers and errors', async () => {
    await both(`{ articles(first: 3, filter: { country: "USA" }) { edges { node { slug } } } }`, undefined, false);
    await both(`{ articles(last: 3) { edges { node { slug } } } }`, undefined, false);
    await both(`{ articles(first: 101) { edges { node { slug } } } }`, undefined, false);
    await both(`{ articles(first: 2, after: "not-a-cursor") { edges { node { slug } } } }`, undefined, false);
    await both(`query($skip: Boolean!) { articles(first: 2) { edges { node { slug @skip(if: $skip) } } } }`, { skip: true }, false);
    await both(`{ country(code: "USA") { name } }`, undefined, false);
    await both(`query($n: Int) { articles(first: $n) { edges { node { slug } } } }`, { n: 'three' }, false);
    await both(`{ articles(first: 1) { edges { node { related { slug } } } } }`, undefined, false);
  });

  it('filtered lists: each filter, combined, paged and counted', async () => {
    const f = await env.DB.prepare(
      `SELECT (SELECT slug FROM sections LIMIT 1 OFFSET 1) AS section, (SELECT slug FROM authors LIMIT 1) AS author, (SELECT lower(code) FROM countries WHERE id IN (SELECT country_id FROM article_countries) LIMIT 1) AS country,
              (SELECT slug FROM equipment WHERE id IN (SELECT equipment_id FROM article_equipment) LIMIT 1) AS equipment, (SELECT slug FROM deals WHERE id IN (SELECT deal_id FROM article_deals) LIMIT 1) AS deal`,
    ).first<Record<string, string>>();
    const query = `query($filter: ArticleFilter, $after: String, $o: ArticleOrder) { articles(first: 4, filter: $filter, after: $after, orderBy: $o) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { slug section { slug } } } } }`;
    const filters = [
      ...Object.entries(f!).map(([k, v]) => ({ [k]: v })),
      { publishedAfter: '2020-01-01T00:00:00Z', publishedBefore: '2023-06-30T12:00:00+02:00' },
      { section: f!.section, publishedAfter: '2019-01-01T00:00:00Z' },
      { section: 'no-such-section' },
    ];
    for (const filter of filters)
      for (const o of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC']) {
        const page = await both(query, { filter, o });
        if (page.data.articles.pageInfo.hasNextPage) await both(query, { filter, o, after: page.data.articles.pageInfo.endCursor });
      }
  });

  it('edge sizes: an empty page and a page of zero', async () => {
    await both(`{ articles(first: 0) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }`);
    await both(
      `{ articles(first: 5, orderBy: PUBLISHED_AT_ASC, after: "${btoa('DC:T:["N:0","N:0"]')}") { pageInfo { hasNextPage } edges { node { slug } } } }`,
    );
    await both(
      `{ articles(first: 5, after: "${btoa('DC:T:["N:0","N:0"]')}") { pageInfo { hasNextPage hasPreviousPage } edges { node { slug } } } }`,
    );
  });
});

describe('who gets the compiled path', () => {
  it('a request with a token goes through the resolvers (drafts and scopes are theirs)', async () => {
    const res = await gql(`{ articles(first: 1) { edges { node { slug } } } }`, undefined, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(res.status).toBe(401);
    expect((res.extensions?.d1 as { compiled?: boolean } | undefined)?.compiled ?? false).toBe(false);
  });
});
