/**
 * The version of the names search facets show: `facet_names_version`, one row
 * whose `version` changes (a fresh random value) whenever a section, country or
 * piece of equipment is added, renamed, re-slugged or removed, by SQLite triggers.
 * A search sends the version of the names it holds and reads the names (every
 * row of sections, countries and equipment: ~320 rows read in the bench corpus,
 * growing with the catalogue) only when it differs, so a search reads one row
 * for them instead. Random, not a counter: a database restored to an earlier
 * point (D1 Time Travel) and edited again must not reach a version an isolate
 * already holds with other names.
 *
 * The migration (drizzle/*_facet_names_triggers.sql) is this module's text,
 * printed by scripts/facet-names.ts; tests/search-facets.test.ts checks both.
 */

export const FACET_NAMES_TABLE = 'facet_names_version';

/** A new version: 16 random hex digits. */
const FRESH = 'lower(hex(randomblob(8)))';

/** What changes a name a facet shows: the table and the columns read from it. */
const NAMED = [
  { table: 'sections', columns: ['slug', 'name'] },
  { table: 'countries', columns: ['code', 'name'] },
  { table: 'equipment', columns: ['slug', 'name'] },
] as const;

/** Every statement of the migration, in order: the row, then the triggers. */
export function facetNamesMigrationStatements(): string[] {
  const bump = `  UPDATE \`${FACET_NAMES_TABLE}\` SET \`version\` = ${FRESH} WHERE \`id\` = 1;\n`;
  return [
    `INSERT INTO \`${FACET_NAMES_TABLE}\` (\`id\`, \`version\`) VALUES (1, ${FRESH});`,
    ...NAMED.flatMap(({ table, columns }) => [
      `CREATE TRIGGER \`${table}_facet_names_insert\` AFTER INSERT ON \`${table}\` BEGIN\n${bump}END;`,
      `CREATE TRIGGER \`${table}_facet_names_update\` AFTER UPDATE OF ${columns.map((c) => `\`${c}\``).join(', ')} ON \`${table}\` BEGIN\n${bump}END;`,
      `CREATE TRIGGER \`${table}_facet_names_delete\` AFTER DELETE ON \`${table}\` BEGIN\n${bump}END;`,
    ]),
  ];
}

/** The migration file's text (drizzle-kit's statement breakpoints between statements). */
export function facetNamesMigrationSql(): string {
  return `-- The version of the names search facets show (src/db/facet-names.ts), written by scripts/facet-names.ts.\n${facetNamesMigrationStatements().join('\n--> statement-breakpoint\n')}\n`;
}
