import type { Context } from './context';

/**
 * The articles a request may see, as a relational-query filter: published and
 * past their publish time. Every path to an article (root lists, relations,
 * counts) goes through it, so a draft or a scheduled story never leaks.
 */
export function visibleArticles(ctx: Context) {
  return { status: 'published', publishedAt: { lte: ctx.now } } as const;
}

/** The same rule as SQL over an articles table alias, for hand-written statements. */
export function visibleArticlesSql(alias: string, ctx: Context): string {
  return `${alias}.status = 'published' AND ${alias}.published_at <= ${Math.floor(ctx.now)}`;
}
