// The edge cache (src/pipeline/use-edge-cache.ts) through the real Worker, the
// real Cache API and a real D1: what is stored, how it is answered (0 D1
// statements on a hit, counted at the binding), the HTTP caching headers, and
// purges after writes that are exact: the read after a write equals an
// uncached read, and an answer the write cannot change is still a hit.
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { ALL_SCOPES, articleInput, createToken } from './editor';
import { FaultyD1 } from './faulty-d1';
import { SEED_SLUG } from './helpers';
import { waitOnExecutionContext } from 'cloudflare:test';
import { fitTags } from '../src/pipeline/use-edge-cache';
import { ARTICLE_CACHE, ENTITY_CACHE, SEARCH_CACHE, cacheControl } from '../src/cache/lifetimes';
import { answerKey, FRESH_UNTIL, lookup, STORED_AT } from '../src/cache/store';
import { forgetAll } from '../src/cache/memory';

/** The test Worker's env with the edge cache on, and every statement counted at the binding. */
function cached() {
  const d1 = new FaultyD1();
  return { d1, env: { ...env, EDGE_CACHE: 'on', DB: d1.binding() } as unknown as Env };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function fetchWith(e: Env, request: Request): Promise<Answer> {
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], e, createExecutionContext());
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

const post = (e: Env, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetchWith(
    e,
    new Request('http://example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
const get = (e: Env, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetchWith(
    e,
    new Request(
      `http://example.com/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`,
      {
        headers: { accept: 'application/graphql-response+json', ...headers },
      },
    ),
  );

/** The same request with the cache off: the truth a cached answer must equal. */
async function truth(query: string, variables?: Record<string, unknown>) {
  const res = await post({ ...env, EDGE_CACHE: 'off' } as unknown as Env, query, variables);
  return res.body.data;
}

const status = (a: Answer) => a.headers.get('cache-status');

let token: string;
beforeAll(async () => {
  token = await createToken(ALL_SCOPES, 'cache-editor');
});

const write = (e: Env, query: string, variables: Record<string, unknown>) =>
  post(e, query, variables, { authorization: `Bearer ${token}` });

const UPSERT = `mutation($input: UpsertArticleInput!) { upsertArticle(input: $input) { article { id slug } } }`;

describe('what is stored and how it is answered', () => {
  it('a miss is stored; the same query is then a hit with no D1 statement, the same bytes, Age and the cost recorded', async () => {
    const { d1, env: e } = cached();
    const query = `query Page($slug: String!) { article(slug: $slug) { id title section { id name } authors { id name } } }`;
    const miss = await post(e, query, { slug: SEED_SLUG });
    expect(miss.status).toBe(200);
    expect(status(miss)).toBe('news-graph; fwd=miss; stored');
    expect(miss.headers.get('cache-control')).toMatch(/^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(miss.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const tags = miss.headers.get('cache-tag')!.split(',');
    expect(tags).toEqual(
      expect.arrayContaining([
        `Article/slug=${SEED_SLUG}`,
        'Article:1',
        expect.stringMatching(/^Section:\d+$/),
        expect.stringMatching(/^Author:\d+$/),
      ]),
    );
    const sentOnMiss = d1.sent.length;
    expect(sentOnMiss).toBeGreaterThan(0);

    const hit = await post(e, query, { slug: SEED_SLUG });
    expect(status(hit)).toMatch(/^news-graph; hit(; detail=memory)?$/);
    expect(d1.sent.length).toBe(sentOnMiss); // not one statement
    expect(hit.headers.get('age')).toMatch(/^\d+$/);
    expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));
    expect(hit.body.data).toEqual(miss.body.data);
    expect(hit.body.extensions.cost).toEqual(miss.body.extensions.cost);
    expect(hit.body.extensions.d1.statements).toBe(0);
  });

  it('the variables are part of the key, in any key order; GET and POST share answers of the same operation', async () => {
    const { env: e } = cached();
    const query = `query List($first: Int, $filter: ArticleFilter) { articles(first: $first, filter: $filter) { edges { node { id slug } } } }`;
    expect(status(await post(e, query, { first: 2, filter: { section: 'war' } }))).toMatch(/fwd=miss/);
    expect(status(await post(e, query, { filter: { section: 'war' }, first: 2 }))).toMatch(/^news-graph; hit(; detail=memory)?$/);
    expect(status(await post(e, query, { first: 3, filter: { section: 'war' } }))).toMatch(/fwd=miss/);
    expect(status(await get(e, query, { filter: { section: 'war' }, first: 2 }))).toMatch(/^news-graph; hit(; detail=memory)?$/);
  });

  it('an operation sent by its hash (APQ) or documentId finds the answer its text filled, before any parse', async () => {
    const { d1, env: e } = cached();
    const query = `{ countries { code } }`;
    await post(e, query);
    const { sha256Hex } = await import('../src/cache/store');
    const hash = await sha256Hex(query);
    const before = d1.sent.length;
    const byHash = await fetchWith(
      e,
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      }),
    );
    expect(status(byHash)).toMatch(/^news-graph; hit(; detail=memory)?$/);
    expect(byHash.body.data.countries.length).toBeGreaterThan(100);
    expect(d1.sent.length).toBe(before);
  });

  it('If-None-Match answers 304 without a body, on a miss and on a hit', async () => {
    const { env: e } = cached();
    const query = `{ sections { id slug name } }`;
    const first = await get(e, query);
    const etag = first.headers.get('etag')!;
    const hit = await get(e, query, undefined, { 'if-none-match': etag });
    expect(hit.status).toBe(304);
    expect(hit.text).toBe('');
    expect(status(hit)).toMatch(/^news-graph; hit(; detail=memory)?$/);
    // A miss (a query not asked before) with the ETag its answer will have.
    const other = `{ sections { id slug } }`;
    const truthAnswer = await get({ ...e, EDGE_CACHE: 'on' } as Env, other);
    await import('../src/cache/store').then((s) => s.purgeLocal(truthAnswer.headers.get('cache-tag')!.split(',')));
    const missed = await get(e, other, undefined, { 'if-none-match': truthAnswer.headers.get('etag')! });
    expect(status(missed)).toBe('news-graph; fwd=miss; stored');
    expect(missed.status).toBe(304);
    expect(missed.text).toBe('');
  });

  it('errors are not stored; a request with Authorization bypasses the cache: private, no-store, Vary: Authorization', async () => {
    const { d1, env: e } = cached();
    const bad = `{ articles(first: 101) { edges { cursor } } }`;
    const first = await post(e, bad);
    expect(first.body.errors).toBeDefined();
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(status(await post(e, bad))).toMatch(/fwd=miss$/);
    const query = `{ sections { slug } }`;
    await post(e, query);
    const before = d1.sent.length;
    const editor = await post(e, query, undefined, { authorization: `Bearer ${token}` });
    expect(status(editor)).toBe('news-graph; fwd=bypass');
    expect(editor.headers.get('cache-control')).toBe('private, no-store');
    expect(editor.headers.get('vary')).toMatch(/Authorization/);
    expect(d1.sent.length).toBeGreaterThan(before);
  });

  it('a refused operation is never stored, and the rate limit still counts hits', async () => {
    const { env: e } = cached();
    const heavy = '{ articles(first:100) { edges { node { related { related { related { slug } } } } } } }';
    const refused = await post({ ...e, MAX_COST: '10000' } as Env, heavy);
    expect(refused.status).toBe(400);
    expect(status(refused)).toMatch(/fwd=miss$/);
    const again = await post({ ...e, MAX_COST: '10000' } as Env, heavy);
    expect(again.status).toBe(400);
  });
});

describe('lifetimes, staleness and limits', () => {
  it('the lifetimes the schema declares, the smallest of an answer winning', async () => {
    const { env: e } = cached();
    const article = await post(e, `{ article(slug: "${SEED_SLUG}") { id title } }`);
    expect(article.headers.get('cache-control')).toBe(cacheControl(ARTICLE_CACHE.cacheControl));
    const country = await post(e, `{ country(code: "FR") { id name } }`);
    expect(country.headers.get('cache-control')).toBe(cacheControl(ENTITY_CACHE.cacheControl));
    const both = await post(e, `{ country(code: "FR") { id name } search(query: "caesar") { edges { node { id } } } }`);
    expect(both.headers.get('cache-control')).toBe(cacheControl(SEARCH_CACHE.cacheControl));
    expect(SEARCH_CACHE.cacheControl.sMaxAge).toBeLessThan(ENTITY_CACHE.cacheControl.sMaxAge);
  });

  it('an answer past its edge lifetime is answered stale, then refreshed in the background', async () => {
    const { d1, env: e } = cached();
    const query = `{ country(code: "AM") { id name code } }`;
    await post(e, query);
    // Age the stored answer: fresh until a moment ago, still within stale-while-revalidate.
    const key = await answerKey(
      'http://example.com',
      await (await import('../src/cache/store')).sha256Hex(query),
      undefined,
      undefined,
      'application/graphql-response+json',
    );
    const stored = (await lookup(key))!.response;
    expect(stored).not.toBeNull();
    const headers = new Headers(stored.headers);
    headers.set(FRESH_UNTIL, String(Date.now() - 1_000));
    const body = await stored.text();
    await (await caches.open('graphql')).put(key, new Response(body, { headers }));
    forgetAll(); // the isolate's memory would answer for another few seconds
    const before = d1.sent.length;
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query }),
      }) as Parameters<typeof worker.fetch>[0],
      e,
      ctx,
    );
    expect(response.headers.get('cache-status')).toBe('news-graph; fwd=stale');
    expect(JSON.parse(await response.text()).data.country.code).toBe('AM');
    await waitOnExecutionContext(ctx);
    expect(d1.sent.length).toBeGreaterThan(before); // the refresh read D1
    const refreshed = (await lookup(key))!.response;
    expect(Number(refreshed.headers.get(FRESH_UNTIL))).toBeGreaterThan(Date.now());
    expect(Number(refreshed.headers.get(STORED_AT))).toBeGreaterThan(Number(stored.headers.get(STORED_AT)));
    expect(status(await post(e, query))).toMatch(/^news-graph; hit(; detail=memory)?$/);
  });

  it("Cache-Tag stays within Cloudflare's limits: past them, objects of the commonest type become one coarse tag", () => {
    const many = Array.from({ length: 3_000 }, (_, i) => `Article:${i}`);
    const fitted = fitTags([...many, 'Section:1', 'articles', 'x'.repeat(2_000)]);
    expect(fitted.join(',').length).toBeLessThanOrEqual(16 * 1024);
    expect(fitted).toContain('Article');
    expect(fitted).toContain('Section:1');
    expect(fitted).toContain('articles');
    expect(fitted.some((t) => t.length > 1024)).toBe(false);
    expect(fitTags(['Article:1', 'articles'])).toEqual(['Article:1', 'articles']);
    expect(fitTags([`Article/slug=${'a'.repeat(2_000)}`])).toEqual(['Article']);
  });
});

describe("the isolate's memory, the first level", () => {
  it('answers a repeated hit from memory, for MEMORY_SECONDS at most after the Cache API lost it; a purge here drops it at once', async () => {
    const { MEMORY_SECONDS } = await import('../src/cache/memory');
    const { env: e } = cached();
    const query = `{ country(code: "FR") { id code name } }`;
    await post(e, query);
    const fromMemory = await post(e, query);
    expect(status(fromMemory)).toBe('news-graph; hit; detail=memory');
    // Another isolate's purge reaches the Cache API, not this memory: the staleness is bounded.
    const key = await answerKey(
      'http://example.com',
      await (await import('../src/cache/store')).sha256Hex(query),
      undefined,
      undefined,
      'application/graphql-response+json',
    );
    await (await caches.open('graphql')).delete(key);
    expect(status(await post(e, query))).toBe('news-graph; hit; detail=memory');
    await new Promise((r) => setTimeout(r, MEMORY_SECONDS * 1000 + 200));
    expect(status(await post(e, query))).toBe('news-graph; fwd=miss; stored');
    // A write in this isolate purges its memory with the Cache API.
    expect(status(await post(e, query))).toBe('news-graph; hit; detail=memory');
    const rename = `mutation { updateCountry(input: { code: "FR", name: "French Republic" }) { country { name } } }`;
    expect((await write(e, rename, {})).body.errors).toBeUndefined();
    const after = await post(e, query);
    expect(status(after)).toBe('news-graph; fwd=miss; stored');
    expect(after.body.data.country.name).toBe('French Republic');
  }, 15_000);
});

describe('purges after writes are exact', () => {
  it('an article edit: its page and the lists showing it are fresh at once; a page the edit cannot change stays a hit', async () => {
    const { env: e } = cached();
    const slug = 'cache-story-one';
    await write(e, UPSERT, { input: articleInput({ slug, title: 'Cache story one', publishedAt: '2025-03-01T10:00:00Z' }) });
    const page = `query($slug: String!) { article(slug: $slug) { id title } }`;
    const list = `{ articles(first: 5, filter: { section: "war" }) { edges { node { id title } } } }`;
    const other = `{ country(code: "IN") { id name } }`;
    for (const q of [list, other]) await post(e, q);
    await post(e, page, { slug });
    expect(status(await post(e, page, { slug }))).toMatch(/^news-graph; hit(; detail=memory)?$/);
    expect(status(await post(e, list))).toMatch(/^news-graph; hit(; detail=memory)?$/);

    const edited = await write(e, UPSERT, {
      input: articleInput({ slug, title: 'Cache story one, edited', publishedAt: '2025-03-01T10:00:00Z' }),
    });
    expect(edited.body.errors).toBeUndefined();
    const pageAfter = await post(e, page, { slug });
    expect(status(pageAfter)).toMatch(/fwd=miss/);
    expect(pageAfter.body.data).toEqual(await truth(page, { slug }));
    expect(pageAfter.body.data.article.title).toBe('Cache story one, edited');
    const listAfter = await post(e, list);
    expect(listAfter.body.data).toEqual(await truth(list));
    expect(status(await post(e, other))).toMatch(/^news-graph; hit(; detail=memory)?$/);
  });

  it('a story moved from one section to another: both sections lists are purged; unpublished: every list it was in', async () => {
    const { env: e } = cached();
    const slug = 'cache-story-moves';
    await write(e, UPSERT, {
      input: articleInput({ slug, title: 'Moving story', section: { slug: 'war', name: 'War' }, publishedAt: '2025-04-01T10:00:00Z' }),
    });
    const bySection = (s: string) => `{ section(slug: "${s}") { articles(first: 3) { totalCount edges { node { slug } } } } }`;
    const filtered = (s: string) => `{ articles(first: 3, filter: { section: "${s}" }) { edges { node { slug } } } }`;
    const country = `{ articles(first: 3, filter: { country: "AM" }) { edges { node { slug } } } }`;
    const queries = [bySection('war'), bySection('politics'), filtered('war'), filtered('politics'), country];
    for (const q of queries) await post(e, q);
    for (const q of queries) expect(status(await post(e, q)), q).toMatch(/^news-graph; hit(; detail=memory)?$/);

    await write(e, UPSERT, {
      input: articleInput({
        slug,
        title: 'Moving story',
        section: { slug: 'politics', name: 'Politics' },
        publishedAt: '2025-04-01T10:00:00Z',
      }),
    });
    for (const q of queries) {
      const after = await post(e, q);
      expect(after.body.data, q).toEqual(await truth(q));
    }
    const unpublish = `mutation($slug: String!) { unpublishArticle(input: { slug: $slug }) { article { slug } } }`;
    for (const q of queries) await post(e, q);
    expect((await write(e, unpublish, { slug })).body.errors).toBeUndefined();
    for (const q of queries) {
      const after = await post(e, q);
      expect(after.body.data, q).toEqual(await truth(q));
      expect(JSON.stringify(after.body.data), q).not.toContain(slug);
    }
  });

  it('an entity renamed: every page that shows it', async () => {
    const { env: e } = cached();
    const page = `query($slug: String!) { article(slug: $slug) { id countries { id name } } }`;
    const unrelated = `{ section(slug: "war") { id name } }`;
    await post(e, page, { slug: SEED_SLUG });
    await post(e, unrelated);
    const rename = `mutation { updateCountry(input: { code: "AM", name: "Republic of Armenia" }) { country { name } } }`;
    expect((await write(e, rename, {})).body.errors).toBeUndefined();
    const after = await post(e, page, { slug: SEED_SLUG });
    expect(after.body.data).toEqual(await truth(page, { slug: SEED_SLUG }));
    expect(JSON.stringify(after.body.data)).toContain('Republic of Armenia');
    expect(status(await post(e, unrelated))).toMatch(/^news-graph; hit(; detail=memory)?$/);
  });
});
