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
export function validationFailure(issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[]): GraphQLError {
  const fields = issues.map((i) => (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.'));
  const message = issues.map((i, n) => `${fields[n] || 'input'}: ${i.message}`).join('; ');
  return clientError('BAD_USER_INPUT', `Invalid input: ${message}`, { fields });
}

/**
 * Maps errors that are the client's fault but come from libraries (Pothos's
 * invalid global IDs and cursors) to BAD_USER_INPUT; returns undefined for the
 * rest, which stay masked.
 */
export function asClientError(error: unknown): GraphQLError | undefined {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located?.originalError ?? error;
  let client: GraphQLError | undefined;
  if (original instanceof GraphQLError && typeof original.extensions?.code === 'string') client = original;
  else if (original instanceof PothosValidationError) client = badUserInput(original.message);
  if (!client || !located || client === located) return client;
  // Keep where in the operation it happened (path, locations), which the thrown error lacks.
  return new GraphQLError(client.message, {
    nodes: located.nodes,
    source: located.source,
    positions: located.positions,
    path: located.path,
    extensions: client.extensions,
  });
}
