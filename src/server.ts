/**
 * The GraphQL server, built once per isolate. Resolvers see only the
 * `Context` (a database handle and a clock); HTTP concerns stay here.
 */
import { drizzle } from 'drizzle-orm/d1';
import { createYoga, maskError as defaultMaskError, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { instrument, StatementLog } from './db/instrument';
import { relations } from './db/relations';
import type { Context } from './graphql/context';
import { asClientError } from './graphql/errors';
import { schema } from './graphql/schema';

export interface ServerContext {
  env: Env;
  ctx: ExecutionContext;
}

type RequestContext = Context & { log: StatementLog; debugSql: boolean };

export const yoga = createYoga<ServerContext, RequestContext>({
  schema,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  // The explorer is ours (src/explorer/): yoga's page loads GraphiQL from a CDN.
  graphiql: false,
  maskedErrors: {
    // Never in dev mode: clients (and GraphiQL users) must not see SQL or stacks.
    isDev: false,
    maskError(error, message) {
      return asClientError(error) ?? defaultMaskError(error, message, false);
    },
  },
  context: ({ env, request }: YogaInitialContext & ServerContext): RequestContext => {
    const log = new StatementLog();
    return {
      db: drizzle(instrument(env.DB, log), { relations }),
      now: Date.now(),
      log,
      debugSql: env.ENVIRONMENT !== 'production' && request.headers.get('x-debug-sql') === '1',
    };
  },
  plugins: [d1CostPlugin()],
});

/** Outside production every response says what it cost in D1 terms (`extensions.d1`). */
function d1CostPlugin(): Plugin<RequestContext & ServerContext> {
  return {
      onExecute({ args }) {
        const context = args.contextValue as RequestContext & ServerContext;
        if (context.env.ENVIRONMENT === 'production') return;
        return {
          onExecuteDone({ result, setResult }) {
            if (!result || Symbol.asyncIterator in result) return;
            const { log } = context;
            setResult({
              ...result,
              extensions: {
                ...result.extensions,
                d1: {
                  statements: log.statements.length,
                  roundTrips: log.roundTrips,
                  rowsRead: log.rowsRead,
                  ...(context.debugSql ? { log: log.statements } : {}),
                },
              },
            });
          },
        };
      },
  };
}
