// D1 refuses statements local SQLite accepts: more than 100 bound parameters, or a
// function call with more than 32 arguments (json_object over more than 16
// columns). This runs a representative set of operations, big lists and pages
// included, and reads every statement they sent.
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, SEED_SLUG } from './helpers';
import { insertArticles, manyArticles } from './fixtures';
import { D1_MAX_FUNCTION_ARGS, D1_MAX_PARAMS, functionCalls } from './sql-limits';
import articlePage from '../schema/operations/ArticlePage.graphql?raw';
import searchOperation from '../schema/operations/Search.graphql?raw';

describe('the SQL reader', () => {
  it('counts arguments of nested calls, ignoring strings, names and IN lists', () => {
    const pairs = Array.from({ length: 17 }, (_, i) => `'k${i}', "c${i}"`).join(', ');
    const calls = functionCalls(
      `select json_object(${pairs}), coalesce(json_group_array(json_object('a', "x(", 'b', 'it''s, (1)')), json_array()) from t where id in (?, ?, ?) and "f"(1)`,
    );
    expect(calls).toEqual([
      { name: 'json_object', args: 34 },
      { name: 'json_object', args: 4 },
      { name: 'json_group_array', args: 1 },
      { name: 'json_array', args: 0 },
      { name: 'coalesce', args: 2 },
    ]);
  });
});

const ALL_ARTICLE_FIELDS = `id slug title dek body bodyHtml publishedAt updatedAt wordCount readingTimeMinutes sourceAttribution image { url caption credit }`;
const DEEP = `${ALL_ARTICLE_FIELDS} section { id slug name } authors { id slug name } countries { id code name }
  deals { id slug title kind status announcedOn summary value { amount currency approximate } parties { role country { id code name } }
    equipment { id slug name kind caliberMm rateOfFirePerMinute range originCountry { id code name } operators { code } } }
  equipment { id slug name kind caliberMm rateOfFirePerMinute range }`;

describe('every statement of a representative set of operations', () => {
  const statements: { op: string; sql: string; params: number }[] = [];

  beforeAll(async () => {
    await insertArticles(manyArticles(120));
    const articleIds = Array.from({ length: 100 }, (_, i) => btoa(`Article:${i + 1}`));
    const mixedIds = [
      ...articleIds.slice(0, 60),
      ...[1, 2, 3, 4, 5].map((n) => btoa(`Country:${n}`)),
      ...[1, 2, 3, 4, 5, 6].map((n) => btoa(`Deal:${n}`)),
    ];
    const ops: [string, string, Record<string, unknown>?][] = [
      ['article page', articlePage, { slug: SEED_SLUG }],
      ['article with every field', `query($slug: String!) { article(slug: $slug) { ${DEEP} related { ${DEEP} } } }`, { slug: SEED_SLUG }],
      [
        '100 articles, every field, related',
        `{ articles(first: 100) { totalCount edges { node { ${DEEP} related { ${ALL_ARTICLE_FIELDS} section { name } } } } } }`,
      ],
      [
        '100 articles, filtered, from the end',
        `{ articles(last: 100, filter: { country: "AM", equipment: "caesar", publishedAfter: "2020-01-01T00:00:00Z" }) { totalCount edges { node { title } } } }`,
      ],
      ['nodes: 100 articles', `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { ${DEEP} } } }`, { ids: articleIds }],
      [
        'nodes: mixed types',
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { title authors { name } } ... on Country { code deals(first: 100) { edges { node { title } } } } ... on Deal { parties { role } } } }`,
        { ids: mixedIds },
      ],
      [
        'country page',
        `{ country(code: "AM") { name deals(first: 100) { totalCount edges { node { title equipment { name operators { code } } } } } articles(first: 100) { totalCount edges { node { ${ALL_ARTICLE_FIELDS} } } } originOf { name } operates { name } } }`,
      ],
      [
        'section, author, deal, equipment pages',
        `{
        section(slug: "war") { articles(first: 100) { totalCount edges { node { ${ALL_ARTICLE_FIELDS} } } } }
        author(slug: "kathrine-frich") { articles(first: 100) { totalCount edges { node { ${ALL_ARTICLE_FIELDS} } } } }
        deal(slug: "france-armenia-caesar-howitzers") { articles(first: 100) { totalCount edges { node { ${ALL_ARTICLE_FIELDS} } } } equipment { name } parties { role } }
        equipment(slug: "caesar") { articles(first: 100) { totalCount edges { node { ${ALL_ARTICLE_FIELDS} } } } deals(first: 100) { edges { node { title } } } }
      }`,
      ],
      [
        'lists',
        `{ sections { name } countries { code } authors(first: 100) { totalCount edges { node { name } } } deals(first: 100, filter: { supplier: "FR", recipient: "AM", equipment: "caesar" }) { edges { node { title } } } equipmentList(first: 100, filter: { operator: "AM" }) { edges { node { name } } } }`,
      ],
      [
        'search, 100 hits, filtered, every facet',
        searchOperation,
        { query: 'fixture OR armenia', first: 100, filter: { section: 'war', country: 'AM', publishedBefore: '2030-01-01T00:00:00Z' } },
      ],
      [
        'search with every article field',
        `{ search(query: "cae* \\"regional security\\" -nothing", first: 100) { edges { snippet node { ${DEEP} } } } }`,
      ],
    ];
    for (const [op, query, variables] of ops) {
      const res = await gql(query, variables, { headers: { 'x-debug-sql': '1' } });
      expect(res.errors, op).toBeUndefined();
      for (const s of res.extensions!.d1!.log!) statements.push({ op, ...s });
    }
  }, 60_000); // eleven heavy operations: well past the default hook timeout on a busy 2-core machine

  it('collected statements from every operation', () => {
    expect(new Set(statements.map((s) => s.op)).size).toBe(11);
    expect(statements.some((s) => /json_object/.test(s.sql))).toBe(true);
  });

  it(`binds at most ${D1_MAX_PARAMS} parameters per statement`, () => {
    const over = statements.filter((s) => s.params > D1_MAX_PARAMS).map((s) => `${s.op}: ${s.params}`);
    expect(over).toEqual([]);
    // the bound count agrees with the placeholders in the text (a numbered ?N may appear more than once)
    for (const s of statements) {
      const text = s.sql.replace(/'(?:[^']|'')*'/g, '');
      const numbered = new Set(text.match(/\?\d+/g) ?? []).size;
      const bare = (text.match(/\?(?!\d)/g) ?? []).length;
      expect(numbered + bare, s.op).toBe(s.params);
    }
  });

  it(`calls no SQL function with more than ${D1_MAX_FUNCTION_ARGS} arguments`, () => {
    const over = statements.flatMap((s) =>
      functionCalls(s.sql)
        .filter((c) => c.args > D1_MAX_FUNCTION_ARGS)
        .map((c) => `${s.op}: ${c.name}(${c.args} args)`),
    );
    expect(over).toEqual([]);
    const widest = Math.max(...statements.flatMap((s) => functionCalls(s.sql).map((c) => c.args)));
    expect(widest).toBeGreaterThan(10); // the reader does see the json_object calls
  });
});
