/**
 * Mutations only in a JSON POST. A browser sends form-encoded, multipart and
 * text bodies cross-site without a CORS preflight, so a page elsewhere could
 * make a logged-in editor's browser post a mutation; such bodies (and
 * `application/graphql`) may still carry queries, never a mutation (415).
 * GET never runs a mutation (yoga answers 405).
 *
 * Not yoga's CSRF prevention plugin: it refuses every request without a JSON
 * content type or a custom header, GET queries included, which would break
 * plain links, caches and clients that send GET without extra headers.
 */
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PipelineContext } from './context';

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/** Whether a Content-Type header names JSON (parameters such as charset aside). */
export function isJsonContentType(contentType: string | null): boolean {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  return type != null && JSON_TYPES.includes(type);
}

export function useJsonMutations(): Plugin<PipelineContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { request } = args.contextValue as PipelineContext;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      if (request.method === 'POST' && isJsonContentType(request.headers.get('content-type'))) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('Mutations are accepted only in a POST with Content-Type: application/json.', {
            extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
          }),
        ],
      });
    },
  };
}
