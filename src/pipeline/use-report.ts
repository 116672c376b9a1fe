/**
 * The last step before the answer is written: every single result says what
 * it cost (`extensions.cost`: { requested, limit }, production included, as
 * Shopify's and GitHub's APIs do) once the operation was priced, and outside
 * production what it cost in D1 terms (`extensions.d1`). A request refused
 * before it had a context (parse, validation, limits) ran no statement: it
 * reports zero.
 *
 * A limit refusal (./limits.ts) is a 400 whatever the client accepts. Yoga
 * marks parse and validation errors as the GraphQL-over-HTTP spec's, which
 * turns them into 200 under `Accept: application/json` (the spec's SHOULD for
 * legacy clients), so the same limit would be a 200 when a validation rule or
 * the parser refuses it and a 400 when the cost step does. A refusal is the
 * server declining to run a document, not the document being invalid: the
 * result's own `http.status` (stripped from the body) keeps it 400
 * (tests/graphql-http-audit.test.ts).
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config';
import { d1Cost, StatementLog } from '../db/instrument';
import { contextOf, type ServerContext } from './context';
import { isLimitRefusal } from './limits';

export function useReport(): Plugin<Record<string, never>, ServerContext> {
  return {
    onResultProcess({ request, result, setResult, serverContext }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const done = result as ExecutionResult;
      const context = contextOf.get(request);
      const extensions: Record<string, unknown> = { ...done.extensions };
      if (context?.report.cost) extensions.cost = context.report.cost;
      if (!config(serverContext.env).production) {
        extensions.d1 = d1Cost(context?.log ?? new StatementLog(), context?.report.compiled === true, context?.debugSql === true);
      }
      if (done.errors?.some(isLimitRefusal)) extensions.http = { status: 400 };
      if (Object.keys(extensions).length) setResult({ ...done, extensions });
    },
  };
}
