/**
 * D1 read replication (docs/replication.md): every request's statements run in
 * one D1 session (`env.DB.withSession`, opened by the request's trace,
 * src/pipeline/trace.ts). The session's bookmark goes out in the `D1-Bookmark`
 * response header; a client that sends it back in the same request header
 * reads from a copy at least as new as that bookmark: its own writes.
 */

/** The request and response header that carries a D1 session bookmark. */
export const BOOKMARK_HEADER = 'D1-Bookmark';

/**
 * What a bookmark looks like: groups of hex digits joined by dashes (D1's are
 * `00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683`). Anything else
 * (a constraint such as `first-primary`, text, a value longer than any
 * bookmark) is refused before it reaches D1.
 */
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){1,7}$/i;
const MAX_BOOKMARK_LENGTH = 256;

/**
 * The bookmark a request carries: `null` for none, `undefined` when the header
 * holds something that is not a bookmark. An empty header is none: clients
 * that copy `getBookmark() ?? ""` (as Cloudflare's example does) send one
 * before their first answer.
 */
export function requestBookmark(headers: Headers): string | null | undefined {
  const value = headers.get(BOOKMARK_HEADER);
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_BOOKMARK_LENGTH || !BOOKMARK.test(trimmed)) return undefined;
  return trimmed;
}
