/**
 * Prints the migration that creates and keeps the recent full-text index
 * (src/db/search-recent.ts): the table, its rank weights, its triggers, then the
 * newest stories already there.
 *   npx tsx scripts/search-recent.ts > drizzle/<folder>/migration.sql
 * (the folder from `npx drizzle-kit generate --custom --name article_search_recent`).
 * tests/search-recent.test.ts checks that the migration on disk is this text.
 */
import { recentMigrationSql } from '../src/db/search-recent';

process.stdout.write(recentMigrationSql());
