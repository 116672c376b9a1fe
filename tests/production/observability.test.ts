// The request log line and Server-Timing as deployed (wrangler.toml's [vars] as
// committed): production answers carry no `extensions.d1`, but the line still
// counts D1's statements, rows and time, and neither it nor the header holds
// SQL or secrets. docs/observability.md.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it, vi } from 'vitest';
import committed from '../../wrangler.toml?raw';
import worker from '../../src/index';
import { createToken } from '../editor';
import { SEED_SLUG } from '../helpers';

let client = 0;

async function traced(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request('http://example.com/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          'cf-connecting-ip': `203.0.113.${++client}`,
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      }) as Parameters<typeof worker.fetch>[0],
      env,
      ctx,
    );
    const body = (await response.json()) as any;
    await waitOnExecutionContext(ctx);
    expect(spy.mock.calls).toHaveLength(1);
    return { status: response.status, headers: response.headers, body, line: spy.mock.calls[0][0] as Record<string, any> };
  } finally {
    spy.mockRestore();
  }
}

describe('a window into production', () => {
  it('wrangler.toml turns Workers Logs on, for every request', () => {
    const { observability } = parseToml(committed) as { observability?: { enabled?: boolean; head_sampling_rate?: number } };
    expect(observability?.enabled).toBe(true);
    expect(observability?.head_sampling_rate ?? 1).toBe(1);
  });

  it('the line counts D1 work the answer no longer shows; Server-Timing is sent; no SQL, token or value anywhere', async () => {
    const secret = 'production-secret-variable-5c1d';
    const query = `query ProductionRead($slug: String!) { article(slug: $slug) { slug title } }`;
    const anonymous = await traced(query, { slug: SEED_SLUG });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.extensions.d1).toBeUndefined();
    expect(anonymous.line).toMatchObject({
      event: 'graphql',
      operationName: 'ProductionRead',
      lane: 'compiled',
      session: 'first-unconstrained',
      status: 200,
    });
    expect(anonymous.line.d1.statements).toBe(1);
    expect(anonymous.line.d1.rowsRead).toBeGreaterThan(0);
    expect(anonymous.headers.get('server-timing')).toMatch(/^d1;dur=[\d.]+, cache;desc=\w+, lane;desc=compiled, total;dur=[\d.]+$/);
    expect(anonymous.headers.get('d1-bookmark')).toMatch(/^[0-9a-f-]+$/);

    const token = await createToken(['drafts:read']);
    for (const res of [
      await traced(query, { slug: secret }),
      await traced(query, { slug: secret }, { authorization: `Bearer ${token}` }),
    ]) {
      expect(res.status).toBe(200);
      const written = JSON.stringify(res.line) + res.headers.get('server-timing');
      expect(written).not.toContain(secret);
      expect(written).not.toContain(token);
      expect(written).not.toMatch(/\bselect\b|\bfrom\b|authorization|bearer/i);
    }
  });

  it('a bookmark that is not one is a 400 INVALID_BOOKMARK in production too, logged as a refusal', async () => {
    const res = await traced(`{ sections { slug } }`, {}, { 'd1-bookmark': 'not-a-bookmark' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('INVALID_BOOKMARK');
    expect(res.line).toMatchObject({ lane: 'refused', status: 400, d1: { statements: 0 } });
  });
});
