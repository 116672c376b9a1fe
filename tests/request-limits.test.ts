// Request bodies: above the limit the API answers 413 before reading the
// operation, whether the client sent a Content-Length or streamed the body.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../src/server';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  exports.default.fetch('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });

/** A JSON operation padded to `bytes` with a comment. */
const operation = (bytes: number) => {
  const head = '{"query":"{ __typename } #';
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
};

/** The same bytes as a stream, so no Content-Length goes with them. */
const streamed = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += 64 * 1024)));
    },
  });
};

describe('request body limit', () => {
  it('reads a body at the limit', async () => {
    const res = await post(operation(MAX_REQUEST_BODY_BYTES));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('refuses a body over the limit, by its Content-Length, with 413', async () => {
    const res = await post(operation(MAX_REQUEST_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('counts a streamed body: small ones pass, large ones get 413', async () => {
    const small = await post(streamed(operation(2_000)));
    expect(small.status).toBe(200);
    expect(await small.json()).toMatchObject({ data: { __typename: 'Query' } });
    const large = await post(streamed(operation(MAX_REQUEST_BODY_BYTES + 100_000)));
    expect(large.status).toBe(413);
    const body = (await large.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});
