/**
 * Authentication, before any resolver or input validation runs: a mutation
 * without a verified token, or any operation presenting a token that fails
 * verification (malformed, unknown, revoked), is answered 401 and nothing
 * executes. Which scopes a field needs is the schema's business (scope-auth).
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientError } from '../graphql/errors';
import type { PipelineContext } from './context';
import { withHttp } from './http-errors';

export function useAuthentication(): Plugin<PipelineContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as PipelineContext;
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      if (context.credentials === 'valid' || (context.credentials === 'none' && operation !== 'mutation')) return;
      const message =
        context.credentials === 'invalid'
          ? 'The bearer token is not valid (malformed, unknown or revoked).'
          : 'Mutations need an editor token: send Authorization: Bearer <token>.';
      setResultAndStopExecution({ errors: [withHttp(clientError('UNAUTHENTICATED', message))] });
    },
  };
}
