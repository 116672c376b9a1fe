// Operations by id (issue 11, item 1), over HTTP through the real Worker and D1:
// Apollo's automatic persisted queries (miss, register, hit; GET and POST; a
// wrong hash), the trusted documents of schema/operations by hash and by
// documentId, the TRUSTED_DOCUMENTS_ONLY switch, the committed manifest and
// codegen output, every limit on an operation sent by hash, and the fast lane.
import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import manifest from '../schema/persisted-operations.json';
import codegenDocuments from '../clients/typescript/persisted-documents.json';
import codegenModule from '../clients/typescript/graphql.ts?raw';
import committedManifest from '../schema/persisted-operations.json?raw';
import { buildManifest, serialize, sha256Hex } from '../scripts/persisted-manifest';
import worker from '../src/index';
import { ApqStore } from '../src/persisted/apq-store';
import { MAX_REQUEST_BODY_BYTES } from '../src/server';

const operationFiles = import.meta.glob<string>('../schema/operations/*.graphql', { query: '?raw', import: 'default', eager: true });
const trusted = manifest as Record<string, string>;
const hashOf = (name: string) => Object.keys(trusted).find((h) => trusted[h].startsWith(`query ${name}(`))!;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: {
    data?: any;
    errors?: { message: string; extensions?: { code?: string; limit?: { name: string } } }[];
    extensions?: { cost?: unknown; d1?: { statements: number } };
  };
}

type Fetcher = (request: Request) => Promise<Response>;
const viaWorker: Fetcher = (request) => exports.default.fetch(request);
/** The Worker with other [vars] (config is read per env object). */
const withEnv =
  (overrides: Record<string, unknown>): Fetcher =>
  async (request) =>
    worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...overrides } as unknown as Env, createExecutionContext());

/** This test Worker's env without its raised MAX_* settings: the limits a deployment has. */
const committedLimits = (() => {
  const copy: Record<string, unknown> = { ...env };
  for (const key of Object.keys(copy)) if (key.startsWith('MAX_')) copy[key] = undefined;
  return copy;
})();

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

async function post(payload: Record<string, unknown>, headers: Record<string, string> = {}, fetch: Fetcher = viaWorker): Promise<Answer> {
  const body = JSON.stringify(payload);
  return answer(
    await fetch(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          'content-length': String(new TextEncoder().encode(body).byteLength),
          ...headers,
        },
        body,
      }),
    ),
  );
}

async function get(params: Record<string, unknown>, headers: Record<string, string> = {}, fetch: Fetcher = viaWorker): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) search.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return answer(
    await fetch(
      new Request(`http://example.com/graphql?${search}`, { headers: { accept: 'application/graphql-response+json', ...headers } }),
    ),
  );
}

const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

function expectNotFound(a: Answer) {
  expect(a.status, a.text).toBe(200);
  expect(a.body.data).toBeUndefined();
  expect(a.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
  expect(a.headers.get('cache-control')).toBe('private, no-cache, must-revalidate');
}

function expectCode(a: Answer, status: number, code: string) {
  expect(a.status, a.text).toBe(status);
  expect(a.body.data).toBeUndefined();
  expect(a.body.errors).toHaveLength(1);
  expect(a.body.errors![0].extensions?.code).toBe(code);
}

describe('automatic persisted queries (Apollo protocol)', () => {
  it('POST: an unknown hash is PersistedQueryNotFound; hash + query runs and registers; then the hash alone runs it', async () => {
    const query = 'query ApqPost($slug: String!) { section(slug: $slug) { slug name } }';
    const hash = await sha256Hex(query);
    const variables = { slug: 'war' };
    expectNotFound(await post({ extensions: apq(hash), variables, operationName: 'ApqPost' }));
    const registered = await post({ query, extensions: apq(hash), variables, operationName: 'ApqPost' });
    expect(registered.status, registered.text).toBe(200);
    expect(registered.body.data.section.slug).toBe('war');
    const hit = await post({ extensions: apq(hash), variables, operationName: 'ApqPost' });
    expect(hit.status, hit.text).toBe(200);
    expect(hit.body.data).toEqual(registered.body.data);
    expect(hit.body.extensions?.cost).toEqual(registered.body.extensions?.cost);
  });

  it('GET: ?extensions=…&variables=…&operationName=… the same way', async () => {
    const query = 'query ApqGet($code: String!) { country(code: $code) { code name } }';
    const hash = await sha256Hex(query);
    const params = { extensions: apq(hash), variables: { code: 'AM' }, operationName: 'ApqGet' };
    expectNotFound(await get(params));
    const registered = await get({ ...params, query });
    expect(registered.status, registered.text).toBe(200);
    expect(registered.body.data.country.code).toBe('AM');
    const hit = await get(params);
    expect(hit.status, hit.text).toBe(200);
    expect(hit.body.data).toEqual(registered.body.data);
    // Registered through POST, found through GET and the other way round: one store.
    const other = 'query ApqMixed { sections { slug } }';
    const otherHash = await sha256Hex(other);
    expect((await post({ query: other, extensions: apq(otherHash) })).status).toBe(200);
    expect((await get({ extensions: apq(otherHash) })).body.data.sections.length).toBeGreaterThan(0);
  });

  it('a hash that is not the query’s is refused (400 PERSISTED_QUERY_MISMATCH), nothing runs and nothing is registered', async () => {
    const query = 'query ApqMismatch { sections { slug } }';
    const wrong = await sha256Hex('query Other { sections { name } }');
    const refused = await post({ query, extensions: apq(wrong) });
    expectCode(refused, 400, 'PERSISTED_QUERY_MISMATCH');
    expect(refused.body.errors![0].message).toBe('PersistedQueryMismatch');
    expect(refused.body.extensions?.d1?.statements).toBe(0);
    expectNotFound(await post({ extensions: apq(wrong) }));
    // A hash that is not hex at all finds nothing (and is not looked up).
    expectNotFound(await post({ extensions: apq('../../not-a-hash') }));
  });

  it('registered queries live in the Cache API under a synthetic GET URL: another isolate’s store finds them', async () => {
    const query = 'query ApqShared { sections { name } }';
    const hash = await sha256Hex(query);
    expect((await post({ query, extensions: apq(hash) })).status).toBe(200);
    // The Worker writes it in waitUntil: wait for it to land.
    let stored: Response | undefined;
    for (let i = 0; i < 50 && !stored; i++) {
      stored = await (caches as unknown as { default: Cache }).default.match(`https://apq.news-graph.invalid/${hash}`);
      if (!stored) await new Promise((r) => setTimeout(r, 20));
    }
    expect(await stored!.text()).toBe(query);
    // A fresh store (an empty isolate) reads it from the Cache API, then from memory.
    const fresh = new ApqStore();
    expect(fresh.peek(hash)).toBeUndefined();
    expect(await fresh.get(hash)).toBe(query);
    expect(fresh.peek(hash)).toBe(query);
    // And set/get round-trips through the Cache API alone.
    const writer = new ApqStore();
    await writer.set('ab'.repeat(32), '{ __typename }');
    expect(await new ApqStore().get('ab'.repeat(32))).toBe('{ __typename }');
  });
});

describe('trusted documents (schema/operations)', () => {
  it('every operation file is in the manifest, by the sha256 of its printed text', async () => {
    expect(Object.keys(trusted)).toHaveLength(Object.keys(operationFiles).length);
    for (const [hash, text] of Object.entries(trusted)) expect(await sha256Hex(text)).toBe(hash);
  });

  it('runs by APQ hash (never registered), by documentId over POST and GET, each as its text would', async () => {
    const hash = hashOf('SectionFront');
    const variables = { slug: 'war', first: 3 };
    const byText = await post({ query: trusted[hash], variables });
    expect(byText.status, byText.text).toBe(200);
    expect(byText.body.data.section).toBeTruthy();
    const byHash = await post({ extensions: apq(hash), variables });
    const byId = await post({ documentId: `sha256:${hash}`, variables });
    const byGet = await get({ documentId: `sha256:${hash}`, variables, operationName: 'SectionFront' });
    const byApqGet = await get({ extensions: apq(hash), variables });
    for (const a of [byHash, byId, byGet, byApqGet]) {
      expect(a.status, a.text).toBe(200);
      expect(a.body.data).toEqual(byText.body.data);
    }
  });

  it('an unknown documentId is 404 PERSISTED_QUERY_NOT_IN_LIST; a malformed one 400; documentId with a query 400', async () => {
    const unknown = await post({ documentId: `sha256:${'0'.repeat(64)}` });
    expectCode(unknown, 404, 'PERSISTED_QUERY_NOT_IN_LIST');
    expect(unknown.body.errors![0].message).toContain('Unknown documentId');
    expect(unknown.body.extensions?.d1?.statements).toBe(0);
    expectCode(await get({ documentId: `sha256:${'0'.repeat(64)}` }), 404, 'PERSISTED_QUERY_NOT_IN_LIST');
    for (const documentId of ['abc', hashOf('Search'), `sha256:${hashOf('Search').toUpperCase()}`, `md5:${'0'.repeat(32)}`, 42])
      expectCode(await post({ documentId }), 400, 'BAD_REQUEST');
    expectCode(await post({ documentId: `sha256:${hashOf('Search')}`, query: '{ __typename }' }), 400, 'CANNOT_SEND_PQ_ID_AND_BODY');
    expectCode(
      await post({ documentId: `sha256:${hashOf('Search')}`, extensions: apq(hashOf('Search')) }),
      400,
      'CANNOT_SEND_PQ_ID_AND_BODY',
    );
  });
});

describe('TRUSTED_DOCUMENTS_ONLY = "on"', () => {
  const on = withEnv({ TRUSTED_DOCUMENTS_ONLY: 'on' });

  it('refuses an arbitrary anonymous query (403 TRUSTED_DOCUMENTS_ONLY, no D1 statement), by text, by APQ registration or by hash', async () => {
    const query = 'query Arbitrary { sections { slug } }';
    const refused = await post({ query }, {}, on);
    expectCode(refused, 403, 'TRUSTED_DOCUMENTS_ONLY');
    expect(refused.body.extensions?.d1?.statements).toBe(0);
    expectCode(await get({ query }, {}, on), 403, 'TRUSTED_DOCUMENTS_ONLY');
    const hash = await sha256Hex(query);
    expectCode(await post({ query, extensions: apq(hash) }, {}, on), 403, 'TRUSTED_DOCUMENTS_ONLY');
    // Registered while the switch was off: the hash alone still does not run it anonymously.
    expect((await post({ query, extensions: apq(hash) })).status).toBe(200);
    expectCode(await post({ extensions: apq(hash) }, {}, on), 403, 'TRUSTED_DOCUMENTS_ONLY');
  });

  it('runs the trusted documents anonymously, by documentId, by hash and by their exact text', async () => {
    const hash = hashOf('CountryProfile');
    for (const a of [
      await post({ documentId: `sha256:${hash}` }, {}, on),
      await post({ extensions: apq(hash) }, {}, on),
      await post({ query: trusted[hash] }, {}, on),
    ]) {
      expect(a.status, a.text).toBe(200);
      expect(a.body.data.country.code).toBe('AM');
    }
  });

  it('lets an editor’s token send any document; a token that fails verification is 401', async () => {
    const { createToken } = await import('./editor');
    const token = await createToken(['drafts:read']);
    const editor = await post({ query: '{ sections { slug } }' }, { authorization: `Bearer ${token}` }, on);
    expect(editor.status, editor.text).toBe(200);
    expect(editor.body.data.sections.length).toBeGreaterThan(0);
    const forged = await post({ query: '{ sections { slug } }' }, { authorization: 'Bearer ngt_aaaaaaaaaaaa_forged' }, on);
    expectCode(forged, 401, 'UNAUTHENTICATED');
  });
});

describe('the manifest and the codegen output', () => {
  it('regenerating schema/persisted-operations.json from schema/operations changes nothing', async () => {
    const files = Object.fromEntries(Object.entries(operationFiles).map(([path, text]) => [path.split('/').pop()!, text]));
    expect(serialize(await buildManifest(files))).toBe(committedManifest);
  });

  it('npm run codegen’s persisted documents and typed documents carry the manifest’s hashes and texts', () => {
    const fromCodegen = Object.entries(codegenDocuments as Record<string, string>).sort();
    const fromManifest = Object.entries(trusted)
      .map(([hash, text]) => [`sha256:${hash}`, text])
      .sort();
    expect(fromCodegen).toEqual(fromManifest);
    const typed = [...codegenModule.matchAll(/"__meta__":\{"hash":"(sha256:[0-9a-f]{64})"\}/g)].map((m) => m[1]).sort();
    expect(typed).toEqual(fromManifest.map(([id]) => id));
  });
});

describe('every limit still applies to an operation sent by hash or id', () => {
  const limited = withEnv(committedLimits);

  it('the rate limit: 429 RATE_LIMITED before the hash is looked up', async () => {
    const refusing = withEnv({ PUBLIC_RATE_LIMITER: { limit: async () => ({ success: false }) } });
    for (const payload of [{ documentId: `sha256:${hashOf('Search')}` }, { extensions: apq(hashOf('Search')) }]) {
      const a = await post(payload, {}, refusing);
      expect(a.status).toBe(429);
      expect(a.body.errors![0].extensions?.code).toBe('RATE_LIMITED');
    }
  });

  it('the body limit: 413 for a request by id whose body is too large', async () => {
    const padding = 'x'.repeat(MAX_REQUEST_BODY_BYTES);
    const response = await viaWorker(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_REQUEST_BODY_BYTES + 100) },
        body: JSON.stringify({ documentId: `sha256:${hashOf('Search')}`, variables: { query: padding } }).slice(
          0,
          MAX_REQUEST_BODY_BYTES + 100,
        ),
      }),
    );
    expect(response.status).toBe(413);
  });

  it('document limits refuse the registration (tokens, depth, aliases): coded, no D1 statement, never registered', async () => {
    const deep = `query Deep { ${'article(slug: "x") { related { '.repeat(1)}${'related { '.repeat(14)}slug${' }'.repeat(16)} }`;
    const aliases = `query Aliases { ${Array.from({ length: 40 }, (_, i) => `a${i}: sections { slug }`).join(' ')} }`;
    const tokens = `query Tokens { ${Array.from({ length: 2_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    for (const [query, code] of [
      [deep, 'MAX_DEPTH_EXCEEDED'],
      [aliases, 'MAX_ALIASES_EXCEEDED'],
      [tokens, 'MAX_TOKENS_EXCEEDED'],
    ]) {
      const hash = await sha256Hex(query);
      const refused = await post({ query, extensions: apq(hash) }, {}, limited);
      expectCode(refused, 400, code);
      expect(refused.body.extensions?.d1?.statements).toBe(0);
      expectNotFound(await post({ extensions: apq(hash) }, {}, limited));
    }
  });

  it('the cost, with the variables, for a registered query sent by hash and a trusted document by documentId', async () => {
    const query = 'query Costly($n: Int) { articles(first: $n) { edges { node { related { related { slug } } } } } }';
    const hash = await sha256Hex(query);
    expect((await post({ query, extensions: apq(hash), variables: { n: 1 } }, {}, limited)).status).toBe(200);
    const refused = await post({ extensions: apq(hash), variables: { n: 100 } }, {}, limited);
    expectCode(refused, 400, 'MAX_COST_EXCEEDED');
    expect(refused.body.extensions?.d1?.statements).toBe(0);
    const tight = withEnv({ ...committedLimits, MAX_COST: '5' });
    const byId = await post({ documentId: `sha256:${hashOf('SectionFront')}`, variables: { first: 50 } }, {}, tight);
    expectCode(byId, 400, 'MAX_COST_EXCEEDED');
    expect(byId.body.extensions?.d1?.statements).toBe(0);
  });

  it('a mutation by hash: 401 without a token, refused over GET', async () => {
    const mutation = 'mutation ByHash { deleteArticle(input: { slug: "no-such-story" }) { changed } }';
    const hash = await sha256Hex(mutation);
    const refused = await post({ query: mutation, extensions: apq(hash) });
    expectCode(refused, 401, 'UNAUTHENTICATED');
    expect(refused.body.extensions?.d1?.statements).toBe(0);
    const viaGet = await get({ extensions: apq(hash) });
    expect(viaGet.status).toBeGreaterThanOrEqual(400);
    expect(viaGet.status).toBeLessThan(500);
    expect(viaGet.body.data).toBeUndefined();
  });
});

describe('the fast lane answers operations sent by id, byte for byte as yoga', () => {
  const LANE = 'x-graphql-lane';
  const OFF = { 'x-graphql-fast-lane': 'off' };
  // Per request whatever answers: the D1 session's bookmark (every statement moves it on) and the timings.
  const perRequest = ([k, v]: [string, string]): [string, string] =>
    k === 'd1-bookmark'
      ? [k, '(bookmark)']
      : k === 'server-timing'
        ? [k, v.replace(/dur=[\d.]+/g, 'dur=(ms)').replace(/lane;desc=\w+/, 'lane;desc=(lane)')]
        : [k, v];
  const raw = (a: Answer) => ({ status: a.status, headers: [...a.headers].filter(([k]) => k !== LANE).map(perRequest), text: a.text });

  it('by documentId and by APQ hash (trusted, and registered in this isolate)', async () => {
    const hash = hashOf('ArticlePage');
    const registeredText = 'query LaneApq { articles(first: 2) { edges { node { slug title } } } }';
    const registered = await sha256Hex(registeredText);
    expect((await post({ query: registeredText, extensions: apq(registered) }, OFF)).status).toBe(200);
    for (const payload of [{ documentId: `sha256:${hash}` }, { extensions: apq(hash) }, { extensions: apq(registered) }]) {
      await post(payload, OFF); // yoga answers, and the lane learns the text
      const fast = await post(payload);
      const reference = await post(payload, OFF);
      expect(fast.headers.get(LANE), JSON.stringify(payload)).toBe('fast');
      expect(reference.headers.get(LANE)).toBeNull();
      expect(raw(fast)).toEqual(raw(reference));
      expect(fast.body.data).toBeTruthy();
    }
  });

  it('leaves to yoga what it must not answer: unknown ids, a text with its hash, other extensions, and with the switch on an untrusted text', async () => {
    const text = 'query LaneLearned { sections { slug } }';
    await post({ query: text }, OFF);
    expect((await post({ query: text })).headers.get(LANE)).toBe('fast');
    const hash = await sha256Hex(text);
    for (const payload of [
      { documentId: `sha256:${'1'.repeat(64)}` },
      { extensions: apq('2'.repeat(64)) },
      { query: text, extensions: apq(hash) },
      { extensions: { ...apq(hashOf('ArticlePage')), other: true } },
    ])
      expect((await post(payload)).headers.get(LANE), JSON.stringify(payload)).toBeNull();
    const on = withEnv({ TRUSTED_DOCUMENTS_ONLY: 'on' });
    const refused = await post({ query: text }, {}, on);
    expect(refused.headers.get(LANE)).toBeNull();
    expectCode(refused, 403, 'TRUSTED_DOCUMENTS_ONLY');
  });
});
