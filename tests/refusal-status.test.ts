// Every limit refusal is HTTP 400 with its own code and zero D1 statements,
// whatever the client accepts and whichever step refuses it (the parser, a
// validation rule, the cost step), GET or POST. Yoga alone would answer the
// parser's and the validation rules' refusals with 200 under
// `Accept: application/json`, and the token limit was reported as a plain
// GRAPHQL_PARSE_FAILED (graphql-js 16 words its message "more that N tokens").
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { DEFAULT_LIMITS } from '../src/config';

/** The Worker with the default limits (the test project raises MAX_COST): the MAX_* vars left out. */
const defaults = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('MAX_'))) as unknown as Env;

async function send(query: string, accept: string, method: 'GET' | 'POST') {
  const url = new URL('http://example.com/graphql');
  const init: RequestInit = { method, headers: { accept } };
  if (method === 'GET') url.searchParams.set('query', query);
  else {
    init.headers = { accept, 'content-type': 'application/json' };
    init.body = JSON.stringify({ query });
  }
  const response = await worker.fetch(new Request(url, init) as Parameters<typeof worker.fetch>[0], defaults, createExecutionContext());
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string; limit?: unknown } }[];
    extensions?: { d1?: { statements: number } };
  };
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

const fields = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

const OVER: [code: string, name: string, query: string][] = [
  ['MAX_TOKENS_EXCEEDED', 'tokens', `{ ${fields(DEFAULT_LIMITS.tokens, () => '__typename')} }`],
  ['MAX_DEPTH_EXCEEDED', 'depth', `{ ${'articles(first: 1) { edges { node { section { '.repeat(4)}slug${' } } } }'.repeat(4)} }`],
  ['MAX_ALIASES_EXCEEDED', 'aliases', `{ sections { ${fields(DEFAULT_LIMITS.aliases + 1, (i) => `a${i}: slug`)} } }`],
  ['MAX_ROOT_FIELDS_EXCEEDED', 'rootFields', `{ ${fields(DEFAULT_LIMITS.rootFields + 1, () => 'sections { slug }')} }`],
  ['MAX_DIRECTIVES_EXCEEDED', 'directives', `{ sections { ${fields(DEFAULT_LIMITS.directives + 1, () => 'slug @include(if: true)')} } }`],
  ['MAX_COST_EXCEEDED', 'cost', `{ articles(first: 100) { edges { node { related { related { related { slug } } } } } } }`],
];

describe('limit refusals are 400 under every Accept, GET and POST', () => {
  for (const [code, name, query] of OVER)
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*'])
      for (const method of ['GET', 'POST'] as const)
        it(`${code}: ${method}, Accept ${accept}`, async () => {
          const res = await send(query, accept, method);
          expect(res.status).toBe(400);
          expect(res.body.errors).toHaveLength(1);
          expect(res.body.errors![0].extensions).toMatchObject({ code, limit: { name } });
          expect(res.body.data).toBeUndefined();
          expect(res.body.extensions?.d1?.statements).toBe(0);
        });

  it('a plain validation error under application/json stays 200 (the spec SHOULD; the audit checks it)', async () => {
    const res = await send('{ noSuchField }', 'application/json', 'POST');
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a syntax error that is not the token limit keeps its own code', async () => {
    const res = await send('{ sections { slug }', 'application/graphql-response+json', 'POST');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
