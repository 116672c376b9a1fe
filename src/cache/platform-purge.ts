/**
 * The platform's purge by tag, for the copies other data centres hold (this
 * data centre's are purged at once by ./purge.ts). It runs in
 * `ctx.waitUntil`: it never throws, and a failure is logged (never the token).
 *
 * Which path, in order:
 *   1. `ctx.cache.purge({ tags })` where the runtime provides it (Workers
 *      Caching; not in wrangler 4.86 / Miniflare, so feature-detected).
 *   2. Cloudflare's zone purge-by-tag API, `POST {base}/zones/{CF_ZONE_ID}/purge_cache`
 *      with `{ "tags": [...] }` and `Authorization: Bearer {CF_PURGE_TOKEN}`,
 *      both Worker secrets (`wrangler secret put CF_ZONE_ID`, `… CF_PURGE_TOKEN`;
 *      the token needs the zone's "Cache Purge" permission). At most 100 tags a
 *      request; the tags of a burst of writes in this isolate are coalesced for
 *      `COALESCE_MS` into as few requests as that allows; 429 and 5xx are
 *      retried with backoff (honouring `Retry-After`) a bounded number of
 *      times, within the time `waitUntil` leaves; other 4xx are not retried.
 *      The path 1 takes is also used when the runtime's purge fails.
 *   3. Neither: nothing to call, so in production the edge keeps answers
 *      only briefly (`edgeLifetime`, used by src/pipeline/use-edge-cache.ts).
 *
 * `CF_API_BASE` (optional var) points the API path elsewhere; a `PURGE_API`
 * service binding, when present, carries the API requests instead of the
 * Internet (the tests bind a local stand-in that records them).
 */
import { config } from '../config';
import type { CacheHint } from './lifetimes';

/** Cloudflare: at most 100 tags in one purge request. */
export const TAGS_PER_REQUEST = 100;
/** How long the first write of a burst waits for the others' tags before the request goes. */
export const COALESCE_MS = 1_000;
/** Tries per request: the first and up to three retries. */
export const MAX_ATTEMPTS = 4;
/** First backoff; doubled per retry, with jitter. */
const BACKOFF_MS = 500;
/** Longest single wait (a larger `Retry-After` is not waited for). */
const MAX_WAIT_MS = 10_000;
/** `waitUntil` work may run 30 s past the answer: every retry fits well within. */
const DEADLINE_MS = 25_000;
/** The edge lifetime (s-maxage, and stale-while-revalidate) in production when no purge reaches other data centres. */
export const UNPURGED_EDGE_SECONDS = 60;
export const DEFAULT_API_BASE = 'https://api.cloudflare.com/client/v4';

/** The Worker's purge settings: secrets and optional bindings, not in wrangler.toml's [vars]. */
interface PurgeEnv {
  CF_ZONE_ID?: string;
  CF_PURGE_TOKEN?: string;
  CF_API_BASE?: string;
  PURGE_API?: Fetcher;
}

interface ZoneApi {
  zone: string;
  token: string;
  base: string;
  send: (request: Request) => Promise<Response>;
}

function zoneApi(env: Env): ZoneApi | null {
  const e = env as unknown as PurgeEnv;
  const zone = e.CF_ZONE_ID?.trim();
  const token = e.CF_PURGE_TOKEN?.trim();
  if (!zone || !token) return null;
  const binding = e.PURGE_API;
  return {
    zone,
    token,
    base: (e.CF_API_BASE?.trim() || DEFAULT_API_BASE).replace(/\/+$/, ''),
    send: binding && typeof binding.fetch === 'function' ? (request) => binding.fetch(request) : (request) => fetch(request),
  };
}

const runtimePurge = (ctx: ExecutionContext | undefined) => (ctx?.cache && typeof ctx.cache.purge === 'function' ? ctx.cache : null);

/** How a write reaches other data centres' copies: the runtime's purge, the zone API, or not at all. */
export function purgeReach(env: Env, ctx: ExecutionContext | undefined): 'runtime' | 'zone-api' | 'none' {
  if (runtimePurge(ctx)) return 'runtime';
  return zoneApi(env) ? 'zone-api' : 'none';
}

/**
 * The lifetime an answer is kept at the edge with: as declared, except in
 * production with no purge path, where a write cannot reach the copies other
 * data centres hold, so they are kept `UNPURGED_EDGE_SECONDS` at most.
 */
export function edgeLifetime(hint: CacheHint, env: Env, ctx: ExecutionContext | undefined): CacheHint {
  if (!config(env).production || purgeReach(env, ctx) !== 'none') return hint;
  return {
    maxAge: Math.min(hint.maxAge, UNPURGED_EDGE_SECONDS),
    sMaxAge: Math.min(hint.sMaxAge, UNPURGED_EDGE_SECONDS),
    staleWhileRevalidate: Math.min(hint.staleWhileRevalidate, UNPURGED_EDGE_SECONDS),
  };
}

export async function platformPurge(env: Env, ctx: ExecutionContext, tags: readonly string[]): Promise<void> {
  const api = zoneApi(env);
  try {
    if (!tags.length) return;
    const runtime = runtimePurge(ctx);
    if (runtime && (await purgeByRuntime(runtime, tags))) return;
    if (api) await coalesce(api, tags);
  } catch (error) {
    // Never into the response path: a purge that failed is logged, not thrown.
    log('purge failed', { error: describe(error) }, api?.token);
  }
}

/** The runtime's purge; false when it failed (the zone API, if configured, is tried then). */
async function purgeByRuntime(cache: CacheContext, tags: readonly string[]): Promise<boolean> {
  for (let i = 0; i < tags.length; i += TAGS_PER_REQUEST) {
    const batch = tags.slice(i, i + TAGS_PER_REQUEST);
    try {
      const result = await cache.purge({ tags: batch });
      if (result && result.success === false) {
        log('runtime purge failed', { tags: batch.length, errors: result.errors });
        return false;
      }
    } catch (error) {
      log('runtime purge failed', { tags: batch.length, error: describe(error) });
      return false;
    }
  }
  return true;
}

/** A burst's tags, gathered in this isolate until its request goes. */
interface Burst {
  tags: Set<string>;
}
const bursts = new Map<string, Burst>();

/**
 * Adds the tags to the burst being gathered for this zone, or starts one.
 * The request that starts a burst sends it: its `waitUntil` lasts until every
 * tag of the burst is out. Later requests only add their tags and are done:
 * waiting on a promise another request settles is what the runtime warns
 * against (it may cancel such a wait), and nothing is lost by not waiting.
 */
function coalesce(api: ZoneApi, tags: readonly string[]): Promise<void> {
  const key = `${api.base}\n${api.zone}\n${api.token}`;
  const open = bursts.get(key);
  if (open) {
    for (const tag of tags) open.tags.add(tag);
    return Promise.resolve();
  }
  const burst: Burst = { tags: new Set(tags) };
  bursts.set(key, burst);
  return (async () => {
    await sleep(COALESCE_MS);
    bursts.delete(key);
    await sendTags(api, [...burst.tags]);
  })().catch((error) => log('purge failed', { zone: api.zone, error: describe(error) }, api.token));
}

/** Sends the tags in requests of at most 100, one after another (the API's rate limit is per account). */
async function sendTags(api: ZoneApi, tags: readonly string[]): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  for (let i = 0; i < tags.length; i += TAGS_PER_REQUEST) {
    const outcome = await sendBatch(api, tags.slice(i, i + TAGS_PER_REQUEST), deadline);
    // A refused token or zone refuses every batch alike: stop there.
    if (outcome === 'unauthorized') return;
  }
}

async function sendBatch(api: ZoneApi, tags: string[], deadline: number): Promise<'done' | 'failed' | 'unauthorized'> {
  const url = `${api.base}/zones/${encodeURIComponent(api.zone)}/purge_cache`;
  const body = JSON.stringify({ tags });
  for (let attempt = 1; ; attempt++) {
    let wait: number;
    let failure: Record<string, unknown>;
    try {
      const response = await api.send(
        new Request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body,
        }),
      );
      const answer = await readAnswer(response);
      if (response.ok && answer?.success !== false) return 'done';
      failure = { status: response.status, errors: answer?.errors ?? null };
      if (response.status !== 429 && response.status < 500) {
        log('purge refused', { zone: api.zone, tags: tags.length, ...failure }, api.token);
        return response.status === 401 || response.status === 403 ? 'unauthorized' : 'failed';
      }
      wait = retryAfter(response.headers.get('retry-after')) ?? backoff(attempt);
    } catch (error) {
      failure = { error: describe(error) };
      wait = backoff(attempt);
    }
    if (attempt >= MAX_ATTEMPTS || wait > MAX_WAIT_MS || Date.now() + wait > deadline) {
      log('purge gave up', { zone: api.zone, tags: tags.length, attempts: attempt, ...failure }, api.token);
      return 'failed';
    }
    await sleep(wait);
  }
}

async function readAnswer(response: Response): Promise<{ success?: boolean; errors?: unknown } | null> {
  try {
    const text = await response.text();
    return text ? (JSON.parse(text) as { success?: boolean; errors?: unknown }) : null;
  } catch {
    return null;
  }
}

/** `Retry-After` in milliseconds: seconds or an HTTP date; null when absent or unreadable. */
export function retryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const backoff = (attempt: number) => BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One line a log search finds; it never holds the token (only the zone, counts, statuses and the API's errors). */
function log(message: string, fields: Record<string, unknown>, secret?: string) {
  let line = JSON.stringify(fields);
  // Belt and braces: should an error message ever quote the token, it is cut out.
  if (secret) line = line.split(secret).join('[redacted]');
  console.error(`edge-cache: ${message}`, line);
}
