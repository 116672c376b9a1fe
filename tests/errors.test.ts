// Bad input: null for what does not exist, BAD_USER_INPUT for what cannot be
// asked, HTTP 400 for what is not GraphQL.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { data, gql } from './helpers';

describe('unknown keys', () => {
  it('answers null, not an error, for unknown slugs and codes', async () => {
    const res = await gql(`{
      article(slug: "no-such-article") { id }
      section(slug: "nope") { id }
      author(slug: "nobody") { id }
      country(code: "ZZ") { id }
      notACode: country(code: "not-a-code") { id }
      deal(slug: "nope") { id }
      equipment(slug: "nope") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(Object.values(res.data)).toEqual([null, null, null, null, null, null, null]);
  });

  it('answers null for a well-formed global ID of a missing object', async () => {
    const res = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: btoa('Article:999999') });
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toBeNull();
  });
});

describe('BAD_USER_INPUT', () => {
  const codes = (res: Awaited<ReturnType<typeof gql>>) => res.errors?.map((e) => e.extensions?.code);

  it.each([
    ['not base64 at all', '%%%'],
    ['base64 without a type', btoa('justtext')],
    ['an unknown type', btoa('Spaceship:1')],
    ['an empty string', ''],
  ])('rejects a malformed global ID: %s', async (_name, id) => {
    const res = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data?.node ?? null).toBeNull();
  });

  it.each([
    ['first: -1', '{ articles(first: -1) { totalCount } }'],
    ['first: 101', '{ articles(first: 101) { totalCount } }'],
    ['last: 1000', '{ articles(last: 1000) { totalCount } }'],
    ['a nested first: 101', '{ section(slug: "war") { articles(first: 101) { totalCount } } }'],
    ['a nested first: -1', '{ country(code: "AM") { deals(first: -1) { totalCount } } }'],
    ['deals first: 500', '{ deals(first: 500) { totalCount } }'],
    ['an invalid cursor', '{ articles(first: 1, after: "not-a-cursor") { edges { cursor } } }'],
    ['an invalid country code in a filter', '{ articles(filter: { country: "Armenia" }) { totalCount } }'],
    ['an invalid supplier code', '{ deals(filter: { supplier: "FRA" }) { totalCount } }'],
  ])('rejects %s', async (_name, query) => {
    const res = await gql(query);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).not.toMatch(/select|sqlite|stack/i);
  });

  it('rejects a date-time without a time zone', async () => {
    const res = await gql(`query($f: ArticleFilter) { articles(filter: $f) { totalCount } }`, {
      f: { publishedAfter: '2025-01-19 20:17' },
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/ISO-8601/);
  });

  it('says where in the operation the bad input is', async () => {
    const res = await gql(`{ section(slug: "war") { articles(first: 101) { totalCount } } }`);
    // Nested connections are planned with their root field, so the path names the root field.
    expect(res.errors?.[0].path).toEqual(['section']);
    expect(res.errors?.[0].message).toMatch(/first/);
  });

  it('accepts the edge values 0 and 100', async () => {
    const d = await data(`{ a: articles(first: 0) { edges { cursor } } b: articles(first: 100) { totalCount } }`);
    expect(d.a.edges).toEqual([]);
    expect(d.b.totalCount).toBe(1);
  });
});

describe('HTTP', () => {
  it('answers a syntactically invalid query with 400 for graphql-response+json clients', async () => {
    const res = await gql(`{ article(slug: "x") { title `);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/application\/graphql-response\+json/);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a query against unknown fields with 400', async () => {
    const res = await gql(`{ nope }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves GET queries', async () => {
    const url = `http://example.com/graphql?query=${encodeURIComponent('{ countries { code } }')}`;
    const res = await exports.default.fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { countries: unknown[] } };
    expect(body.data.countries).toHaveLength(250);
  });

  it('leads / to the explorer', async () => {
    const res = await exports.default.fetch('http://example.com/', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://example.com/graphql');
  });

  it('masks unexpected errors without leaking SQL', async () => {
    // A global ID whose key is not a number cannot be loaded; whatever fails inside must not leak.
    const res = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: btoa("Article:1' OR 1=1") });
    for (const e of res.errors ?? []) expect(JSON.stringify(e)).not.toMatch(/select |from |sqlite|stack/i);
  });
});
