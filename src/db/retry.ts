/**
 * D1 faults: a wrapper of the D1 binding that retries READS that failed with a
 * transient error (a lost connection, the database's Durable Object reset or
 * restarting, a storage timeout), a bounded number of times with small jittered
 * delays, and never retries a write: a write that failed in transit may still
 * have committed, and running it again could apply it twice.
 *
 * When D1 stays down (the retries are spent, it says it is overloaded, or a
 * write met a transient error) the wrapper throws `D1Unavailable`, which
 * `d1UnavailableError` turns into the error clients see: HTTP 503 with
 * `Retry-After` and `extensions.code = SERVICE_UNAVAILABLE`. Any other error
 * (a statement D1 refuses, a constraint) is thrown as D1 threw it.
 *
 * The transient messages are Cloudflare's documented list of D1 errors whose
 * recommended action is "retry" (D1 docs: Observability > Debug D1, and Best
 * practices > Retry queries). D1 itself retries read-only queries up to twice
 * on its side; this covers what still reaches the Worker.
 *
 * Example: `const d1 = retryReads(instrument(env.DB, log))` makes every failed
 * attempt show in the statement log, so retries are visible in `extensions.d1`.
 */
import { GraphQLError } from 'graphql';

/** Messages (or parts) of D1 errors that are worth retrying. */
const TRANSIENT = [
  'Network connection lost',
  'storage caused object to be reset', // "Internal error in D1 DB storage caused object to be reset", and at start-up
  'exceeded timeout which caused object to be reset',
  'reset because its code was updated',
  'Cannot resolve D1 DB due to transient issue',
  'exceeded its memory limit and was reset',
  'exceeded its CPU time limit and was reset',
];
/** D1 is up but refusing work: no retry (it would add to the load), straight to 503. */
const OVERLOADED = ['D1 DB is overloaded'];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a D1 error is one Cloudflare says to retry. */
export function isTransientD1Error(error: unknown): boolean {
  if ((error as { retryable?: unknown } | null)?.retryable === true) return true;
  const message = messageOf(error);
  if (TRANSIENT.some((t) => message.includes(t))) return true;
  // "D1_ERROR: ... timeout" / "timed out" (a storage or network timeout, not a SQL error).
  return /^D1_ERROR\b/.test(message) && /\btime(?:d ?)?out\b|timeout/i.test(message);
}

function isOverloaded(error: unknown): boolean {
  const message = messageOf(error);
  return OVERLOADED.some((t) => message.includes(t));
}

/** D1 did not answer: what the wrapper throws once it stops trying. */
export class D1Unavailable extends Error {
  constructor(
    readonly attempts: number,
    readonly write: boolean,
    options: { cause: unknown },
  ) {
    super(`D1 unavailable after ${attempts} attempt(s)${write ? ' (a write: not retried)' : ''}: ${messageOf(options.cause)}`, options);
    this.name = 'D1Unavailable';
  }
}

/** The D1Unavailable behind an error, through GraphQL's `originalError` and drizzle's `cause` wrappers. */
export function findD1Unavailable(error: unknown): D1Unavailable | undefined {
  for (let e = error, depth = 0; e != null && depth < 8; depth++) {
    if (e instanceof D1Unavailable) return e;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The client's view of a D1 outage, or undefined when `error` is not one: for
 * yoga's error masking (and any other path that answers an error).
 */
export function d1UnavailableError(error: unknown): GraphQLError | undefined {
  if (!findD1Unavailable(error)) return undefined;
  const located = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError('The database is unavailable. Try again in a few seconds.', {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } } },
  });
}

const WRITE_KEYWORDS =
  /\b(insert|update|delete|replace|upsert|create|drop|alter|pragma|attach|detach|vacuum|reindex|analyze|begin|commit|rollback|savepoint|release)\b/i;

/**
 * Whether a statement only reads: it starts with SELECT, WITH or EXPLAIN and names
 * no writing keyword outside string literals and quoted names. Anything unsure counts
 * as a write, which is the safe side (not retried).
 */
export function isReadOnlySql(sql: string): boolean {
  const first = /^[\s(]*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  if (first !== 'select' && first !== 'with' && first !== 'explain') return false;
  // One pass over the text for the usual read (the compiler's statements run to kilobytes);
  // only a text that names a writing keyword is read again without its literals and names.
  if (!WRITE_KEYWORDS.test(sql)) return true;
  const text = sql
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, 'x')
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  return !WRITE_KEYWORDS.test(text);
}

export interface RetryOptions {
  /** Attempts of a read in all (the first one included). */
  attempts?: number;
  /** The first backoff's ceiling; it doubles per attempt (full jitter: a random delay up to it). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** For tests: a clock that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS: Required<RetryOptions> = {
  attempts: 3,
  baseDelayMs: 25,
  maxDelayMs: 250,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const RUNS = new Set(['all', 'first', 'raw', 'run']);

/** Wraps a D1 binding so reads survive transient faults and outages end as `D1Unavailable`. */
export function retryReads(db: D1Database, options: RetryOptions = {}): D1Database {
  const { attempts, baseDelayMs, maxDelayMs, sleep } = { ...DEFAULTS, ...options };
  const inner = new WeakMap<object, D1PreparedStatement>();
  const readOnly = new WeakMap<object, boolean>();

  async function attempt<T>(read: boolean, call: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await call();
      } catch (error) {
        if (isOverloaded(error)) throw new D1Unavailable(n, !read, { cause: error });
        if (!isTransientD1Error(error)) throw error;
        if (!read || n >= attempts) throw new D1Unavailable(n, !read, { cause: error });
        await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1)));
      }
    }
  }

  const wrap = (stmt: D1PreparedStatement, read: boolean): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values), read);
        if (typeof prop === 'string' && RUNS.has(prop)) {
          return (...args: unknown[]) => attempt(read, () => (target[prop as 'all'] as (...a: unknown[]) => Promise<unknown>)(...args));
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    inner.set(proxy, stmt);
    readOnly.set(proxy, read);
    return proxy;
  };

  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), isReadOnlySql(sql));
      if (prop === 'batch') {
        return (stmts: D1PreparedStatement[]) => {
          const read = stmts.every((s) => readOnly.get(s) === true);
          return attempt(read, () => target.batch(stmts.map((s) => inner.get(s) ?? s)));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
