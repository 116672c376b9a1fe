/**
 * `search`: ranked full-text search over articles (FTS5, migration
 * `article_search`), with a highlighted snippet per hit and facet counts.
 *
 * Statements: the page is ONE relational query (a CTE ranks the page once; ids,
 * ranks and the page size come from it, snippets from correlated FTS look-ups,
 * and the nested selection under `edges.node` is planned into it by the drizzle
 * plugin); the facets and the total are ONE more statement, which never ranks. A query
 * with a phrase ranks by its words (`toRankQuery`); the total stops counting at
 * COUNTED_HITS_MAX.
 * Both go to D1 in one batch: two statements, one round trip, however deep the
 * selection under `node`. Only one statement ranks because bm25's statistics cost
 * a scan of each phrase's whole doclist per statement.
 */
import { sql, type SQL } from 'drizzle-orm';
import { SEARCH_CACHE } from '../../cache/lifetimes';
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { builder } from '../builder';
import { DEFAULT_PAGE_SIZE, isPageSize, MAX_PAGE_SIZE, requestedPageSize } from '../paging';
import { badUserInput } from '../errors';
import { SEARCH_COST } from '../cost';
import { hiddenArticleIdsSql, visibleArticlesSql } from '../visibility';
import type { Context } from '../context';
import { escapeHtml } from '../../content/blocks';
import { FtsQueryError, MARK_CLOSE, MARK_OPEN, snippetHtml, toFtsQueries } from '../../search/fts-query';
import { isSelected } from '../selection';
import { Article } from './article';
import { ArticleFilter, articleFilterConditions, articleFilterValues } from '../article-filter';
import { DealKind } from './deal';

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
const SNIPPET_TOKENS = 24;

type ArticleRow = typeof Article.$inferType;
interface SearchEdgeShape {
  cursor: string;
  score: number;
  snippet: string;
  node: ArticleRow;
}
interface FacetRow {
  value: string;
  name: string;
  count: number;
}
interface SearchFacetsShape {
  exact: boolean;
  countedHits: number;
  sections: FacetRow[];
  countries: FacetRow[];
  equipment: FacetRow[];
  dealKinds: { value: string; count: number }[];
  years: { value: number; count: number }[];
}
interface SearchConnectionShape {
  edges: SearchEdgeShape[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
  totalCountExact: boolean;
  facets: SearchFacetsShape | null;
}

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  description: 'One search hit: the article, how well it matches, and where.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque cursor of this hit: pass it as `after` for the next page.' }),
    node: t.field({ type: Article, description: 'The matching article.', resolve: (e) => e.node }),
    score: t.exposeFloat('score', {
      description: 'Relevance (BM25 over the words searched for, a phrase scored as its words; a match in the title weighs 10 times one in the body, the dek 3 times). Higher is better; comparable only within one query.',
    }),
    snippet: t.exposeString('snippet', {
      description: 'A passage of the best-matching field (title, dek or body) as HTML: the text escaped, matched terms wrapped in `<mark>`, cuts shown as `…`.',
    }),
  }),
});

const SearchPageInfo = builder
  .objectRef<SearchConnectionShape['pageInfo']>('SearchPageInfo')
  .implement({
    description: 'Where a page of search hits sits, for cursor pagination (forward only).',
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more hits follow this page.' }),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Whether this page was asked for `after` a cursor.' }),
      startCursor: t.exposeString('startCursor', { nullable: true, description: 'Cursor of the first hit of this page.' }),
      endCursor: t.exposeString('endCursor', { nullable: true, description: 'Cursor of the last hit of this page: pass it as `after`.' }),
    }),
  });

const FacetValue = builder.objectRef<FacetRow>('SearchFacetValue').implement({
  description: 'A value of a facet (a section, country or piece of equipment) and how many hits have it.',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'What to filter on: a section or equipment slug, or a country ISO code.' }),
    name: t.exposeString('name', { description: 'Display name, e.g. "Armenia".' }),
    count: t.exposeInt('count', { description: 'Number of hits (under the current filter) with this value.' }),
  }),
});

const DealKindFacetValue = builder.objectRef<{ value: string; count: number }>('DealKindFacetValue').implement({
  description: 'A kind of deal and how many hits report a deal of that kind.',
  fields: (t) => ({
    value: t.field({ type: DealKind, description: 'The deal kind.', resolve: (v) => v.value as never }),
    count: t.exposeInt('count', { description: 'Number of hits (under the current filter) reporting a deal of this kind.' }),
  }),
});

const YearFacetValue = builder.objectRef<{ value: number; count: number }>('YearFacetValue').implement({
  description: 'A publication year and how many hits were published in it.',
  fields: (t) => ({
    value: t.exposeInt('value', { description: 'The year (UTC).' }),
    count: t.exposeInt('count', { description: 'Number of hits (under the current filter) published that year.' }),
  }),
});

const SearchFacets = builder.objectRef<SearchFacetsShape>('SearchFacets').implement({
  description:
    `Counts of the hits (not just this page) by section, country, equipment, deal kind and year, under the current filter: exact up to ${RANKED_HITS_MAX.toLocaleString('en-US')} hits, beyond that over the newest ${RANKED_HITS_MAX.toLocaleString('en-US')} (see \`exact\`). Every value with at least one counted hit is listed, most hits first.`,
  fields: (t) => ({
    exact: t.exposeBoolean('exact', {
      description: `True when the counts cover every hit. A search with more than ${RANKED_HITS_MAX.toLocaleString('en-US')} hits counts (and ranks) only its ${RANKED_HITS_MAX.toLocaleString('en-US')} newest: the counts are then exact for those and false here.`,
    }),
    countedHits: t.exposeInt('countedHits', { description: `Number of hits the counts cover: all of them, or the newest ${RANKED_HITS_MAX.toLocaleString('en-US')}.` }),
    sections: t.field({ type: [FacetValue], description: 'Hits per section.', resolve: (f) => f.sections }),
    countries: t.field({ type: [FacetValue], description: 'Hits per country reported on.', resolve: (f) => f.countries }),
    equipment: t.field({ type: [FacetValue], description: 'Hits per piece of equipment mentioned.', resolve: (f) => f.equipment }),
    dealKinds: t.field({ type: [DealKindFacetValue], description: 'Hits per kind of deal reported.', resolve: (f) => f.dealKinds }),
    years: t.field({ type: [YearFacetValue], description: 'Hits per publication year, newest first.', resolve: (f) => f.years }),
  }),
});

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  description: 'A page of search hits, best first, with the total and the facets of all hits.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], description: 'The hits of this page, best first.', resolve: (c) => c.edges }),
    pageInfo: t.field({ type: SearchPageInfo, description: 'Pagination state of this page.', resolve: (c) => c.pageInfo }),
    totalCount: t.int({
      description: `Number of hits across all pages, counted exactly up to ${COUNTED_HITS_MAX.toLocaleString('en-US')}; a search with more hits reports ${COUNTED_HITS_MAX.toLocaleString('en-US')} and \`totalCountExact\` false.`,
      resolve: (c) => c.totalCount ?? 0,
    }),
    totalCountExact: t.exposeBoolean('totalCountExact', {
      description: `False when the search has more than ${COUNTED_HITS_MAX.toLocaleString('en-US')} hits: \`totalCount\` is then a lower bound (show it as "${COUNTED_HITS_MAX.toLocaleString('en-US')}+").`,
    }),
    facets: t.field({ type: SearchFacets, description: 'Counts of all hits by section, country, equipment, deal kind and year.', resolve: (c) => c.facets! }),
  }),
});

interface Cursor {
  rank: number;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return btoa(`search:${JSON.stringify([c.rank, c.id])}`);
}

function decodeCursor(cursor: string): Cursor {
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
function isFtsSyntaxError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/fts5|malformed MATCH|unterminated string/i.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}

/**
 * The filter as conditions on one hit `a`, each answered from a primary-key
 * index per hit (EXISTS), so its cost follows the number of hits, not the
 * number of articles the filtered author, country, equipment or deal has.
 */
function searchFilterSql(filter: typeof ArticleFilter.$inferInput | null | undefined): SQL[] {
  return articleFilterConditions(articleFilterValues(filter), { id: sql.raw('a.id'), sectionId: sql.raw('a.section_id'), publishedAt: sql.raw('a.published_at') }, 'probe');
}

/**
 * The hit set under the filter: the FTS match, then each hit's article. CROSS
 * JOIN fixes that order (SQLite would otherwise walk every visible article and
 * probe the index for each); the covering index on (id, status, published_at,
 * deleted_at, section_id) checks a hit without reading the article row and its long body.
 */
function hitsSql(match: string, filter: typeof ArticleFilter.$inferInput | null | undefined, ctx: Context): SQL {
  const conditions = [visibleArticlesSql('a', ctx), ...searchFilterSql(filter)];
  return sql`FROM article_search CROSS JOIN articles a INDEXED BY articles_id_status_published_at_deleted_at_section_id_idx ON a.id = article_search.rowid
    WHERE article_search MATCH ${match} AND ${sql.join(conditions, sql` AND `)}`;
}

/**
 * The same hit set for counting only: without a filter, the match minus the
 * hidden articles (a handful, read from indexes into an in-memory set once), so
 * a count of 27k hits skips 27k index look-ups in `articles`; with a filter, `hits`.
 */
function countableHitsSql(match: string, filter: typeof ArticleFilter.$inferInput | null | undefined, ctx: Context): SQL {
  if (searchFilterSql(filter).length) return hitsSql(match, filter, ctx);
  return sql`FROM article_search WHERE article_search MATCH ${match} AND article_search.rowid NOT IN (${hiddenArticleIdsSql(ctx)})`;
}

const COUNT_CAP = sql.raw(String(COUNTED_HITS_MAX + 1));

const CAP = sql.raw(String(RANKED_HITS_MAX));
/** Widest rowid range of newest hits a phrase query is scored over by its words (see pageSql). */
export const WORD_RANK_SPAN_MAX = 4 * RANKED_HITS_MAX;
const WORD_RANK_SPAN = sql.raw(String(WORD_RANK_SPAN_MAX));

/**
 * The page: bm25-ranked best first among the RANKED_HITS_MAX newest hits, after
 * the cursor, `limit` rows. One walk: FTS5 yields the match by descending rowid
 * (ids follow publication order) and the inner LIMIT stops it there, so bm25 runs
 * for at most RANKED_HITS_MAX rows. Its per-query statistics (the number of rows
 * holding each phrase: a scan of the phrase's whole doclist, 40 ms for
 * `"united states"` at 100k articles) are computed once per statement, so only
 * one statement of a search ranks.
 */
function pageSql(hits: SQL, match: string, rankQuery: string | null, after: Cursor | null, limit: number): SQL {
  const cursor = after ? sql` WHERE r > ${after.rank} OR (r = ${after.rank} AND id > ${after.id})` : sql``;
  if (rankQuery === null) {
    return sql`SELECT id, r FROM (SELECT article_search.rowid AS id, article_search.rank AS r ${hits} ORDER BY article_search.rowid DESC LIMIT ${CAP})${cursor} ORDER BY r, id LIMIT ${limit}`;
  }
  // A query with a phrase ranks by its words (toRankQuery) when its newest hits are dense:
  // they are found with the phrase (`newest`), then scored by one walk of the word expression
  // over their rowid range, a superset of them. When they span more than WORD_RANK_SPAN_MAX
  // ids (a rare phrase of common words), that walk would score most of the archive, so the
  // phrase itself scores the range instead, as for any other query. The branch not taken is
  // a constant-false WHERE, which SQLite checks before opening the FTS5 cursor. Everything is
  // MATERIALIZED: bm25 joined per hit would open one FTS5 cursor per row and recompute its
  // statistics each time (12 s at 100k articles).
  const range = sql`rowid BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span)`;
  return sql`SELECT id, r FROM (WITH newest AS MATERIALIZED (SELECT article_search.rowid AS id ${hits} ORDER BY article_search.rowid DESC LIMIT ${CAP}),
    span AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi, max(id) - min(id) < ${WORD_RANK_SPAN} AS words FROM newest),
    scored AS MATERIALIZED (SELECT rowid AS id, rank AS r FROM article_search WHERE article_search MATCH ${rankQuery} AND ${range} AND (SELECT words FROM span)
      UNION ALL SELECT rowid AS id, rank AS r FROM article_search WHERE article_search MATCH ${match} AND ${range} AND NOT (SELECT words FROM span))
    SELECT newest.id AS id, scored.r AS r FROM newest CROSS JOIN scored ON scored.id = newest.id)${cursor} ORDER BY r, id LIMIT ${limit}`;
}

/**
 * One statement, one row: the total and the facets, no ranking. `counted` (the
 * RANKED_HITS_MAX newest hits, one walk stopped by its LIMIT, materialized once)
 * feeds every facet; each facet groups the hits' links by id, then names the
 * groups by primary key (CROSS JOIN keeps that order), as a JSON array of
 * [value, name, count] (D1 caps compound SELECTs at 5 terms, so no UNION ALL of
 * six). The total re-runs the match only when `counted` is full, and then only
 * counts, and stops at COUNTED_HITS_MAX + 1: without a filter, as the match minus
 * the hidden articles (`allHits`: an in-memory probe per hit instead of an index
 * look-up in `articles`).
 */
function summarySql(hits: SQL, allHits: SQL): SQL {
  const facet = (name: string, select: string) => sql.raw(`(SELECT json_group_array(json_array(value, name, n)) FROM (${select})) AS ${name}`);
  const columns = [
    // Counted up to COUNTED_HITS_MAX + 1, so the caller can tell an exact total from a capped one.
    sql`(SELECT CASE WHEN n < ${CAP} THEN n ELSE (SELECT count(*) FROM (SELECT 1 ${allHits} LIMIT ${COUNT_CAP})) END FROM (SELECT count(*) AS n FROM counted)) AS total`,
    sql`(SELECT count(*) FROM counted) AS counted`,
    facet('sections', 'SELECT s.slug AS value, s.name AS name, g.n AS n FROM (SELECT section_id, count(*) AS n FROM counted GROUP BY section_id) g CROSS JOIN sections s ON s.id = g.section_id'),
    facet('countries', 'SELECT c.code AS value, c.name AS name, g.n AS n FROM (SELECT ac.country_id, count(*) AS n FROM counted h CROSS JOIN article_countries ac ON ac.article_id = h.id GROUP BY ac.country_id) g CROSS JOIN countries c ON c.id = g.country_id'),
    facet('equipment', 'SELECT e.slug AS value, e.name AS name, g.n AS n FROM (SELECT ae.equipment_id, count(*) AS n FROM counted h CROSS JOIN article_equipment ae ON ae.article_id = h.id GROUP BY ae.equipment_id) g CROSS JOIN equipment e ON e.id = g.equipment_id'),
    facet('deal_kinds', 'SELECT d.kind AS value, d.kind AS name, count(DISTINCT h.id) AS n FROM counted h CROSS JOIN article_deals ad ON ad.article_id = h.id CROSS JOIN deals d ON d.id = ad.deal_id GROUP BY d.kind'),
    facet('years', "SELECT CAST(strftime('%Y', published_at / 1000, 'unixepoch') AS INTEGER) AS value, '' AS name, count(*) AS n FROM counted GROUP BY 1"),
  ];
  return sql`WITH counted AS MATERIALIZED (SELECT a.id AS id, a.section_id AS section_id, a.published_at AS published_at ${hits} ORDER BY article_search.rowid DESC LIMIT ${CAP})
    SELECT ${sql.join(columns, sql`, `)}`;
}

/**
 * Prefixes `WITH name AS MATERIALIZED (cte)` to a drizzle relational query, so its
 * `where` and `extras` can read one result computed once per statement (SQLite
 * evaluates each subquery on its own: the page written twice would be ranked twice).
 * Relational queries have no `with()`; this wraps the query builder's internal
 * `_getQuery` (drizzle-orm is pinned to an exact version, and every search test
 * fails with "no such table" if the hook stops applying).
 */
function withCte<Q>(query: Q, ctes: [name: string, cte: SQL][]): Q {
  const q = query as unknown as { _getQuery: () => { sql: SQL } };
  if (typeof q._getQuery !== 'function') throw new Error('drizzle relational query has no _getQuery: update withCte');
  const build = q._getQuery.bind(q);
  q._getQuery = () => {
    const built = build();
    built.sql = sql`WITH ${sql.join(ctes.map(([name, cte]) => sql`${sql.raw(name)} AS MATERIALIZED (${cte})`), sql`, `)} ${built.sql}`;
    return built;
  };
  return query;
}

const snippetCall = sql`snippet(article_search, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${sql.raw(String(SNIPPET_TOKENS))})`;

/**
 * The snippets of the page (`search_page`) from ONE walk of the match over the
 * page's rowid range: a snippet looked up per hit opens an FTS5 cursor per hit,
 * which seeks every segment of the index for every term (at 100k articles the
 * index has 14 segments; 21 look-ups cost 4-10 ms in sqlite3, the walk 2-6 ms).
 * Only for unfiltered searches, whose page lies among the newest visible hits, so
 * the walk meets at most those and the hidden ones; a phrase query's page must
 * also be dense (as for scoring by words), or the walk would check the phrase in
 * every article of a wide range. Hits it does not cover fall back to the look-up.
 */
function snippetWalkSql(match: string, phrase: boolean): SQL {
  const dense = phrase ? sql` AND (SELECT max(id) - min(id) < ${WORD_RANK_SPAN} FROM search_page)` : sql``;
  return sql`SELECT rowid AS id, CASE WHEN rowid IN (SELECT id FROM search_page) THEN ${snippetCall} END AS s FROM article_search
    WHERE article_search MATCH ${match} AND rowid BETWEEN (SELECT min(id) FROM search_page) AND (SELECT max(id) FROM search_page)${dense}`;
}

interface SummaryRow {
  total: number;
  counted: number;
  sections: string;
  countries: string;
  equipment: string;
  dealKinds: string;
  years: string;
}

function toFacets(row: SummaryRow): { total: number; totalExact: boolean; facets: SearchFacetsShape } {
  const parse = (json: string) => (JSON.parse(json) as [string | number, string, number][]).map(([value, name, count]) => ({ value, name, count }));
  const byCountThen = (key: (v: { value: string | number; name: string }) => string) => (x: { count: number; value: string | number; name: string }, y: typeof x) =>
    y.count - x.count || key(x).localeCompare(key(y));
  const named = (json: string) =>
    parse(json)
      .sort(byCountThen((v) => v.name))
      .map(({ value, name, count }) => ({ value: String(value), name, count }));
  return {
    total: Math.min(row.total, COUNTED_HITS_MAX),
    totalExact: row.total <= COUNTED_HITS_MAX,
    facets: {
      exact: row.counted === row.total,
      countedHits: row.counted,
      sections: named(row.sections),
      countries: named(row.countries),
      equipment: named(row.equipment),
      dealKinds: parse(row.dealKinds)
        .sort(byCountThen((v) => String(v.value)))
        .map(({ value, count }) => ({ value: String(value), count })),
      years: parse(row.years)
        .map(({ value, count }) => ({ value: Number(value), count }))
        .sort((x, y) => y.value - x.value),
    },
  };
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchConnection,
    // Searches are purged whenever any story's text or visibility changes, so they live shorter.
    extensions: SEARCH_CACHE,
    complexity: (args) => ({ field: SEARCH_COST, multiplier: requestedPageSize(args) }),
    description:
      'Full-text search over published articles (title, dek and body), best match first. Words must all match; `"two words"` is a phrase, `cae*` a prefix, `a OR b` either, `-word` or `-"two words"` excludes. Punctuation and FTS syntax are taken as text, never as an error.',
    args: {
      query: t.arg.string({ required: true, description: 'What to search for, e.g. `caesar howitzer`, `"ground master"`, `cae*`.' }),
      first: t.arg.int({ description: `Returns the first n hits (0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).` }),
      after: t.arg.string({ description: 'Returns the hits after this cursor (from the same query and filter).' }),
      filter: t.arg({ type: ArticleFilter, description: 'Conditions the hits must meet; the facets count under them too.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = requestedPageSize(args);
      if (!isPageSize(first)) throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
      let match: string;
      let rankQuery: string | null;
      try {
        ({ match, rank: rankQuery } = toFtsQueries(args.query));
      } catch (error) {
        if (error instanceof FtsQueryError) throw badUserInput(error.message, 'query');
        throw error;
      }
      const after = args.after != null ? decodeCursor(args.after) : null;
      const hits = hitsSql(match, args.filter, ctx);

      const wantsPage = isSelected(info, ['edges']) || isSelected(info, ['pageInfo']);
      const wantsFacets = isSelected(info, ['facets']) || isSelected(info, ['totalCount']) || isSelected(info, ['totalCountExact']);

      // The page with everything selected under `edges.node`, in one relational query that
      // also ranks: `search_page` (the ranked page, one row more than asked for, to tell
      // hasNextPage) is computed once and feeds both the rows to load and their ranks.
      // snippet() is a look-up by rowid that needs no ranking statistics.
      let nodesQuery: unknown = null;
      const wantsSnippets = isSelected(info, ['edges', 'snippet']);
      const snippetWalk = wantsSnippets && searchFilterSql(args.filter).length === 0;
      if (wantsPage) {
        const query = queryFromInfo({
          config: getSchemaConfig(builder),
          context: ctx,
          info,
          path: ['edges', 'node'],
          // At least one row even for `first: 0`, so hasNextPage is known.
          where: { RAW: (a: { id: unknown }) => sql`${a.id} IN (SELECT id FROM search_page ORDER BY r, id LIMIT ${Math.max(first, 1)})` },
          extras: {
            // The REAL itself, the exact double a cursor compares against: D1 hands it over
            // losslessly, while printf('%.17g') in D1's SQLite gives 15 significant digits (a
            // cursor a few ulps off repeated or skipped a hit) and JSON functions round too.
            searchRank: (a: { id: unknown }) => sql<number>`(SELECT r FROM search_page WHERE search_page.id = ${a.id})`,
            searchPageRows: () => sql<number>`(SELECT count(*) FROM search_page)`,
            ...(wantsSnippets
              ? {
                  searchSnippet: (a: { id: unknown }) => {
                    const lookUp = sql`(SELECT ${snippetCall} FROM article_search WHERE article_search MATCH ${match} AND article_search.rowid = ${a.id})`;
                    return snippetWalk ? sql`COALESCE((SELECT s FROM search_snippets WHERE search_snippets.id = ${a.id}), ${lookUp})` : lookUp;
                  },
                }
              : {}),
          },
        } as never);
        nodesQuery = withCte(ctx.db.query.articles.findMany(query as never), [
          ['search_page', pageSql(hits, match, rankQuery, after, first + 1)],
          ...(snippetWalk ? [['search_snippets', snippetWalkSql(match, rankQuery !== null)] as [string, SQL]] : []),
        ]);
      }
      // A core select (not db.all) so it can join the batch.
      const summaryQuery = wantsFacets
        ? ctx.db
            .select({
              total: sql<number>`total`,
              counted: sql<number>`counted`,
              sections: sql<string>`sections`,
              countries: sql<string>`countries`,
              equipment: sql<string>`equipment`,
              dealKinds: sql<string>`deal_kinds`,
              years: sql<string>`years`,
            })
            .from(sql`(${summarySql(hits, countableHitsSql(match, args.filter, ctx))}) AS f` as never)
        : null;
      const queries = [nodesQuery, summaryQuery].filter((q) => q !== null);

      let results: unknown[];
      try {
        results = queries.length ? await ctx.db.batch(queries as never) : [];
      } catch (error) {
        if (isFtsSyntaxError(error)) throw badUserInput('query could not be understood as a search', 'query');
        throw error;
      }
      const summary = summaryQuery ? ((results.at(-1) as SummaryRow[])[0] ?? null) : null;

      let edges: SearchEdgeShape[] = [];
      let hasNextPage = false;
      if (wantsPage) {
        type Row = ArticleRow & { id: number; searchRank: number; searchPageRows: number; searchSnippet?: string | null };
        const rows = (results[0] as Row[]).map((row) => ({ row, rank: row.searchRank })).sort((x, y) => x.rank - y.rank || x.row.id - y.row.id);
        hasNextPage = (rows[0]?.row.searchPageRows ?? 0) > first;
        edges = rows.slice(0, first).map(({ row, rank }) => ({
          cursor: encodeCursor({ rank, id: row.id }),
          score: -rank,
          snippet: snippetHtml(row.searchSnippet ?? '', escapeHtml),
          node: row,
        }));
      }
      const facetResult = wantsFacets && summary ? toFacets(summary) : null;
      return {
        edges,
        pageInfo: {
          hasNextPage,
          hasPreviousPage: after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: facetResult?.total ?? null,
        totalCountExact: facetResult?.totalExact ?? true,
        facets: facetResult?.facets ?? null,
      };
    },
  }),
}));
