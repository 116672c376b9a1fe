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

/** The same rule as SQL over an articles table alias, for hand-written statements. */
export function visibleArticlesSql(alias: string, ctx: Context): string {
  const live = `${alias}.deleted_at IS NULL`;
  if (canReadDrafts(ctx)) return live;
  return `${live} AND ${alias}.status = 'published' AND ${alias}.published_at <= ${Math.floor(ctx.now)}`;
}
