/**
 * Cursors belong to one list. Pothos' drizzle cursors are base64 of `DC:` and the
 * row's values in the list's order, and the plugin takes any such cursor: a
 * deal's cursor given to `articles(after:)` became a bound on `published_at`
 * (an empty page), an article's given to `deals(after:)` reached D1 as an array
 * (INTERNAL_SERVER_ERROR). Each connection declares the shape of its cursor
 * here, and one of another shape is BAD_USER_INPUT naming the argument.
 *
 * A cursor of another connection over the same order (a section's articles and
 * the root `articles`) is a valid position in this one, and is accepted.
 */
import { decodeBase64, decodeCursorChunk, encodeBase64, encodeCursorChunk, encodeCursorTuple } from '@pothos/core';
import { z } from 'zod';

/*
 * The format, for the resolvers and the operation compiler alike: base64 of `DC:` and
 * the row's values in the list's order (one tagged chunk, or a tuple of them).
 */

/**
 * The values a cursor holds, in the list's order, or null when it is not a drizzle cursor
 * with `columns` values. A one-column cursor holds its value bare.
 */
export function decodeCursor(cursor: string, columns: number): unknown[] | null {
  let value: unknown;
  try {
    const decoded = decodeBase64(cursor);
    if (!decoded.startsWith('DC:')) return null;
    value = decodeCursorChunk(decoded.slice(3));
  } catch {
    return null;
  }
  const values = columns === 1 ? [value] : value;
  return Array.isArray(values) && values.length === columns ? values : null;
}

/** The cursor of a row whose order columns hold `values` (the plugin's own format). */
export function encodeCursor(values: readonly unknown[]): string {
  const text = `DC:${values.length === 1 ? encodeCursorChunk(values[0]) : encodeCursorTuple([...values])}`;
  // Integer keys make ASCII cursors, where native btoa gives Pothos' bytes without its Buffer detour.
  return /^[\x00-\x7f]*$/.test(text) ? btoa(text) : encodeBase64(text);
}

type Kind = 'integer' | 'string';

function holds(cursor: string, kinds: readonly Kind[]): boolean {
  const values = decodeCursor(cursor, kinds.length);
  return values?.every((v, i) => (kinds[i] === 'integer' ? Number.isSafeInteger(v) : typeof v === 'string')) ?? false;
}

/**
 * The field-level check (Pothos validation) for a connection ordered by columns of these kinds,
 * e.g. `connectionCursor('integer', 'integer')` for (published_at, id).
 */
export function connectionCursor(...kinds: Kind[]) {
  return z.looseObject({}).superRefine((args: Record<string, unknown>, ctx) => {
    for (const key of ['after', 'before'] as const) {
      const cursor = args[key];
      if (typeof cursor === 'string' && !holds(cursor, kinds)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a cursor of this list (a cursor works only in the connection that gave it)',
        });
      }
    }
  });
}

/** Articles are paged by (published_at, id), deals by id, authors and equipment by (name, id). */
export const ARTICLE_CURSOR = connectionCursor('integer', 'integer');
export const ID_CURSOR = connectionCursor('integer');
export const NAME_CURSOR = connectionCursor('string', 'integer');
