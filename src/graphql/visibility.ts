import { sql, type SQL } from 'drizzle-orm';
import type { Context } from './context';

/** Whether the request may see drafts and scheduled stories (a token with `drafts:read`). */
export function canReadDrafts(ctx: Pick<Context, 'principal'>): boolean {
  return ctx.principal?.scopes.has('drafts:read') ?? false;
}

/**
 * The articles a request may see, as a relational-query filter. The public
 * sees stories published and past their publish time; a `drafts:read` token
 * also sees drafts and scheduled stories. Nobody sees a soft-deleted story.
 * Every path to an article (root lists, relations, counts, `node`) goes
 * through it, so a draft or a scheduled story never leaks.
 */
export function visibleArticles(ctx: Context): { deletedAt: { isNull: true }; status?: 'published'; publishedAt?: { lte: number } } {
  if (canReadDrafts(ctx)) return { deletedAt: { isNull: true } };
  return { status: 'published', publishedAt: { lte: ctx.now }, deletedAt: { isNull: true } };
}

/**
 * The same rule as SQL over an articles table alias, for hand-written statements.
 * `byKey`: the statement finds its rows by id (a node load, a related story), so
 * the rule is a filter only: a unary `+` keeps SQLite from reading
 * `articles_status_published_at_id_idx` for it, which it otherwise prefers to
 * an `id IN (…)` list and walks every published story (tests/read-plans.test.ts).
 */
export function visibleArticlesSql(alias: string, ctx: Context, { byKey = false } = {}): string {
  const live = `${alias}.deleted_at IS NULL`;
  if (canReadDrafts(ctx)) return live;
  const filter = byKey ? '+' : '';
  return `${live} AND ${filter}${alias}.status = 'published' AND ${filter}${alias}.published_at <= ${Math.floor(ctx.now)}`;
}

/**
 * The rule for a statement that finds articles by id (`node`, `nodes`, the
 * related stories' load), over the query's own table: the `byKey` form of
 * `visibleArticlesSql`, so the ids drive the read.
 */
export function visibleArticlesByKey(ctx: Context) {
  return (t: { deletedAt: unknown; status: unknown; publishedAt: unknown }): SQL =>
    canReadDrafts(ctx)
      ? sql`${t.deletedAt} IS NULL`
      : sql`${t.deletedAt} IS NULL AND +${t.status} = 'published' AND +${t.publishedAt} <= ${Math.floor(ctx.now)}`;
}

/**
 * The complement of `visibleArticlesSql` as a SELECT of article ids: the few
 * articles the request may not see (drafts, deleted and scheduled stories), each
 * part read from an index (`articles_id_hidden_idx` is partial: status and soft
 * delete; the clock part is a range of `articles_status_published_at_id_idx`).
 * Lets search count its hits as the match minus these instead of checking every
 * hit against the articles table. `status` and `published_at` are NOT NULL, so
 * this is exactly the complement.
 */
export function hiddenArticleIdsSql(ctx: Context): string {
  const notLive = `SELECT id FROM articles INDEXED BY articles_id_hidden_idx WHERE (status <> 'published' OR deleted_at IS NOT NULL)`;
  if (canReadDrafts(ctx)) return `${notLive} AND deleted_at IS NOT NULL`;
  return `${notLive} UNION ALL SELECT id FROM articles INDEXED BY articles_status_published_at_id_idx WHERE status = 'published' AND published_at > ${Math.floor(ctx.now)}`;
}
