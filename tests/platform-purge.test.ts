// Production purging (src/cache/platform-purge.ts) against a local stand-in for
// Cloudflare's zone purge-by-tag API (tests/purge-api/standin.js, bound as
// PURGE_API in vitest.config.ts), which records every request it receives:
// method, path with the zone id, bearer token, batches of at most 100 tags,
// bursts coalesced, retries after 429 (Retry-After) and 5xx, none after 400,
// failures logged without the token and never thrown; `ctx.cache.purge` when
// the runtime has it; the edge lifetime capped in production when no purge
// path is configured; and a mutation through the Worker purging exactly the
// tags the write changed.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { platformPurge, purgeReach, TAGS_PER_REQUEST, MAX_ATTEMPTS, UNPURGED_EDGE_SECONDS, retryAfter } from '../src/cache/platform-purge';
import { answerKey, FRESH_UNTIL, lookup, sha256Hex, STALE_UNTIL } from '../src/cache/store';
import { storyWriteTags } from '../src/cache/tags';
import worker from '../src/index';
import { ALL_SCOPES, articleInput, createToken } from './editor';
import { SEED_SLUG } from './helpers';

interface Received {
  method: string;
  host: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: { tags: string[] } | null;
  at: number;
}

const TOKEN = 'purge-token-secret-0123456789';
let zones = 0;
/** A zone of its own for each test: the stand-in keeps each zone's requests apart. */
const newZone = () => `zone${Date.now().toString(16)}${(zones++).toString(16)}`;
const withZone = (zone: string, extra: Record<string, unknown> = {}) =>
  ({ ...env, CF_ZONE_ID: zone, CF_PURGE_TOKEN: TOKEN, ...extra }) as unknown as Env;

const received = async (zone: string): Promise<Received[]> => (await env.PURGE_API.fetch(`http://stand-in/__requests/${zone}`)).json();
const script = (zone: string, answers: { status: number; retryAfter?: string | number }[]) =>
  env.PURGE_API.fetch(`http://stand-in/__script/${zone}`, { method: 'PUT', body: JSON.stringify(answers) });
const tagsOf = (n: number, prefix = 'T') => Array.from({ length: n }, (_, i) => `${prefix}:${i}`);

/** Runs platformPurge as purge.ts does (in waitUntil) and waits for the background work. */
async function runPurge(e: Env, tags: string[], ctx = createExecutionContext()) {
  ctx.waitUntil(platformPurge(e, ctx, tags));
  await waitOnExecutionContext(ctx);
}

afterEach(() => vi.restoreAllMocks());

describe('the zone purge-by-tag API', () => {
  it('POSTs the tags to /zones/{zone}/purge_cache with the bearer token, at most 100 a request', async () => {
    const zone = newZone();
    const tags = tagsOf(250);
    await runPurge(withZone(zone), tags);
    const got = await received(zone);
    expect(got.map((r) => r.body!.tags.length)).toEqual([100, 100, 50]);
    for (const r of got) {
      expect(r.method).toBe('POST');
      expect(r.host).toBe('api.cloudflare.com');
      expect(r.path).toBe(`/client/v4/zones/${zone}/purge_cache`);
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.contentType).toBe('application/json');
      expect(r.body!.tags.length).toBeLessThanOrEqual(TAGS_PER_REQUEST);
    }
    expect(got.flatMap((r) => r.body!.tags).sort()).toEqual([...tags].sort());
  });

  it('CF_API_BASE moves the API; nothing is sent without both secrets', async () => {
    const zone = newZone();
    await runPurge(withZone(zone, { CF_API_BASE: 'https://purge.example.net/v9/' }), ['Article:1']);
    expect((await received(zone)).map((r) => `${r.host}${r.path}`)).toEqual([`purge.example.net/v9/zones/${zone}/purge_cache`]);

    const alone = newZone();
    await runPurge({ ...env, CF_ZONE_ID: alone } as unknown as Env, ['Article:1']);
    await runPurge({ ...env, CF_ZONE_ID: alone, CF_PURGE_TOKEN: '  ' } as unknown as Env, ['Article:1']);
    expect(await received(alone)).toEqual([]);
    expect(purgeReach({ ...env, CF_ZONE_ID: alone } as unknown as Env, createExecutionContext())).toBe('none');
    expect(purgeReach(withZone(alone), createExecutionContext())).toBe('zone-api');
  });

  it('a burst of writes is coalesced: three purges close together make one request with every tag once', async () => {
    const zone = newZone();
    const e = withZone(zone);
    const contexts = [createExecutionContext(), createExecutionContext(), createExecutionContext()];
    contexts[0].waitUntil(platformPurge(e, contexts[0], ['Article:1', 'articles']));
    contexts[1].waitUntil(platformPurge(e, contexts[1], ['Article:2', 'articles']));
    contexts[2].waitUntil(platformPurge(e, contexts[2], ['Article:3', 'search']));
    // The later requests only add their tags; the first one's waitUntil lasts until the burst is out.
    await waitOnExecutionContext(contexts[2]);
    expect(await received(zone)).toEqual([]);
    await waitOnExecutionContext(contexts[0]);
    const got = await received(zone);
    expect(got).toHaveLength(1);
    expect(got[0].body!.tags.sort()).toEqual(['Article:1', 'Article:2', 'Article:3', 'articles', 'search']);
    // A purge after the burst went starts the next one.
    await runPurge(e, ['Article:4']);
    const all = await received(zone);
    expect(all).toHaveLength(2);
    expect(all[1].body!.tags).toEqual(['Article:4']);
  });

  it('a 429 is retried after its Retry-After; the batch goes through', async () => {
    const zone = newZone();
    await script(zone, [{ status: 429, retryAfter: 1 }]);
    await runPurge(withZone(zone), ['Article:7']);
    const got = await received(zone);
    expect(got).toHaveLength(2);
    expect(got[1].body).toEqual(got[0].body);
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(950);
  });

  it('5xx are retried a bounded number of times, then given up and logged without the token', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const zone = newZone();
    await script(
      zone,
      Array.from({ length: MAX_ATTEMPTS + 2 }, () => ({ status: 503, retryAfter: 0 })),
    );
    await runPurge(withZone(zone), ['Article:8']);
    expect(await received(zone)).toHaveLength(MAX_ATTEMPTS);
    const logged = errors.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(logged).toContain('purge gave up');
    expect(logged).toContain(zone);
    expect(logged).toContain('503');
    expect(logged).not.toContain(TOKEN);
  });

  it('a 400 is not retried (the next batch still goes); a 403 stops the rest; neither throws', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const zone = newZone();
    await script(zone, [{ status: 400 }]);
    await runPurge(withZone(zone), tagsOf(150));
    expect((await received(zone)).map((r) => r.body!.tags.length)).toEqual([100, 50]);

    const refused = newZone();
    await script(refused, [{ status: 403 }]);
    await runPurge(withZone(refused), tagsOf(150));
    expect(await received(refused)).toHaveLength(1);
    const logged = errors.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(logged).toMatch(/purge refused.*"status":400/);
    expect(logged).toMatch(/purge refused.*"status":403/);
    expect(logged).not.toContain(TOKEN);
  });

  it('a network failure is retried, then logged; platformPurge resolves all the same', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    const broken = {
      fetch: async () => {
        calls++;
        throw new Error(`connection reset (Authorization: Bearer ${TOKEN})`);
      },
    };
    const ctx = createExecutionContext();
    await expect(platformPurge(withZone(newZone(), { PURGE_API: broken }), ctx, ['Article:9'])).resolves.toBeUndefined();
    expect(calls).toBe(MAX_ATTEMPTS);
    const logged = errors.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(logged).toContain('connection reset');
    expect(logged).not.toContain(TOKEN);
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfter('3')).toBe(3000);
    expect(retryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfter('soon')).toBeNull();
    expect(retryAfter(null)).toBeNull();
  });
});

describe("the runtime's purge (Workers Caching)", () => {
  it('is absent in this workerd: the zone API is the production path here', () => {
    expect(createExecutionContext().cache).toBeUndefined();
  });

  it('is used where the runtime has it, in batches of 100, instead of the API; on failure the API is used', async () => {
    const zone = newZone();
    const calls: string[][] = [];
    const ctx = Object.assign(createExecutionContext(), {
      cache: { purge: async ({ tags }: { tags?: string[] }) => (calls.push(tags!), { success: true, errors: [] }) },
    });
    expect(purgeReach(withZone(zone), ctx)).toBe('runtime');
    expect(purgeReach(env, ctx)).toBe('runtime');
    await runPurge(withZone(zone), tagsOf(120), ctx);
    expect(calls.map((c) => c.length)).toEqual([100, 20]);
    expect(await received(zone)).toEqual([]);

    vi.spyOn(console, 'error').mockImplementation(() => {});
    const failing = Object.assign(createExecutionContext(), {
      cache: { purge: async () => ({ success: false, errors: [{ code: 1, message: 'not enabled' }] }) },
    });
    await runPurge(withZone(zone), ['Article:3'], failing);
    expect((await received(zone)).map((r) => r.body!.tags)).toEqual([['Article:3']]);
  });
});

describe('through the Worker', () => {
  let token: string;
  beforeAll(async () => {
    token = await createToken(ALL_SCOPES, 'purge-editor');
  });

  const send = (e: Env, body: unknown, headers: Record<string, string> = {}, ctx = createExecutionContext()) =>
    worker.fetch(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      }) as Parameters<typeof worker.fetch>[0],
      e,
      ctx,
    );

  it('a mutation leads to one purge request with exactly the tags the write changed, after the answer went out', async () => {
    const zone = newZone();
    const e = withZone(zone, { EDGE_CACHE: 'on' });
    const slug = 'purged-through-the-worker';
    const publishedAt = '2025-05-01T10:00:00Z';
    const ctx = createExecutionContext();
    const response = await send(
      e,
      {
        query: `mutation($input: UpsertArticleInput!) { upsertArticle(input: $input) { article { id slug } } }`,
        variables: { input: articleInput({ slug, publishedAt }) },
      },
      { authorization: `Bearer ${token}` },
      ctx,
    );
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    // The answer did not wait for the platform's purge.
    expect(await received(zone)).toEqual([]);
    await waitOnExecutionContext(ctx);

    const id = Number(atob(body.data.upsertArticle.article.id).split(':')[1]);
    const expected = storyWriteTags(
      id,
      null,
      {
        slug,
        public: true,
        publishedAt: Date.parse(publishedAt),
        section: 'war',
        authors: ['kathrine-frich'],
        countries: ['AM', 'FR'],
        deals: [],
        equipment: ['caesar'],
      },
      true,
    );
    const got = await received(zone);
    expect(got).toHaveLength(1);
    expect(got[0].path).toBe(`/client/v4/zones/${zone}/purge_cache`);
    expect(got[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(got[0].body!.tags.sort()).toEqual([...expected].sort());
  });

  it('a read purges nothing', async () => {
    const zone = newZone();
    const ctx = createExecutionContext();
    await (await send(withZone(zone, { EDGE_CACHE: 'on' }), { query: '{ sections { slug } }' }, {}, ctx)).text();
    await waitOnExecutionContext(ctx);
    expect(await received(zone)).toEqual([]);
  });

  const lifetimes = async (e: Env, query: string) => {
    const response = await send(e, { query });
    await response.text();
    const key = await answerKey('http://example.com', await sha256Hex(query), undefined, undefined, 'application/graphql-response+json');
    const stored = (await lookup(key))?.response;
    return {
      control: response.headers.get('cache-control')!,
      freshFor: stored ? (Number(stored.headers.get(FRESH_UNTIL)) - Date.now()) / 1000 : null,
      staleFor: stored ? (Number(stored.headers.get(STALE_UNTIL)) - Date.now()) / 1000 : null,
    };
  };
  const sMaxAge = (control: string) => Number(/s-maxage=(\d+)/.exec(control)![1]);

  it('in production with no purge path, answers are kept at the edge a minute at most (header and stored entry)', async () => {
    // The same selection under three aliases: three cache keys, one declared lifetime.
    const query = (alias: string) => `{ ${alias}: article(slug: "${SEED_SLUG}") { title section { name } } }`;
    const production = { ...env, ENVIRONMENT: 'production', EDGE_CACHE: 'on' } as unknown as Env;
    const capped = await lifetimes(production, query('capped'));
    expect(sMaxAge(capped.control)).toBe(UNPURGED_EDGE_SECONDS);
    expect(capped.control).toMatch(new RegExp(`stale-while-revalidate=${UNPURGED_EDGE_SECONDS}$`));
    expect(capped.freshFor).toBeGreaterThan(UNPURGED_EDGE_SECONDS - 5);
    expect(capped.freshFor).toBeLessThanOrEqual(UNPURGED_EDGE_SECONDS);
    expect(capped.staleFor).toBeLessThanOrEqual(2 * UNPURGED_EDGE_SECONDS);

    // On a developer's machine the local purge reaches the only cache there is: the declared lifetime.
    const dev = await lifetimes({ ...env, EDGE_CACHE: 'on' } as unknown as Env, query('dev'));
    const declared = sMaxAge(dev.control);
    expect(declared).toBeGreaterThan(10 * UNPURGED_EDGE_SECONDS);

    // In production with the zone API configured: the declared lifetime too.
    const purged = await lifetimes(withZone(newZone(), { ENVIRONMENT: 'production', EDGE_CACHE: 'on' }), query('purged'));
    expect(sMaxAge(purged.control)).toBe(declared);
    expect(purged.freshFor).toBeGreaterThan(declared - 5);
  });
});
