/**
 * The static limits, on the document alone: tokens while parsing, then depth,
 * aliases, root fields and directives as validation rules. Both steps are
 * cached by yoga per document text, so a document is measured once per
 * isolate; a refused one is refused again from the cache. See ./limits.ts.
 */
import type { Plugin } from 'graphql-yoga';
import { config } from '../config';
import { documentRules, isLimitRefusal, parseWithTokenLimit } from './limits';
import type { PipelineContext } from './context';

export function useDocumentLimits(): Plugin<PipelineContext> {
  return {
    onParse({ context, setParseFn }) {
      const { tokens } = config(context.env).limits;
      setParseFn((source, options) => parseWithTokenLimit(source, options, tokens));
    },
    onValidate({ context, addValidationRule }) {
      for (const rule of documentRules(config(context.env).limits)) addValidationRule(rule);
      // One refusal per request: the first limit broken, alone, whatever else is wrong.
      return ({ result, setResult }) => {
        const refusal = result.find(isLimitRefusal);
        if (refusal && result.length > 1) setResult([refusal]);
      };
    },
  };
}
