/**
 * The first level of the edge cache: the answers this isolate stored or found
 * lately, in its own memory, so a hit skips the Cache API. Per-isolate memory
 * is not shared between isolates (a Worker runs in many): another isolate's write cannot reach it,
 * so an entry is trusted for MEMORY_SECONDS at most — the bound on how stale a
 * hit from memory can be after a write elsewhere (docs/caching.md;
 * `Cache-Status: news-graph; hit; detail=memory`). A purge in this isolate
 * drops its entries at once.
 */

/** How long an answer is answered from this isolate's memory, at most. */
export const MEMORY_SECONDS = 3;
/** At most this many answers, and this many bytes of them; the least recently used go first. */
const MAX_ENTRIES = 500;
const MAX_BYTES = 16 * 1024 * 1024;

export interface Remembered {
  body: ArrayBuffer;
  headers: [string, string][];
  tags: readonly string[];
  /** Until when memory may answer (ms): the sooner of MEMORY_SECONDS and the Cache API entry's own window. */
  until: number;
}

const entries = new Map<string, Remembered>();
const byTag = new Map<string, Set<string>>();
let bytes = 0;

function drop(key: string) {
  const found = entries.get(key);
  if (!found) return;
  entries.delete(key);
  bytes -= found.body.byteLength;
  for (const tag of found.tags) {
    const keys = byTag.get(tag);
    keys?.delete(key);
    if (keys?.size === 0) byTag.delete(tag);
  }
}

export function remember(key: string, entry: Remembered) {
  drop(key);
  if (entry.body.byteLength > MAX_BYTES / 8) return;
  entries.set(key, entry);
  bytes += entry.body.byteLength;
  for (const tag of entry.tags) {
    let keys = byTag.get(tag);
    if (!keys) byTag.set(tag, (keys = new Set()));
    keys.add(key);
  }
  while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) drop(entries.keys().next().value!);
}

/** A remembered answer still within its window, or undefined. */
export function recall(key: string, now: number): Remembered | undefined {
  const found = entries.get(key);
  if (!found) return undefined;
  if (now >= found.until) {
    drop(key);
    return undefined;
  }
  // Map order is insertion order: re-inserting marks it the most recently used.
  entries.delete(key);
  entries.set(key, found);
  return found;
}

/** Drops every remembered answer that carries one of `tags`. */
export function forget(tags: Iterable<string>) {
  for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) drop(key);
}

/** Everything, for tests. */
export function forgetAll() {
  for (const key of [...entries.keys()]) drop(key);
}
