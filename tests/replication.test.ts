// Read replication with D1 sessions (docs/replication.md): every statement of a
// request runs in one D1 session, opened at the client's `D1-Bookmark`, at
// `first-unconstrained` for an anonymous first read, at `first-primary` with a
// token; the answer carries the session's bookmark; a request with a bookmark
// is answered from D1, never from (or into) the edge cache; a header that is
// not a bookmark is a 400 INVALID_BOOKMARK before anything is read.
//
// The local D1 in workerd answers `withSession` with real bookmarks (they move
// on with every statement): the tests run the Worker on a wrapper of it that
// records which sessions were opened and any statement sent outside one.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { fetchWithBookmark } from '../src/explorer/app/bookmark';
import { httpClient } from '../src/ingest/api';
import { articleInput, createToken } from './editor';
import { SEED_SLUG, graphqlPost } from './helpers';

/** What the Worker did with the D1 binding. */
class Recorder {
  /** `withSession` arguments, in order. */
  sessions: (string | undefined)[] = [];
  /** Statements run in a session. */
  inSession = 0;
  /** Statements (or batches) sent on the binding itself, outside any session. */
  outside: string[] = [];

  binding(): D1Database {
    const count = <T extends object>(target: T, onRun: (sql: string) => void): T =>
      new Proxy(target, {
        get: (t, prop) => {
          if (prop === 'prepare') return (sql: string) => (onRun(sql), (t as unknown as D1Database).prepare(sql));
          if (prop === 'batch') return (stmts: D1PreparedStatement[]) => (onRun('(batch)'), (t as unknown as D1Database).batch(stmts));
          if (prop === 'withSession')
            return (arg?: string) => {
              this.sessions.push(arg);
              return count((t as unknown as D1Database).withSession(arg), () => this.inSession++);
            };
          const value = Reflect.get(t, prop, t);
          return typeof value === 'function' ? value.bind(t) : value;
        },
      });
    return count(env.DB, (sql) => this.outside.push(sql));
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

async function send(
  db: D1Database,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  vars: Record<string, string> = {},
): Promise<Answer> {
  const request = graphqlPost(query, variables, headers);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DB: db, ...vars } as unknown as Env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const ARTICLE = `query ($slug: String!) { article(slug: $slug) { slug title } }`;
const UPSERT = `mutation ($input: UpsertArticleInput!) { upsertArticle(input: $input) { created article { slug title } } }`;

describe('every read runs in the request’s D1 session', () => {
  it('an anonymous compiled query: one first-unconstrained session, nothing outside it, its bookmark in the answer', async () => {
    const rec = new Recorder();
    const res = await send(rec.binding(), ARTICLE, { slug: SEED_SLUG });
    expect(res.status).toBe(200);
    expect(res.body.extensions.d1.compiled).toBe(true);
    expect(rec.sessions).toEqual(['first-unconstrained']);
    expect(rec.outside).toEqual([]);
    expect(rec.inSession).toBeGreaterThan(0);
    expect(res.headers.get('d1-bookmark')).toMatch(BOOKMARK);
  });

  it('the resolvers, search, and the fast lane read through the same session', async () => {
    const cases: [string, string, Record<string, unknown>, Record<string, string>][] = [
      ['resolvers', ARTICLE, { slug: SEED_SLUG }, { 'x-graphql-compile': 'off' }],
      ['search', `query ($q: String!) { search(query: $q, first: 3) { totalCount edges { snippet node { slug } } } }`, { q: 'caesar' }, {}],
      ['lists', `{ articles(first: 3) { edges { node { slug section { name } authors { name } } } } }`, {}, { 'x-graphql-compile': 'off' }],
    ];
    for (const [name, query, variables, headers] of cases) {
      const rec = new Recorder();
      const res = await send(rec.binding(), query, variables, headers);
      expect(res.status, name).toBe(200);
      expect(res.body.errors, name).toBeUndefined();
      expect(rec.sessions, name).toEqual(['first-unconstrained']);
      expect(rec.outside, name).toEqual([]);
      expect(rec.inSession, name).toBeGreaterThan(0);
    }
    // The fast lane answers a query yoga compiled once.
    const lane = `query LaneProbe { sections { slug name } }`;
    await send(new Recorder().binding(), lane);
    const rec = new Recorder();
    const res = await send(rec.binding(), lane);
    expect(res.headers.get('x-graphql-lane')).toBe('fast');
    expect(rec.sessions).toEqual(['first-unconstrained']);
    expect(rec.outside).toEqual([]);
    expect(rec.inSession).toBe(1);
    expect(res.headers.get('d1-bookmark')).toMatch(BOOKMARK);
  });

  it('a request with a token starts at the primary (its token check included), whatever bookmark it sends', async () => {
    const token = await createToken(['articles:write']);
    const rec = new Recorder();
    const res = await send(
      rec.binding(),
      UPSERT,
      { input: articleInput({ slug: 'replication-primary' }) },
      { authorization: `Bearer ${token}`, 'd1-bookmark': '00000000-00000001-00000000-00000000000000000000000000000000' },
    );
    expect(res.body.errors).toBeUndefined();
    expect(rec.sessions).toEqual(['first-primary']);
    expect(rec.outside).toEqual([]);
    expect(res.headers.get('d1-bookmark')).toMatch(BOOKMARK);
  });
});

describe('read your own writes', () => {
  it('a write, then a read with its bookmark: the read runs at that bookmark and sees the write', async () => {
    const token = await createToken(['articles:write']);
    const write = await send(
      env.DB,
      UPSERT,
      { input: articleInput({ slug: 'replication-ryw', title: 'Written then read' }) },
      { authorization: `Bearer ${token}` },
    );
    expect(write.body.data.upsertArticle.created).toBe(true);
    const bookmark = write.headers.get('d1-bookmark')!;
    expect(bookmark).toMatch(BOOKMARK);

    const rec = new Recorder();
    const read = await send(rec.binding(), ARTICLE, { slug: 'replication-ryw' }, { 'd1-bookmark': bookmark });
    expect(read.status).toBe(200);
    expect(read.body.data.article).toEqual({ slug: 'replication-ryw', title: 'Written then read' });
    expect(rec.sessions).toEqual([bookmark]);
    expect(rec.outside).toEqual([]);
    // The session goes on from there: its bookmark is never behind the one sent.
    const after = read.headers.get('d1-bookmark')!;
    expect(after).toMatch(BOOKMARK);
    expect(after >= bookmark).toBe(true);
  });

  it('a well-formed bookmark D1 never gave out is D1’s to judge: never a 5xx here (the local D1 reads at it)', async () => {
    const forged = 'ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff';
    const rec = new Recorder();
    const res = await send(rec.binding(), ARTICLE, { slug: SEED_SLUG }, { 'd1-bookmark': forged });
    expect(res.status).toBe(200);
    expect(rec.sessions).toEqual([forged]);
  });

  it('an empty header is no bookmark (clients that send `getBookmark() ?? ""`)', async () => {
    const rec = new Recorder();
    const res = await send(rec.binding(), ARTICLE, { slug: SEED_SLUG }, { 'd1-bookmark': '  ' });
    expect(res.status).toBe(200);
    expect(rec.sessions).toEqual(['first-unconstrained']);
  });

  it('`npm run ingest` sends back the bookmark of each answer with the next request', async () => {
    const sent: (string | null)[] = [];
    const received: (string | null)[] = [];
    const client = httpClient('http://example.com/graphql', undefined, async (url, init) => {
      sent.push(new Headers(init.headers).get('d1-bookmark'));
      const response = await exports.default.fetch(url, init);
      received.push(response.headers.get('d1-bookmark'));
      return response;
    });
    for (let i = 0; i < 3; i++) await client(ARTICLE, { slug: SEED_SLUG });
    expect(sent[0]).toBeNull();
    expect(received.every((b) => BOOKMARK.test(b ?? ''))).toBe(true);
    expect(sent.slice(1)).toEqual(received.slice(0, 2));
  });

  it('the explorer sends back the bookmark it was last answered with, and keeps it for the tab', async () => {
    const kept = new Map<string, string>();
    const store = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    const sent: (string | null)[] = [];
    const explorerFetch = fetchWithBookmark(async (input, init) => {
      sent.push(new Headers(init?.headers).get('d1-bookmark'));
      return exports.default.fetch(input as string, init);
    }, store);
    const post = () =>
      explorerFetch('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ARTICLE, variables: { slug: SEED_SLUG } }),
      });
    const first = await post();
    expect(sent).toEqual([null]);
    const bookmark = first.headers.get('d1-bookmark');
    expect(bookmark).toMatch(BOOKMARK);
    expect(kept.get('D1-Bookmark')).toBe(bookmark);
    await post();
    expect(sent[1]).toBe(bookmark);
  });
});

describe('a request with a bookmark is answered from D1, never from the edge cache', () => {
  const CACHE = { EDGE_CACHE: 'on' };

  it('a stored answer is not used for it', async () => {
    const query = `query CachedThenBookmarked { article(slug: "${SEED_SLUG}") { slug } }`;
    const first = await send(env.DB, query, undefined, {}, CACHE);
    expect(first.headers.get('cache-status')).toMatch(/fwd=miss; stored/);
    const hit = await send(env.DB, query, undefined, {}, CACHE);
    expect(hit.headers.get('cache-status')).toMatch(/; hit/);
    expect(hit.headers.get('d1-bookmark')).toBeNull();

    const bookmark = first.headers.get('d1-bookmark')!;
    const rec = new Recorder();
    const res = await send(rec.binding(), query, undefined, { 'd1-bookmark': bookmark }, CACHE);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-status')).toBe('news-graph; fwd=bypass');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(rec.sessions).toEqual([bookmark]);
    expect(rec.inSession).toBeGreaterThan(0);
    expect(res.body.data).toEqual(hit.body.data);
    expect(res.body.extensions.d1.statements).toBeGreaterThan(0);
  });

  it('its answer is not stored', async () => {
    const query = `query BookmarkedFirst { article(slug: "${SEED_SLUG}") { title } }`;
    const warm = await send(env.DB, ARTICLE, { slug: SEED_SLUG });
    const bookmarked = await send(env.DB, query, undefined, { 'd1-bookmark': warm.headers.get('d1-bookmark')! }, CACHE);
    expect(bookmarked.headers.get('cache-status')).toBe('news-graph; fwd=bypass');
    const next = await send(env.DB, query, undefined, {}, CACHE);
    expect(next.headers.get('cache-status')).toMatch(/fwd=miss; stored/);
  });
});

describe('a header that is not a bookmark', () => {
  const BAD = [
    'garbage',
    'first-primary',
    'first-unconstrained',
    '00000000-0000000g-00000000-00000000000000000000000000000000',
    '-00000001',
    '00000001',
    '0'.repeat(300) + '-1',
    '1-2-3-4-5-6-7-8-9',
    '00000000-00000001; DROP TABLE articles',
  ];

  it('is a 400 INVALID_BOOKMARK, before any D1 statement, on every path (POST, GET, a cached answer)', async () => {
    const query = `query BadBookmark { article(slug: "${SEED_SLUG}") { slug } }`;
    await send(env.DB, query, undefined, {}, { EDGE_CACHE: 'on' });
    for (const bad of BAD) {
      for (const vars of [{}, { EDGE_CACHE: 'on' }] as Record<string, string>[]) {
        const rec = new Recorder();
        const res = await send(rec.binding(), query, undefined, { 'd1-bookmark': bad }, vars);
        expect(res.status, bad).toBe(400);
        expect(res.body.errors[0].extensions.code, bad).toBe('INVALID_BOOKMARK');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(rec.sessions, bad).toEqual([]);
        expect(rec.outside, bad).toEqual([]);
      }
      const get = await exports.default.fetch(`http://example.com/graphql?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/json', 'd1-bookmark': bad },
      });
      expect(get.status, bad).toBe(400);
      expect(((await get.json()) as any).errors[0].extensions.code).toBe('INVALID_BOOKMARK');
    }
  });
});

describe('CORS', () => {
  it('lets browsers send the bookmark and read it and Server-Timing', async () => {
    const preflight = await exports.default.fetch('http://example.com/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://reader.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, d1-bookmark',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/\bD1-Bookmark\b/);
    const res = await exports.default.fetch('http://example.com/graphql', {
      method: 'POST',
      headers: { origin: 'https://reader.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sections { slug } }' }),
    });
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    expect(exposed).toMatch(/\bD1-Bookmark\b/);
    expect(exposed).toMatch(/\bServer-Timing\b/);
    expect(res.headers.get('timing-allow-origin')).toBe('*');
  });
});
