/**
 * CORS from the allow-list in wrangler.toml (`CORS_ORIGINS`): `*` (the
 * default) lets any origin read public answers, with no credentials; a list
 * lets exactly those origins. Never a reflected Origin with credentials, never
 * `null`. Preflights are answered here, before anything else runs.
 *
 * Not yoga's `cors` option: whatwg-node's CORS reflects any Origin with
 * `Access-Control-Allow-Credentials: true` by default, and answers an origin
 * outside a list with `Access-Control-Allow-Origin: null`.
 */
import type { Plugin } from 'graphql-yoga';
import { config } from '../config';
import type { ServerContext } from './context';

/** Request headers a browser may send: the API's own and the standard ones. */
const ALLOWED_HEADERS = 'Accept, Authorization, Content-Type, D1-Bookmark, If-None-Match';
/** Response headers a browser script may read. */
const EXPOSED_HEADERS = 'Cache-Status, D1-Bookmark, ETag, RateLimit, RateLimit-Policy, Retry-After, Server-Timing';

/** The CORS headers for a request from `origin`, or null when that origin may not read the answer. */
export function corsHeaders(origin: string | null, env: Env): Record<string, string> | null {
  if (origin == null || origin === 'null') return null;
  const allowed = config(env).corsOrigins;
  // `Timing-Allow-Origin`: the page's Resource Timing shows `Server-Timing` to the origins that may read the answer.
  if (allowed === '*')
    return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS, 'Timing-Allow-Origin': '*' };
  if (!allowed.has(origin)) return null;
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    'Timing-Allow-Origin': origin,
    Vary: 'Origin',
  };
}

export function useCors(): Plugin<Record<string, never>, ServerContext> {
  return {
    onRequest({ request, serverContext, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      const headers = corsHeaders(request.headers.get('origin'), serverContext.env) ?? {};
      if (headers['Access-Control-Allow-Origin']) {
        headers['Access-Control-Allow-Methods'] = 'GET, POST';
        headers['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
        headers['Access-Control-Max-Age'] = '86400';
      }
      endResponse(new Response(null, { status: 204, headers }));
    },
    onResponse({ request, response, serverContext }) {
      if (request.method === 'OPTIONS') return;
      const headers = corsHeaders(request.headers.get('origin'), serverContext.env);
      if (!headers) return;
      for (const [name, value] of Object.entries(headers)) {
        if (name === 'Vary') response.headers.append('Vary', value);
        else response.headers.set(name, value);
      }
    },
  };
}
