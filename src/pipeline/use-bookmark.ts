/**
 * The `D1-Bookmark` request header (docs/replication.md), checked in step 1
 * after the rate limit and before the edge cache: a request that carries a
 * bookmark reads from D1 at least as new as it (the edge cache steps aside),
 * and one whose header is not a bookmark is refused with 400
 * `INVALID_BOOKMARK` before anything is read. Refusing (rather than ignoring
 * it) keeps the promise visible: a client that believes it reads its own
 * writes learns that its bookmark was lost, instead of silently reading from
 * a copy that may be behind.
 *
 * The session's bookmark is set on the answer by the request's trace
 * (./trace.ts) once every other step is done, so no stored answer carries it.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BOOKMARK_HEADER, requestBookmark } from '../db/session';
import type { ServerContext } from './context';
import { traceOf } from './trace';

export function invalidBookmark(): Response {
  const error = new GraphQLError(
    `The ${BOOKMARK_HEADER} header is not a bookmark: send back exactly the value of the ${BOOKMARK_HEADER} response header, or no header.`,
    { extensions: { code: 'INVALID_BOOKMARK' } },
  );
  return new Response(JSON.stringify({ errors: [error.toJSON()] }), {
    status: 400,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export function useBookmark(): Plugin<Record<string, never>, ServerContext> {
  return {
    onRequest({ request, serverContext, endResponse }) {
      if (request.method === 'OPTIONS') return;
      const bookmark = requestBookmark(request.headers);
      if (bookmark === undefined) return endResponse(invalidBookmark());
      traceOf(serverContext, request).bookmark = bookmark;
    },
  };
}
