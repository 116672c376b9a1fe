/**
 * The orders of the API's lists, in drizzle's relational `orderBy` form, written
 * once: the resolvers pass them to plugin-drizzle (`query: { orderBy }`) and the
 * operation compiler's recipes (src/graphql/compile/recipes.ts) read the same
 * objects against the tables' columns. Every order ends on a unique column, so
 * pages never repeat or skip.
 */
export type Direction = 'asc' | 'desc';
export type Ordering = Readonly<Record<string, Direction>>;

/** Articles, newest first (every article connection, `articles` by default). */
export const NEWEST_FIRST = { publishedAt: 'desc', id: 'desc' } as const satisfies Ordering;
/** Articles, oldest first (`articles(orderBy: PUBLISHED_AT_ASC)`). */
export const OLDEST_FIRST = { publishedAt: 'asc', id: 'asc' } as const satisfies Ordering;
/** Countries, equipment, authors and sections: by name. */
export const BY_NAME = { name: 'asc', id: 'asc' } as const satisfies Ordering;
/** Deals: most recently recorded (highest id) first. */
export const LATEST_RECORDED = { id: 'desc' } as const satisfies Ordering;
/** An article's deals: by id. */
export const BY_ID = { id: 'asc' } as const satisfies Ordering;
/** A byline (junction rows of article_authors): in its order. */
export const BYLINE_ORDER = { position: 'asc', authorId: 'asc' } as const satisfies Ordering;
/** A deal's parties (deal_parties rows): by role, then country. */
export const PARTY_ORDER = { role: 'asc', countryId: 'asc' } as const satisfies Ordering;

/** The `ArticleOrder` enum's value as an ordering (newest first unless asked otherwise). */
export function articleOrdering(value: unknown): typeof NEWEST_FIRST | typeof OLDEST_FIRST {
  return value === 'PUBLISHED_AT_ASC' ? OLDEST_FIRST : NEWEST_FIRST;
}
