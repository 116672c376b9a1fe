/**
 * The SQL of a search (src/graphql/types/search.ts): the hits, a page ranked once, the total and facets in one row, snippets from one walk, and the search cursor.
 */
import { sql, type SQL } from 'drizzle-orm';
import { badUserInput } from '../errors';
import { visibleArticlesSql } from '../visibility';
import { RECENT_ARTICLES, RECENT_TABLE } from '../../db/search-recent';
import { FACET_NAMES_TABLE } from '../../db/facet-names';
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
 * The hit set under the filter in one full-text index (`article_search`, or the
 * recent one, src/db/search-recent.ts): the FTS match, then each hit's row in
 * `article_facets` (src/db/search-facets.ts: visibility, section, facet keys),
 * one primary-key look-up a hit, never the article row and its long body. CROSS
 * JOIN fixes that order (SQLite would otherwise walk every visible article and
 * probe the index for each).
 */
export function hitsSql(
  match: string,
  filter: typeof ArticleFilter.$inferInput | null | undefined,
  ctx: Context,
  index: 'article_search' | typeof RECENT_TABLE = 'article_search',
): SQL {
  const t = sql.raw(index);
  const conditions = [visibleArticlesSql('f', ctx), ...searchFilterSql(filter)];
  return sql`FROM ${t} CROSS JOIN article_facets f ON f.article_id = ${t}.rowid
    WHERE ${t} MATCH ${match} AND ${sql.join(conditions, sql` AND `)}`;
}

/** A common table expression: its name, its query, and whether it is computed once (MATERIALIZED, the default). */
export type Cte = [name: string, query: SQL, materialized?: boolean];

/** `name AS MATERIALIZED (query), …` for a WITH clause. */
export function ctesSql(ctes: Cte[]): SQL {
  return sql.join(
    ctes.map(([name, cte, materialized = true]) => sql`${sql.raw(name)} AS ${sql.raw(materialized ? 'MATERIALIZED ' : '')}(${cte})`),
    sql`, `,
  );
}

export const CAP = sql.raw(String(RANKED_HITS_MAX));
/** Widest rowid range of newest hits a phrase query is scored over by its words (see pageSql). */
export const WORD_RANK_SPAN_MAX = 4 * RANKED_HITS_MAX;
export const WORD_RANK_SPAN = sql.raw(String(WORD_RANK_SPAN_MAX));

/** The id at and below which a story is not in the recent index's walk (windowCtes). */
const RECENT_FROM = sql.raw(`(SELECT max(id) - ${RECENT_ARTICLES} FROM articles)`);

/**
 * The window: the RANKED_HITS_MAX newest hits, each walk one that FTS5 yields by
 * descending rowid (ids follow publication order) and its LIMIT stops, so bm25
 * and the per-hit work never see more. Each hit with its bm25 rank (`r`) and,
 * when `facets`, its facet line `<section id> <year> <keys…>`.
 *
 * Two parts, each walked once. The recent stories (`search_recent`: ids above
 * RECENT_FROM, walked in the recent index, src/db/search-recent.ts, and ranked
 * there: bm25's statistics, a walk of each phrase's whole doclist once per
 * statement, then cover the newest RECENT_ARTICLES stories only and stop growing
 * with the archive). One pass summarises them (`search_summary`). When they fall
 * short of a window, the older stories (`search_older`: ids up to RECENT_FROM, in
 * the whole index, ranked with its statistics) fill it; when they do not, that
 * walk is bounded by an empty rowid range, which FTS5 takes as its own (a
 * `WHERE` guard would be checked on each row of a full walk). Each part is stored
 * sorted best first, so the page reads only its own rows. A phrase among the older
 * stories is ranked by the page instead (pageSql): over the whole index its
 * statistics mean checking word positions in every story holding its words.
 */
export function windowCtes(
  match: string,
  filter: typeof ArticleFilter.$inferInput | null | undefined,
  ctx: Context,
  { phrase, facets }: { phrase: boolean; facets: boolean },
): Cte[] {
  const line = facets
    ? sql.raw(
        "coalesce(f.section_id, '') || ' ' || coalesce(strftime('%Y', f.published_at / 1000, 'unixepoch'), '') || coalesce(' ' || nullif(f.keys, ''), '')",
      )
    : sql.raw('NULL');
  const walk = (index: 'article_search' | typeof RECENT_TABLE, rank: boolean, extra: SQL, limit: SQL) => {
    const t = sql.raw(index);
    const hits = sql`SELECT ${t}.rowid AS id, ${rank ? sql`${t}.rank` : sql.raw('NULL')} AS r, ${line} AS line ${hitsSql(match, filter, ctx, index)}${extra}
    ORDER BY ${t}.rowid DESC LIMIT ${limit}`;
    // Sorted best first once, as it is stored: the page then reads its rows in that order.
    return rank ? sql`SELECT id, r, line FROM (${hits}) ORDER BY r, id` : hits;
  };
  return [
    ['search_recent', walk(RECENT_TABLE, true, sql` AND ${sql.raw(RECENT_TABLE)}.rowid > ${RECENT_FROM}`, CAP)],
    // One pass over the recent part: its summary, and whether it is the whole window (full, or the
    // recent index holds every story: an archive of fewer than RECENT_ARTICLES ids).
    [
      'search_summary',
      sql`SELECT count(*) AS n, min(id) AS lo, group_concat(id || ' ' || line, char(10)) AS lines,
        count(*) = ${CAP} OR (SELECT min(id) FROM articles) > ${RECENT_FROM} AS whole FROM search_recent`,
    ],
    [
      'search_older',
      walk(
        'article_search',
        !phrase,
        sql` AND article_search.rowid <= (SELECT CASE WHEN whole THEN 0 ELSE ${RECENT_FROM} END FROM search_summary)`,
        sql`(SELECT ${CAP} - n FROM search_summary)`,
      ),
    ],
  ];
}

/**
 * The page: `limit` hits best first after the cursor, the best of each part of
 * the window (windowCtes), each read in its stored order. A phrase query's older
 * hits are ranked here by its words (toRankQuery) when they are dense: one walk
 * of the word expression over their rowid range, a superset of them, keeping the
 * rows among them (`+rowid`: a filter on the walk; plain `rowid IN` would become
 * one FTS5 look-up per hit, each recomputing bm25's statistics). When they span
 * more than WORD_RANK_SPAN_MAX ids (a rare phrase of common words), that walk
 * would score most of the archive, so the phrase itself scores the range instead.
 * The two lists, at most `limit` rows each, merged.
 */
export function pageSql(match: string, rankQuery: string | null, after: Cursor | null, limit: number): SQL {
  const cursor = after ? sql` AND (r > ${after.rank} OR (r = ${after.rank} AND id > ${after.id}))` : sql``;
  const best = (from: SQL) => sql`SELECT * FROM (SELECT id, r FROM ${from} WHERE 1${cursor} ORDER BY r, id LIMIT ${limit})`;
  const recent = best(sql`search_recent`);
  const merged = (older: SQL) => sql`SELECT id, r FROM (${recent} UNION ALL ${older}) ORDER BY r, id LIMIT ${limit}`;
  if (rankQuery === null) return merged(best(sql`search_older`));
  // Each branch walks the whole index over the older hits' rowid range when its condition holds, and
  // over an empty range otherwise (no older hits included): FTS5 takes the bounds as its own, so a
  // branch not taken opens no walk.
  const branch = (expression: string, when: string) =>
    sql`SELECT rowid AS id, rank AS r FROM article_search WHERE article_search MATCH ${expression}
      AND rowid BETWEEN (SELECT CASE WHEN ${sql.raw(when)} THEN lo ELSE 1 END FROM span) AND (SELECT CASE WHEN ${sql.raw(when)} THEN hi ELSE 0 END FROM span)
      AND +rowid IN (SELECT id FROM search_older)`;
  return merged(
    best(sql`(WITH span AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi,
      max(id) - min(id) < ${WORD_RANK_SPAN} AS words FROM search_older)
    ${branch(rankQuery, 'words')} UNION ALL ${branch(match, 'NOT words')})`),
  );
}

/**
 * The summary of the window as one JSON value, `[hits, more, lines]`: the hits in
 * the window, whether a visible hit older than the window exists (a walk down
 * from the window's oldest hit that stops at the first visible one: telling
 * "exactly 1,000" from "more" costs a row or two, not a second walk of the
 * match), and one line per hit, `<id> <section id> <year> <keys…>`, tallied by
 * tallyHits in the Worker. The recent part's from its pass (search_summary),
 * the older part's from one pass over it (no rows when it is empty). `hits` as
 * given to windowCtes.
 */
export function summarySql(hits: SQL): SQL {
  return sql`(SELECT json_array(s.n + o.n, CASE WHEN s.n + o.n < ${CAP} THEN 0 ELSE EXISTS (SELECT 1 ${hits} AND article_search.rowid < coalesce(o.lo, s.lo)) END,
      CASE WHEN o.lines IS NULL THEN s.lines WHEN s.lines IS NULL THEN o.lines ELSE s.lines || char(10) || o.lines END)
    FROM search_summary s, (SELECT count(*) AS n, min(id) AS lo, group_concat(id || ' ' || line, char(10)) AS lines FROM search_older) o)`;
}

/**
 * The names the facets show, as one JSON value: `[version, sections, countries,
 * equipment]`, each list `[[id, value, name], …]`; only `[version]` when the
 * names are still those of `held`, the version the Worker already holds
 * (src/db/facet-names.ts), so a search reads one row for them instead of every
 * section, country and piece of equipment. Without the version row, always the
 * names, with version ''.
 */
export function facetNamesSql(held: string | null): SQL {
  const names = sql.raw(
    '(SELECT json_group_array(json_array(id, slug, name)) FROM sections), (SELECT json_group_array(json_array(id, code, name)) FROM countries), ' +
      '(SELECT json_group_array(json_array(id, slug, name)) FROM equipment)',
  );
  return sql`coalesce((SELECT CASE WHEN version = ${held ?? ''} THEN json_array(version) ELSE json_array(version, ${names}) END
    FROM ${sql.raw(FACET_NAMES_TABLE)} WHERE id = 1), json_array('', ${names}))`;
}

/**
 * Prefixes `WITH name AS MATERIALIZED (cte)` to a drizzle relational query, so its
 * `where` and `extras` can read one result computed once per statement (SQLite
 * evaluates each subquery on its own: the page written twice would be ranked twice).
 * Relational queries have no `with()`; this wraps the query builder's internal
 * `_getQuery` (drizzle-orm is pinned to an exact version, and every search test
 * fails with "no such table" if the hook stops applying).
 */
export function withCte<Q>(query: Q, ctes: Cte[]): Q {
  const q = query as unknown as { _getQuery: () => { sql: SQL } };
  if (typeof q._getQuery !== 'function') throw new Error('drizzle relational query has no _getQuery: update withCte');
  const build = q._getQuery.bind(q);
  q._getQuery = () => {
    const built = build();
    built.sql = sql`WITH ${ctesSql(ctes)} ${built.sql}`;
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
