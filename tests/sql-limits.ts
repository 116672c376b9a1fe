/**
 * Reads SQL text for the two D1 limits local SQLite does not enforce the same
 * way (D1 allows 100 bound parameters and 32 arguments per function call; local SQLite allows more): bound parameters per statement, and
 * arguments per SQL function call (`json_object(k1, v1, …)` with more than 16
 * columns breaks D1's 32).
 */

const NOT_FUNCTIONS = new Set([
  'in',
  'values',
  'exists',
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'on',
  'as',
  'using',
  'over',
  'join',
  'materialized',
  'with',
  'by',
  'then',
  'else',
  'when',
  'case',
  'is',
  'like',
  'glob',
  'match',
  'between',
  'into',
  'table',
  'union',
  'all',
]);

export interface FunctionCall {
  name: string;
  args: number;
}

/** Every function call in `sql` with its argument count (strings, quoted names and comments skipped). */
export function functionCalls(sql: string): FunctionCall[] {
  const calls: FunctionCall[] = [];
  // Stack of open parentheses: a call's name and its top-level comma count, or null for grouping.
  const stack: ({ name: string; commas: number; empty: boolean } | null)[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      i = end === -1 ? sql.length : end + 1;
      // Doubled quotes inside a string: continue past them.
      while (sql[i] === ch) {
        const next = sql.indexOf(ch, i + 1);
        i = next === -1 ? sql.length : next + 1;
      }
      markNonEmpty(stack);
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (ch === '(') {
      const before = sql.slice(0, i).match(/([A-Za-z_][A-Za-z0-9_]*)\s*$/);
      const name = before && !NOT_FUNCTIONS.has(before[1].toLowerCase()) && !/["`]\s*$/.test(sql.slice(0, i)) ? before[1] : null;
      stack.push(name ? { name, commas: 0, empty: true } : null);
      i++;
      continue;
    }
    if (ch === ')') {
      const top = stack.pop();
      if (top) calls.push({ name: top.name, args: top.empty ? 0 : top.commas + 1 });
      markNonEmpty(stack);
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === ',' && top) top.commas++;
    else if (!/\s/.test(ch)) markNonEmpty(stack);
    i++;
  }
  return calls;
}

function markNonEmpty(stack: ({ empty: boolean } | null)[]) {
  const top = stack[stack.length - 1];
  if (top) top.empty = false;
}

export const D1_MAX_PARAMS = 100;
export const D1_MAX_FUNCTION_ARGS = 32;
