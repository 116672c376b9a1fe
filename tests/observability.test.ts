// A window into production (docs/observability.md): every GraphQL request
// writes exactly one log line (one console.log of one JSON object), and every
// answer carries `Server-Timing` (d1, cache, lane, total), on every path: the
// compiled statement, the resolvers, the fast lane, an edge-cache hit, a
// refusal, a preflight, a write. Neither ever holds SQL, a token, a header's
// value or a variable's value. The lines are read by capturing console.log
// in the Worker, which runs in this isolate.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import worker from '../src/index';
import { forgetAll } from '../src/cache/memory';
import { answerKey, FRESH_UNTIL, lookup, sha256Hex } from '../src/cache/store';
import { articleInput, createToken } from './editor';
import { SEED_SLUG } from './helpers';

let logSpy: MockInstance<typeof console.log>;
beforeEach(() => {
  logSpy = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => logSpy.mockRestore());

interface Traced {
  status: number;
  headers: Headers;
  body: any;
  /** Every console.log call the request made: the test wants exactly one, the line. */
  calls: unknown[][];
  line: Record<string, any>;
}

const KEYS = [
  'event',
  'requestId',
  'method',
  'operationName',
  'operationHash',
  'lane',
  'cost',
  'cache',
  'stored',
  'd1',
  'session',
  'status',
  'ms',
];
const SERVER_TIMING =
  /^d1;dur=(\d+(?:\.\d)?), cache;desc=(hit|stale|miss|bypass), lane;desc=(cache|fast|compiled|resolvers|refused|preflight), total;dur=(\d+(?:\.\d)?)$/;

async function traced(init: {
  method?: string;
  body?: unknown;
  url?: string;
  headers?: Record<string, string>;
  vars?: Record<string, string>;
}): Promise<Traced> {
  const before = logSpy.mock.calls.length;
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const request = new Request(init.url ?? 'http://example.com/graphql', {
    method: init.method ?? 'POST',
    headers: {
      ...(body ? { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(body).byteLength) } : {}),
      accept: 'application/graphql-response+json',
      ...init.headers,
    },
    body,
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...init.vars } as unknown as Env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  const calls = logSpy.mock.calls.slice(before);
  expect(calls).toHaveLength(1);
  expect(calls[0]).toHaveLength(1);
  const line = calls[0][0] as Record<string, any>;
  // A JSON object: what JSON makes of it is itself.
  expect(JSON.parse(JSON.stringify(line))).toEqual(line);
  expect(Object.keys(line)).toEqual(KEYS);
  expect(line.event).toBe('graphql');
  expect(line.status).toBe(response.status);
  // Server-Timing says what the line says.
  const timing = SERVER_TIMING.exec(response.headers.get('server-timing') ?? '');
  expect(timing, response.headers.get('server-timing') ?? '(none)').not.toBeNull();
  expect(Number(timing![1])).toBe(line.d1.ms);
  expect(timing![2]).toBe(line.cache);
  expect(timing![3]).toBe(line.lane);
  expect(Number(timing![4])).toBe(line.ms);
  expect(line.d1.ms).toBeLessThanOrEqual(line.ms);
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed, calls, line };
}

const ARTICLE = `query ObservedArticle($slug: String!) { article(slug: $slug) { slug title } }`;

describe('one line per request, and Server-Timing, on every path', () => {
  it('compiled, then the fast lane, then the resolvers', async () => {
    const body = { query: ARTICLE, variables: { slug: SEED_SLUG } };
    const compiled = await traced({ body });
    expect(compiled.status).toBe(200);
    expect(compiled.line).toMatchObject({
      method: 'POST',
      operationName: 'ObservedArticle',
      operationHash: await sha256Hex(ARTICLE),
      lane: 'compiled',
      cost: compiled.body.extensions.cost.requested,
      cache: 'bypass',
      stored: false,
      d1: { statements: 1, roundTrips: 1, rowsRead: compiled.body.extensions.d1.rowsRead },
      session: 'first-unconstrained',
      status: 200,
    });
    expect(compiled.line.d1.rowsRead).toBeGreaterThan(0);

    const fast = await traced({ body });
    expect(fast.headers.get('x-graphql-lane')).toBe('fast');
    expect(fast.line).toMatchObject({
      lane: 'fast',
      operationName: 'ObservedArticle',
      operationHash: compiled.line.operationHash,
      cost: compiled.line.cost,
      d1: { statements: 1 },
    });

    const resolvers = await traced({ body, headers: { 'x-graphql-compile': 'off' } });
    expect(resolvers.line).toMatchObject({ lane: 'resolvers', operationName: 'ObservedArticle', cost: compiled.line.cost });
    expect(resolvers.line.d1.statements).toBe(resolvers.body.extensions.d1.statements);
    expect(resolvers.line.d1.rowsRead).toBe(resolvers.body.extensions.d1.rowsRead);
  });

  it('an edge-cache miss that is stored, then a hit: no D1, cache;desc=hit', async () => {
    const vars = { EDGE_CACHE: 'on' };
    const query = `{ article(slug: "${SEED_SLUG}") { slug dek } }`;
    const miss = await traced({ body: { query }, vars });
    expect(miss.line).toMatchObject({
      lane: 'compiled',
      cache: 'miss',
      stored: true,
      operationName: null,
      operationHash: await sha256Hex(query),
    });
    const hit = await traced({ body: { query }, vars });
    expect(hit.headers.get('cache-status')).toMatch(/; hit/);
    expect(hit.line).toMatchObject({
      lane: 'cache',
      cache: 'hit',
      stored: false,
      cost: null,
      d1: { statements: 0, roundTrips: 0, rowsRead: 0, ms: 0 },
      session: null,
      status: 200,
      operationHash: miss.line.operationHash,
    });
    expect(hit.headers.get('server-timing')).toMatch(/^d1;dur=0, cache;desc=hit, lane;desc=cache, total;dur=/);
    // A 304 is a hit too.
    const notModified = await traced({ body: { query }, vars, headers: { 'if-none-match': hit.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(notModified.line).toMatchObject({ lane: 'cache', cache: 'hit', status: 304 });
  });

  it('refusals: a limit, a parse error, a bad bookmark, a GET mutation, an unknown token; a preflight', async () => {
    const overCost = await traced({ body: { query: `{ articles(first: 100) { edges { node { slug } } } }` }, vars: { MAX_COST: '5' } });
    expect(overCost.status).toBe(400);
    expect(overCost.line).toMatchObject({ lane: 'refused', d1: { statements: 0 }, status: 400 });
    expect(overCost.line.cost).toBeGreaterThan(5);

    const parse = await traced({ body: { query: '{ article(' } });
    expect(parse.line).toMatchObject({
      lane: 'refused',
      status: parse.status,
      d1: { statements: 0 },
      operationHash: await sha256Hex('{ article('),
    });

    const bookmark = await traced({ body: { query: ARTICLE, variables: { slug: SEED_SLUG } }, headers: { 'd1-bookmark': 'nonsense' } });
    expect(bookmark.line).toMatchObject({ lane: 'refused', status: 400, session: null, d1: { statements: 0 } });

    const getMutation = await traced({
      method: 'GET',
      url: `http://example.com/graphql?query=${encodeURIComponent('mutation { deleteArticle(slug: "x") { slug } }')}`,
    });
    expect(getMutation.status).toBeGreaterThanOrEqual(400);
    expect(getMutation.status).toBeLessThan(500);
    expect(getMutation.line).toMatchObject({ lane: 'refused', method: 'GET' });

    const badToken = await traced({
      body: { query: ARTICLE, variables: { slug: SEED_SLUG } },
      headers: { authorization: 'Bearer ngt_aaaaaaaaaaaa_notarealsecret' },
    });
    expect(badToken.status).toBe(401);
    expect(badToken.line).toMatchObject({ lane: 'refused', status: 401, session: 'first-primary' });

    const preflight = await traced({
      method: 'OPTIONS',
      headers: { origin: 'https://reader.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.line).toMatchObject({ lane: 'preflight', method: 'OPTIONS', status: 204, d1: { statements: 0 } });
  });

  it('a write: its statements, at the primary', async () => {
    const token = await createToken(['articles:write']);
    const res = await traced({
      body: {
        query: `mutation Write($input: UpsertArticleInput!) { upsertArticle(input: $input) { created } }`,
        variables: { input: articleInput({ slug: 'observed-write' }) },
      },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.body.data.upsertArticle.created).toBe(true);
    expect(res.line).toMatchObject({ lane: 'resolvers', operationName: 'Write', session: 'first-primary', status: 200 });
    expect(res.line.d1.statements).toBe(res.body.extensions.d1.statements);
  });
});

describe('a stale answer refreshed in the background', () => {
  it('the request has its line (a stale hit); the refresh, a second run of the pipeline with its own D1 work, has one marked refresh', async () => {
    const vars = { EDGE_CACHE: 'on' };
    const query = `{ country(code: "FR") { code name } }`;
    await traced({ body: { query }, vars });
    // Age the stored answer: past its edge lifetime, within stale-while-revalidate.
    const key = await answerKey('http://example.com', await sha256Hex(query), undefined, undefined, 'application/graphql-response+json');
    const stored = (await lookup(key))!.response;
    const headers = new Headers(stored.headers);
    headers.set(FRESH_UNTIL, String(Date.now() - 1_000));
    await (await caches.open('graphql')).put(key, new Response(await stored.text(), { headers }));
    forgetAll();

    const before = logSpy.mock.calls.length;
    const body = JSON.stringify({ query });
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'cf-ray': '8f1e2d3c4b5a6979-CDG' },
        body,
      }) as Parameters<typeof worker.fetch>[0],
      { ...env, ...vars } as unknown as Env,
      ctx,
    );
    expect(response.headers.get('cache-status')).toBe('news-graph; fwd=stale');
    expect(response.headers.get('server-timing')).toMatch(/^d1;dur=0, cache;desc=stale, lane;desc=cache, total;dur=/);
    await response.text();
    await waitOnExecutionContext(ctx);
    const lines = logSpy.mock.calls.slice(before).map((c) => c[0] as Record<string, any>);
    expect(lines).toHaveLength(2);
    const [answered, refresh] = lines[0].refresh ? [lines[1], lines[0]] : lines;
    expect(answered).toMatchObject({
      requestId: '8f1e2d3c4b5a6979-CDG',
      lane: 'cache',
      cache: 'stale',
      d1: { statements: 0 },
      status: 200,
    });
    expect(answered.refresh).toBeUndefined();
    expect(refresh).toMatchObject({
      requestId: '8f1e2d3c4b5a6979-CDG',
      refresh: true,
      lane: 'compiled',
      cache: 'stale',
      stored: true,
      session: 'first-unconstrained',
    });
    expect(refresh.d1.statements).toBeGreaterThan(0);
  });
});

describe('browsers keep public answers apart from bookmarked requests', () => {
  it('an answer that may be kept says Vary: D1-Bookmark; one that may not, does not need to', async () => {
    const vars = { EDGE_CACHE: 'on' };
    const query = `{ country(code: "DE") { code } }`;
    const miss = await traced({ body: { query }, vars });
    const hit = await traced({ body: { query }, vars });
    for (const res of [miss, hit]) {
      expect(res.headers.get('cache-control')).toMatch(/^public/);
      expect(res.headers.get('vary')).toMatch(/\bD1-Bookmark\b/);
    }
    const bookmarked = await traced({ body: { query }, vars, headers: { 'd1-bookmark': miss.headers.get('d1-bookmark')! } });
    expect(bookmarked.headers.get('cache-control')).toBe('no-store');
  });
});

describe('what the line never holds', () => {
  it('no token, no Authorization header, no variable value, no SQL, no client-sent garbage as a name', async () => {
    const token = await createToken(['articles:write', 'drafts:read']);
    const secret = 'variable-value-that-must-not-be-logged-7f3a';
    const requests = [
      { body: { query: ARTICLE, variables: { slug: secret } }, headers: { authorization: `Bearer ${token}` } },
      { body: { query: ARTICLE, variables: { slug: secret } } },
      { body: { query: `query Search($q: String!) { search(query: $q, first: 2) { totalCount } }`, variables: { q: secret } } },
      { body: { query: ARTICLE, variables: { slug: secret }, operationName: `${secret} SELECT * FROM api_tokens` } },
      {
        method: 'GET',
        url: `http://example.com/graphql?query=${encodeURIComponent(ARTICLE)}&variables=${encodeURIComponent(JSON.stringify({ slug: secret }))}`,
      },
    ];
    for (const init of requests) {
      const res = await traced(init);
      const written = JSON.stringify(res.line) + (res.headers.get('server-timing') ?? '');
      expect(written).not.toContain(secret);
      expect(written).not.toContain(token);
      expect(written).not.toContain(token.split('_')[2] ?? token);
      expect(written).not.toMatch(/bearer|authorization/i);
      expect(written).not.toMatch(/\bselect\b|\bfrom\b|\bwhere\b/i);
    }
  });
});

describe('the request id', () => {
  it('is the cf-ray Cloudflare gives the request when there is one, else a fresh id per request', async () => {
    const body = { query: ARTICLE, variables: { slug: SEED_SLUG } };
    const ray = await traced({ body, headers: { 'cf-ray': '8f1e2d3c4b5a6978-AMS' } });
    expect(ray.line.requestId).toBe('8f1e2d3c4b5a6978-AMS');
    const a = await traced({ body });
    const b = await traced({ body });
    expect(a.line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.line.requestId).not.toBe(a.line.requestId);
    // Not a header that could carry anything into the log.
    const odd = await traced({ body, headers: { 'cf-ray': `${'x'.repeat(80)} {"injected":true}` } });
    expect(odd.line.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
