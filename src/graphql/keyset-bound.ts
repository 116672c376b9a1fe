import { decodeCursor } from './cursors';

/**
 * The range a keyset page puts on its first order column, for lists ordered by
 * (published_at, id).
 *
 * Why: Pothos' cursor filter is `published_at < X OR (published_at = X AND id < Y)`.
 * SQLite takes no index range from that OR, so with bound parameters it walks
 * the (status, published_at, id) index from the head of the list down to the
 * cursor: 89,637 rows read for the page at 90 % of 100k articles (the cost of
 * OFFSET, bench scenario c). Given `published_at <= X` as the list's ONE bound on
 * that column (SQLite seeks with one upper bound per column, so it is merged
 * with visibility's `published_at <= now`), the index seeks straight to the
 * cursor: 22 rows read. Rows are still selected by Pothos' exact filter.
 *
 * Returns null for no cursor or one this does not recognise (Pothos then
 * answers an invalid cursor itself).
 */
export function publishedAtBound(
  args: { after?: string | null; before?: string | null },
  direction: 'asc' | 'desc',
  /** The list's own upper bound on published_at (visibility's `now`), if it has one. */
  upperLimit: number | undefined,
): { lte?: number; gte?: number } | null {
  const cursor = args.after ?? args.before;
  if (cursor == null) return null;
  const value = firstCursorValue(cursor);
  if (value == null) return null;
  // Rows after a cursor in a newest-first list are older: the bound is an upper one.
  const upper = (args.after != null) === (direction === 'desc');
  if (upper) return { lte: upperLimit == null ? value : Math.min(upperLimit, value) };
  return upperLimit == null ? { gte: value } : { gte: value, lte: upperLimit };
}

function firstCursorValue(cursor: string): number | null {
  // The first value of a (published_at, id) cursor, or of a one-column cursor.
  const first = (decodeCursor(cursor, 2) ?? decodeCursor(cursor, 1))?.[0];
  return typeof first === 'number' && Number.isFinite(first) ? first : null;
}
