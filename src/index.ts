import { explorer } from './explorer/explorer';
import { fastLane } from './fast-lane';
import { learned, MAX_REQUEST_BODY_BYTES, yoga } from './server';

/**
 * The Worker: `/` leads to the explorer; `/graphql` serves GraphQL and, to
 * browsers, the explorer (src/explorer/), unless `EXPLORER = "off"`. A public
 * query yoga already answered through the compiler is answered again by the
 * fast lane (src/fast-lane.ts) without entering yoga; everything else is yoga's.
 */
export default {
  fetch(request, env, ctx) {
    return (
      explorer(request, env) ??
      fastLane(request, env, { learned, maxBodyBytes: MAX_REQUEST_BODY_BYTES, next: (forward) => yoga.fetch(forward, { env, ctx }) })
    );
  },
} satisfies ExportedHandler<Env>;
