/**
 * The request pipeline: every GraphQL request, GET or POST, anonymous or with
 * a token, compiled or resolved, takes these steps in this order, and every
 * check runs here once. Built once per isolate. Resolvers see only the
 * `Context` (a database handle, a clock, the principal); HTTP stays here.
 *
 *   1. read        (in front of yoga: `handle`, below) CORS preflights
 *                  answered; the rate limit (every request,
 *                  hit or miss, before anything is read); the `D1-Bookmark`
 *                  header checked (400 INVALID_BOOKMARK when it is not one;
 *                  src/pipeline/use-bookmark.ts); the edge cache
 *                  answers an anonymous query it holds, before any parse and
 *                  with no D1 statement (src/pipeline/use-edge-cache.ts); the
 *                  fast lane answers a query yoga already compiled, after
 *                  pricing it with its variables (the same limits as step 5);
 *                  the body limit (413).
 *   2. identify    yoga reads the operation from the GET query string or the
 *                  POST body (JSON; form and multipart bodies only for queries);
 *                  a document named by id becomes its text here: a trusted
 *                  document by `documentId` or APQ hash, an automatic persisted
 *                  query by hash (registered once it validates), and with
 *                  TRUSTED_DOCUMENTS_ONLY = "on" anonymous requests run only
 *                  trusted documents (src/pipeline/use-operations-by-id.ts).
 *                  Every later step sees the text, as if it had been sent.
 *   3. parse       cached per document text; stopped at MAX_TOKENS while read.
 *   4. validate    cached per document; the static limits (depth, aliases,
 *                  root fields, directives) are validation rules.
 *   5. limits      mutations only from a JSON POST; the token (401); the
 *                  expanded size and the cost with the variables (400).
 *   6. execute     one compiled statement for public queries the compiler
 *                  covers, the resolvers for everything else. Every statement
 *                  of a request runs in its one D1 session (docs/replication.md):
 *                  at the client's bookmark, `first-unconstrained` for an
 *                  anonymous first read, `first-primary` with a token.
 *   7. respond     `extensions.cost` always, `extensions.d1` outside
 *                  production; the CORS and `RateLimit-Policy` headers; the
 *                  caching headers (`Cache-Control`, `ETag`, `Cache-Tag`,
 *                  `Cache-Status`, `Age`), the answer stored when it may be,
 *                  and the tags of what a mutation changed purged; then, on
 *                  every answer, `D1-Bookmark`, `Server-Timing` and one JSON
 *                  log line (src/pipeline/trace.ts, docs/observability.md).
 *
 * Refusals in steps 1–5 run no D1 statement (tests/limits.test.ts counts them).
 * Each step is a plugin in src/pipeline/, named `use-<what>.ts`.
 */
import { createYoga, maskError as defaultMaskError } from 'graphql-yoga';
import { d1UnavailableError } from './db/retry';
import { asClientError } from './graphql/errors';
import { schema } from './graphql/schema';
import { requestContext, type RequestContext, type ServerContext } from './pipeline/context';
import { withHttp } from './pipeline/http-errors';
import { useAuthentication } from './pipeline/use-authentication';
import { RequestTrace, useTraceExecution, useTraceOperation } from './pipeline/trace';
import { useBodyLimit } from './pipeline/use-body-limit';
import { useBookmark } from './pipeline/use-bookmark';
import { useCompiledQueries } from './pipeline/use-compiled-queries';
import { useCors } from './pipeline/use-cors';
import { useCost } from './pipeline/use-cost';
import { useDocumentLimits } from './pipeline/use-document-limits';
import { useEdgeCache } from './pipeline/use-edge-cache';
import { LearnedOperations, useFastLane } from './pipeline/use-fast-lane';
import { useJsonMutations } from './pipeline/use-json-mutations';
import { useOperationsById } from './pipeline/use-operations-by-id';
import { useRateLimit } from './pipeline/use-rate-limit';
import { useReport } from './pipeline/use-report';

export type { ServerContext } from './pipeline/context';
export { MAX_REQUEST_BODY_BYTES } from './pipeline/use-body-limit';

/** Operations this isolate answered through a compiled plan: the fast lane answers them again. */
export const learned = new LearnedOperations();

/**
 * Step 1 runs in front of yoga: answering a hit or a learned query there skips
 * yoga's request plumbing, which the benchmark measured at 10-15 % of (b) with
 * the lane as a yoga plugin (bench/RESULTS.md: 0.85x today's lane). They are
 * the same plugin objects yoga would run (`onRequest` / `endResponse`,
 * `onResponse`), run here in order by `handle`.
 */
const edgeCache = useEdgeCache((request, serverContext) => handle(request, serverContext.env, serverContext.ctx, serverContext.edge));
/** What `handle` runs of a step-1 plugin. */
interface FrontStep {
  onRequest?: (payload: never) => unknown;
  onResponse?: (payload: never) => unknown;
}
const front = [useCors(), useRateLimit(), useBookmark(), edgeCache, useFastLane(learned)] as FrontStep[];

export const yoga = createYoga<ServerContext, RequestContext>({
  schema,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  // The explorer is ours (src/explorer/): yoga's page loads GraphiQL from a CDN.
  graphiql: false,
  // CORS is step 1 (src/pipeline/use-cors.ts): yoga's reflects any Origin with credentials.
  cors: false,
  // Step 1 counts bodies by Content-Length (src/pipeline/use-body-limit.ts).
  maxRequestBodySize: false,
  // One operation per request: a batch would multiply every limit.
  batching: false,
  // Client errors (bad input, auth, limits) are answers, not incidents: only unexpected ones are logged.
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
  context: requestContext,
  plugins: [
    // 1. read: the body limit (the steps before it run in front of yoga: see `handle`)
    useBodyLimit(),
    // 2. identify
    ...useOperationsById(),
    // what the request's log line says of the operation (src/pipeline/trace.ts)
    useTraceOperation(),
    // 3. parse and 4. validate
    useDocumentLimits(),
    // 5. limits
    useJsonMutations(),
    useAuthentication(),
    useCost(),
    // 6. execute
    useTraceExecution(),
    useCompiledQueries(learned),
    // what the edge cache needs to know of an answer it may store
    { onExecute: edgeCache.onExecute },
    // 7. respond
    useReport(),
  ],
});

/**
 * The Worker's GraphQL entry: step 1 (CORS preflight, rate limit, edge cache,
 * fast lane) in order, then yoga for steps 2-7 unless one of them answered,
 * then every step's response side (CORS and rate-limit headers, the caching
 * headers, the answer stored, the write's tags purged) on whatever answered.
 */
export async function handle(request: Request, env: Env, ctx: ExecutionContext, edge?: ServerContext['edge']): Promise<Response> {
  const trace = new RequestTrace(request);
  trace.refresh = edge?.refresh === true;
  const serverContext: ServerContext = edge ? { env, ctx, edge, trace } : { env, ctx, trace };
  let current = request;
  let response: Response | undefined;
  const url = new URL(request.url);
  for (const plugin of front) {
    if (!plugin.onRequest) continue;
    await plugin.onRequest({
      request: current,
      url,
      serverContext,
      setRequest: (next: Request) => (current = next),
      endResponse: (answer: Response) => (response = answer),
    } as never);
    if (response) break;
  }
  response ??= await yoga.fetch(current, serverContext);
  for (const plugin of front) {
    await plugin.onResponse?.({ request: current, response, serverContext, setResponse: (next: Response) => (response = next) } as never);
  }
  // Last, so that no stored answer holds them: the session's bookmark, Server-Timing, the log line.
  await trace.finish(current, response);
  return response;
}
