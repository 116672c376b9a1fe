/**
 * Wraps a D1 binding to record what an operation costs: every statement run,
 * alone or in a batch, with its bound parameter count, and the rows D1 says it
 * read. The numbers come from D1's own result metadata.
 */
export interface StatementRecord {
  sql: string;
  params: number;
  /** Rows D1 says this statement read; `null` when D1 gave no metadata (`raw()` returns none). */
  rowsRead: number | null;
}

export class StatementLog {
  statements: StatementRecord[] = [];
  /** Calls that crossed to the database: a batch is one. */
  roundTrips = 0;
  rowsRead = 0;
  /** Milliseconds with at least one call to D1 in flight, as the Worker's clock saw them (overlapping calls count once). */
  ms = 0;
  private inFlight = 0;
  private since = 0;

  /** A call to D1 leaves: starts the clock when none was in flight. */
  begin() {
    if (this.inFlight++ === 0) this.since = performance.now();
  }

  /** A call to D1 came back (or failed). */
  end() {
    if (--this.inFlight === 0) this.ms += performance.now() - this.since;
  }

  record(sql: string, params: number): StatementRecord {
    const record: StatementRecord = { sql, params, rowsRead: null };
    this.statements.push(record);
    return record;
  }

  addMeta(record: StatementRecord, result: unknown) {
    const meta = (result as { meta?: { rows_read?: number } } | null)?.meta;
    if (typeof meta?.rows_read === 'number') {
      record.rowsRead = meta.rows_read;
      this.rowsRead += meta.rows_read;
    }
  }
}

/**
 * D1 returns metadata from `all()`, `run()` and `batch()` only. `first()` is
 * answered through `all()` here (same statement, same result) so its rows
 * count; `raw()` cannot be (rows as objects lose duplicate column names), so a
 * `raw()` statement is logged with `rowsRead: null`. Drizzle uses `raw()` for
 * `$count` and for core `select()` builders run on their own (not in a batch);
 * the API's reads avoid both (src/db/count.ts), and a test checks it.
 */
const RUNS = new Set(['all', 'run', 'raw']);

export function instrument(db: D1Database, log: StatementLog): D1Database {
  const originals = new WeakMap<object, { stmt: D1PreparedStatement; sql: string; params: number }>();

  const wrap = (stmt: D1PreparedStatement, sql: string, params: number): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values), sql, values.length);
        if (typeof prop === 'string' && RUNS.has(prop)) {
          return async (...args: unknown[]) => {
            const record = log.record(sql, params);
            log.roundTrips++;
            log.begin();
            let result: unknown;
            try {
              result = await (target[prop as 'all'] as (...a: unknown[]) => Promise<unknown>)(...args);
            } finally {
              log.end();
            }
            log.addMeta(record, result);
            return result;
          };
        }
        if (prop === 'first') {
          return async (column?: string) => {
            const record = log.record(sql, params);
            log.roundTrips++;
            log.begin();
            let result: D1Result<Record<string, unknown>>;
            try {
              result = await target.all<Record<string, unknown>>();
            } finally {
              log.end();
            }
            log.addMeta(record, result);
            const row = result.results[0];
            if (row === undefined) return null;
            if (column === undefined) return row;
            if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
            return row[column];
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
          const records = stmts.map((s) => {
            const rec = originals.get(s);
            return log.record(rec?.sql ?? '(unknown statement)', rec?.params ?? 0);
          });
          log.roundTrips++;
          log.begin();
          let results: D1Result[];
          try {
            results = await target.batch(stmts.map((s) => originals.get(s)?.stmt ?? s));
          } finally {
            log.end();
          }
          results.forEach((r, i) => log.addMeta(records[i], r));
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * What an operation cost, as responses carry it outside production
 * (`extensions.d1`): written by yoga's d1CostPlugin and by the fast lane
 * (src/pipeline/use-fast-lane.ts), which must send the same bytes.
 */
export function d1Cost(log: StatementLog, compiled: boolean, withLog: boolean) {
  return {
    statements: log.statements.length,
    roundTrips: log.roundTrips,
    rowsRead: log.rowsRead,
    compiled,
    ...(withLog ? { log: log.statements } : {}),
  };
}
