/**
 * Which articles a request may see, written once. The public sees stories
 * published and past their publish time; a `drafts:read` token also sees drafts
 * and scheduled stories. Nobody sees a soft-deleted story. Every path to an
 * article (root lists, relations, counts, `node`, search, the operation
 * compiler) takes its filter from here, so a draft or a scheduled story never leaks:
 *   - `visibleArticles`: the relational-query filter (plugin-drizzle's resolvers);
 *   - `visibilitySql`: the same rule as SQL over any three columns, with `now` as a
 *     value or a bound parameter (the compiler's statements, src/graphql/compile/sql.ts);
 *   - `visibleArticlesSql` / `visibleArticlesByKey`: its
 *     renderings for hand-written statements.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Context } from './context';

/** The status a public reader sees. */
const PUBLISHED = 'published';

/** Whether the request may see drafts and scheduled stories (a token with `drafts:read`). */
export function canReadDrafts(ctx: Pick<Context, 'principal'>): boolean {
  return ctx.principal?.scopes.has('drafts:read') ?? false;
}

/** The articles a request may see, as a relational-query filter. */
export function visibleArticles(ctx: Context): { deletedAt: { isNull: true }; status?: typeof PUBLISHED; publishedAt?: { lte: number } } {
  if (canReadDrafts(ctx)) return { deletedAt: { isNull: true } };
  return { status: PUBLISHED, publishedAt: { lte: ctx.now }, deletedAt: { isNull: true } };
}

/** An article's columns the rule reads, as any SQL (columns of a table, an alias's columns). */
export interface VisibilityColumns {
  deletedAt: SQLWrapper | unknown;
  status: SQLWrapper | unknown;
  publishedAt: SQLWrapper | unknown;
}

/**
 * The rule as SQL over `c`: `upTo` is the latest publish time the reader sees (the
 * public's `now`, a value or a bound parameter), or null for a reader of drafts.
 * `byKey`: the statement finds its rows by id (a node load, a related story), so
 * the rule is a filter only: a unary `+` keeps SQLite from reading
 * `articles_status_published_at_id_idx` for it, which it otherwise prefers to
 * an `id IN (…)` list and walks every published story (tests/read-plans.test.ts).
 */
export function visibilitySql(c: VisibilityColumns, upTo: unknown, { byKey = false } = {}): SQL {
  const live = sql`${c.deletedAt} IS NULL`;
  if (upTo === null) return live;
  const filter = sql.raw(byKey ? '+' : '');
  return sql`${live} AND ${filter}${c.status} = ${sql.raw(`'${PUBLISHED}'`)} AND ${filter}${c.publishedAt} <= ${upTo}`;
}

/** An alias's columns of the articles table, as raw SQL. */
function aliasColumns(alias: string): VisibilityColumns {
  return { deletedAt: sql.raw(`${alias}.deleted_at`), status: sql.raw(`${alias}.status`), publishedAt: sql.raw(`${alias}.published_at`) };
}

/** The request's `upTo` for `visibilitySql`: its clock, or null when it reads drafts. */
function upToOf(ctx: Context): number | null {
  return canReadDrafts(ctx) ? null : Math.floor(ctx.now);
}

/** The rule as SQL over an articles table alias, its clock inlined, for hand-written statements. */
export function visibleArticlesSql(alias: string, ctx: Context, { byKey = false } = {}): SQL {
  const upTo = upToOf(ctx);
  return visibilitySql(aliasColumns(alias), upTo === null ? null : sql.raw(String(upTo)), { byKey });
}

/**
 * The rule for a statement that finds articles by id (`node`, `nodes`, the
 * related stories' load), over the query's own table: the `byKey` form, so the ids drive the read.
 */
export function visibleArticlesByKey(ctx: Context) {
  return (t: VisibilityColumns): SQL => visibilitySql(t, upToOf(ctx), { byKey: true });
}
