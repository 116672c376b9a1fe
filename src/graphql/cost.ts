/**
 * The cost model, written once: what a field costs and how it multiplies its
 * children. The schema carries it (Pothos' complexity plugin puts it in each
 * field's `extensions.complexity`), and the request pipeline prices the
 * operation with its variables before anything runs (src/pipeline/limits.ts),
 * whichever path then executes it.
 *
 * GitHub's node model, in points that stand for rows D1 reads:
 *   - a scalar costs 0, an object 1;
 *   - a connection costs 1 and multiplies its page (`edges`, `nodes`) by
 *     `first` or `last` (DEFAULT_PAGE_SIZE when neither is given); its
 *     `totalCount` and `pageInfo` are read once, whatever the page size, so a
 *     count with `first: 0` still costs its count;
 *   - a list multiplies by its largest possible length: `related` 5, `nodes`
 *     the number of ids given, other lists LIST_MULTIPLIER (an article names a
 *     handful of authors, countries, deals);
 *   - `totalCount`, `search` and `related` are priced by what they read: a
 *     count walks an index over every matching story, a search ranks a window
 *     of up to 1,000 hits (src/graphql/types/search.ts), `related` reads the
 *     links an article shares.
 * Example: `{ articles(first: 10) { edges { node { title section { name } } } } }`
 * costs 1 + 10 x (1 + 1) = 21.
 */
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { FieldComplexity } from '@pothos/plugin-complexity';
import { requestedPageSize } from './paging';

/** The length a list field is priced at when nothing bounds it more tightly. */
export const LIST_MULTIPLIER = 5;
/** Lists of entities that can run long (the equipment a country fields, the sections): priced at this length. */
export const ENTITY_LIST_MULTIPLIER = 25;
/** A total count reads an index entry per matching story (up to the whole archive for a root list). */
export const TOTAL_COUNT_COST = 100;
/** A search ranks, counts and facets up to 1,000 hits before it reads its page: ~100x a list page's D1 time at 100k (bench/RESULTS.md (d) vs (b)). */
export const SEARCH_COST = 500;
/** One article's `related` reads the links it shares with others: up to ~2,000 rows (bench/RESULTS.md). */
export const RELATED_COST = 20;

/**
 * The cost of every field that does not declare its own (`complexity:` where
 * the field is defined: `related`, `nodes`, `search`), written into the built
 * schema's `extensions.complexity`. A constant wherever the arguments cannot
 * change it, so pricing an operation maps arguments only for connections.
 */
export function applyCosts(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if ((field.extensions.pothosOptions as { complexity?: unknown } | undefined)?.complexity !== undefined) continue;
      (field as { extensions: object }).extensions = { ...field.extensions, complexity: fieldCost(field) };
    }
  }
  return schema;
}

function fieldCost(field: GraphQLField<unknown, unknown>): FieldComplexity<unknown, Record<string, unknown>> {
  const named = getNamedType(field.type);
  if (field.name === 'totalCount') return TOTAL_COUNT_COST;
  if (isLeafType(named)) return 0;
  // A connection's edges and nodes are its page, already counted by the connection.
  if (named.name.endsWith('Edge') || (field.name === 'nodes' && !field.args.some((a) => a.name === 'ids')))
    return { field: 0, multiplier: 1 };
  if (named.name.endsWith('Connection')) {
    return (args) => ({ field: 1, multiplier: Math.max(0, requestedPageSize(args)) });
  }
  return { field: 1, multiplier: isList(field.type) ? LIST_MULTIPLIER : 1 };
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
