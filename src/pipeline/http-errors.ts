/**
 * HTTP meaning of the error codes resolvers throw. Resolvers only throw codes;
 * the pipeline turns them into a status and headers. Yoga applies
 * `extensions.http` to the response and strips it from the body.
 */
import { GraphQLError } from 'graphql';

const HTTP_BY_CODE: Record<string, { status: number; headers?: Record<string, string> }> = {
  UNAUTHENTICATED: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="news-graph"' } },
  FORBIDDEN: { status: 403, headers: { 'WWW-Authenticate': 'Bearer realm="news-graph", error="insufficient_scope"' } },
};

export function withHttp(error: GraphQLError): GraphQLError {
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
