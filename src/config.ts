/**
 * What the deployment says, read once per `env`: whether this is production,
 * the document limits and cost budget, the CORS allow-list and the switches.
 *
 * Production is the default. Only `ENVIRONMENT = "development"`, exactly, set
 * by a developer's own machine (`.dev.vars`, which `npm start` and the tests
 * use), turns the debug aids on; `wrangler.toml` as committed, `npm run deploy`
 * and any other value ("Production", "staging", nothing) are production.
 *
 * Every limit is a `[vars]` entry in wrangler.toml; a value that is not a
 * positive integer falls back to the default (never to "no limit").
 */

/** The limits a document and its variables must stay within before any D1 statement runs. */
export interface Limits {
  /** Lexical tokens in the document (counted while parsing). */
  tokens: number;
  /** Nesting of selections, introspection aside. */
  depth: number;
  /** Aliased fields in the operation, fragments included. */
  aliases: number;
  /** Fields selected at the root of the operation, fragments included. */
  rootFields: number;
  /** Directives used in the operation, fragments included. */
  directives: number;
  /** Fields selected once every fragment is expanded where it is spread. */
  fields: number;
  /** The operation's cost with its variables (src/graphql/cost.ts). */
  cost: number;
}

/**
 * Defaults: every operation in schema/operations and the explorer's
 * introspection pass with room to spare, and little more (tests/limits.test.ts
 * checks both). Figures behind them in bench/RESULTS.md ("Heaviest allowed operations").
 */
export const DEFAULT_LIMITS: Limits = {
  tokens: 2_000,
  depth: 12,
  aliases: 30,
  rootFields: 10,
  directives: 20,
  fields: 500,
  cost: 10_000,
};

const LIMIT_VARS: Record<keyof Limits, string> = {
  tokens: 'MAX_TOKENS',
  depth: 'MAX_DEPTH',
  aliases: 'MAX_ALIASES',
  rootFields: 'MAX_ROOT_FIELDS',
  directives: 'MAX_DIRECTIVES',
  fields: 'MAX_FIELDS',
  cost: 'MAX_COST',
};

export interface Config {
  production: boolean;
  /** Public queries may run as one compiled statement (src/graphql/compile). */
  compile: boolean;
  /** The GraphiQL explorer at /graphql. */
  explorer: boolean;
  /** Public answers kept in the edge cache (src/pipeline/use-edge-cache.ts). */
  edgeCache: boolean;
  limits: Limits;
  /**
   * `TRUSTED_DOCUMENTS_ONLY = "on"`: anonymous requests may run only the trusted
   * documents (schema/persisted-operations.json), however sent; a request with a
   * bearer token may send any document (a token that fails verification is a 401).
   */
  trustedDocumentsOnly: boolean;
  /** Origins a browser may call from: `'*'` for any (never with credentials), or an exact list. */
  corsOrigins: '*' | ReadonlySet<string>;
}

const cache = new WeakMap<object, Config>();
/** The runtime may hand each request a new env object with the same values: read them once per isolate. */
const byValues = new Map<string, Config>();

/** The configuration `env` describes (cached per env object, and per set of values). */
export function config(env: Env): Config {
  let found = cache.get(env);
  if (found) return found;
  const vars = env as unknown as Record<string, unknown>;
  // The vars are the env's string values (bindings are objects): any of them may be one `read` looks at.
  let signature = '';
  for (const name in vars) if (typeof vars[name] === 'string') signature += `${name}=${vars[name]}\u0001`;
  found = byValues.get(signature);
  if (!found) {
    found = read(vars);
    if (byValues.size > 32) byValues.clear();
    byValues.set(signature, found);
  }
  cache.set(env, found);
  return found;
}

function positiveInteger(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

function read(vars: Record<string, unknown>): Config {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_VARS) as (keyof Limits)[]) limits[key] = positiveInteger(vars[LIMIT_VARS[key]], DEFAULT_LIMITS[key]);
  const origins = String(vars.CORS_ORIGINS ?? '*')
    .split(/[\s,]+/)
    .filter(Boolean);
  return {
    production: vars.ENVIRONMENT !== 'development',
    compile: vars.COMPILE !== 'off',
    explorer: vars.EXPLORER !== 'off',
    edgeCache: vars.EDGE_CACHE !== 'off',
    limits,
    trustedDocumentsOnly: vars.TRUSTED_DOCUMENTS_ONLY === 'on',
    // "null" (sandboxed frames, file: pages) is never an allowed origin.
    corsOrigins: origins.length === 0 || origins.includes('*') ? '*' : new Set(origins.filter((o) => o !== 'null')),
  };
}
