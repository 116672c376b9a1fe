/**
 * Public read-only queries the compiler covers run as ONE statement built for
 * the whole operation (src/graphql/compile/); anything else, and any
 * request with credentials (drafts, scopes), goes through the resolvers. A
 * query answered this way is remembered for the fast lane (./use-fast-lane.ts).
 */
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { failedRun, isTooBig, planOperation, runPlan } from '../graphql/compile/compile';
import type { PipelineContext } from './context';
import { resolversOnly, type LearnedOperations } from './use-fast-lane';

export function useCompiledQueries(learned: LearnedOperations): Plugin<PipelineContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as PipelineContext;
      if (!context.compile || context.credentials !== 'none') return;
      // The fast lane already ran (or ruled out) the plan for this request: the resolvers answer.
      if (resolversOnly.has(context.request)) return;
      const plan = planOperation(args.schema, args.document, args.operationName);
      if (!plan) return;
      setExecuteFn(async (executionArgs) => {
        let result;
        try {
          result = await runPlan(plan, {
            schema: executionArgs.schema,
            variableValues: executionArgs.variableValues as Record<string, unknown> | undefined,
            now: context.now,
            d1: context.d1,
          });
        } catch (error) {
          // An answer too large for one D1 row: the resolvers read it in smaller pieces.
          if (isTooBig(error)) return executeFn(executionArgs);
          // A statement D1 failed is answered (503 when D1 is down), never run again by the resolvers.
          context.report.compiled = true;
          return failedRun(error);
        }
        if (!('data' in result)) return executeFn(executionArgs);
        context.report.compiled = true;
        // Parsed, validated, within the limits and run as this plan: the lane may answer this text from now on.
        const { query, operationName } = (context as YogaInitialContext).params;
        if (typeof query === 'string')
          learned.remember(query, operationName, { plan, schema: executionArgs.schema, document: executionArgs.document });
        return result;
      });
    },
  };
}
