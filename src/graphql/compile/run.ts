/**
 * Running a plan for one request: its arguments read, the statement of its
 * variant (rendered once, ./sql.ts) bound and sent, the row shaped (./shape.ts).
 */
import { GraphQLError, getArgumentValues, getVariableValues, type GraphQLSchema } from 'graphql';
import type { SQL } from 'drizzle-orm';
import { d1UnavailableError } from '../../db/retry';
import { listVariant, render, statementSql, type Bound } from './sql';
import { rootShape } from './shape';
import { Fallback, type Runtime, type Tree } from './tree';

/** D1's limits on one statement (https://developers.cloudflare.com/d1/platform/limits/). */
const D1_MAX_PARAMS = 100;
const D1_MAX_SQL_BYTES = 100_000;
/** Most statements one plan keeps (a root list's order, cursor and filters make its variants). */
const MAX_VARIANTS = 32;

/** A statement ready to bind, or why a request of this variant goes to the resolvers. */
type Statement = { text: string; binds: Bound[] } | { fallback: string };

/** A planned operation: its tree, its roots' shapes, and its statements by root list variant. */
export interface Plan {
  tree: Tree;
  shapes: ReturnType<typeof rootShape>[];
  statements: Map<string, Statement>;
}

export function planOf(tree: Tree): Plan {
  return { tree, shapes: tree.roots.map(rootShape), statements: new Map() };
}

/** The statement of a plan for these root list variants, rendered on first use and kept. */
function statementOf(plan: Plan, rt: Runtime): Statement {
  const variants = plan.tree.roots.map((root) => (root.kind === 'articleList' ? listVariant(root, rt) : undefined));
  const key = variants.map((v) => (v ? `${v.desc ? 'd' : 'a'}${v.after ? '+' : ''}${v.filters.join(',')}` : '')).join('|');
  let statement = plan.statements.get(key);
  if (!statement) {
    statement = build(statementSql(plan.tree, variants));
    // A few variants are all a client sends; past that a document's variants are rendered per request, not kept.
    if (plan.statements.size < MAX_VARIANTS) plan.statements.set(key, statement);
  }
  return statement;
}

function build(sql: SQL | null): Statement {
  if (!sql) return { text: '', binds: [] };
  let statement: { text: string; binds: Bound[] };
  try {
    statement = render(sql);
  } catch (error) {
    if (error instanceof Fallback) return { fallback: error.message };
    throw error;
  }
  // Over D1's limits the statement would fail: the resolvers answer instead, with a statement per root.
  if (statement.binds.length > D1_MAX_PARAMS) return { fallback: 'bound parameters' };
  // (The text is ASCII: names and placeholders; values are bound.)
  if (statement.text.length > D1_MAX_SQL_BYTES) return { fallback: 'statement length' };
  return statement;
}

/** What running a plan needs: the schema, the raw variables, the clock and a D1 handle. */
export interface RunInput {
  schema: GraphQLSchema;
  variableValues?: Record<string, unknown> | null;
  now: number;
  d1: D1Database;
}

/**
 * What running a plan for one request came to: the answer, or a request the
 * resolvers must answer instead. `sent` says whether the plan's statement ran
 * first (only when the row holds a value the schema refuses, which the
 * resolvers then report as they always do); otherwise nothing was sent.
 */
export type RunResult = { data: Record<string, unknown> } | { fallback: string; sent: boolean };

/**
 * Runs a plan: one statement, one round trip. Whether the request can run as
 * the plan is decided before the statement is sent (variables, arguments, page
 * sizes, cursors, the statement's size and parameter count); a statement D1
 * fails is thrown (see `failedRun`), never answered again by the resolvers,
 * which would only send the same work a second time.
 */
export async function runPlan(plan: Plan, input: RunInput): Promise<RunResult> {
  const variables = getVariableValues(input.schema, plan.tree.variables ?? [], input.variableValues ?? {});
  if (variables.errors) return { fallback: 'variables', sent: false };
  let rt: Runtime;
  let statement: Statement;
  let params: unknown[];
  try {
    const args = plan.tree.argFields.map(({ def, node }) => getArgumentValues(def, node, variables.coerced));
    rt = { now: input.now, args, pages: new Map(), memo: new Map() };
    statement = statementOf(plan, rt);
    if ('fallback' in statement) return { fallback: statement.fallback, sent: false };
    params = statement.binds.map((b) => b.read(rt));
  } catch (error) {
    // getArgumentValues throws GraphQLErrors for arguments that do not coerce, and the article
    // filter for a country code that is not one: the resolvers report them.
    if (error instanceof Fallback || error instanceof GraphQLError) return { fallback: error.message, sent: false };
    throw error;
  }
  let row: Record<string, unknown> = {};
  if (statement.text) {
    const { results } = await input.d1
      .prepare(statement.text)
      .bind(...params)
      .all<Record<string, unknown>>();
    row = results[0] ?? {};
  }
  try {
    const data: Record<string, unknown> = {};
    let column = 0;
    plan.tree.roots.forEach((root, i) => {
      const { width, shape } = plan.shapes[i];
      const values: unknown[] = [];
      for (let n = 0; n < width; n++) values.push(row[`r${column++}`]);
      data[root.key] = shape(values, rt);
    });
    return { data };
  } catch (error) {
    if (error instanceof Fallback) return { fallback: error.message, sent: !!statement.text };
    throw error;
  }
}

/**
 * Whether D1 refused the statement for its size: its one row, the whole answer
 * as JSON, outgrew the largest string or row (~2 MB), or its nesting outgrew
 * SQLite's expression depth (100). A large answer, not a bug: the resolvers
 * answer it instead, in many smaller statements.
 */
export function isTooBig(error: unknown): boolean {
  return /SQLITE_TOOBIG|string or blob too big|too big|Expression tree is too large/i.test(
    String((error as { message?: unknown })?.message ?? error),
  );
}

/**
 * The answer to a plan whose statement failed (what `runPlan` threw): a D1 outage
 * as SERVICE_UNAVAILABLE (HTTP 503, src/db/retry.ts), anything else as an
 * INTERNAL_SERVER_ERROR (HTTP 500), logged: a statement D1 refuses is a compiler bug.
 */
export function failedRun(error: unknown): { errors: GraphQLError[] } {
  const unavailable = d1UnavailableError(error);
  if (unavailable) return { errors: [unavailable] };
  console.error('compiled statement failed', error);
  return { errors: [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } })] };
}
