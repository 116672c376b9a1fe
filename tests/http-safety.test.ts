// What a browser on another site could make an editor's browser send: mutations
// run only from a JSON POST (a form, multipart or text body needs no CORS
// preflight); GET and JSON POST queries keep working for every client. And the
// body limit's edges: a malformed Content-Length, a streamed body past the limit.
import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { MAX_REQUEST_BODY_BYTES } from '../src/server';
import { ALL_SCOPES, createToken, snapshotDb } from './editor';

const MUTATION = `mutation { createSection(input: { slug: "csrf-desk", name: "CSRF desk" }) { section { slug } } }`;

async function send(init: RequestInit & { headers?: Record<string, string> }, path = '/graphql') {
  const response = await exports.default.fetch(`http://example.com${path}`, init);
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

describe('mutations only from a JSON POST', () => {
  it('refuses a mutation in a form-encoded, multipart, application/graphql or text body, with a token, and writes nothing', async () => {
    const token = await createToken(ALL_SCOPES, 'csrf-victim');
    const auth = { authorization: `Bearer ${token}` };
    const before = await snapshotDb();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: MUTATION }));
    form.set('map', '{}');
    const attempts: { name: string; init: RequestInit & { headers?: Record<string, string> } }[] = [
      {
        name: 'form',
        init: {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ query: MUTATION }).toString(),
        },
      },
      { name: 'multipart', init: { method: 'POST', headers: auth, body: form } },
      {
        name: 'application/graphql',
        init: { method: 'POST', headers: { ...auth, 'content-type': 'application/graphql' }, body: MUTATION },
      },
    ];
    for (const { name, init } of attempts) {
      const res = await send(init);
      expect(res.status, name).toBe(415);
      expect(res.body.errors[0].extensions.code, name).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.data ?? null, name).toBeNull();
    }
    const get = await send({ method: 'GET', headers: auth }, `/graphql?query=${encodeURIComponent(MUTATION)}`);
    expect(get.status).toBe(405);
    const text = await send({
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: MUTATION }),
    });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    expect(await snapshotDb()).toEqual(before);
    // The same mutation in a JSON POST runs.
    const json = await send({
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: MUTATION }),
    });
    expect(json.status).toBe(200);
    expect(json.body.data.createSection.section.slug).toBe('csrf-desk');
  });

  it('keeps queries working over GET, JSON POST and a form POST', async () => {
    const query = '{ sections { slug } }';
    const get = await send({ method: 'GET' }, `/graphql?query=${encodeURIComponent(query)}`);
    expect(get.status).toBe(200);
    expect(get.body.data.sections.length).toBeGreaterThan(0);
    const json = await send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(json.body.data).toEqual(get.body.data);
    const form = await send({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.body.data).toEqual(get.body.data);
  });
});

describe('request bodies', () => {
  it('a Content-Length that is not a number is a 400, not a 500', async () => {
    let checked = 0;
    for (const length of ['abc', '-1', '1e3', '12 34']) {
      const request = new Request('http://example.com/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': length },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      // Through the Worker's own entry: the runtime's fetch would not send a malformed length.
      if (request.headers.get('content-length') !== length) continue;
      const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], env, createExecutionContext());
      expect(response.status, length).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a streamed body is refused as soon as it passes the limit, not read to its end', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = 20 * MAX_REQUEST_BODY_BYTES;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }","pad":"'));
      },
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await exports.default.fetch('http://example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(pulled).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    expect(pulled).toBeLessThan(MAX_REQUEST_BODY_BYTES + 2 * 1024 * 1024);
  });
});
