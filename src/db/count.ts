import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Context } from '../graphql/context';

/**
 * `SELECT count(*)` through a call that returns D1's metadata. Drizzle's
 * `$count` goes through `raw()`, whose rows D1 never reports, so the
 * `extensions.d1.rowsRead` of an operation using it would be short.
 */
export async function countRows(db: Context['db'], table: SQLiteTable, where?: SQL): Promise<number> {
  const row = await db.get<{ n: number }>(sql`select count(*) as n from ${table}${where ? sql` where ${where}` : sql``}`);
  return row?.n ?? 0;
}
