/**
 * Purging after a write: this data centre's Cache API entries at once (the
 * tag index of ./store.ts), before the answer to the write goes out, so the
 * writer's next read here is never stale; then the platform's purge by tag, in
 * `ctx.waitUntil`, for every other data centre (./platform-purge.ts).
 */
import { purgeLocal } from './store';
import { platformPurge } from './platform-purge';

export async function purge(env: Env, ctx: ExecutionContext, tags: Iterable<string>): Promise<void> {
  const list = [...new Set(tags)];
  if (!list.length) return;
  await purgeLocal(list);
  ctx.waitUntil(platformPurge(env, ctx, list));
}
