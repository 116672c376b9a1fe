/**
 * What the request pipeline keeps for one request beside the resolvers'
 * `Context` (which holds nothing of HTTP): the statement log, the credentials
 * it saw, the switches this deployment allows, and what the limits measured.
 */
import { drizzle } from 'drizzle-orm/d1';
import type { YogaInitialContext } from 'graphql-yoga';
import { bearerToken, verifyToken, type TokenRow } from '../auth/tokens';
import { config, type Config } from '../config';
import { instrument, type StatementLog } from '../db/instrument';
import { retryReads } from '../db/retry';
import { relations } from '../db/relations';
import type { Context } from '../graphql/context';
import { traceOf, type RequestTrace } from './trace';
import { edgeState, type EdgeState } from './use-edge-cache';

/** What the Worker hands yoga with every request. */
export interface ServerContext {
  env: Env;
  ctx: ExecutionContext;
  /** The edge cache's view of this request (src/pipeline/use-edge-cache.ts). */
  edge?: EdgeState;
  /** What the request did, for its log line and `Server-Timing`; holds its D1 session (./trace.ts). */
  trace?: RequestTrace;
}

export type RequestContext = Context & {
  config: Config;
  log: StatementLog;
  debugSql: boolean;
  /** What the Authorization header held: nothing, a verified token, or something that failed verification. */
  credentials: 'none' | 'valid' | 'invalid';
  /** The (instrumented) D1 session under `db`, for compiled queries: the request's session (./trace.ts). */
  d1: D1Database;
  /** Whether a compilable query may run as one compiled statement (src/graphql/compile). */
  compile: boolean;
  /**
   * What the answer reports (./use-report.ts). One object shared by every copy
   * yoga makes of the context, so what execution records reaches the report.
   */
  report: {
    /** Set when the operation ran as one compiled statement. */
    compiled?: boolean;
    /** The operation's price, once the limits step has measured it. */
    cost?: { requested: number; limit: number };
  };
};

export type PipelineContext = RequestContext & ServerContext & YogaInitialContext;

/** Each request's context, for the steps that see only the request (the answer's extensions). */
export const contextOf = new WeakMap<Request, RequestContext>();

/** Builds the per-request context: the token is read here and nowhere else; it is never logged or echoed. */
export async function requestContext(initial: YogaInitialContext & ServerContext): Promise<RequestContext> {
  const { env, request } = initial;
  const edge = edgeState(initial);
  const settings = config(env);
  const trace = traceOf(initial, request);
  const log = trace.newLog();
  // Every statement runs in the request's D1 session (docs/replication.md), the token check included.
  // Transient read faults are retried (every attempt is logged); a D1 that stays down is a 503.
  const d1 = retryReads(instrument(trace.d1(env, request), log));
  const db = drizzle(d1, { relations });
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
          { production: settings.production },
        )
      : null;
  const dev = !settings.production;
  const context: RequestContext = {
    db,
    d1,
    config: settings,
    now: Date.now(),
    principal,
    credentials: token === undefined ? 'none' : principal ? 'valid' : 'invalid',
    log,
    report: {},
    invalidate: (tags) => {
      for (const tag of tags) edge.purge.add(tag);
    },
    debugSql: dev && request.headers.get('x-debug-sql') === '1',
    // Outside production `x-graphql-compile: off` runs the resolvers, so tests can compare both.
    compile: settings.compile && !(dev && request.headers.get('x-graphql-compile') === 'off'),
  };
  trace.report = context.report;
  contextOf.set(request, context);
  return context;
}
