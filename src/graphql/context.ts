import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type { Principal } from '../auth/tokens';
import type { Relations } from '../db/relations';

/** What every resolver gets: the request's database handle, nothing of HTTP. */
export interface Context {
  db: DrizzleD1Database<Record<string, never>, Relations>;
  /** The request's clock, so a whole operation sees one "now" (epoch ms). */
  now: number;
  /** The verified editor token of the request, or null for the public. */
  principal: Principal | null;
  /**
   * Names what a committed write changed (cache tags, src/cache/tags.ts): the
   * pipeline purges the cached answers that show it before the answer goes out.
   */
  invalidate: (tags: Iterable<string>) => void;
}
