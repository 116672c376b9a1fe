/**
 * Where automatic persisted queries (Apollo's APQ) are kept once registered:
 * a small LRU in the isolate's memory in front of the Workers Cache API
 * (`caches.default`), where each one is a GET response under a synthetic URL
 * made from its hash. Per-isolate memory is not shared between isolates (src/cache/memory.ts);
 * the Cache API is shared by every isolate of one Cloudflare location, so a
 * query registered through one isolate is found by the others there. Another
 * location, or an evicted entry, answers PersistedQueryNotFound and the
 * client registers it again, as the protocol intends: nothing depends on an
 * entry staying. (On a *.workers.dev hostname the Cache API keeps nothing;
 * APQ then works per isolate only.)
 *
 * Only documents that parsed and passed validation with the static limits are
 * registered (src/pipeline/use-operations-by-id.ts), never over
 * MAX_STORED_CHARS.
 */

const ORIGIN = 'https://apq.news-graph.invalid/';
/** How long the Cache API keeps a registered query (seconds). */
export const APQ_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_STORED_CHARS = 20_000;

const keyOf = (hash: string) => new Request(`${ORIGIN}${hash}`);

export class ApqStore {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly cache: () => Cache | undefined = () =>
      typeof caches === 'undefined' ? undefined : (caches as unknown as { default: Cache }).default,
    readonly capacity = 200,
  ) {}

  /** This isolate's copy, if it has one (the fast lane's look-up: no I/O). */
  peek(hash: string): string | undefined {
    const found = this.memory.get(hash);
    if (found !== undefined) this.remember(hash, found);
    return found;
  }

  async get(hash: string): Promise<string | undefined> {
    const near = this.peek(hash);
    if (near !== undefined) return near;
    const cache = this.cache();
    if (!cache) return undefined;
    const response = await cache.match(keyOf(hash));
    if (!response) return undefined;
    const text = await response.text();
    this.remember(hash, text);
    return text;
  }

  /** Keeps `query` under `hash` here at once and in the Cache API by the returned promise (for `waitUntil`). */
  set(hash: string, query: string): Promise<void> {
    if (query.length > MAX_STORED_CHARS) return Promise.resolve();
    this.remember(hash, query);
    const cache = this.cache();
    if (!cache) return Promise.resolve();
    return cache.put(
      keyOf(hash),
      new Response(query, {
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': `public, max-age=${APQ_TTL_SECONDS}` },
      }),
    );
  }

  /** Forgets this isolate's copies (tests: as another isolate would start). */
  clearMemory() {
    this.memory.clear();
  }

  private remember(hash: string, query: string) {
    this.memory.delete(hash);
    this.memory.set(hash, query);
    if (this.memory.size > this.capacity) this.memory.delete(this.memory.keys().next().value!);
  }
}
