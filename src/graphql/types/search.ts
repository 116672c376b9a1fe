/**
 * `search`: ranked full-text search over articles (FTS5, migration
 * `article_search`), with a highlighted snippet per hit and facet counts.
 *
 * Statements: ONE relational query. CTEs walk the window once (the newest
 * RANKED_HITS_MAX hits with their ranks and facet lines: the recent ones from the
 * recent index, older ones from the whole; search-sql.ts) and store it best
 * first, one pass summarises it, and the page is its first rows; ids, ranks and
 * the page size come from them, snippets from FTS look-ups by rowid, the nested
 * selection under `edges.node` is planned into it by the drizzle plugin, and the
 * total and the facets' lines ride on the best row (the facets' names only when
 * they changed since this isolate last read them). Older hits of a query with a
 * phrase are ranked by its words (`toRankQuery`). Only when the page comes back
 * empty (no hits, or a cursor past the last) and facets or the total were asked
 * for does a second statement read the summary. The page never ranks again:
 * bm25's statistics cost a scan of each phrase's whole doclist per walk that ranks.
 */
import { sql } from 'drizzle-orm';
import { SEARCH_CACHE } from '../../cache/lifetimes';
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { builder } from '../builder';
import { DEFAULT_PAGE_SIZE, isPageSize, MAX_PAGE_SIZE, requestedPageSize } from '../paging';
import { badUserInput } from '../errors';
import { SEARCH_COST } from '../cost';
import { escapeHtml } from '../../content/blocks';
import { FtsQueryError, snippetHtml, toFtsQueries } from '../../search/fts-query';
import { isSelected } from '../selection';
import { Article } from './article';
import { ArticleFilter } from '../article-filter';
import { DealKind } from './deal';
import { tallyHits } from '../../db/search-facets';
import { RECENT_ARTICLES } from '../../db/search-recent';
import {
  RANKED_HITS_MAX,
  COUNTED_HITS_MAX,
  encodeCursor,
  decodeCursor,
  isFtsSyntaxError,
  hitsSql,
  windowCtes,
  ctesSql,
  pageSql,
  summarySql,
  facetNamesSql,
  withCte,
  snippetCall,
  type SummaryRow,
} from './search-sql';

export { COUNTED_HITS_MAX, RANKED_HITS_MAX, WORD_RANK_SPAN_MAX } from './search-sql';

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
      description: `Relevance (BM25; a match in the title weighs 10 times one in the body, the dek 3 times). Higher is better; comparable only within one query. A hit among the newest ${RECENT_ARTICLES.toLocaleString('en-US')} stories is weighed with their word statistics, an older one with the whole archive's, where a phrase is scored as its words.`,
    }),
    snippet: t.exposeString('snippet', {
      description:
        'A passage of the best-matching field (title, dek or body) as HTML: the text escaped, matched terms wrapped in `<mark>`, cuts shown as `…`.',
    }),
  }),
});

const SearchPageInfo = builder.objectRef<SearchConnectionShape['pageInfo']>('SearchPageInfo').implement({
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
  description: `Counts of the hits (not just this page) by section, country, equipment, deal kind and year, under the current filter: exact up to ${RANKED_HITS_MAX.toLocaleString('en-US')} hits, beyond that over the newest ${RANKED_HITS_MAX.toLocaleString('en-US')} (see \`exact\`). Every value with at least one counted hit is listed, most hits first.`,
  fields: (t) => ({
    exact: t.exposeBoolean('exact', {
      description: `True when the counts cover every hit. A search with more than ${RANKED_HITS_MAX.toLocaleString('en-US')} hits counts (and ranks) only its ${RANKED_HITS_MAX.toLocaleString('en-US')} newest: the counts are then exact for those and false here.`,
    }),
    countedHits: t.exposeInt('countedHits', {
      description: `Number of hits the counts cover: all of them, or the newest ${RANKED_HITS_MAX.toLocaleString('en-US')}.`,
    }),
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
    facets: t.field({
      type: SearchFacets,
      description: 'Counts of all hits by section, country, equipment, deal kind and year.',
      resolve: (c) => c.facets!,
    }),
  }),
});

type FacetNames = [sections: [number, string, string][], countries: [number, string, string][], equipment: [number, string, string][]];

/**
 * The facet names this isolate holds and their version (facetNamesSql): a search
 * sends the version and gets the names back only when they changed since.
 */
let heldNames: { version: string; names: FacetNames } | null = null;

/**
 * The names a search's answer gives, or, when it gives only the version, the
 * ones `held` when its statement was built (another request may have replaced
 * `heldNames` since). Keeps the newest names it sees.
 */
function facetNames(json: string, held: typeof heldNames): FacetNames {
  const [version, ...names] = JSON.parse(json) as [string, ...FacetNames[number][]];
  if (names.length !== 3) {
    if (held?.version !== version) throw new Error('facet names: the answer holds a version but not its names');
    return held.names;
  }
  heldNames = { version, names: names as FacetNames };
  return heldNames.names;
}

function toFacets(row: SummaryRow, held: typeof heldNames): { total: number; totalExact: boolean; facets: SearchFacetsShape } {
  const [hits, more, lines] = JSON.parse(row.summary) as [number, number, string | null];
  const [sections, countries, equipment] = facetNames(row.names, held);
  const totalExact = !more;
  const tally = tallyHits((lines ?? '').split('\n').flatMap((line) => (line === '' ? [] : [line.slice(line.indexOf(' ') + 1)])));
  const byCount =
    <T extends { count: number }>(key: (v: T) => string) =>
    (x: T, y: T) =>
      y.count - x.count || key(x).localeCompare(key(y));
  const named = (list: [number, string, string][], counts: Map<number, number>): FacetRow[] =>
    list
      .filter(([id]) => counts.has(id))
      .map(([id, value, name]) => ({ value, name, count: counts.get(id)! }))
      .sort(byCount((v) => v.name));
  return {
    total: hits,
    totalExact,
    facets: {
      exact: totalExact,
      countedHits: hits,
      sections: named(sections, tally.sections),
      countries: named(countries, tally.countries),
      equipment: named(equipment, tally.equipment),
      dealKinds: [...tally.dealKinds].map(([value, count]) => ({ value, count })).sort(byCount((v) => v.value)),
      years: [...tally.years].map(([value, count]) => ({ value, count })).sort((x, y) => y.value - x.value),
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
      const wantsPage = isSelected(info, ['edges']) || isSelected(info, ['pageInfo']);
      const wantsFacets = isSelected(info, ['facets']) || isSelected(info, ['totalCount']) || isSelected(info, ['totalCountExact']);
      const hits = hitsSql(match, args.filter, ctx);
      const held = heldNames;
      const names = facetNamesSql(held?.version ?? null);
      const window = windowCtes(match, args.filter, ctx, { phrase: rankQuery !== null, facets: wantsFacets });
      // The summary alone (no page asked for, or a page that came back empty): one statement over the window.
      const summaryQuery = () =>
        ctx.db
          .select({ summary: sql<string>`summary`, names: sql<string>`names` })
          .from(sql`(WITH ${ctesSql(window)} SELECT ${summarySql(hits)} AS summary, ${names} AS names) AS f` as never);
      const run = async <T>(query: unknown): Promise<T> => {
        try {
          return (await ctx.db.batch([query] as never))[0] as T;
        } catch (error) {
          if (isFtsSyntaxError(error)) throw badUserInput('query could not be understood as a search', 'query');
          throw error;
        }
      };

      // The page with everything selected under `edges.node`, and the summary when asked for,
      // in ONE relational query: the window is walked once and feeds the
      // ranked page (`search_page`, one row more than asked for, to tell hasNextPage), the
      // rows to load, their ranks, and the summary, carried by the best row only.
      // snippet() is a look-up by rowid that needs no ranking statistics.
      let summary: SummaryRow | null = null;
      let edges: SearchEdgeShape[] = [];
      let hasNextPage = false;
      if (wantsPage) {
        const wantsSnippets = isSelected(info, ['edges', 'snippet']);
        const best = sql`(SELECT id FROM search_page ORDER BY r, id LIMIT 1)`;
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
                  // A look-up by rowid per hit of the page: one row read each (one walk of the match over
                  // the page's rowid range read ~1,900 rows for a 1,000-hit window, for a few ms less).
                  searchSnippet: (a: { id: unknown }) =>
                    sql`(SELECT ${snippetCall} FROM article_search WHERE article_search MATCH ${match} AND article_search.rowid = ${a.id})`,
                }
              : {}),
            ...(wantsFacets
              ? {
                  searchSummary: (a: { id: unknown }) => sql<string | null>`CASE WHEN ${a.id} = ${best} THEN ${summarySql(hits)} END`,
                  searchNames: (a: { id: unknown }) => sql<string | null>`CASE WHEN ${a.id} = ${best} THEN ${names} END`,
                }
              : {}),
          },
        } as never);
        type Row = ArticleRow & {
          id: number;
          searchRank: number;
          searchPageRows: number;
          searchSnippet?: string | null;
          searchSummary?: string | null;
          searchNames?: string | null;
        };
        const found = await run<Row[]>(
          withCte(ctx.db.query.articles.findMany(query as never), [
            ...window,
            ['search_page', pageSql(match, rankQuery, after, first + 1)],
          ]),
        );
        const rows = found.map((row) => ({ row, rank: row.searchRank })).sort((x, y) => x.rank - y.rank || x.row.id - y.row.id);
        hasNextPage = (rows[0]?.row.searchPageRows ?? 0) > first;
        edges = rows.slice(0, first).map(({ row, rank }) => ({
          cursor: encodeCursor({ rank, id: row.id }),
          score: -rank,
          snippet: snippetHtml(row.searchSnippet ?? '', escapeHtml),
          node: row,
        }));
        const carrier = rows.find(({ row }) => row.searchSummary != null)?.row;
        if (carrier) summary = { summary: carrier.searchSummary!, names: carrier.searchNames! };
      }
      // No page asked for, or an empty one (no hits, or a cursor past the last): the summary on its own.
      if (wantsFacets && !summary) summary = (await run<SummaryRow[]>(summaryQuery()))[0] ?? null;
      const facetResult = wantsFacets && summary ? toFacets(summary, held) : null;
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
