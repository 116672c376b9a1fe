/**
 * The last step before the answer is written: every single result says what
 * it cost (`extensions.cost`: { requested, limit }, production included, as
 * Shopify's and GitHub's APIs do) once the operation was priced, and outside
 * production what it cost in D1 terms (`extensions.d1`). A request refused
 * before it had a context (parse, validation, limits) ran no statement: it
 * reports zero.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config';
import { d1Cost, StatementLog } from '../db/instrument';
import { contextOf, type ServerContext } from './context';

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
      if (Object.keys(extensions).length) setResult({ ...done, extensions });
    },
  };
}
