/**
 * Limits with the variables, after validation and before execution: the
 * expanded size and the cost of the operation (src/graphql/cost.ts), priced by
 * one walk that visits each fragment once. Above a limit the operation is
 * refused (400, see ./limits.ts) and nothing runs. The price is kept on the
 * context; ./use-report.ts writes it into the answer.
 */
import type { Plugin } from 'graphql-yoga';
import { overLimit, price } from './limits';
import type { PipelineContext } from './context';

export function useCost(): Plugin<PipelineContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as PipelineContext;
      const { limits } = context.config;
      let found;
      try {
        found = price(args.schema, args.document, args.operationName, args.variableValues);
      } catch (error) {
        setResultAndStopExecution({ errors: [error as never] });
        return;
      }
      if (!found) return;
      context.report.cost = { requested: found.cost, limit: limits.cost };
      const refusal = overLimit(found, limits);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
