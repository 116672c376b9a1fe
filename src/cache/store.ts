/**
 * The edge cache's storage: answers kept in the Workers Cache API (per data
 * centre, shared by every isolate there), keyed by the operation's hash, its
 * canonical variables and operation name, and the media type of the answer.
 * The Cache API keeps only GET responses, so each key is a synthetic GET URL.
 *
 * Purging by tag: Cloudflare's own purge-by-tag reaches responses the
 * platform cached; `cache.put` entries are found here through an index kept
 * in the same cache (one entry per tag listing the keys that carry it), which
 * is what runs locally and in the tests. See ./purge.ts for the production
 * side.
 */

import { forget, MEMORY_SECONDS, recall, remember } from './memory';

const ORIGIN = 'https://edge-cache.news-graph.invalid';
const CACHE_NAME = 'graphql';

/** Internal headers of a stored answer (removed before it is sent). */
export const STORED_AT = 'x-stored-at';
export const FRESH_UNTIL = 'x-fresh-until';
export const STALE_UNTIL = 'x-stale-until';

const encoder = new TextEncoder();

export async function sha256Hex(text: string | ArrayBuffer): Promise<string> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** JSON with object keys sorted at every level: the same variables, the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The key of an answer: the operation's hash, then what else changes its
 * bytes. Under the API's own origin, so the zone's purge by tag reaches the
 * entries too (the Cache API keeps nothing on a workers.dev hostname).
 */
export async function answerKey(
  origin: string,
  operationHash: string,
  variables: unknown,
  operationName: unknown,
  mediaType: string,
): Promise<string> {
  const rest = await sha256Hex(canonicalJson({ variables: variables ?? {}, operationName: operationName ?? null, mediaType }));
  return `${origin}/__edge-cache/answer/${operationHash}/${rest}`;
}

export const indexKey = (tag: string) => `${ORIGIN}/tag/${encodeURIComponent(tag)}`;
/** When an index entry may expire (ms): the end of the longest-kept answer it lists. */
const INDEX_UNTIL = 'x-index-until';

let opened: Promise<Cache> | undefined;
function cache(): Promise<Cache> {
  return (opened ??= caches.open(CACHE_NAME));
}

/** A stored answer, or null; from this isolate's memory when it holds one (./memory.ts). */
export async function lookup(key: string): Promise<{ response: Response; fromMemory: boolean } | null> {
  const now = Date.now();
  const known = recall(key, now);
  if (known) return { response: new Response(known.body, { headers: known.headers }), fromMemory: true };
  const found = await (await cache()).match(key);
  if (!found) return null;
  const body = await found.arrayBuffer();
  const headers = [...found.headers] as [string, string][];
  const tags = found.headers.get('cache-tag')?.split(',') ?? [];
  const until = Math.min(now + MEMORY_SECONDS * 1000, Number(found.headers.get(STALE_UNTIL) ?? 0));
  remember(key, { body, headers, tags, until });
  return { response: new Response(body, { headers: found.headers }), fromMemory: false };
}

/**
 * Stores an answer until its stale window ends, and adds its key to the index
 * of each of its tags.
 */
export async function store(key: string, response: Response, tags: readonly string[], keepSeconds: number): Promise<void> {
  const c = await cache();
  const headers = new Headers(response.headers);
  // What the Cache API honours for expiry: the whole window the edge may answer from it.
  headers.set('Cache-Control', `max-age=${keepSeconds}`);
  headers.delete('Set-Cookie');
  const body = await response.arrayBuffer();
  await c.put(key, new Response(body, { status: response.status, headers }));
  remember(key, {
    body,
    headers: [...headers] as [string, string][],
    tags,
    until: Math.min(Date.now() + MEMORY_SECONDS * 1000, Number(headers.get(STALE_UNTIL) ?? 0)),
  });
  const now = Date.now();
  await Promise.all(
    tags.map(async (tag) => {
      const at = indexKey(tag);
      const found = await c.match(at);
      const keys: string[] = found ? ((await found.json()) as string[]) : [];
      if (!keys.includes(key)) keys.push(key);
      // The index lives as long as the longest-kept answer it lists: a shorter-lived answer
      // with the same tag must not let it expire while a longer one is still served.
      const until = Math.max(now + keepSeconds * 1000, Number(found?.headers.get(INDEX_UNTIL) ?? 0));
      await c.put(
        at,
        new Response(JSON.stringify(keys), {
          headers: {
            'Cache-Control': `max-age=${Math.ceil((until - now) / 1000)}`,
            'Content-Type': 'application/json',
            [INDEX_UNTIL]: String(until),
          },
        }),
      );
    }),
  );
}

/** Deletes every answer that carries one of `tags` from this data centre's cache. Returns how many. */
export async function purgeLocal(tags: Iterable<string>): Promise<number> {
  tags = [...tags];
  forget(tags);
  const c = await cache();
  let deleted = 0;
  const keys = new Set<string>();
  for (const tag of tags) {
    const at = indexKey(tag);
    const found = await c.match(at);
    if (!found) continue;
    for (const key of (await found.json()) as string[]) keys.add(key);
    await c.delete(at);
  }
  for (const key of keys) if (await c.delete(key)) deleted++;
  return deleted;
}
