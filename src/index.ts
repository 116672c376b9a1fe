import { explorer } from './explorer/explorer';
import { yoga } from './server';

/**
 * The Worker: `/` leads to the explorer; `/graphql` serves GraphQL through the
 * request pipeline (src/server.ts) and, to browsers, the explorer
 * (src/explorer/), unless `EXPLORER = "off"`.
 */
export default {
  fetch(request, env, ctx) {
    return explorer(request, env) ?? yoga.fetch(request, { env, ctx });
  },
} satisfies ExportedHandler<Env>;
