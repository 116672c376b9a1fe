/**
 * The edge cache, in the pipeline right after the rate limit (every request
 * is counted, hit or miss) and before anything parses the operation.
 *
 *   - An anonymous query (GET, or a JSON POST) is looked up by the operation's
 *     hash (sha256 of its text, or the hash it was sent by), its canonical
 *     variables, its operation name and the media type of the answer
 *     (src/cache/store.ts). A fresh hit is answered here: no parse, no D1.
 *     A hit past its edge lifetime but within `stale-while-revalidate` is
 *     answered too, and refreshed in `ctx.waitUntil`.
 *   - A miss goes on through the pipeline (limits, cost, execution). An answer
 *     with data and no error is stored, with the tags of what it shows
 *     (src/cache/tags.ts) and the smallest lifetime of what is in it
 *     (src/cache/lifetimes.ts); so only operations that passed every limit
 *     are stored, and a hit carries the `extensions.cost` recorded then.
 *   - Every answer says `Cache-Status` (RFC 9211: `hit`, `fwd=miss`,
 *     `fwd=stale`, `fwd=bypass`) and `Age`; public answers carry
 *     `Cache-Control` (browser `max-age`, edge `s-maxage`,
 *     `stale-while-revalidate`), a strong `ETag` and `Cache-Tag`;
 *     `If-None-Match` is answered 304 without a body, on a hit and on a miss.
 *     A request with `Authorization` bypasses the cache: `private, no-store`,
 *     `Vary: Authorization`. Errors are `no-store`.
 *   - A mutation names what it changed (`Context.invalidate`); once it has
 *     committed, those tags are purged here before the answer goes out
 *     (src/cache/purge.ts: this data centre at once, the platform after).
 */
import {
  getVariableValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { cacheControl, type CacheHint } from '../cache/lifetimes';
import { edgeLifetime } from '../cache/platform-purge';
import { purge } from '../cache/purge';
import { answerKey, FRESH_UNTIL, lookup, sha256Hex, STALE_UNTIL, store, STORED_AT } from '../cache/store';
import { shownBy } from '../cache/tags';
import { config } from '../config';
import type { PipelineContext, ServerContext } from './context';
import { traceOf } from './trace';
import { acceptedMediaType, isJsonBody } from './media-types';

const NAME = 'news-graph';
/** Cloudflare's limits on `Cache-Tag`: the whole header, and one tag. */
const MAX_TAG_HEADER = 16 * 1024 - 64;
const MAX_TAG_LENGTH = 1024;

/** What the cache knows of one request, shared by every step through the server context. */
export interface EdgeState {
  status: 'bypass' | 'miss' | 'hit' | 'stale';
  key?: string;
  /** The request body as read, to refresh a stale answer. */
  bytes?: ArrayBuffer;
  /** What a storable answer shows: set by execution (yoga or the lane). */
  answer?: { tags: string[]; hint: CacheHint };
  /** Tags the request's writes changed. */
  purge: Set<string>;
  /** A background refresh of a stale answer: looked up never, stored always. */
  refresh?: boolean;
  /** The hit came from this isolate's memory (src/cache/memory.ts), not the Cache API. */
  fromMemory?: boolean;
}

export function edgeState(serverContext: object): EdgeState {
  const holder = serverContext as { edge?: EdgeState };
  return (holder.edge ??= { status: 'bypass', purge: new Set() });
}

/**
 * Records what a storable answer shows (called by execution, yoga's or the
 * lane's, for an anonymous query that answered data without errors).
 */
export function describeAnswer(
  edge: EdgeState,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: unknown,
  data: Record<string, unknown>,
) {
  if (!edge.key) return;
  let operation: OperationDefinitionNode | undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    else if (d.kind === Kind.OPERATION_DEFINITION && (operationName == null || d.name?.value === operationName)) operation ??= d;
  }
  if (operation?.operation !== 'query') return;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (rawVariables ?? {}) as Record<string, unknown>);
  if (coerced.errors) return;
  const shown = shownBy(schema, operation, fragments, coerced.coerced, data);
  edge.answer = { tags: fitTags([...shown.tags]), hint: shown.hint };
}

/** Within Cloudflare's header limits: past them, objects of the most frequent type become one coarse tag per type. */
export function fitTags(tags: string[]): string[] {
  // A tag too long for Cloudflare (a look-up by an absurd key) becomes its coarse form: never none.
  let list = [...new Set(tags.map((t) => (t.length <= MAX_TAG_LENGTH ? t : t.split(/[/:]/)[0].slice(0, MAX_TAG_LENGTH))))];
  const size = () => list.reduce((n, t) => n + t.length + 1, 0);
  while (size() > MAX_TAG_HEADER) {
    const counts = new Map<string, number>();
    for (const t of list) {
      const m = /^([A-Z][A-Za-z]*):/.exec(t);
      if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    if (!counts.size) break;
    const [type] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    list = [...list.filter((t) => !t.startsWith(`${type}:`)), ...(list.includes(type) ? [] : [type])];
  }
  return list;
}

/** The operation's hash, variables and name, from a GET query string or a JSON body; null when the cache cannot key it. */
function readOperation(
  _request: Request,
  url: URL,
  bytes: ArrayBuffer | null,
): { hash: string | Promise<string>; text?: string; variables: unknown; operationName: unknown } | null {
  let params: Record<string, unknown>;
  if (bytes) {
    try {
      params = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return null;
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
  } else {
    params = {};
    for (const name of ['query', 'operationName', 'documentId']) if (url.searchParams.has(name)) params[name] = url.searchParams.get(name);
    for (const name of ['variables', 'extensions']) {
      const raw = url.searchParams.get(name);
      if (raw == null) continue;
      try {
        params[name] = JSON.parse(raw);
      } catch {
        return null;
      }
    }
  }
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const hash =
    typeof params.query === 'string'
      ? sha256Hex(params.query)
      : typeof persisted === 'string'
        ? persisted
        : typeof params.documentId === 'string'
          ? params.documentId.replace(/^sha256:/, '')
          : null;
  if (hash == null) return null;
  if (params.variables != null && (typeof params.variables !== 'object' || Array.isArray(params.variables))) return null;
  return {
    hash,
    text: typeof params.query === 'string' ? params.query : undefined,
    variables: params.variables,
    operationName: params.operationName,
  };
}

/** The answer for a request that has a stored one; null to go on. */
function fromStore(stored: Response, request: Request, edge: EdgeState, production: boolean, now: number): Response | Promise<Response> {
  const storedAt = Number(stored.headers.get(STORED_AT));
  const headers = new Headers(stored.headers);
  for (const h of [STORED_AT, FRESH_UNTIL, STALE_UNTIL]) headers.delete(h);
  headers.set('Cache-Control', headers.get('x-cache-control') ?? 'no-store');
  headers.delete('x-cache-control');
  headers.set('Age', String(Math.max(0, Math.floor((now - storedAt) / 1000))));
  headers.set(
    'Cache-Status',
    edge.status === 'stale' ? `${NAME}; fwd=stale` : edge.fromMemory ? `${NAME}; hit; detail=memory` : `${NAME}; hit`,
  );
  if (matches(request.headers.get('if-none-match'), headers.get('etag'))) {
    for (const h of ['content-type', 'content-length']) headers.delete(h);
    return new Response(null, { status: 304, headers });
  }
  if (production) return new Response(stored.body, { status: 200, headers });
  // On a developer's machine every answer says what it cost D1: a hit cost nothing.
  return stored.text().then((text) => {
    const body = JSON.parse(text);
    body.extensions = { ...body.extensions, d1: { statements: 0, roundTrips: 0, rowsRead: 0, compiled: false } };
    return new Response(JSON.stringify(body), { status: 200, headers });
  });
}

function matches(ifNoneMatch: string | null, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** The edge cache step. `refresh` runs a request through the whole pipeline again (a stale answer's background refresh). */
export function useEdgeCache(
  refresh: (request: Request, serverContext: ServerContext) => Promise<Response>,
): Plugin<PipelineContext, ServerContext> {
  return {
    async onRequest({ request, url, serverContext, setRequest, endResponse }) {
      const edge = edgeState(serverContext);
      const settings = config(serverContext.env);
      // A request with a bookmark reads from D1, at least as new as the bookmark (docs/replication.md): never a stored answer, never stored.
      if (
        !settings.edgeCache ||
        request.headers.has('authorization') ||
        traceOf(serverContext, request).bookmark ||
        url.pathname !== '/graphql'
      )
        return;
      if (request.method !== 'GET' && !(request.method === 'POST' && isJsonBody(request.headers.get('content-type')))) return;
      const mediaType = acceptedMediaType(request.headers.get('accept'));
      if (!mediaType) return;
      let bytes: ArrayBuffer | null = null;
      if (request.method === 'POST') bytes = await request.arrayBuffer();
      // On anything but a hit the rest of the pipeline reads the body again.
      const goOn = () => {
        if (bytes) setRequest(new Request(request, { body: bytes }));
      };
      const operation = readOperation(request, url, bytes);
      if (!operation) return goOn();
      const trace = traceOf(serverContext, request);
      trace.hash = await operation.hash;
      trace.setOperation(operation.text, operation.operationName);
      edge.key = await answerKey(url.origin, trace.hash, operation.variables, operation.operationName, mediaType);
      edge.bytes = bytes ?? undefined;
      edge.status = 'miss';
      if (edge.refresh) return goOn();
      const found = await lookup(edge.key);
      if (!found) return goOn();
      const stored = found.response;
      const now = Date.now();
      if (now >= Number(stored.headers.get(STALE_UNTIL))) return goOn();
      edge.fromMemory = found.fromMemory;
      if (now >= Number(stored.headers.get(FRESH_UNTIL))) {
        edge.status = 'stale';
        const again = new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
        serverContext.ctx.waitUntil(
          refresh(again, {
            env: serverContext.env,
            ctx: serverContext.ctx,
            edge: { status: 'bypass', purge: new Set(), refresh: true },
          } as ServerContext),
        );
      } else edge.status = 'hit';
      endResponse(await fromStore(stored, request, edge, settings.production, now));
    },

    onExecute({ args }) {
      const context = args.contextValue as PipelineContext;
      const edge = edgeState(context);
      if (!edge.key || context.credentials !== 'none') return;
      return {
        onExecuteDone({ result }) {
          if (!result || Symbol.asyncIterator in result) return;
          const done = result as { data?: Record<string, unknown> | null; errors?: unknown[] };
          if (done.errors?.length || !done.data) return;
          describeAnswer(edge, args.schema, args.document, args.operationName, args.variableValues, done.data);
        },
      };
    },

    async onResponse({ request, response, serverContext, setResponse }) {
      const edge = edgeState(serverContext);
      if (edge.purge.size) await purge(serverContext.env, serverContext.ctx, edge.purge);
      if (edge.status === 'hit' || edge.status === 'stale') return;
      const headers = response.headers;
      if (!headers.has('Age')) headers.set('Age', '0');
      if (request.headers.has('authorization')) {
        headers.set('Cache-Control', 'private, no-store');
        headers.append('Vary', 'Authorization');
        headers.set('Cache-Status', `${NAME}; fwd=bypass`);
        return;
      }
      if (!edge.answer || response.status !== 200 || !edge.key) {
        if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
        headers.set('Cache-Status', edge.status === 'miss' ? `${NAME}; fwd=miss` : `${NAME}; fwd=bypass`);
        return;
      }
      const settings = config(serverContext.env);
      const text = await response.text();
      let stored = text;
      if (!settings.production) {
        const body = JSON.parse(text);
        delete body.extensions?.d1;
        stored = JSON.stringify(body);
      }
      const etag = `"${(await sha256Hex(stored)).slice(0, 32)}"`;
      const { tags } = edge.answer;
      // Capped in production when no purge reaches other data centres (src/cache/platform-purge.ts).
      const hint = edgeLifetime(edge.answer.hint, serverContext.env, serverContext.ctx);
      const control = cacheControl(hint);
      const now = Date.now();
      headers.set('Cache-Control', control);
      headers.set('ETag', etag);
      headers.set('Cache-Tag', tags.join(','));
      headers.set('Cache-Status', `${NAME}; fwd=${edge.refresh ? 'stale' : 'miss'}; stored`);
      const keep = new Headers(headers);
      // Per-request headers are not part of the stored answer: CORS (by Origin) and the rate
      // limit are the pipeline's, and set again on every hit.
      for (const name of [...keep.keys()])
        if (/^(access-control-|timing-allow-origin$|ratelimit|vary$|cache-status$|age$|x-graphql-lane$)/.test(name)) keep.delete(name);
      keep.set('x-cache-control', control);
      keep.set(STORED_AT, String(now));
      keep.set(FRESH_UNTIL, String(now + hint.sMaxAge * 1000));
      keep.set(STALE_UNTIL, String(now + (hint.sMaxAge + hint.staleWhileRevalidate) * 1000));
      // Stored before the answer goes out: the next request in this data centre finds it.
      await store(edge.key, new Response(stored, { status: 200, headers: keep }), tags, hint.sMaxAge + hint.staleWhileRevalidate);
      if (matches(request.headers.get('if-none-match'), etag)) {
        const notModified = new Headers(headers);
        for (const h of ['content-type', 'content-length']) notModified.delete(h);
        setResponse(new Response(null, { status: 304, headers: notModified }));
      } else setResponse(new Response(text, { status: 200, headers }));
    },
  };
}
