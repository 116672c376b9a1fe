/**
 * The explorer: a self-hosted GraphiQL page at /graphql for browsers. Its
 * script and stylesheet are Workers static assets under /explorer/ (built by
 * scripts/build-explorer.ts into public/explorer/); the Worker serves the page
 * itself, gates the assets behind the EXPLORER switch and sets the headers.
 *
 * Example (src/index.ts):
 *   const response = explorer(request, env);
 *   if (response) return response;
 */

/** Where the built assets live, as URL path prefix (wrangler.toml `run_worker_first`). */
export const ASSET_PREFIX = '/explorer/';

/**
 * Nothing but our own origin. GraphiQL's fonts are data: URLs inside its
 * stylesheet. No inline script at all; inline style only with the page's
 * nonce (GraphiQL's dialogs inject one <style> element for their scroll lock).
 */
export function contentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every explorer response (the page replaces the CSP with one holding its nonce). */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'strict-transport-security': 'max-age=31536000',
};

const page = (nonce: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>News graph explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}graphiql.css">
<script src="${ASSET_PREFIX}graphiql.js" nonce="${nonce}" defer></script>
</head>
<body>
<div id="explorer"><noscript>The explorer needs JavaScript. Without it, POST GraphQL operations to this URL.</noscript></div>
</body>
</html>
`;

/** On unless `EXPLORER` is "off" (or "false"/"0"): a public API's explorer is part of the product. */
export function explorerEnabled(env: Pick<Env, 'EXPLORER'>): boolean {
  return !['off', 'false', '0'].includes(
    String(env.EXPLORER ?? 'on')
      .trim()
      .toLowerCase(),
  );
}

/** A browser navigating to the endpoint: GET or HEAD, asks for HTML, carries no operation. */
function isPageRequest(request: Request, url: URL): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    (url.pathname === '/graphql' || url.pathname === '/graphql/') &&
    (request.headers.get('accept') ?? '').includes('text/html') &&
    !url.searchParams.has('query')
  );
}

function withSecurityHeaders(response: Response): Response {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) out.headers.set(name, value);
  return out;
}

function turnedOff(): Response {
  const message = 'The explorer is turned off on this deployment. Send GraphQL operations to /graphql with POST.';
  return Response.json({ errors: [{ message, extensions: { code: 'NOT_FOUND' } }] }, { status: 404, headers: { vary: 'accept' } });
}

/**
 * Answers the requests that belong to the explorer (`/`, the page at
 * `/graphql` for browsers, its assets); `undefined` for everything else,
 * which goes on to GraphQL.
 */
export function explorer(request: Request, env: Pick<Env, 'EXPLORER' | 'ASSETS'>): Response | Promise<Response> | undefined {
  const url = new URL(request.url);
  const on = explorerEnabled(env);
  if (url.pathname === '/') return on ? Response.redirect(new URL('/graphql', url).toString(), 302) : undefined;
  if (url.pathname.startsWith(ASSET_PREFIX)) {
    if (!on) return new Response('Not found', { status: 404 });
    return env.ASSETS.fetch(request).then(withSecurityHeaders);
  }
  if (!isPageRequest(request, url)) return undefined;
  if (!on) return turnedOff();
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const response = withSecurityHeaders(
    new Response(request.method === 'HEAD' ? null : page(nonce), {
      // A nonce is good for one response only: never store the page.
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', vary: 'accept' },
    }),
  );
  response.headers.set('content-security-policy', contentSecurityPolicy(nonce));
  return response;
}
