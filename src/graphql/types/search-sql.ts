/**
 * The SQL of a search (src/graphql/types/search.ts): the hits, a page ranked once, the total and facets in one row, snippets from one walk, and the search cursor.
 */
import { sql, type SQL } from 'drizzle-orm';
import { badUserInput } from '../errors';
import { visibleArticlesSql } from '../visibility';
import type { Context } from '../context';
import { MARK_CLOSE, MARK_OPEN } from '../../search/fts-query';
import { type ArticleFilter, articleFilterConditions, articleFilterValues } from '../article-filter';

/**
 * Most hits a search ranks and counts facets over: the newest by id (ids follow
 * publication order). Below it ranking and facets are exact; above it, bm25 over
 * every match (~15 µs a hit) and facet look-ups (~6 per hit) would grow with the
 * corpus (27k hits for `"United States" aid` at 100k articles), so the page is the
 * best of the newest RANKED_HITS_MAX hits and `facets.exact` is false. `totalCount`
 * always counts every hit.
 */
export const RANKED_HITS_MAX = 1000;
/**
 * Most hits `totalCount` counts exactly: the same window as ranking and facets,
 * so everything a search answers is about at most its RANKED_HITS_MAX newest hits
 * and its cost stops growing with the archive there (Meilisearch's default
 * `maxTotalHits` is the same 1,000). Beyond it the total reads as this number and
 * `totalCountExact` is false ("1,000+ results"). Counting on to 10,000 (as
 * Elasticsearch's `track_total_hits` does) cost `"United States" aid` a walk of
 * 10,001 phrase hits, 12 ms in sqlite3 and 10-25 % of a 100k-article search in
 * workerd; raising this constant brings that back.
 */
export const COUNTED_HITS_MAX = RANKED_HITS_MAX;
/** Words of context around the matches in a snippet. */
export const SNIPPET_TOKENS = 24;

export interface Cursor {
  rank: number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return btoa(`search:${JSON.stringify([c.rank, c.id])}`);
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const text = atob(cursor);
    if (text.startsWith('search:')) {
      const [rank, id] = JSON.parse(text.slice(7)) as unknown[];
      if (typeof rank === 'number' && Number.isFinite(rank) && Number.isSafeInteger(id)) return { rank, id: id as number };
    }
  } catch {
    // falls through to the error below
  }
  throw badUserInput('after is not a search cursor from this query', 'after');
}

/** True when the error is FTS5 refusing a MATCH expression (defence in depth: toFtsQuery should prevent it). */
export function isFtsSyntaxError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/fts5|malformed MATCH|unterminated string/i.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}

/**
 * The filter as conditions on one hit's row `f` (article_facets), each answered
 * from a primary-key index per hit (EXISTS), so its cost follows the number of
 * hits, not the number of articles the filtered author, country, equipment or deal has.
 */
export function searchFilterSql(filter: typeof ArticleFilter.$inferInput | null | undefined): SQL[] {
  return articleFilterConditions(
    articleFilterValues(filter),
    { id: sql.raw('f.article_id'), sectionId: sql.raw('f.section_id'), publishedAt: sql.raw('f.published_at') },
    'probe',
  );
}

/**
 * The hit set under the filter: the FTS match, then each hit's row in
 * `article_facets` (src/db/search-facets.ts: visibility, section, facet keys),
 * one primary-key look-up a hit, never the article row and its long body. CROSS
 * JOIN fixes that order (SQLite would otherwise walk every visible article and
 * probe the index for each).
 */
export function hitsSql(match: string, filter: typeof ArticleFilter.$inferInput | null | undefined, ctx: Context): SQL {
  const conditions = [visibleArticlesSql('f', ctx), ...searchFilterSql(filter)];
  return sql`FROM article_search CROSS JOIN article_facets f ON f.article_id = article_search.rowid
    WHERE article_search MATCH ${match} AND ${sql.join(conditions, sql` AND `)}`;
}

export const CAP = sql.raw(String(RANKED_HITS_MAX));
/** Widest rowid range of newest hits a phrase query is scored over by its words (see pageSql). */
export const WORD_RANK_SPAN_MAX = 4 * RANKED_HITS_MAX;
export const WORD_RANK_SPAN = sql.raw(String(WORD_RANK_SPAN_MAX));

/** The name of the window CTE the page and the summary read (see windowSql). */
export const WINDOW = sql.raw('search_window');

/**
 * The window: the RANKED_HITS_MAX newest hits, one walk that FTS5 yields by
 * descending rowid (ids follow publication order) and the LIMIT stops, so bm25
 * and the per-hit work never see more. Each hit's bm25 rank when `rank` (a
 * query without a phrase is ranked in this walk: its per-query statistics, a scan
 * of each phrase's whole doclist, 40 ms for `"united states"` at 100k articles,
 * are computed once per statement, so only this walk ranks); its facet line
 * `<section id> <year> <keys…>` when `facets`. Used as the MATERIALIZED CTE `search_window`.
 */
export function windowSql(hits: SQL, { rank, facets }: { rank: boolean; facets: boolean }): SQL {
  const line = facets
    ? sql.raw(
        "coalesce(f.section_id, '') || ' ' || coalesce(strftime('%Y', f.published_at / 1000, 'unixepoch'), '') || coalesce(' ' || nullif(f.keys, ''), '')",
      )
    : sql.raw('NULL');
  return sql`SELECT article_search.rowid AS id, ${rank ? sql.raw('article_search.rank') : sql.raw('NULL')} AS r, ${line} AS line ${hits}
    ORDER BY article_search.rowid DESC LIMIT ${CAP}`;
}

/**
 * The page from the window: bm25-ranked best first, after the cursor, `limit`
 * rows. Without a phrase the window carries the ranks. A query with a phrase
 * ranks by its words (toRankQuery) when its window is dense: one walk of the word
 * expression over the window's rowid range, a superset of it, keeping the rows in
 * the window (`+rowid`: a filter on the walk; plain `rowid IN` would become one
 * FTS5 look-up per hit, each recomputing bm25's statistics, seconds at 100k
 * articles). When the window spans more than WORD_RANK_SPAN_MAX ids (a rare
 * phrase of common words), that walk would score most of the archive, so the
 * phrase itself scores the range instead. The branch not taken is a
 * constant-false WHERE, which SQLite checks before opening the FTS5 cursor.
 */
export function pageSql(match: string, rankQuery: string | null, after: Cursor | null, limit: number): SQL {
  const cursor = after ? sql` WHERE r > ${after.rank} OR (r = ${after.rank} AND id > ${after.id})` : sql``;
  if (rankQuery === null) return sql`SELECT id, r FROM ${WINDOW}${cursor} ORDER BY r, id LIMIT ${limit}`;
  const range = sql`rowid BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span) AND +rowid IN (SELECT id FROM ${WINDOW})`;
  return sql`SELECT id, r FROM (WITH span AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi, max(id) - min(id) < ${WORD_RANK_SPAN} AS words FROM ${WINDOW})
    SELECT rowid AS id, rank AS r FROM article_search WHERE article_search MATCH ${rankQuery} AND ${range} AND (SELECT words FROM span)
    UNION ALL SELECT rowid AS id, rank AS r FROM article_search WHERE article_search MATCH ${match} AND ${range} AND NOT (SELECT words FROM span))${cursor} ORDER BY r, id LIMIT ${limit}`;
}

/**
 * The summary of the window as one JSON value, `[hits, more, lines]`: the hits in
 * the window, whether a visible hit older than the window exists (a walk down
 * from the window's oldest hit that stops at the first visible one: telling
 * "exactly 1,000" from "more" costs a row or two, not a second walk of the
 * match), and one line per hit, `<id> <section id> <year> <keys…>`, tallied by
 * tallyHits in the Worker. One scan of the window; `hits` as given to windowSql.
 */
export function summarySql(hits: SQL): SQL {
  return sql`(SELECT json_array(n, CASE WHEN n < ${CAP} THEN 0 ELSE EXISTS (SELECT 1 ${hits} AND article_search.rowid < lo) END, lines)
    FROM (SELECT count(*) AS n, min(id) AS lo, group_concat(id || ' ' || line, char(10)) AS lines FROM ${WINDOW}))`;
}

/** The names the facets show, as one JSON value: `[sections, countries, equipment]`, each `[[id, value, name], …]`. */
export const facetNamesSql = sql.raw(
  '(SELECT json_array((SELECT json_group_array(json_array(id, slug, name)) FROM sections), ' +
    '(SELECT json_group_array(json_array(id, code, name)) FROM countries), (SELECT json_group_array(json_array(id, slug, name)) FROM equipment)))',
);

/**
 * Prefixes `WITH name AS MATERIALIZED (cte)` to a drizzle relational query, so its
 * `where` and `extras` can read one result computed once per statement (SQLite
 * evaluates each subquery on its own: the page written twice would be ranked twice).
 * Relational queries have no `with()`; this wraps the query builder's internal
 * `_getQuery` (drizzle-orm is pinned to an exact version, and every search test
 * fails with "no such table" if the hook stops applying).
 */
export function withCte<Q>(query: Q, ctes: [name: string, cte: SQL][]): Q {
  const q = query as unknown as { _getQuery: () => { sql: SQL } };
  if (typeof q._getQuery !== 'function') throw new Error('drizzle relational query has no _getQuery: update withCte');
  const build = q._getQuery.bind(q);
  q._getQuery = () => {
    const built = build();
    built.sql = sql`WITH ${sql.join(
      ctes.map(([name, cte]) => sql`${sql.raw(name)} AS MATERIALIZED (${cte})`),
      sql`, `,
    )} ${built.sql}`;
    return built;
  };
  return query;
}

export const snippetCall = sql`snippet(article_search, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${sql.raw(String(SNIPPET_TOKENS))})`;

/** The summary as summarySql and facetNamesSql give it (JSON text each). */
export interface SummaryRow {
  summary: string;
  names: string;
}
