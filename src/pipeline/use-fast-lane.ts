/**
 * The fast lane: a public query yoga has already answered through the
 * operation compiler (src/graphql/compile) is answered again as the first
 * GraphQL step of the pipeline, before yoga parses the request. Yoga costs
 * ~0.5 ms of CPU a request on a Worker before and after the one compiled
 * statement (envelop's hooks, request parsing, the parse/validate caches,
 * result processing): for scenario (b) of bench/run.ts that is the difference
 * between sitting at and sitting above the hand-written SQL floor.
 *
 * It is written as a yoga plugin that answers early (`onRequest` +
 * `endResponse`, as yoga's health check does), and runs in front of yoga with
 * the rest of step 1 (`handle` in src/server.ts: inside yoga it cost 10-15 %
 * of (b)), so the steps around it are the pipeline's own:
 * CORS and the rate limit before it, the CORS and rate-limit headers after it
 * (src/server.ts). What it skips is yoga's plumbing, not a check: the document
 * was parsed, validated and measured against the static limits by yoga the
 * first time (only documents that passed are learned), and per request the
 * lane prices the operation with its variables against the same limits
 * (./limits.ts), then coerces the variables (graphql-js's getVariableValues,
 * inside runPlan) and runs the plan.
 *
 * What it takes, and everything else goes to yoga untouched (the body is read
 * once and handed on as the same bytes):
 *   - POST /graphql, no query string, a JSON content type as yoga matches it;
 *   - a well-formed Content-Length within MAX_REQUEST_BODY_BYTES;
 *   - no Authorization (credentials are the resolvers' business), no
 *     `x-debug-sql` or `x-graphql-compile`, and outside production no
 *     `x-graphql-fast-lane: off` (tests compare both paths with it);
 *   - a JSON object body with only `query` (a string yoga compiled before, with
 *     this same `operationName`), `variables` (object or null) and
 *     `operationName` (string or null); or, instead of `query`, a document by
 *     id that step 2 would run (`documentId` of a trusted document, or an APQ
 *     hash alone as `extensions`, see `documentText`): any other key, other
 *     extensions, a text with its hash -> yoga;
 *   - an Accept header that yoga would answer with its regular JSON processor;
 *   - variables with which the operation stays within the limits (over them,
 *     yoga refuses it, so there is one refusal).
 * A plan that falls back at run time (a variable that does not coerce, an
 * argument the compiler does not handle, a value the schema refuses) sends the
 * request on to yoga marked `resolversOnly`: the resolvers answer it, and the
 * plan is not run again. A statement that fails is answered here, as yoga
 * answers it (`failedRun`: 503 SERVICE_UNAVAILABLE when D1 is down, else 500).
 *
 * The answer is the bytes yoga would send: status 200, `Content-Type` chosen
 * from Accept as yoga's result processor chooses it, `extensions.cost`, and
 * `extensions.d1` outside production; plus, outside production,
 * `x-graphql-lane: fast`. tests/fast-lane.test.ts compares the two paths byte
 * for byte. `COMPILE = "off"` turns the lane off too.
 *
 * What it remembers is per isolate: a capped map, oldest use evicted first, of
 * documents only yoga let in.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config';
import { d1Cost, instrument } from '../db/instrument';
import { retryReads } from '../db/retry';
import { failedRun, isTooBig, runPlan, type Plan, type RunResult } from '../graphql/compile/compile';
import type { ServerContext } from './context';
import { overLimit, price, type Price } from './limits';
import { MAX_REQUEST_BODY_BYTES } from './use-body-limit';
import { operationNameOf, traceOf } from './trace';
import { describeAnswer, edgeState } from './use-edge-cache';
import { acceptedMediaType, isJsonBody } from './media-types';

export { acceptedMediaType } from './media-types';
import { DOCUMENT_ID, isTrustedText, SHA256_HEX, trustedDocument } from '../persisted/manifest';
import { apqHash, apqStore } from './use-operations-by-id';

/**
 * Requests the lane hands to yoga after running (or ruling out) their plan:
 * the compiled-queries step leaves them to the resolvers, so no plan runs twice.
 */
export const resolversOnly = new WeakSet<Request>();

/** What yoga proved about one (query, operationName): it validates, passes the static limits and runs as this compiled plan. */
export interface LearnedOperation {
  plan: Plan;
  schema: GraphQLSchema;
  document: DocumentNode;
  /** Its price with the variables it was last sent with (a page's variables repeat): at most PRICES_KEPT. */
  prices?: Map<string, Price | null>;
}

const PRICES_KEPT = 16;
/**
 * Operations yoga answered through a compiled plan, by exact query text and
 * operation name; at most `capacity` of them, the least recently used evicted.
 * Query texts above `maxQueryChars` are not kept, so the map stays small
 * (500 x 10,000 characters at worst) whatever clients send.
 */
export class LearnedOperations {
  private readonly map = new Map<string, LearnedOperation>();

  constructor(
    readonly capacity = 500,
    readonly maxQueryChars = 10_000,
  ) {}

  /** `null` and a missing operation name are the same to GraphQL; "" is not. Length-prefixed so no two pairs share a key. */
  private static key(query: string, operationName: string | null | undefined): string {
    return operationName == null ? `-${query}` : `${operationName.length}:${operationName}:${query}`;
  }

  remember(query: string, operationName: string | null | undefined, operation: LearnedOperation) {
    if (query.length > this.maxQueryChars) return;
    const key = LearnedOperations.key(query, operationName);
    this.map.delete(key);
    this.map.set(key, operation);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  get(query: string, operationName: string | null | undefined): LearnedOperation | undefined {
    if (query.length > this.maxQueryChars) return undefined;
    const key = LearnedOperations.key(query, operationName);
    const found = this.map.get(key);
    if (found) {
      // Map order is insertion order: re-inserting marks it the most recently used.
      this.map.delete(key);
      this.map.set(key, found);
    }
    return found;
  }

  get size() {
    return this.map.size;
  }
}

const BODY_KEYS = new Set(['query', 'variables', 'operationName', 'extensions', 'documentId']);

/**
 * The document a lane request runs, by the rules of step 2
 * (./use-operations-by-id.ts), or `undefined` to leave it to yoga: the text
 * sent alone; a trusted document by `documentId` alone or by an `extensions`
 * that is exactly `{ persistedQuery: { version: 1, sha256Hash } }` and no
 * text; an automatic persisted query by hash when this isolate holds it (no
 * I/O here) and the switch is off. A text with a hash (a registration), and
 * with the switch on any text that is not a trusted document, go to yoga.
 */
function documentText(body: Record<string, unknown>, trustedOnly: boolean): string | undefined {
  const { query, extensions, documentId } = body;
  let text: string | undefined;
  if (documentId !== undefined) {
    if (query !== undefined || extensions !== undefined || typeof documentId !== 'string') return undefined;
    const id = DOCUMENT_ID.exec(documentId);
    text = id ? trustedDocument(id[1]) : undefined;
  } else if (extensions !== undefined) {
    if (query !== undefined || extensions === null || typeof extensions !== 'object' || Object.keys(extensions).length !== 1)
      return undefined;
    const { persistedQuery } = extensions as { persistedQuery?: unknown };
    if (persistedQuery === null || typeof persistedQuery !== 'object' || Object.keys(persistedQuery).length !== 2) return undefined;
    const hash = apqHash(extensions);
    if (hash === undefined || !SHA256_HEX.test(hash)) return undefined;
    text = trustedDocument(hash) ?? (trustedOnly ? undefined : apqStore.peek(hash));
  } else if (typeof query === 'string') text = query;
  if (text === undefined || (trustedOnly && !isTrustedText(text))) return undefined;
  return text;
}
const decoder = new TextDecoder();

/** Whether the lane may look at this request at all, from its line and headers alone. */
function eligible(request: Request, production: boolean): boolean {
  if (request.method !== 'POST') return false;
  const { headers } = request;
  if (!isJsonBody(headers.get('content-type'))) return false;
  const length = headers.get('content-length');
  if (length == null || !/^\d{1,16}$/.test(length) || Number(length) > MAX_REQUEST_BODY_BYTES) return false;
  if (headers.has('authorization') || headers.has('x-debug-sql') || headers.has('x-graphql-compile')) return false;
  if (!production && headers.get('x-graphql-fast-lane') === 'off') return false;
  const url = request.url;
  const path = url.indexOf('/', url.indexOf('//') + 2);
  return path >= 0 && url.slice(path) === '/graphql';
}

/** The lane, as the pipeline's step after the rate limit: see the module comment. */
export function useFastLane(learned: LearnedOperations): Plugin<Record<string, never>, ServerContext> {
  return {
    async onRequest({ request, serverContext, setRequest, endResponse }) {
      const { env } = serverContext;
      const settings = config(env);
      if (!settings.compile || !eligible(request, settings.production)) return;
      const mediaType = acceptedMediaType(request.headers.get('accept'));
      if (!mediaType) return;
      const bytes = await request.arrayBuffer();
      // Everything the lane does not answer goes on to yoga with the same bytes.
      setRequest(new Request(request, { body: bytes }));

      let body: unknown;
      try {
        body = JSON.parse(decoder.decode(bytes));
      } catch {
        return;
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
      for (const key in body) if (!BODY_KEYS.has(key)) return;
      const { variables, operationName } = body as Record<string, unknown>;
      const query = documentText(body as Record<string, unknown>, settings.trustedDocumentsOnly);
      if (query === undefined) return;
      if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return;
      if (operationName != null && typeof operationName !== 'string') return;
      const operation = learned.get(query, operationName as string | null | undefined);
      if (!operation) return;

      let found: Price | null;
      const pricesKey = JSON.stringify(variables ?? null);
      const prices = (operation.prices ??= new Map());
      if (prices.has(pricesKey)) found = prices.get(pricesKey)!;
      else {
        try {
          found = price(operation.schema, operation.document, operationName as string | null | undefined, variables);
        } catch {
          return;
        }
        if (prices.size >= PRICES_KEPT) prices.delete(prices.keys().next().value!);
        prices.set(pricesKey, found);
      }
      if (!found || overLimit(found, settings.limits)) return;

      const trace = traceOf(serverContext, request);
      trace.setOperation(query, operationName ?? operationNameOf(operation.document));
      const log = trace.newLog();
      let result: RunResult | ReturnType<typeof failedRun>;
      try {
        result = await runPlan(operation.plan, {
          schema: operation.schema,
          variableValues: variables as Record<string, unknown> | null | undefined,
          now: Date.now(),
          // In the request's D1 session (docs/replication.md), counted for its log line in production too.
          d1: retryReads(instrument(trace.d1(env, request), log)),
        });
      } catch (error) {
        // Too large for one D1 row: the resolvers answer it (the plan is not run again).
        result = isTooBig(error) ? { fallback: 'answer too large for one statement', sent: true } : failedRun(error);
      }
      if ('fallback' in result) {
        const forward = new Request(request, { body: bytes });
        resolversOnly.add(forward);
        setRequest(forward);
        return;
      }

      if ('data' in result)
        describeAnswer(
          edgeState(serverContext),
          operation.schema,
          operation.document,
          operationName as string | null | undefined,
          variables,
          result.data,
        );
      // What the pipeline's report step (./use-report.ts) and yoga's result processor make of the same result.
      let status = 200;
      const headers: Record<string, string> = { 'Content-Type': `${mediaType}; charset=utf-8` };
      let answer: Record<string, unknown> = result;
      if ('errors' in result) {
        // As yoga: the error's `extensions.http` sets the status and headers and is not sent.
        const [error] = result.errors;
        const { http, ...extensions } = error.extensions as { http: { status: number; headers?: Record<string, string> } };
        status = http.status;
        Object.assign(headers, http.headers);
        answer = { errors: [{ message: error.message, extensions }] };
      }
      const cost = { requested: found.cost, limit: settings.limits.cost };
      const payload = settings.production
        ? { ...answer, extensions: { cost } }
        : { ...answer, extensions: { cost, d1: d1Cost(log, true, false) } };
      if (!settings.production) headers['x-graphql-lane'] = 'fast';
      trace.lane = 'fast';
      trace.cost = found.cost;
      endResponse(new Response(JSON.stringify(payload), { status, headers }));
    },
  };
}
