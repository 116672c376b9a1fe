/**
 * The operation compiler: a read-only operation over the news graph becomes ONE
 * SQL statement whose single row holds the whole answer as JSON, built by
 * SQLite (json_array / json_group_array over correlated sub-selects), then
 * shaped into the response by a walk that only renames and serializes. This is
 * what Hasura and PostGraphile do on Postgres; here it skips the per-field
 * resolver machinery (plugin-drizzle's query mapping, drizzle's SQL builder and
 * row mapping, the executor's per-field work), which is most of a nested
 * list's CPU on a Worker (bench/RESULTS.md).
 *
 * In stages, as Join Monster's GraphQL AST → SQL AST → SQL → shape:
 *   ./plan.ts   selection → a Tree (./tree.ts), from the recipes the schema's
 *               fields carry (./recipes.ts, written in src/graphql/types/*);
 *   ./sql.ts    Tree → one statement of drizzle `sql` fragments, rendered once,
 *               its per-request values bound (./strategy.ts: linked pages);
 *   ./shape.ts  the row → the response;
 *   ./run.ts    one request: arguments, statement, D1, shape.
 *
 * It compiles a subset and says no to the rest: any field, argument, directive
 * or type condition without a recipe makes the whole operation run through the
 * resolvers as before, and so does anything surprising in a request, decided
 * before its statement is sent (a variable that does not coerce, an argument
 * outside what it handles, a statement over D1's limits). After the statement,
 * only a value the schema would refuse sends the request to the resolvers; a
 * statement that fails is an error, never run again by the resolvers (see
 * runPlan). The resolvers stay the reference: tests/compiled.test.ts answers
 * every operation both ways.
 *
 * A plan is built once per parsed document (yoga caches documents) and
 * operation; per request it only reads arguments, binds the statement and
 * shapes the row.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { planTree } from './plan';
import { planOf, type Plan } from './run';
import { Fallback } from './tree';

export { Fallback } from './tree';
export { MAX_PLANNED_FIELDS } from './plan';
export { LINKS_COUNTED_MAX } from './strategy';
export { failedRun, isTooBig, runPlan, type Plan, type RunInput, type RunResult } from './run';

const plans = new WeakMap<DocumentNode, Map<string, Plan | null>>();

/** The plan of a query (cached per document and operation), or null when it is not compilable. */
export function planOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Plan | null {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const cacheKey = operationName ?? '';
  if (byName.has(cacheKey)) return byName.get(cacheKey)!;
  let plan: Plan | null = null;
  try {
    plan = planOf(planTree(schema, document, operationName));
  } catch (error) {
    if (!(error instanceof Fallback)) throw error;
  }
  byName.set(cacheKey, plan);
  return plan;
}
