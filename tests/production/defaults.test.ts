// The Worker as `wrangler deploy` ships it: wrangler.toml's [vars] as committed
// (vitest.config.ts, project "production"), whatever .dev.vars this machine has.
import { env, exports } from 'cloudflare:workers';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import committed from '../../wrangler.toml?raw';
import { config, DEFAULT_LIMITS } from '../../src/config';
import { createToken } from '../editor';
import { rateLimitKey } from '../../src/pipeline/use-rate-limit';
import { SEED_SLUG } from '../helpers';

const wrangler = parseToml(committed) as {
  vars: Record<string, string>;
  ratelimits: { name: string; simple: { limit: number; period: number } }[];
};

/** A fresh client address per call, so the rate limit of one test never reaches another. */
let client = 0;
const address = () => `198.51.100.${++client}`;

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'cf-connecting-ip': address(), ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('production is the default', () => {
  it('wrangler.toml as committed says production, and the Worker believes it', () => {
    expect(wrangler.vars.ENVIRONMENT).toBe('production');
    expect(config(env).production).toBe(true);
  });

  it('only "development", exactly, is development: "Production", "dev", nothing are production', () => {
    for (const value of ['Production', 'PRODUCTION', 'dev', 'Development', 'development ', '', undefined]) {
      expect(config({ ...env, ENVIRONMENT: value } as Env).production, String(value)).toBe(true);
    }
    expect(config({ ...env, ENVIRONMENT: 'development' } as Env).production).toBe(false);
  });

  it('no debug aids: no extensions.d1, no x-debug-sql, the compile and lane switches ignored', async () => {
    const query = `{ article(slug: "${SEED_SLUG}") { title } }`;
    for (const headers of [{}, { 'x-debug-sql': '1' }, { 'x-graphql-compile': 'off' }, { 'x-graphql-fast-lane': 'off' }] as Record<
      string,
      string
    >[]) {
      const res = await post(query, headers);
      expect(res.status).toBe(200);
      expect(res.body.data.article.title).toMatch(/Armenia|Russia/);
      expect(res.body.extensions.d1).toBeUndefined();
      expect(Object.keys(res.body.extensions)).toEqual(['cost']);
      expect(res.headers.get('x-graphql-lane')).toBeNull();
    }
  });

  it('operations by id as committed: TRUSTED_DOCUMENTS_ONLY is "off", so anonymous queries run, and trusted documents and APQ answer', async () => {
    expect(wrangler.vars.TRUSTED_DOCUMENTS_ONLY).toBe('off');
    expect(config(env).trustedDocumentsOnly).toBe(false);
    expect((await post('{ sections { slug } }')).status).toBe(200);
    const manifest = (await import('../../schema/persisted-operations.json')).default as Record<string, string>;
    const [hash] = Object.keys(manifest);
    const call = async (payload: unknown) =>
      exports.default.fetch('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'cf-connecting-ip': address() },
        body: JSON.stringify(payload),
      });
    const byId = await call({ documentId: `sha256:${hash}` });
    expect(byId.status).toBe(200);
    expect(((await byId.json()) as any).data).toBeTruthy();
    const miss = await call({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(miss.status).toBe(200);
    expect(((await miss.json()) as any).errors[0]).toEqual({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
  });

  it('every answer carries extensions.cost, refusals included', async () => {
    const ok = await post('{ sections { slug } }');
    expect(ok.body.extensions.cost).toEqual({ requested: expect.any(Number), limit: DEFAULT_LIMITS.cost });
    const refused = await post('{ articles(first:100) { edges { node { related { related { related { slug } } } } } } }');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('MAX_COST_EXCEEDED');
    expect(refused.body.extensions.cost.requested).toBeGreaterThan(DEFAULT_LIMITS.cost);
  });

  it('local-only tokens (the development token npm start stores) are refused', async () => {
    const local = await createToken(['articles:write', 'drafts:read', 'entities:write'], 'local-dev', { localOnly: true });
    const res = await post('{ sections { slug } }', { authorization: `Bearer ${local}` });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const real = await createToken(['drafts:read'], 'real');
    expect((await post('{ sections { slug } }', { authorization: `Bearer ${real}` })).status).toBe(200);
  });

  it("the limits wrangler.toml commits are the code's defaults", () => {
    const names: Record<string, keyof typeof DEFAULT_LIMITS> = {
      MAX_TOKENS: 'tokens',
      MAX_DEPTH: 'depth',
      MAX_ALIASES: 'aliases',
      MAX_ROOT_FIELDS: 'rootFields',
      MAX_DIRECTIVES: 'directives',
      MAX_FIELDS: 'fields',
      MAX_COST: 'cost',
    };
    for (const [variable, key] of Object.entries(names)) expect(Number(wrangler.vars[variable]), variable).toBe(DEFAULT_LIMITS[key]);
    expect(config(env).limits).toEqual(DEFAULT_LIMITS);
  });
});

describe('CORS', () => {
  it('any origin may read public answers, never with credentials', async () => {
    const res = await post('{ sections { slug } }', { origin: 'https://reader.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('the origin "null" gets no CORS headers', async () => {
    const res = await post('{ sections { slug } }', { origin: 'null' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a preflight is answered 204 with the methods and headers the API takes', async () => {
    const res = await exports.default.fetch('http://example.com/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://reader.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('an allow-list lets exactly its origins, echoed with Vary: Origin, and no other', async () => {
    const { default: worker } = await import('../../src/index');
    const { createExecutionContext } = await import('cloudflare:test');
    const listed = { ...env, CORS_ORIGINS: 'https://news.example, https://app.example' } as Env;
    const ask = async (origin: string) =>
      worker.fetch(
        new Request('http://example.com/graphql?query={__typename}', { headers: { origin, 'cf-connecting-ip': address() } }) as Parameters<
          typeof worker.fetch
        >[0],
        listed,
        createExecutionContext(),
      );
    const yes = await ask('https://app.example');
    expect(yes.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(yes.headers.get('vary')).toMatch(/Origin/);
    expect(yes.headers.get('access-control-allow-credentials')).toBeNull();
    const no = await ask('https://evil.example');
    expect(no.status).toBe(200);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits (the Workers Rate Limiting binding, as wrangler.toml configures it)', () => {
  const policy = (name: string) => wrangler.ratelimits.find((r) => r.name === name)!.simple;

  /**
   * Spends all but one of `from`'s budget on the binding itself (as the Worker would, under
   * the key the Worker uses), so the Worker's next request is the last one allowed. The
   * binding counts in fixed windows: a fill that straddles two is started again, once.
   */
  async function lastAllowed(binding: RateLimit, key: string, limit: number, send: () => Promise<Response>) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const window = Math.floor(Date.now() / 60_000);
      for (let i = 0; i < limit - 1; i++) await binding.limit({ key });
      const last = await send();
      const refused = await send();
      if (Math.floor(Date.now() / 60_000) === window) return { last, refused };
    }
    throw new Error('the rate-limit window rolled over twice');
  }

  it('an anonymous client gets 429 past its limit, with Retry-After and the RateLimit headers; others are not affected', async () => {
    const { limit, period } = policy('PUBLIC_RATE_LIMITER');
    const get = (from: string) =>
      exports.default.fetch('http://example.com/graphql?query={__typename}', { headers: { 'cf-connecting-ip': from } });
    const ip = address();
    const { key } = rateLimitKey(new Request('http://example.com/', { headers: { 'cf-connecting-ip': ip } }));
    expect(key).toBe(`ip:${ip}`);
    const { last, refused } = await lastAllowed(env.PUBLIC_RATE_LIMITER, key, limit, () => get(ip));
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-policy')).toBe(`"public";q=${limit};w=${period}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(period));
    expect(refused.headers.get('ratelimit-policy')).toBe(`"public";q=${limit};w=${period}`);
    expect(refused.headers.get('ratelimit')).toBe(`"public";r=0;t=${period}`);
    const body = (await refused.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: { max: limit, period } });
    // A POST from the same address is refused too (every request passes the limit), another address is not.
    expect((await post('{ __typename }', { 'cf-connecting-ip': ip })).status).toBe(429);
    expect((await get(address())).status).toBe(200);
  });

  it('an editor is counted by token, not by address, under the editor policy', async () => {
    const { limit, period } = policy('EDITOR_RATE_LIMITER');
    const token = await createToken(['drafts:read'], 'busy-editor');
    const asEditor = () => post('{ sections { slug } }', { authorization: `Bearer ${token}` });
    const { key } = rateLimitKey(new Request('http://example.com/', { headers: { authorization: `Bearer ${token}` } }));
    expect(key).toMatch(/^token:[0-9a-z]{12}$/);
    const { last, refused } = await lastAllowed(env.EDITOR_RATE_LIMITER, key, limit, async () => {
      const res = await asEditor();
      return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers });
    });
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-policy')).toBe(`"editor";q=${limit};w=${period}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toBe(`"editor";r=0;t=${period}`);
  });
});
