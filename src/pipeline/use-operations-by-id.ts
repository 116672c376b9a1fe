/**
 * Step 2, identify: which document a request runs, when it names one by id
 * instead of (or beside) sending its text. Four plugins, in this order, all
 * before yoga parses anything, so every later step (parse with MAX_TOKENS,
 * the validation limits, the token, the cost) sees the document's text as if
 * it had been sent; the rate limit and the body limit ran in step 1.
 *
 *   1. `documentId`: the GraphQL-over-HTTP persisted documents parameter,
 *      `documentId=sha256:<hex>` in a GET query string (yoga's GET parser
 *      keeps only query/variables/operationName/extensions, so it is read
 *      here) or a POST body field. Malformed: 400 BAD_REQUEST; with `query`
 *      or an APQ extension beside it: 400 CANNOT_SEND_PQ_ID_AND_BODY.
 *   2. Trusted documents (@graphql-yoga/plugin-persisted-operations): a
 *      request without `query` naming a document by `documentId`, or by an APQ
 *      hash that is in the manifest (src/persisted/manifest.ts), runs it.
 *      Unknown documentId: 404 PERSISTED_QUERY_NOT_IN_LIST.
 *   3. Automatic persisted queries (@graphql-yoga/plugin-apq), Apollo's
 *      protocol, `extensions.persistedQuery { version: 1, sha256Hash }`:
 *      hash only and unknown -> `PersistedQueryNotFound`,
 *      PERSISTED_QUERY_NOT_FOUND, status 200 with `Cache-Control: private,
 *      no-cache, must-revalidate` (as Apollo Server answers it: Apollo Kotlin
 *      and iOS read a non-2xx answer as a transport error and would not
 *      register); hash + query -> the hash is checked (400
 *      PERSISTED_QUERY_MISMATCH) and the query runs; it is registered
 *      (src/persisted/apq-store.ts) once it has parsed and validated, in
 *      step 4 below, so a document the limits refuse is never kept.
 *   4. The switch: with TRUSTED_DOCUMENTS_ONLY = "on" a request without
 *      Authorization may run only a trusted document's text (by documentId,
 *      by hash, or sent in full): anything else is 403 TRUSTED_DOCUMENTS_ONLY.
 *      A request with a bearer token passes here; one whose token fails
 *      verification is a 401 in step 5 before anything runs.
 */
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { config } from '../config';
import { ApqStore } from '../persisted/apq-store';
import { DOCUMENT_ID, isTrustedText, SHA256_HEX, trustedDocument } from '../persisted/manifest';
import type { PipelineContext, ServerContext } from './context';

/** Registered automatic persisted queries: this isolate's copies in front of the Cache API. */
export const apqStore = new ApqStore();

type Params = GraphQLParams & { documentId?: unknown };

function refusal(message: string, code: string, status: number, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: headers ? { status, headers } : { status } } });
}

/** The APQ hash of a request, when it carries a well-formed version 1 extension. */
export function apqHash(extensions: unknown): string | undefined {
  const pq = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return pq != null && typeof pq === 'object' && pq.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : undefined;
}

/** Requests whose document step 2 took from the manifest: APQ leaves them alone. */
const resolvedById = new WeakSet<Request>();
/** Requests that sent a query with its APQ hash: registered once the document validates. */
const registering = new WeakSet<Request>();

function useDocumentId(): Plugin<Record<string, never>, ServerContext> {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'GET') return;
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          const documentId = new URL(request.url).searchParams.get('documentId');
          if (documentId !== null && !Array.isArray(requestParserResult))
            setRequestParserResult({ ...requestParserResult, documentId } as Params);
        },
      };
    },
    onParams({ params }) {
      const { documentId } = params as Params;
      if (documentId == null) return;
      if (typeof documentId !== 'string' || !DOCUMENT_ID.test(documentId))
        throw refusal('documentId must be "sha256:" followed by 64 lower-case hexadecimal digits.', 'BAD_REQUEST', 400);
      if (params.query != null || params.extensions?.persistedQuery != null)
        throw refusal(
          'Send a document by documentId, or its text (with or without an APQ hash), not both.',
          'CANNOT_SEND_PQ_ID_AND_BODY',
          400,
        );
    },
  };
}

function useTrustedDocuments(): Plugin<Record<string, never>, ServerContext> {
  const plugin = usePersistedOperations<Record<string, never>>({
    allowArbitraryOperations: true,
    extractPersistedOperationId(params) {
      const { documentId } = params as Params;
      return typeof documentId === 'string' ? DOCUMENT_ID.exec(documentId)![1] : (apqHash(params.extensions) ?? null);
    },
    getPersistedOperation(key, request) {
      const document = trustedDocument(key);
      if (document !== undefined) resolvedById.add(request);
      return document ?? null;
    },
    customErrors: {
      notFound: ({ params }) =>
        refusal(
          `Unknown documentId: no trusted document has the id ${String((params as Params).documentId)}.`,
          'PERSISTED_QUERY_NOT_IN_LIST',
          404,
        ),
    },
  });
  return {
    ...plugin,
    onParams(payload) {
      const { params } = payload;
      if (params.query != null) return;
      const hash = apqHash(params.extensions);
      // Only what the manifest answers; an APQ hash it does not know is step 3's.
      if ((params as Params).documentId != null || (hash !== undefined && trustedDocument(hash) !== undefined))
        return plugin.onParams!(payload as never);
    },
  } as Plugin<Record<string, never>, ServerContext>;
}

function useAutomaticPersistedQueries(): Plugin<Record<string, never>, ServerContext> {
  const apq = useAPQ({
    store: {
      get: (hash) => (SHA256_HEX.test(hash) ? apqStore.get(hash) : undefined),
      // Registration waits for validation (useTrustedOnlySwitch's onExecute).
      set: () => {},
    },
  });
  return {
    async onParams(payload) {
      const { params, request } = payload;
      if (resolvedById.has(request)) return;
      if (params.query != null && apqHash(params.extensions) !== undefined) registering.add(request);
      try {
        await apq.onParams!(payload as never);
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code === 'PERSISTED_QUERY_NOT_FOUND')
          throw refusal(error.message, 'PERSISTED_QUERY_NOT_FOUND', 200, { 'Cache-Control': 'private, no-cache, must-revalidate' });
        throw error;
      }
    },
  };
}

function useTrustedOnlySwitch(): Plugin<PipelineContext> {
  return {
    onParams({ params, request, context }) {
      const { env } = context as unknown as ServerContext;
      if (!config(env).trustedDocumentsOnly || request.headers.has('authorization')) return;
      if (typeof params.query === 'string' && !isTrustedText(params.query))
        throw refusal(
          'Anonymous requests may run only the trusted documents of this API (schema/operations): send documentId=sha256:<hex> or the APQ hash of one, or an editor token.',
          'TRUSTED_DOCUMENTS_ONLY',
          403,
        );
    },
    onExecute({ args }) {
      const context = args.contextValue as PipelineContext;
      if (!registering.has(context.request)) return;
      const { query, extensions } = context.params;
      const hash = apqHash(extensions);
      // Parsed, validated with the static limits, hash checked: kept for the next request by hash.
      if (hash && typeof query === 'string' && trustedDocument(hash) === undefined) context.ctx.waitUntil(apqStore.set(hash, query));
    },
  };
}

/** Step 2 of the pipeline (src/server.ts), in order. */
export function useOperationsById() {
  return [useDocumentId(), useTrustedDocuments(), useAutomaticPersistedQueries(), useTrustedOnlySwitch()] as Plugin<PipelineContext>[];
}
