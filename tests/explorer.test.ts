// The explorer's page, assets, headers and switch, through the real Worker.
// (That GraphiQL actually renders and runs offline is tests/e2e/explorer.test.ts.)
import { env, exports } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** Through the Worker as deployed (wrangler.toml: the explorer is on). */
const get = (path: string, headers: Record<string, string> = html) =>
  exports.default.fetch(`http://example.com${path}`, { headers, redirect: 'manual' });

/** Through the Worker with EXPLORER turned off. */
const fetchOff = (request: Request) =>
  worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, EXPLORER: 'off' }, createExecutionContext());
const getOff = (path: string, headers: Record<string, string> = html) =>
  fetchOff(new Request(`http://example.com${path}`, { headers, redirect: 'manual' }));

function expectStrictHeaders(response: Response) {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  expect(csp).not.toMatch(/script-src[^;]*nonce/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('explorer', () => {
  it('serves the explorer page to a browser at /graphql, with a strict CSP', async () => {
    const response = await get('/graphql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toMatch(/accept/i);
    expectStrictHeaders(response);
    const page = await response.text();
    // The nonce (for the one <style> GraphiQL's dialogs inject) is fresh per response.
    const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'/.exec(response.headers.get('content-security-policy')!)?.[1];
    expect(page).toContain(`<script src="/explorer/graphiql.js" nonce="${nonce}" defer></script>`);
    expect((await get('/graphql')).headers.get('content-security-policy')).not.toContain(nonce);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Every script and stylesheet is our own: no inline script, no other origin.
    expect(page).not.toMatch(/<script(?![^>]*\bsrc="\/explorer\/)/);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves its bundled script and stylesheet from the same origin', async () => {
    const js = await get('/explorer/graphiql.js', {});
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expectStrictHeaders(js);
    expect(await js.text()).toContain('ArticlePage');
    const css = await get('/explorer/graphiql.css', {});
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).not.toMatch(/url\((["']?)(https?:)?\/\//);
  });

  it('leads / to the explorer', async () => {
    const response = await get('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://example.com/graphql');
  });

  it('leaves GraphQL over GET and POST to the API', async () => {
    const viaGet = await get('/graphql?query=%7B__typename%7D', { accept: 'application/json' });
    expect(await viaGet.json()).toMatchObject({ data: { __typename: 'Query' } });
    const viaBrowserGet = await get('/graphql?query=%7B__typename%7D');
    expect(viaBrowserGet.headers.get('content-type')).toMatch(/json/);
  });

  describe('with EXPLORER = "off"', () => {
    it('answers a browser at /graphql with a 404 and a hint', async () => {
      const response = await getOff('/graphql');
      expect(response.status).toBe(404);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0].message).toMatch(/explorer is turned off/);
    });

    it('hides the assets and does not redirect /', async () => {
      expect((await getOff('/explorer/graphiql.js', {})).status).toBe(404);
      expect((await getOff('/')).status).toBe(404);
    });

    it('still serves GraphQL', async () => {
      const response = await fetchOff(
        new Request('http://example.com/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        }),
      );
      expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
    });
  });
});
