/**
 * What one request did, gathered as it goes through the pipeline and written
 * out once at the end (`finish`, called by `handle` in src/server.ts):
 *
 *   - the request's D1 session (docs/replication.md): created on first use,
 *     shared by every step that reads (the fast lane, yoga's context: the
 *     compiler, the resolvers, search, token checks), so all of a request's
 *     statements run in one session; its bookmark goes out in `D1-Bookmark`;
 *   - the statement logs of the steps that ran statements (src/db/instrument.ts);
 *   - which lane answered, the operation's name and document, its price;
 *   - a `Server-Timing` header (`d1;dur=`, `cache;desc=`, `lane;desc=`,
 *     `total;dur=`) on every answer, and exactly one JSON log line
 *     (docs/observability.md): numbers and names only, never SQL, a token, a
 *     header's value or a variable's value.
 *
 * The trace lives on the server context (like the edge cache's state), so the
 * steps in front of yoga and yoga's plugins see the same one.
 */
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ServerContext } from './context';
import { StatementLog } from '../db/instrument';
import { sha256Hex } from '../cache/store';
import { BOOKMARK_HEADER } from '../db/session';

/** Which path answered: the edge cache, the fast lane, one compiled statement, the resolvers; or nothing ran (a refusal, a preflight). */
export type Lane = 'cache' | 'fast' | 'compiled' | 'resolvers' | 'refused' | 'preflight';

/** The one line a request logs (docs/observability.md lists the fields). */
export interface RequestLogLine {
  event: 'graphql';
  requestId: string;
  method: string;
  operationName: string | null;
  /** sha256 (hex) of the document's text: the id trusted documents and APQ use. */
  operationHash: string | null;
  lane: Lane;
  /** The operation's price with its variables, when this request priced it (not on a cache hit or a refusal before pricing). */
  cost: number | null;
  /** `hit`, `stale`, `miss` or `bypass` (the edge cache's `Cache-Status`). */
  cache: string;
  /** A miss whose answer was stored in the edge cache. */
  stored: boolean;
  d1: { statements: number; roundTrips: number; rowsRead: number; ms: number };
  /** The session the request's reads ran in, by how it started (never the bookmark itself). */
  session: 'bookmark' | 'first-unconstrained' | 'first-primary' | null;
  status: number;
  ms: number;
  /** A background refresh of a stale cached answer (a second pipeline run for one client request). */
  refresh?: true;
}

/** A GraphQL operation name, or null: whatever a client sent as `operationName` is logged only when it is one. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;
/** The name of a document's first definition when it is a named operation (for requests nothing parsed: cache hits). */
const FIRST_OPERATION = /^(?:[\s,\uFEFF]|#[^\n\r]*)*(?:query|mutation|subscription)[\s,]*([_A-Za-z][_0-9A-Za-z]*)/;

export class RequestTrace {
  readonly started = performance.now();
  readonly id: string;
  readonly logs: StatementLog[] = [];
  lane?: Lane;
  operationName: string | null = null;
  /** The document's text (hashed once, at the end) or its hash when only that is known. */
  document?: string;
  hash?: string;
  cost?: number;
  /** What yoga's steps report (./context.ts): whether the plan ran, the price. */
  report?: { compiled?: boolean; cost?: { requested: number } };
  /** The bookmark the client sent, once read and checked (./use-bookmark.ts). */
  bookmark: string | null = null;
  refresh = false;
  private session?: { handle: D1DatabaseSession; kind: NonNullable<RequestLogLine['session']> };

  constructor(request: Request) {
    const ray = request.headers.get('cf-ray');
    this.id = ray && /^[0-9A-Za-z-]{1,64}$/.test(ray) ? ray : crypto.randomUUID();
  }

  /**
   * The request's D1 session, opened on first use: an editor's request (a
   * token: it may write, and its token is checked) starts at the primary; an
   * anonymous one at the bookmark it sent, or anywhere (`first-unconstrained`).
   */
  d1(env: Env, request: Request): D1Database {
    if (!this.session) {
      const kind = request.headers.has('authorization') ? 'first-primary' : this.bookmark ? 'bookmark' : 'first-unconstrained';
      this.session = { handle: env.DB.withSession(kind === 'bookmark' ? this.bookmark! : kind), kind };
    }
    // The session has what the pipeline uses of a binding (`prepare`, `batch`).
    return this.session.handle as unknown as D1Database;
  }

  /** A statement log for one step's statements (the lane's, yoga's): counted in the line. */
  newLog(): StatementLog {
    const log = new StatementLog();
    this.logs.push(log);
    return log;
  }

  setOperation(text: unknown, name: unknown) {
    if (typeof text === 'string') this.document = text;
    if (typeof name === 'string' && NAME.test(name)) this.operationName = name;
    else if (this.operationName == null && typeof text === 'string') this.operationName = FIRST_OPERATION.exec(text)?.[1] ?? null;
  }

  /** The session's bookmark, once a statement ran in it. */
  sessionBookmark(): string | null {
    return this.session?.handle.getBookmark() ?? null;
  }

  /** Sets `D1-Bookmark` and `Server-Timing` on the answer and writes the request's log line. */
  async finish(request: Request, response: Response): Promise<RequestLogLine> {
    const bookmark = this.sessionBookmark();
    const headers = response.headers;
    if (bookmark) headers.set(BOOKMARK_HEADER, bookmark);
    // An answer a browser may keep must not answer a later request that carries a bookmark
    // (that one reads from D1, at least as new as its bookmark): browsers key it on the header.
    const control = headers.get('cache-control');
    if (control && !/\bno-store\b/.test(control)) headers.append('Vary', BOOKMARK_HEADER);
    const cacheStatus = headers.get('cache-status') ?? '';
    const cache = /;\s*hit\b/.test(cacheStatus) ? 'hit' : (/fwd=(\w+)/.exec(cacheStatus)?.[1] ?? 'bypass');
    let lane: Lane =
      request.method === 'OPTIONS' ? 'preflight' : (this.lane ?? (cache === 'hit' || cache === 'stale' ? 'cache' : 'refused'));
    if (lane === 'resolvers' && this.report?.compiled) lane = 'compiled';
    const d1 = { statements: 0, roundTrips: 0, rowsRead: 0, ms: 0 };
    for (const log of this.logs) {
      d1.statements += log.statements.length;
      d1.roundTrips += log.roundTrips;
      d1.rowsRead += log.rowsRead;
      d1.ms += log.ms;
    }
    d1.ms = round(d1.ms);
    const hash = this.hash ?? (this.document !== undefined ? await sha256Hex(this.document) : null);
    const ms = round(performance.now() - this.started);
    headers.set('Server-Timing', `d1;dur=${d1.ms}, cache;desc=${cache}, lane;desc=${lane}, total;dur=${ms}`);
    const line: RequestLogLine = {
      event: 'graphql',
      requestId: this.id,
      method: request.method,
      operationName: this.operationName,
      operationHash: hash,
      lane,
      cost: this.cost ?? this.report?.cost?.requested ?? null,
      cache,
      stored: /;\s*stored\b/.test(cacheStatus),
      d1,
      session: this.session?.kind ?? null,
      status: response.status,
      ms,
      ...(this.refresh ? { refresh: true as const } : {}),
    };
    console.log(line);
    return line;
  }
}

/** The name of the operation a document runs when the request names none (a document with one operation). */
export function operationNameOf(document: DocumentNode): string | null {
  let name: string | null = null;
  let count = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    if (++count > 1) return null;
    name = d.name?.value ?? null;
  }
  return name;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The request's trace, from the server context (or yoga's context, which carries it). */
export function traceOf(holder: object, request?: Request): RequestTrace {
  const h = holder as { trace?: RequestTrace; request?: Request };
  return (h.trace ??= new RequestTrace(request ?? h.request ?? new Request('http://localhost/')));
}

/** Yoga's side of the trace, step 2: the operation once it has its text (a document sent by id or hash included). */
export function useTraceOperation(): Plugin<Record<string, never>, ServerContext> {
  return {
    onParams({ params, context }) {
      traceOf(context as object).setOperation(params.query, params.operationName);
    },
  };
}

/**
 * Yoga's side of the trace, step 6: execution began, every limit passed (a
 * refusal stops yoga before this hook). The compiled-queries step says
 * whether it ran as one statement.
 */
export function useTraceExecution(): Plugin<Record<string, never>, ServerContext> {
  return {
    onExecute({ args }) {
      const trace = traceOf(args.contextValue as object);
      trace.lane = 'resolvers';
      if (trace.operationName == null) trace.operationName = args.operationName ?? operationNameOf(args.document);
    },
  };
}
