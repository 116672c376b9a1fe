/**
 * Prints the migration that keeps `connection_counts` (src/db/counters.ts):
 * its triggers, then the statements that fill it from the rows already there.
 *   npx tsx scripts/counter-triggers.ts > drizzle/<folder>/migration.sql
 * (the folder from `npx drizzle-kit generate --custom --name connection_count_triggers`).
 * tests/counters.test.ts checks that the migration on disk is this text.
 */
import { counterMigrationSql } from '../src/db/counters';

process.stdout.write(counterMigrationSql());
