/**
 * The platform's purge by tag, for the copies other data centres hold.
 * (Filled in by the production purge path: `ctx.cache.purge({ tags })` where
 * the runtime has it, else Cloudflare's zone purge-by-tag API.)
 */
export async function platformPurge(_env: Env, _ctx: ExecutionContext, _tags: readonly string[]): Promise<void> {}
