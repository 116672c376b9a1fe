import { yoga } from './server';

/** The Worker: `/` leads to the explorer; `/graphql` serves GraphQL and, to browsers, GraphiQL. */
export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/') return Response.redirect(new URL('/graphql', url).toString(), 302);
    return yoga.fetch(request, { env, ctx });
  },
} satisfies ExportedHandler<Env>;
