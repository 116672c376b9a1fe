/**
 * The explorer in the browser: GraphiQL with our example operations as tabs,
 * talking to the same origin's /graphql. Bundled with React and GraphiQL's
 * styles into one script and one stylesheet by scripts/build-explorer.ts, so
 * the page needs no CDN and passes a `default-src 'self'` policy.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { setNonce } from 'get-nonce';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchWithBookmark } from './bookmark';
import './explorer.css';

/** schema/operations/*.graphql, inlined at build time (ArticlePage first). */
declare const __OPERATIONS__: { name: string; query: string }[];

// The page's per-request CSP nonce, carried by this script's own tag: the
// dialogs' scroll lock (react-remove-scroll) injects a <style> element, which
// `style-src` allows only with the nonce.
const nonce = document.currentScript?.nonce;
if (nonce) setNonce(nonce);

// Reads follow the tab's own writes: the last D1-Bookmark goes back with every request (./bookmark.ts).
const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', location.href).href,
  fetch: fetchWithBookmark(fetch.bind(window), sessionStorage),
});
const root = document.getElementById('explorer');
if (!root) throw new Error('the explorer page has no #explorer element');

createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultTabs={__OPERATIONS__.map(({ query }) => ({ query }))} />
  </StrictMode>,
);
