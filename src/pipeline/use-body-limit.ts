/**
 * Request bodies above MAX_REQUEST_BODY_BYTES are refused with 413: by their
 * Content-Length when they carry one (a malformed one is a 400), and as soon
 * as the count passes the limit when they are streamed without one.
 *
 * Not yoga's `maxRequestBodySize`: it pipes every body through a
 * TransformStream to count its bytes, about 10 % of a small request's CPU on a
 * Worker (bench/profile.ts); the length header settles almost every request.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The largest request body the API reads: far above any operation, with room for a long article in a mutation. */
export const MAX_REQUEST_BODY_BYTES = 2_000_000;

export function bodyTooLarge(): GraphQLError {
  return new GraphQLError(`Request body too large: at most ${MAX_REQUEST_BODY_BYTES.toLocaleString('en-US')} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** A Content-Length the API accepts: decimal digits only, within the limit. Throws the refusal otherwise. */
export function checkContentLength(length: string): void {
  if (!/^\d{1,16}$/.test(length)) {
    throw new GraphQLError('Content-Length header is invalid: it must be a decimal number of bytes.', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  }
  if (Number(length) > MAX_REQUEST_BODY_BYTES) throw bodyTooLarge();
}

export function useBodyLimit(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.body == null || requestParser == null) return;
      const length = request.headers.get('content-length');
      if (length != null) return checkContentLength(length);
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body!.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > MAX_REQUEST_BODY_BYTES) controller.error(bodyTooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(new Request(req.url, { method: req.method, headers: req.headers, body: counted }));
      });
    },
  };
}
