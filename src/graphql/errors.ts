/**
 * Errors clients may see. Each carries a stable `extensions.code`; anything
 * else is masked by yoga as INTERNAL_SERVER_ERROR, never showing SQL or stacks.
 */
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function badUserInput(message: string, field?: string): GraphQLError {
  return clientError('BAD_USER_INPUT', message, field ? { field } : {});
}

/** Issues from a standard-schema validator (zod) as one BAD_USER_INPUT error naming the fields. */
export function validationFailure(
  issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[],
): GraphQLError {
  const fields = issues.map((i) => (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.'));
  const message = issues.map((i, n) => `${fields[n] || 'input'}: ${i.message}`).join('; ');
  return clientError('BAD_USER_INPUT', `Invalid input: ${message}`, { fields });
}

/** The messages of graphql-js's variable coercion (`coerceVariableValues`). */
const VARIABLE_ERROR = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type|expected value of type)/;

/**
 * Maps errors that are the client's fault but come from libraries (Pothos's
 * invalid global IDs and cursors) to BAD_USER_INPUT; returns undefined for the
 * rest, which stay masked.
 */
export function asClientError(error: unknown): GraphQLError | undefined {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located?.originalError ?? error;
  let client: GraphQLError | undefined;
  if (original instanceof GraphQLError && typeof original.extensions?.code === 'string') {
    client = original;
    // Yoga's own refusals (a body that is not JSON: BAD_REQUEST) carry the parser's error in
    // `extensions.originalError`, which the response would show: the code and message are the answer.
    if ('originalError' in original.extensions) {
      const { originalError: _parserError, ...extensions } = original.extensions;
      // A body that is not JSON is a 400 whatever the client accepts (GraphQL over HTTP asks it
      // for application/json too): yoga's `spec` flag would make it a 200 there.
      const http = extensions.http as { status?: number; spec?: boolean } | undefined;
      if (http?.spec) extensions.http = { status: http.status ?? 400 };
      client = new GraphQLError(original.message, {
        nodes: original.nodes,
        source: original.source,
        positions: original.positions,
        path: original.path,
        extensions,
      });
    }
  } else if (original instanceof PothosValidationError) client = badUserInput(original.message);
  // graphql-js reports variables it cannot coerce (`{"n": "x"}` for an Int) with no code;
  // yoga's `http` extension (400 for application/graphql-response+json) stays.
  else if (located && !located.path && VARIABLE_ERROR.test(located.message))
    client = new GraphQLError(located.message, { extensions: { ...located.extensions, code: 'BAD_USER_INPUT' } });
  if (!client || !located || client === located) return client;
  // Keep where in the operation it happened (path, locations), which the thrown error lacks.
  return new GraphQLError(client.message, {
    nodes: located.nodes,
    source: located.source,
    positions: located.positions,
    path: located.path,
    // Yoga's `http` (400 for a variable it could not coerce) is on the located error only.
    extensions:
      located.extensions?.http && !client.extensions.http ? { ...client.extensions, http: located.extensions.http } : client.extensions,
  });
}
