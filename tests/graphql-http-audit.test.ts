// The GraphQL-over-HTTP conformance audit of the `graphql-http` package, run
// against the Worker in workerd: each MUST and SHOULD audit is a test of its own
// and must pass; the MAY audits run too, and their results are printed.
import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import worker from '../src/index';
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, describe, expect, it } from 'vitest';

const audits = serverAudits({
  url: 'http://example.com/graphql',
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(input as string, init),
});

/** Why an audit failed, with the answer it got (status, content type, body). */
async function explain(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return 'ok';
  const response = result.response;
  let body = '';
  try {
    body = await response.clone().text();
  } catch {
    body = '(body already read)';
  }
  return `${result.name}: ${result.reason}\n  -> ${response.status} ${response.headers.get('content-type')}\n  ${body.slice(0, 500)}`;
}

describe('GraphQL over HTTP: graphql-http server audits', () => {
  it('lists audits of every level', () => {
    for (const level of ['MUST', 'SHOULD', 'MAY']) expect(audits.some((a) => a.name.startsWith(`${level} `))).toBe(true);
  });

  for (const audit of audits.filter((a) => !a.name.startsWith('MAY '))) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, await explain(result)).toBe('ok');
    });
  }

  it('the audit fails a server that does not conform (so the tests above can fail)', async () => {
    // The Worker's answers relabelled text/plain with status 500: what a broken server sends.
    const broken = serverAudits({
      url: 'http://example.com/graphql',
      fetchFn: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await exports.default.fetch(input as string, init);
        return new Response(await response.text(), { status: 500, headers: { 'content-type': 'text/plain' } });
      },
    });
    const results = await Promise.all(broken.filter((a) => a.name.startsWith('MUST ')).map((a) => a.fn()));
    expect(results.filter((r) => r.status === 'error').length).toBeGreaterThan(5);
  });

  // A deliberate rule beside the audit: the spec says a server SHOULD answer a
  // well-formed request with 200 under `Accept: application/json` whatever the
  // GraphQL errors (graphql-http has no audit for it beyond plain validation
  // failures, which pass above). Our limit refusals (src/pipeline/limits.ts) are
  // 400 under both media types: a refusal is the same answer whatever the client
  // accepts, caches and proxies see it as a client error, and the issue that
  // asked for them says HTTP 400. The audit's own validation-failure cases still get 200.
  for (const accept of ['application/json', 'application/graphql-response+json']) {
    it(`limit refusals are 400 with Accept: ${accept} (a deliberate rule)`, async () => {
      const deep = `{ ${'articles(first: 1) { edges { node { section { '.repeat(4)}slug${' } } } }'.repeat(4)} }`;
      // With the limits a deployment has (the test project raises them for its correctness suites).
      const defaults = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('MAX_'))) as unknown as Env;
      const request = new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: deep }),
      });
      const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], defaults, createExecutionContext());
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['MAX_DEPTH_EXCEEDED']);
      expect(body.data).toBeUndefined();
    });
  }

  const optional: string[] = [];
  for (const audit of audits.filter((a) => a.name.startsWith('MAY '))) {
    it(`${audit.id} ${audit.name} (reported, not required)`, async () => {
      const result = await audit.fn();
      optional.push(result.status === 'ok' ? `ok    ${audit.id} ${audit.name}` : `${result.status.padEnd(5)} ${await explain(result)}`);
    });
  }
  afterAll(() => console.log(`MAY audits:\n${optional.join('\n')}`));
});
