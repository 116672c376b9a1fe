/**
 * The explorer's reads follow its writes (docs/replication.md): every request
 * sends back the last `D1-Bookmark` the API answered with, kept for the tab's
 * session, so a mutation run in one tab is seen by the next query, whichever
 * copy of the database answers it.
 */
export const BOOKMARK_HEADER = 'D1-Bookmark';

/** Where the bookmark is kept between requests (the tab's `sessionStorage`). */
export interface BookmarkStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** `fetch` that sends the kept bookmark and keeps the one each answer carries. */
export function fetchWithBookmark(fetchImpl: typeof fetch, store: BookmarkStore): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const bookmark = store.getItem(BOOKMARK_HEADER);
    // A bookmark the user typed in the headers editor wins.
    if (bookmark && !headers.has(BOOKMARK_HEADER)) headers.set(BOOKMARK_HEADER, bookmark);
    const response = await fetchImpl(input, { ...init, headers });
    const next = response.headers.get(BOOKMARK_HEADER);
    if (next) store.setItem(BOOKMARK_HEADER, next);
    return response;
  };
}
