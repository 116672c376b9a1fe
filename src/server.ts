/**
 * The GraphQL server, built once per isolate. Resolvers see only the
 * `Context` (a database handle and a clock); HTTP concerns stay here.
 */
import { drizzle } from 'drizzle-orm/d1';
import { getOperationAST, GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { bearerToken, verifyToken, type TokenRow } from './auth/tokens';
import { d1Cost, instrument, StatementLog } from './db/instrument';
import { d1UnavailableError, retryReads } from './db/retry';
import { LearnedOperations, resolversOnly } from './fast-lane';
import { relations } from './db/relations';
import type { Context } from './graphql/context';
import { asClientError, clientError } from './graphql/errors';
import { schema } from './graphql/schema';
import { failedRun, planOperation, runPlan } from './graphql/compile/compile';

export interface ServerContext {
  env: Env;
  ctx: ExecutionContext;
}

type RequestContext = Context & {
  log: StatementLog;
  debugSql: boolean;
  /** What the Authorization header held: nothing, a verified token, or something that failed verification. */
  credentials: 'none' | 'valid' | 'invalid';
  /** The (instrumented) D1 binding under `db`, for compiled queries. */
  d1: D1Database;
  /** Whether a compilable query may run as one compiled statement (src/graphql/compile). */
  compile: boolean;
  /** Set when it did. */
  compiled?: boolean;
};

/**
 * HTTP meaning of the auth error codes. Resolvers only throw codes; this layer
 * turns them into a status and, for 401, the `WWW-Authenticate` challenge.
 * Yoga applies `extensions.http` to the response and strips it from the body.
 */
const HTTP_BY_CODE: Record<string, { status: number; headers: Record<string, string> }> = {
  UNAUTHENTICATED: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="news-graph"' } },
  FORBIDDEN: { status: 403, headers: { 'WWW-Authenticate': 'Bearer realm="news-graph", error="insufficient_scope"' } },
};

function withHttp(error: GraphQLError): GraphQLError {
  const http = HTTP_BY_CODE[String(error.extensions?.code)];
  if (!http || error.extensions?.http) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, http },
  });
}

export const yoga = createYoga<ServerContext, RequestContext>({
  schema,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  // The explorer is ours (src/explorer/): yoga's page loads GraphiQL from a CDN.
  graphiql: false,
  // Client errors (bad input, auth) are answers, not incidents: only unexpected ones are logged.
  logging: {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => {
      if (args.length === 1 && asClientError(args[0])) return;
      console.error(...args);
    },
  },
  maskedErrors: {
    // Never in dev mode: clients (and GraphiQL users) must not see SQL or stacks.
    isDev: false,
    maskError(error, message) {
      const client = asClientError(error);
      return d1UnavailableError(error) ?? (client ? withHttp(client) : defaultMaskError(error, message, false));
    },
  },
  context: async ({ env, request }: YogaInitialContext & ServerContext): Promise<RequestContext> => {
    const log = new StatementLog();
    const d1 = retryReads(instrument(env.DB, log));
    const db = drizzle(d1, { relations });
    // The token is read here and nowhere else; it is never logged or echoed.
    const token = bearerToken(request.headers.get('authorization'));
    const principal =
      typeof token === 'string'
        ? await verifyToken(
            token,
            (id) =>
              db.query.apiTokens.findFirst({
                where: { id },
                columns: { id: true, name: true, scopes: true, secretHash: true, localOnly: true, revokedAt: true },
              }) as Promise<TokenRow | undefined>,
            { production: env.ENVIRONMENT === 'production' },
          )
        : null;
    return {
      db,
      d1,
      now: Date.now(),
      principal,
      credentials: token === undefined ? 'none' : principal ? 'valid' : 'invalid',
      log,
      debugSql: env.ENVIRONMENT !== 'production' && request.headers.get('x-debug-sql') === '1',
      // Outside production `x-graphql-compile: off` runs the resolvers, so tests can compare both.
      compile: env.COMPILE !== 'off' && !(env.ENVIRONMENT !== 'production' && request.headers.get('x-graphql-compile') === 'off'),
    };
  },
  // Yoga's own limit pipes every body through a TransformStream to count its bytes, about 10 %
  // of a small request's CPU on a Worker (bench/profile.ts); requestBodyLimitPlugin reads the
  // Content-Length instead and counts only bodies sent without one.
  maxRequestBodySize: false,
  plugins: [requestBodyLimitPlugin(), authenticationPlugin(), compiledQueriesPlugin(), d1CostPlugin()],
});

/** The largest request body the API reads: far above any operation, with room for a long article in a mutation. */
export const MAX_REQUEST_BODY_BYTES = 2_000_000;

function bodyTooLarge(): GraphQLError {
  return new GraphQLError(`Request body too large: at most ${MAX_REQUEST_BODY_BYTES.toLocaleString('en-US')} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/**
 * Request bodies above MAX_REQUEST_BODY_BYTES are refused with 413, judged by
 * Content-Length; a body sent without one (chunked) is counted as it is read.
 */
function requestBodyLimitPlugin(): Plugin<RequestContext & ServerContext> {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.body == null || requestParser == null) return;
      const length = request.headers.get('content-length');
      if (length != null) {
        if (!/^\d+$/.test(length)) throw new GraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        if (Number(length) > MAX_REQUEST_BODY_BYTES) throw bodyTooLarge();
        return;
      }
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body!.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            // Past the limit the rest is read and dropped, then refused: the client gets its 413
            // instead of a reset connection mid-upload (the platform caps what it will carry).
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read <= MAX_REQUEST_BODY_BYTES) controller.enqueue(chunk);
            },
            flush(controller) {
              if (read > MAX_REQUEST_BODY_BYTES) controller.error(bodyTooLarge());
            },
          }),
        );
        return requestParser(new Request(req.url, { method: req.method, headers: req.headers, body: counted }));
      });
    },
  };
}

/**
 * Authentication, before any resolver or input validation runs: a mutation
 * without a verified token, or any operation presenting a token that fails
 * verification (malformed, unknown, revoked), is answered 401 and nothing
 * executes. Which scopes a field needs is the schema's business (scope-auth).
 */
function authenticationPlugin(): Plugin<RequestContext & ServerContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as RequestContext;
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      if (context.credentials === 'valid' || (context.credentials === 'none' && operation !== 'mutation')) return;
      const message =
        context.credentials === 'invalid'
          ? 'The bearer token is not valid (malformed, unknown or revoked).'
          : 'Mutations need an editor token: send Authorization: Bearer <token>.';
      setResultAndStopExecution({ errors: [withHttp(clientError('UNAUTHENTICATED', message))] });
    },
  };
}

/**
 * Operations this isolate answered through a compiled plan, for the fast lane
 * (src/fast-lane.ts), which answers them again without entering yoga.
 */
export const learned = new LearnedOperations();

/**
 * Public read-only queries the compiler covers run as ONE statement built for
 * the whole operation (src/graphql/compile/compile.ts); anything else, and any
 * request with credentials (drafts, scopes), goes through the resolvers.
 */
function compiledQueriesPlugin(): Plugin<RequestContext & ServerContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as RequestContext & ServerContext;
      if (!context.compile || context.credentials !== 'none') return;
      // The fast lane already ran (or ruled out) the plan for this request: the resolvers answer.
      if (resolversOnly.has((context as unknown as YogaInitialContext).request)) return;
      const plan = planOperation(args.schema, args.document, args.operationName);
      if (!plan) return;
      setExecuteFn(async (executionArgs) => {
        let result;
        try {
          result = await runPlan(plan, {
            schema: executionArgs.schema,
            variableValues: executionArgs.variableValues as Record<string, unknown> | undefined,
            now: context.now,
            d1: context.d1,
          });
        } catch (error) {
          context.compiled = true;
          return failedRun(error);
        }
        if (!('data' in result)) return executeFn(executionArgs);
        context.compiled = true;
        // Parsed, validated and run as this plan: the fast lane may answer this text itself from now on.
        const { query, operationName } = (context as unknown as YogaInitialContext).params;
        if (typeof query === 'string') learned.remember(query, operationName, { plan, schema: executionArgs.schema });
        return result;
      });
    },
  };
}

/** Outside production every response says what it cost in D1 terms (`extensions.d1`). */
function d1CostPlugin(): Plugin<RequestContext & ServerContext> {
  return {
      onExecute({ args }) {
        const context = args.contextValue as RequestContext & ServerContext;
        if (context.env.ENVIRONMENT === 'production') return;
        return {
          onExecuteDone({ result, setResult }) {
            if (!result || Symbol.asyncIterator in result) return;
            setResult({
              ...result,
              extensions: { ...result.extensions, d1: d1Cost(context.log, context.compiled === true, context.debugSql) },
            });
          },
        };
      },
  };
}
