// Client input that used to end as a 500 or an INTERNAL_SERVER_ERROR (or, worse, as
// something else than asked: 30 February stored as 1 March). Each is answered with a
// code, through the Worker over HTTP, and writes nothing.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, articleInput, asEditor, createToken, snapshotDb, UPSERT } from './editor';
import { gql, SEED_SLUG } from './helpers';

let token: string;
beforeAll(async () => {
  token = await createToken(ALL_SCOPES);
});

const codes = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.map((e) => e.extensions?.code);

/** Runs a write and checks it changed nothing in D1. */
async function writesNothing<T>(run: () => Promise<T>): Promise<T> {
  const before = await snapshotDb();
  const result = await run();
  expect(await snapshotDb()).toEqual(before);
  return result;
}

describe('an article body past what a D1 row holds', () => {
  it('is BAD_USER_INPUT naming the limit, and nothing is written', async () => {
    // 1.93 MB of text fits in the 2 MB request, but the row also holds its HTML: 3.9 MB.
    const body = Array.from({ length: 99 }, () => ({ kind: 'PARAGRAPH', text: 'x'.repeat(19_500) }));
    const res = await writesNothing(() => asEditor(token, UPSERT, { input: articleInput({ slug: 'too-big-story', body }) }));
    expect(res.status).toBe(200);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/at most 1,900,000 .*D1's row limit is 2,000,000/);
    expect(res.errors![0].extensions?.fields).toEqual(['input.body']);
  });

  it('counts the HTML escapes: text that grows five times when escaped is refused too', async () => {
    const body = Array.from({ length: 25 }, () => ({ kind: 'PARAGRAPH', text: '&'.repeat(15_000) }));
    const res = await writesNothing(() => asEditor(token, UPSERT, { input: articleInput({ slug: 'escaped-story', body }) }));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('stores a body just under the limit, with its revision when it changes', async () => {
    // 47 blocks of 20,000 characters: 940 KB of text and 940 KB of HTML, 1.88 MB in all.
    const body = Array.from({ length: 47 }, (_, i) => ({ kind: 'PARAGRAPH', text: `${i} ${'y'.repeat(19_990)}` }));
    const created = await asEditor(token, UPSERT, { input: articleInput({ slug: 'long-story', body }) });
    expect(created.errors).toBeUndefined();
    const changed = await asEditor(token, UPSERT, { input: articleInput({ slug: 'long-story', body: body.slice(1) }) });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.upsertArticle.article.revision).toBe(2);
  });
});

describe('impossible dates', () => {
  it.each([
    ['30 February', '2024-02-30T10:00:00Z'],
    ['29 February of a common year', '2023-02-29T10:00:00Z'],
    ['31 April', '2024-04-31T10:00:00Z'],
    ['hour 24', '2024-05-01T24:00:00Z'],
    ['minute 60', '2024-05-01T10:60:00Z'],
    ['month 13', '2024-13-01T10:00:00Z'],
    ['offset +25:00', '2024-05-01T10:00:00+25:00'],
  ])('refuses %s as BAD_USER_INPUT, in a variable and in a literal, and stores nothing', async (_name, at) => {
    const inVariable = await writesNothing(() =>
      asEditor(token, `mutation($at: DateTime) { publishArticle(input: { slug: "${SEED_SLUG}", at: $at }) { article { publishedAt } } }`, {
        at,
      }),
    );
    expect(inVariable.status).toBe(400);
    expect(codes(inVariable)).toEqual(['BAD_USER_INPUT']);
    const inLiteral = await writesNothing(() =>
      asEditor(token, `mutation { publishArticle(input: { slug: "${SEED_SLUG}", at: "${at}" }) { article { publishedAt } } }`),
    );
    expect(inLiteral.status).toBe(400);
    expect(codes(inLiteral)).toEqual(['BAD_USER_INPUT']);
    const inFilter = await gql(`query($at: DateTime) { articles(filter: { publishedAfter: $at }) { totalCount } }`, { at });
    expect(codes(inFilter)).toEqual(['BAD_USER_INPUT']);
  });

  it('still takes 29 February of a leap year and any real offset', async () => {
    const res = await gql(
      `query($a: DateTime, $b: DateTime) { a: articles(filter: { publishedAfter: $a }) { totalCount } b: articles(filter: { publishedAfter: $b }) { totalCount } }`,
      {
        a: '2024-02-29T23:59:59.999Z',
        b: '2024-02-29T23:30:00-14:00',
      },
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('a cursor from another connection', () => {
  async function cursors() {
    const res = await gql(`{
      country(code: "AM") { deals(first: 1) { edges { cursor } } articles(first: 1) { edges { cursor } } }
      authors(first: 1) { edges { cursor } }
      search(query: "armenia", first: 1) { edges { cursor } }
    }`);
    expect(res.errors).toBeUndefined();
    return {
      deal: res.data.country.deals.edges[0].cursor as string,
      article: res.data.country.articles.edges[0].cursor as string,
      author: res.data.authors.edges[0].cursor as string,
      search: res.data.search.edges[0].cursor as string,
    };
  }

  it.each([
    ['a nested deals cursor', 'articles', 'deal'],
    ['an authors cursor', 'articles', 'author'],
    ['a search cursor', 'articles', 'search'],
    ['an articles cursor', 'deals', 'article'],
    ['an articles cursor', 'equipmentList', 'article'],
    ['a deals cursor', 'authors', 'deal'],
  ] as const)('%s given to %s(after:) is BAD_USER_INPUT, compiled or not', async (_name, to, from) => {
    const cursor = (await cursors())[from];
    for (const headers of [{}, { 'x-graphql-compile': 'off' }] as Record<string, string>[]) {
      const res = await gql(
        `query($after: String) { ${to}(first: 2, after: $after) { edges { cursor } } }`,
        { after: cursor },
        { headers },
      );
      expect(res.status).toBe(200);
      expect(codes(res), JSON.stringify(res.errors)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions?.fields).toEqual(['after']);
    }
  });

  it('in a nested connection too, and before: as well as after:', async () => {
    const { article, deal } = await cursors();
    const res = await gql(
      `query($a: String, $d: String) { country(code: "AM") { deals(first: 1, before: $a) { totalCount } } section(slug: "war") { articles(last: 1, before: $d) { totalCount } } }`,
      {
        a: article,
        d: deal,
      },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('a list cursor given to search(after:) is BAD_USER_INPUT', async () => {
    const { article } = await cursors();
    const res = await gql(`query($after: String) { search(query: "armenia", after: $after) { edges { cursor } } }`, { after: article });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it("accepts a cursor of another list in the same order (a country's articles, then all articles)", async () => {
    const { article } = await cursors();
    const res = await gql(`query($after: String) { articles(first: 2, after: $after) { edges { cursor } } }`, { after: article });
    expect(res.errors).toBeUndefined();
  });
});

describe('NUL characters', () => {
  it.each([
    ['a title', { title: 'Armenia\u0000 buys' }, 'input.title'],
    ['a block of the body', { body: [{ kind: 'PARAGRAPH', text: 'Text\u0000more' }] }, 'input.body.0.text'],
    ['a dek', { dek: '\u0000' }, 'input.dek'],
    ['an image caption', { image: { caption: 'A\u0000B' } }, 'input.image.caption'],
    ['an author name', { authors: [{ slug: 'new-writer', name: 'New\u0000Writer' }] }, 'input.authors.0.name'],
  ])('in %s are refused and nothing is written', async (_name, overrides, field) => {
    const res = await writesNothing(() => asEditor(token, UPSERT, { input: articleInput({ slug: 'nul-story', ...overrides }) }));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions?.fields).toContain(field);
    expect(res.errors![0].message).toMatch(/NUL/);
  });

  it('in an entity name are refused', async () => {
    const res = await writesNothing(() =>
      asEditor(token, `mutation { createSection(input: { slug: "nul-desk", name: "Desk\\u0000" }) { section { slug } } }`),
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('variables that cannot be coerced', () => {
  it.each([
    ['a string for an Int', `query($n: Int) { articles(first: $n) { totalCount } }`, { n: 'x' }],
    ['a missing required variable', `query($n: Int!) { articles(first: $n) { totalCount } }`, {}],
    ['null for a non-null variable', `query($slug: String!) { article(slug: $slug) { id } }`, { slug: null }],
    ['an unknown enum value', `query($o: ArticleOrder) { articles(orderBy: $o) { totalCount } }`, { o: 'SIDEWAYS' }],
    ['an unknown input field', `query($f: ArticleFilter) { articles(filter: $f) { totalCount } }`, { f: { colour: 'red' } }],
  ])('%s: 400 with BAD_USER_INPUT', async (_name, query, variables) => {
    const res = await gql(query, variables);
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data).toBeUndefined();
  });
});

describe('a body that is not JSON', () => {
  it.each([
    ['cut short', '{"query": "{ __typename }"'],
    ['not JSON at all', 'query { __typename }'],
  ])('%s: 400 BAD_REQUEST without the parser error', async (_name, body) => {
    const response = await exports.default.fetch('http://example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body,
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(json.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(json.errors[0].extensions).not.toHaveProperty('originalError');
    expect(JSON.stringify(json)).not.toMatch(/SyntaxError|position \d/);
  });
});

describe('several mutations in one operation', () => {
  const TWO = `mutation($a: UpsertArticleInput!, $b: UpsertArticleInput!, $c: UpsertArticleInput!) {
    a: upsertArticle(input: $a) { created article { slug } }
    b: upsertArticle(input: $b) { created article { slug } }
    c: upsertArticle(input: $c) { created article { slug } }
  }`;

  it('keeps what committed in data, the failing one null with its error, and runs the ones after it', async () => {
    const res = await asEditor(token, TWO, {
      a: articleInput({ slug: 'multi-first' }),
      b: articleInput({ slug: 'multi-second', countries: ['ZZ'] }),
      c: articleInput({ slug: 'multi-third' }),
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      a: { created: true, article: { slug: 'multi-first' } },
      b: null,
      c: { created: true, article: { slug: 'multi-third' } },
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'NOT_FOUND' } });
    const stored = await env.DB.prepare(`SELECT slug FROM articles WHERE slug LIKE 'multi-%' ORDER BY slug`).all<{ slug: string }>();
    expect(stored.results.map((r) => r.slug)).toEqual(['multi-first', 'multi-third']);
  });

  it('writes nothing of the failing one', async () => {
    const before = await snapshotDb();
    const res = await asEditor(token, TWO, {
      a: articleInput({ slug: 'multi-ok-1' }),
      b: articleInput({ slug: 'multi-bad', deals: ['no-such-deal'] }),
      c: articleInput({ slug: 'multi-ok-1' }),
    });
    expect(res.data).toMatchObject({ a: { created: true }, b: null, c: { created: false } });
    const after = await snapshotDb();
    expect(JSON.stringify(after.articles)).not.toContain('multi-bad');
    expect(after.articles.length).toBe(before.articles.length + 1);
  });
});
