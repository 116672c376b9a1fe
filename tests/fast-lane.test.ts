// The fast lane (src/fast-lane.ts) against yoga: an operation yoga answered
// through the compiler is answered again without yoga, and must be the same
// bytes (status, headers, body) yoga sends for it, which
// `x-graphql-fast-lane: off` still gets. Whatever the lane does not take goes
// to yoga with the same answer yoga alone gives.
import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGeneratedCorpus } from './fixtures';
import worker from '../src/index';
import { acceptedMediaType, LearnedOperations } from '../src/pipeline/use-fast-lane';
import { MAX_REQUEST_BODY_BYTES } from '../src/server';

const CORPUS = { articles: 60, seed: 5 };

beforeAll(async () => {
  await loadGeneratedCorpus(CORPUS);
  await env.DB.prepare(`UPDATE articles SET status = 'draft' WHERE id IN (3, 4)`).run();
});

interface Raw {
  status: number;
  headers: [string, string][];
  body: string;
}

const LANE = 'x-graphql-lane';
const OFF = { 'x-graphql-fast-lane': 'off' };

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** POSTs `body` (with its Content-Length when it is text, as an HTTP client sends it) and reads the raw answer. */
async function send(
  body: BodyInit,
  headers: Record<string, string> = {},
  fetch: Fetch = (url, init) => exports.default.fetch(url, init),
): Promise<Raw> {
  const length: Record<string, string> =
    typeof body === 'string' ? { 'content-length': String(new TextEncoder().encode(body).byteLength) } : {};
  const response = await fetch('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...length, ...headers },
    body,
  });
  return { status: response.status, headers: [...response.headers].map(([k, v]) => [k, perRequest(k, v)]), body: await response.text() };
}

/**
 * What differs between any two answers, lane or not: the D1 session's bookmark (every statement
 * moves it on) and the timings; which lane answered is compared by the marker, not by Server-Timing.
 */
function perRequest(name: string, value: string): string {
  if (name === 'd1-bookmark') return '(bookmark)';
  if (name === 'server-timing') return value.replace(/dur=[\d.]+/g, 'dur=(ms)').replace(/lane;desc=\w+/, 'lane;desc=(lane)');
  return value;
}

const lane = (r: Raw) => r.headers.find(([k]) => k === LANE)?.[1];
const withoutLane = (r: Raw) => ({ ...r, headers: r.headers.filter(([k]) => k !== LANE) });

/**
 * Sends the operation three times: yoga answers it (and so the lane learns
 * it), then the lane answers, then yoga again. The last two must be byte-equal
 * apart from the lane's marker; returns the lane's answer.
 */
async function differential(payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Raw> {
  const body = JSON.stringify(payload);
  await send(body, { ...headers, ...OFF });
  const fast = await send(body, headers);
  const reference = await send(body, { ...headers, ...OFF });
  expect(lane(reference)).toBeUndefined();
  expect(lane(fast)).toBe('fast');
  expect(withoutLane(fast)).toEqual(reference);
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

/** The operations of the differential test: variables, aliases, fragments, nested connections, filters, edge sizes. */
async function operations(): Promise<Record<string, unknown>[]> {
  const keys = await env.DB.prepare(
    `SELECT (SELECT slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 1) AS article,
            (SELECT slug FROM sections LIMIT 1) AS section, (SELECT slug FROM authors LIMIT 1) AS author,
            (SELECT slug FROM deals ORDER BY id LIMIT 1) AS deal, (SELECT slug FROM equipment LIMIT 1) AS equipment,
            (SELECT code FROM countries WHERE id IN (SELECT country_id FROM article_countries) LIMIT 1) AS code`,
  ).first<Record<string, string>>();
  const k = keys!;
  const list = operation('../bench/operations/ArticleList.graphql');
  const firstPage = JSON.parse((await send(JSON.stringify({ query: list, variables: { after: null } }), OFF)).body);
  return [
    { query: list, variables: { after: null } },
    { query: list, variables: { after: firstPage.data.articles.pageInfo.endCursor }, operationName: 'ArticleList' },
    { query: list },
    { query: `{ __typename }` },
    {
      query: `query Page($slug: String!) {
        __typename
        story: article(slug: $slug) { __typename ...Head ... on Article { deals { ...DealParts } } more: deals { id } }
        missing: article(slug: "no-such-story") { id }
      }
      fragment Head on Article { headline: title title section { name } }
      fragment DealParts on Deal { title parties { role } value { amount } }`,
      variables: { slug: k.article },
      operationName: 'Page',
    },
    { query: operation('../schema/operations/ArticlePage.graphql'), variables: { slug: k.article } },
    { query: operation('../bench/operations/CountryPage.graphql'), variables: { code: k.code } },
    {
      query: `query($section: String!, $author: String!, $equipment: String!, $deal: String!, $n: Int) {
        section(slug: $section) { articles(first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug publishedAt } } } }
        author(slug: $author) { name articles(first: 2) { totalCount edges { node { title authors { name } } } } }
        equipment(slug: $equipment) { deals { totalCount edges { cursor node { slug parties { role } } } } }
        deal(slug: $deal) { articles { totalCount edges { node { slug } } } }
        countries { code deals(first: 2) { totalCount edges { node { title } } } }
      }`,
      variables: { section: k.section, author: k.author, equipment: k.equipment, deal: k.deal, n: 3 },
    },
    {
      query: `query($filter: ArticleFilter, $o: ArticleOrder) { articles(first: 4, filter: $filter, orderBy: $o) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { slug section { slug } } } } }`,
      variables: { filter: { section: k.section, publishedAfter: '2019-01-01T00:00:00Z' }, o: 'PUBLISHED_AT_ASC' },
    },
    { query: `{ articles(first: 0) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }` },
  ];
}

describe('the fast lane answers as yoga does', () => {
  it('every operation, byte for byte, for each Accept a client sends', async () => {
    const ops = await operations();
    for (const accept of [
      'application/graphql-response+json',
      'application/json',
      '*/*',
      'application/json, application/graphql-response+json',
    ])
      for (const op of ops) await differential(op, { accept });
    // no Accept at all: yoga's */*
    const noAccept = await send(JSON.stringify(ops[0]), { accept: '' });
    expect(lane(noAccept)).toBe('fast');
    expect(noAccept.headers).toContainEqual(['content-type', 'application/json; charset=utf-8']);
  });

  it('the content type follows Accept as yoga negotiates it', async () => {
    const ops = await operations();
    const ct = (r: Raw) => r.headers.find(([k]) => k === 'content-type')?.[1];
    expect(ct(await differential(ops[3], { accept: 'application/graphql-response+json' }))).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
    expect(ct(await differential(ops[3], { accept: 'application/json' }))).toBe('application/json; charset=utf-8');
    expect(ct(await differential(ops[3], { accept: 'application/graphql-response+json, application/json;q=0.9' }))).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
  });

  it('with CORS headers for a browser Origin', async () => {
    const ops = await operations();
    const fast = await differential(ops[0], { origin: 'https://reader.example' });
    // Any origin may read public answers (CORS_ORIGINS = "*"), never with credentials.
    expect(fast.headers).toContainEqual(['access-control-allow-origin', '*']);
    expect(fast.headers.map(([k]) => k)).not.toContain('access-control-allow-credentials');
    await differential(ops[3], { origin: '*' });
    await differential(ops[3], {
      origin: 'https://a.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
  });

  it('still says one statement, compiled', async () => {
    const fast = await differential({ query: operation('../bench/operations/ArticleList.graphql') });
    const { data, extensions } = JSON.parse(fast.body);
    expect(data.articles.edges).toHaveLength(20);
    expect(extensions.d1).toMatchObject({ statements: 1, roundTrips: 1, compiled: true });
  });

  it('an operation name is part of what was learned; "" is not a missing one', async () => {
    const query = `query A { sections { slug } } query B { countries { code } }`;
    await differential({ query, operationName: 'B' });
    // A was never run: yoga answers it first
    const a = await send(JSON.stringify({ query, operationName: 'A' }));
    expect(lane(a)).toBeUndefined();
    const single = `query One { sections { slug } }`;
    await differential({ query: single });
    for (const operationName of ['', 'Two']) {
      const body = JSON.stringify({ query: single, operationName });
      const res = await send(body);
      expect(lane(res)).toBeUndefined();
      expect(res).toEqual(await send(body, OFF));
      expect(JSON.parse(res.body).errors).toHaveLength(1);
    }
  });
});

describe('what the lane leaves to yoga, answered as yoga alone answers it', () => {
  const query = `query($n: Int) { articles(first: $n) { edges { node { slug } } } }`;
  /** The request, sent (after yoga learned the operation) with and without the lane: same answer, no marker. */
  async function toYoga(body: BodyInit | (() => BodyInit), headers: Record<string, string> = {}): Promise<Raw> {
    await differential({ query, variables: { n: 2 } });
    const make = typeof body === 'function' ? body : () => body;
    const res = await send(make(), headers);
    expect(lane(res)).toBeUndefined();
    expect(res).toEqual(await send(make(), { ...headers, ...OFF }));
    return res;
  }

  it('a request with a token', async () => {
    const res = await toYoga(JSON.stringify({ query, variables: { n: 2 } }), { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
  });

  it('variables that do not coerce, with either Accept', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const res = await toYoga(JSON.stringify({ query, variables: { n: 'three' } }), { accept });
      expect(JSON.parse(res.body).errors[0].message).toMatch(/\$n/);
    }
    // and an argument the compiler leaves to the resolvers at run time
    const over = await toYoga(JSON.stringify({ query, variables: { n: 101 } }));
    expect(JSON.parse(over.body).extensions.d1.compiled).toBe(false);
  });

  it('a query string yoga never answered, and one it did not compile', async () => {
    const unknown = JSON.stringify({ query: `{ sections { slug name } }` + ' '.repeat(3) });
    expect(lane(await send(unknown))).toBeUndefined();
    const resolvers = JSON.stringify({ query: `{ articles(last: 2) { edges { node { slug } } } }` });
    await send(resolvers);
    await toYoga(resolvers);
  });

  it('an `extensions` key, or any other key', async () => {
    await toYoga(JSON.stringify({ query, variables: { n: 2 }, extensions: {} }));
    const res = await toYoga(JSON.stringify({ query, variables: { n: 2 }, unexpected: 1 }));
    expect(res.status).toBe(400);
  });

  it('variables that are not an object', async () => {
    const res = await toYoga(JSON.stringify({ query, variables: [2] }));
    expect(res.status).toBe(400);
  });

  it('a body over the limit by its Content-Length: 413', async () => {
    const res = await toYoga(JSON.stringify({ query, variables: { n: 2 } }) + ' '.repeat(MAX_REQUEST_BODY_BYTES));
    expect(res.status).toBe(413);
  });

  it('a body without a Content-Length', async () => {
    const text = JSON.stringify({ query, variables: { n: 2 } });
    // a stream of unknown length: no Content-Length goes with it
    const res = await toYoga(() => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.close();
          sent = true;
          controller.enqueue(new TextEncoder().encode(text));
        },
      });
    });
    expect(res.status).toBe(200);
  });

  it('debug and compile headers, and an Accept yoga would stream', async () => {
    const body = JSON.stringify({ query, variables: { n: 2 } });
    expect(lane(await send(body, { 'x-debug-sql': '1' }))).toBeUndefined();
    await toYoga(body, { 'x-graphql-compile': 'off' });
    const sse = await send(body, { accept: 'text/event-stream' });
    expect(lane(sse)).toBeUndefined();
    expect(sse.headers).toContainEqual(['content-type', 'text/event-stream']);
  });
});

describe('switches', () => {
  const body = JSON.stringify({ query: `{ sections { slug } }` });
  const direct =
    (e: Env): Fetch =>
    async (url, init) =>
      worker.fetch(new Request(url, init) as Parameters<typeof worker.fetch>[0], e, createExecutionContext());

  it('COMPILE = "off" turns the lane off', async () => {
    await send(body, {}, direct(env));
    expect(lane(await send(body, {}, direct(env)))).toBe('fast');
    const off = await send(body, {}, direct({ ...env, COMPILE: 'off' }));
    expect(lane(off)).toBeUndefined();
    expect(JSON.parse(off.body).extensions.d1.compiled).toBe(false);
  });

  it('in production: no marker, no d1 extensions, the same bytes as yoga', async () => {
    const production = direct({ ...env, ENVIRONMENT: 'production' });
    // A text no other test sent: yoga answers it first (and so the lane learns it), then the lane.
    const fresh = JSON.stringify({ query: `{ sections { slug } } # production ${Math.random()}` });
    const reference = await send(fresh, {}, production);
    const fast = await send(fresh, {}, production);
    expect(lane(fast)).toBeUndefined();
    expect(JSON.parse(fast.body)).toEqual({
      data: { sections: expect.any(Array) },
      extensions: { cost: { requested: expect.any(Number), limit: expect.any(Number) } },
    });
    expect(fast).toEqual(reference);
  });
});

describe('pieces', () => {
  it('keeps at most its capacity, the least recently used going first', () => {
    const learned = new LearnedOperations(2, 20);
    const [a, b, c, long, named] = [1, 2, 3, 4, 5].map((n) => ({ plan: n, schema: null, document: null }) as never);
    learned.remember('a', null, a);
    learned.remember('b', null, b);
    learned.get('a', null);
    learned.remember('c', null, c);
    expect(learned.get('b', null)).toBeUndefined();
    expect(learned.get('a', undefined)).toBe(a);
    expect(learned.get('c', null)).toBe(c);
    expect(learned.size).toBe(2);
    learned.remember('x'.repeat(21), null, long);
    expect(learned.get('x'.repeat(21), null)).toBeUndefined();
    learned.remember('q', '', named);
    expect(learned.get('q', null)).toBeUndefined();
    expect(learned.get('q', '')).toBe(named);
  });

  it('negotiates Accept as yoga does', () => {
    expect(acceptedMediaType(null)).toBe('application/json');
    expect(acceptedMediaType('application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(acceptedMediaType('application/json, application/graphql-response+json')).toBe('application/json');
    expect(acceptedMediaType('application/*')).toBe('application/json');
    expect(acceptedMediaType('application/json; charset=latin1')).toBeNull();
    expect(acceptedMediaType('text/event-stream')).toBeNull();
    expect(acceptedMediaType('text/html, multipart/mixed')).toBeNull();
  });
});
