import { sql } from 'drizzle-orm';
import type { Context } from './context';
import { visibleArticlesSql } from './visibility';

/**
 * `node` and `nodes` load objects by global ID through the drizzle plugin's
 * loader, which knows nothing of drafts. This asks, in one statement and only
 * when Article IDs are among those requested, which of them the request may
 * see, and answers `null` for the rest, as for an ID that does not exist.
 */
export async function hideInvisibleArticles<T>(
  ctx: Context,
  ids: readonly ({ typename: string; id: unknown } | null | undefined)[],
  load: () => Promise<readonly T[]> | readonly T[],
): Promise<(T | null)[]> {
  const articleIds = [...new Set(ids.filter((g) => g?.typename === 'Article').map((g) => Number(g!.id)))].filter(Number.isInteger);
  const hasArticles = ids.some((g) => g?.typename === 'Article');
  if (!hasArticles) return [...(await load())];
  const visible = new Set<number>();
  if (articleIds.length) {
    // `nodes` takes at most 100 IDs, within D1's bound-parameter limit.
    const rows = await ctx.db.all<{ id: number }>(
      sql`SELECT a.id AS id FROM articles a WHERE a.id IN (${sql.join(articleIds.map((id) => sql`${id}`), sql`, `)}) AND ${sql.raw(visibleArticlesSql('a', ctx))}`,
    );
    for (const r of rows) visible.add(Number(r.id));
  }
  const nodes = ids.some((g) => g?.typename !== 'Article' || visible.has(Number(g?.id))) ? await load() : ids.map(() => null);
  return nodes.map((n, i) => (ids[i]?.typename === 'Article' && !visible.has(Number(ids[i]!.id)) ? null : (n as T | null)));
}
