/** A connection's `first`/`after`, read once per request, shared by ./sql.ts (bound values) and ./shape.ts (pageInfo). */
import { decodeCursor } from '../cursors';
import { isPageSize, requestedPageSize } from '../paging';
import { Fallback, type PageArgs, type Runtime } from './tree';

/** `first`/`after` of a connection, as the drizzle plugin reads them; the rest goes to the resolvers. */
function pageArgs(args: Record<string, unknown>, cursorColumns: number): PageArgs {
  if (args.last != null || args.before != null) throw new Fallback('backward pages');
  const first = requestedPageSize(args);
  if (!isPageSize(first)) throw new Fallback('first');
  if (args.after == null) return { first, after: null };
  // A cursor of this connection's order, decoded; anything else the resolvers judge.
  const after = decodeCursor(args.after as string, cursorColumns);
  if (!after?.every((v) => Number.isSafeInteger(v))) throw new Fallback('cursor');
  return { first, after: after as number[] };
}

/** The page arguments of the connection whose arguments are `rt.args[argIndex]`. */
export function pageOf(rt: Runtime, argIndex: number, cursorColumns: number): PageArgs {
  let page = rt.pages.get(argIndex);
  if (!page) rt.pages.set(argIndex, (page = pageArgs(rt.args[argIndex], cursorColumns)));
  return page;
}
