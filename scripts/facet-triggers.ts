/**
 * Prints the migration that keeps `article_facets` (src/db/search-facets.ts):
 * its triggers, then the statements that fill it from the rows already there.
 *   npx tsx scripts/facet-triggers.ts > drizzle/<folder>/migration.sql
 * (the folder from `npx drizzle-kit generate --custom --name article_facet_triggers`).
 * tests/search-facets.test.ts checks that the migration on disk is this text.
 */
import { facetMigrationSql } from '../src/db/search-facets';

process.stdout.write(facetMigrationSql());
