import { purgeScheduled } from './cache/scheduled';
import { explorer } from './explorer/explorer';
import { handle } from './server';

/**
 * The Worker: `/` leads to the explorer; `/graphql` serves GraphQL through the
 * request pipeline (src/server.ts) and, to browsers, the explorer
 * (src/explorer/), unless `EXPLORER = "off"`. Every minute a Cron Trigger
 * purges the cached lists that scheduled stories have just entered
 * (src/cache/scheduled.ts).
 */
export default {
  fetch(request, env, ctx) {
    return explorer(request, env) ?? handle(request, env, ctx);
  },
  scheduled(controller, env, ctx) {
    return purgeScheduled(controller, env, ctx);
  },
} satisfies ExportedHandler<Env>;
