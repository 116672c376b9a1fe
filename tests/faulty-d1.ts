/**
 * Test-only: wraps the real D1 binding to fail chosen statements with a D1
 * error message, and records every statement the Worker sends (each attempt,
 * each statement of a batch). Tests hand it to the Worker as `env.DB`
 * (`worker.fetch(request, { ...env, DB }, ctx)`), so nothing in src/ can turn
 * faults on: production code has no switch for it.
 */
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../src/index';
import { graphqlPost } from './helpers';

export interface Fault {
  /** Which statements fail (by their SQL). */
  match: (sql: string) => boolean;
  /** The message D1 would throw, e.g. "D1_ERROR: Network connection lost." */
  message: string;
  /** How many more times it fails (Infinity: always). */
  times: number;
}

export class FaultyD1 {
  /** Every statement sent, in order, failed ones included. */
  readonly sent: string[] = [];
  readonly faults: Fault[] = [];

  fail(match: RegExp | ((sql: string) => boolean), message: string, times = Infinity): this {
    this.faults.push({ match: typeof match === 'function' ? match : (sql) => match.test(sql), message, times });
    return this;
  }

  /** Statements sent whose SQL matches. */
  count(match: RegExp): number {
    return this.sent.filter((s) => match.test(s)).length;
  }

  private check(sql: string) {
    this.sent.push(sql);
    const fault = this.faults.find((f) => f.times > 0 && f.match(sql));
    if (!fault) return;
    fault.times--;
    throw new Error(fault.message);
  }

  binding(db: D1Database = env.DB): D1Database {
    const real = new WeakMap<object, D1PreparedStatement>();
    const sqlOf = new WeakMap<object, string>();
    const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
      const proxy = new Proxy(stmt, {
        get: (target, prop) => {
          if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values), sql);
          if (prop === 'all' || prop === 'first' || prop === 'raw' || prop === 'run') {
            return async (...args: unknown[]) => {
              this.check(sql);
              return (target[prop] as (...a: unknown[]) => Promise<unknown>)(...args);
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      real.set(proxy, stmt);
      sqlOf.set(proxy, sql);
      return proxy;
    };
    // The Worker reads and writes in D1 sessions (docs/replication.md): a session's statements fail alike.
    const wrapDb = <T extends D1Database | D1DatabaseSession>(db: T): T =>
      new Proxy(db, {
        get: (target, prop) => {
          if (prop === 'withSession') return (...args: unknown[]) => wrapDb((target as D1Database).withSession(...(args as [string])));
          if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
          if (prop === 'batch') {
            return async (stmts: D1PreparedStatement[]) => {
              for (const s of stmts) this.check(sqlOf.get(s) ?? '(unknown)');
              return target.batch(stmts.map((s) => real.get(s) ?? s));
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    return wrapDb(db);
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs an operation to the Worker (src/index.ts) running on `db` instead of the real binding. */
export async function post(
  db: D1Database,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const request = graphqlPost(query, variables, headers);
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DB: db }, createExecutionContext());
  return { status: response.status, headers: response.headers, body: await response.json() };
}
