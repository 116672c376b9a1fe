/**
 * Page sizes, in one place: the drizzle plugin's connections (src/graphql/builder.ts),
 * the cost model (src/graphql/cost.ts), `search` and the operation compiler all read
 * a connection's page size here.
 */

/** Page size of a connection asked for without `first` or `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page a connection serves; larger requests are refused, not clamped. */
export const MAX_PAGE_SIZE = 100;

/** The page a connection's arguments ask for: `first`, else `last`, else the default. */
export function requestedPageSize(args: { first?: unknown; last?: unknown }): number {
  return (args.first ?? args.last ?? DEFAULT_PAGE_SIZE) as number;
}

/** Whether `n` is a page size the API serves (0 to MAX_PAGE_SIZE). */
export function isPageSize(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_PAGE_SIZE;
}
