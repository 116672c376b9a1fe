/**
 * Prints the migration that keeps `facet_names_version` (src/db/facet-names.ts):
 * its row, then the triggers that change it.
 *   npx tsx scripts/facet-names.ts > drizzle/<folder>/migration.sql
 * (the folder from `npx drizzle-kit generate --custom --name facet_names_triggers`).
 * tests/search-facets.test.ts checks that the migration on disk is this text.
 */
import { facetNamesMigrationSql } from '../src/db/facet-names';

process.stdout.write(facetNamesMigrationSql());
