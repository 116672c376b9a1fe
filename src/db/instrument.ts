/**
 * Wraps a D1 binding to record what an operation costs: every statement run,
 * alone or in a batch, with its bound parameter count, and the rows D1 says it
 * read. The numbers come from D1's own result metadata.
 */
export interface StatementRecord {
  sql: string;
  params: number;
}

export class StatementLog {
  statements: StatementRecord[] = [];
  /** Calls that crossed to the database: a batch is one. */
  roundTrips = 0;
  rowsRead = 0;

  record(sql: string, params: number) {
    this.statements.push({ sql, params });
  }

  addMeta(result: unknown) {
    const meta = (result as { meta?: { rows_read?: number } } | null)?.meta;
    if (typeof meta?.rows_read === 'number') this.rowsRead += meta.rows_read;
  }
}

const RUNS = new Set(['all', 'run', 'first', 'raw']);

export function instrument(db: D1Database, log: StatementLog): D1Database {
  const originals = new WeakMap<object, { stmt: D1PreparedStatement } & StatementRecord>();

  const wrap = (stmt: D1PreparedStatement, sql: string, params: number): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values), sql, values.length);
        if (typeof prop === 'string' && RUNS.has(prop)) {
          return async (...args: unknown[]) => {
            log.record(sql, params);
            log.roundTrips++;
            const result = await (target[prop as 'all'] as (...a: unknown[]) => Promise<unknown>)(...args);
            log.addMeta(result);
            return result;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    originals.set(proxy, { stmt, sql, params });
    return proxy;
  };

  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql, 0);
      if (prop === 'batch') {
        return async (stmts: D1PreparedStatement[]) => {
          for (const s of stmts) {
            const rec = originals.get(s);
            if (rec) log.record(rec.sql, rec.params);
          }
          log.roundTrips++;
          const results = await target.batch(stmts.map((s) => originals.get(s)?.stmt ?? s));
          for (const r of results) log.addMeta(r);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
