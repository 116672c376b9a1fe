/**
 * The narrow row a search reads per hit (`article_facets`), kept by SQLite
 * triggers: the article's visibility columns (status, published_at, deleted_at),
 * its section and its facet keys. A search checks, filters and counts each hit
 * from this one row, one primary-key look-up, instead of an articles index entry
 * plus every country, equipment and deal link (about six link rows a hit: 30,000
 * rows read for a 1,000-hit window, src/graphql/types/search-sql.ts).
 *
 * `keys` holds space-separated tokens: `c<country id>`, `e<equipment id>` and
 * `d<deal kind>` (each kind once, however many deals of that kind the story links).
 *
 * The migration (drizzle/*_article_facet_triggers.sql) is this module's text,
 * printed by scripts/facet-triggers.ts; tests/search-facets.test.ts checks both.
 */

/** The token kinds in `article_facets.keys`. */
export const FACET_TOKEN = { country: 'c', equipment: 'e', dealKind: 'd' } as const;

/** The article columns the row copies. */
const COPIED = ['status', 'published_at', 'deleted_at', 'section_id'] as const;

/** The keys of article `id` (an SQL expression) from its links, '' when it has none. */
function keysOf(id: string): string {
  return (
    `coalesce((SELECT group_concat(k, ' ') FROM (` +
    `SELECT '${FACET_TOKEN.country}' || country_id AS k FROM article_countries WHERE article_id = ${id}` +
    ` UNION SELECT '${FACET_TOKEN.equipment}' || equipment_id FROM article_equipment WHERE article_id = ${id}` +
    ` UNION SELECT '${FACET_TOKEN.dealKind}' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = ${id})), '')`
  );
}

/** Rewrites the keys of article `id` (no row: the article is gone, nothing to do). */
const refresh = (id: string) => `UPDATE article_facets SET keys = ${keysOf(id)} WHERE article_id = ${id};`;

const LINKS = ['article_countries', 'article_equipment', 'article_deals'] as const;

/** The triggers, one CREATE TRIGGER each. Their names contain `_facets_` (the corpus loader finds them so). */
export function facetTriggersSql(): string[] {
  const out: string[] = [
    'CREATE TRIGGER `articles_facets_insert` AFTER INSERT ON `articles` BEGIN\n' +
      `  INSERT OR REPLACE INTO article_facets (article_id, ${COPIED.join(', ')}, keys) VALUES (new.id, ${COPIED.map((c) => `new.${c}`).join(', ')}, ${keysOf('new.id')});\n` +
      'END;',
    `CREATE TRIGGER \`articles_facets_update\` AFTER UPDATE OF ${COPIED.join(', ')} ON \`articles\` BEGIN\n` +
      `  UPDATE article_facets SET ${COPIED.map((c) => `${c} = new.${c}`).join(', ')} WHERE article_id = new.id;\n` +
      'END;',
    'CREATE TRIGGER `articles_facets_delete` AFTER DELETE ON `articles` BEGIN\n  DELETE FROM article_facets WHERE article_id = old.id;\nEND;',
  ];
  for (const table of LINKS) {
    out.push(`CREATE TRIGGER \`${table}_facets_insert\` AFTER INSERT ON \`${table}\` BEGIN\n  ${refresh('new.article_id')}\nEND;`);
    out.push(`CREATE TRIGGER \`${table}_facets_delete\` AFTER DELETE ON \`${table}\` BEGIN\n  ${refresh('old.article_id')}\nEND;`);
    out.push(
      `CREATE TRIGGER \`${table}_facets_update\` AFTER UPDATE ON \`${table}\` BEGIN\n  ${refresh('old.article_id')}\n  ${refresh('new.article_id')}\nEND;`,
    );
  }
  out.push(
    'CREATE TRIGGER `deals_facets_update` AFTER UPDATE OF kind ON `deals` WHEN old.kind IS NOT new.kind BEGIN\n' +
      `  UPDATE article_facets SET keys = ${keysOf('article_facets.article_id')} WHERE article_id IN (SELECT article_id FROM article_deals WHERE deal_id = new.id);\n` +
      'END;',
  );
  return out;
}

/**
 * Every article's row from the rows there, as `SELECT article_id, status, published_at, deleted_at, section_id, keys`.
 * The article columns come from the covering index `articles_id_status_published_at_deleted_at_section_id_idx`
 * (never the long rows), the keys from one GROUP BY over the links.
 */
export function facetFreshSql(): string {
  const links =
    `SELECT article_id, group_concat(k, ' ') AS keys FROM (` +
    `SELECT article_id, '${FACET_TOKEN.country}' || country_id AS k FROM article_countries` +
    ` UNION SELECT article_id, '${FACET_TOKEN.equipment}' || equipment_id FROM article_equipment` +
    ` UNION SELECT ad.article_id, '${FACET_TOKEN.dealKind}' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id)` +
    ' GROUP BY article_id';
  return (
    `SELECT a.id AS article_id, ${COPIED.map((c) => `a.${c} AS ${c}`).join(', ')}, coalesce(l.keys, '') AS keys` +
    ` FROM articles a INDEXED BY articles_id_status_published_at_deleted_at_section_id_idx LEFT JOIN (${links}) l ON l.article_id = a.id`
  );
}

/** Fills `article_facets` from the rows there (the migration's last step, and the corpus loader's). */
export function facetBackfillSql(): string[] {
  return ['DELETE FROM article_facets;', `INSERT INTO article_facets (article_id, ${COPIED.join(', ')}, keys) ${facetFreshSql()};`];
}

/** The migration's text: a header, the triggers, the backfill, split as drizzle-kit splits statements. */
export function facetMigrationSql(): string {
  const header =
    '-- The row search reads per hit (src/db/search-facets.ts), written by scripts/facet-triggers.ts:\n' +
    '-- the triggers that keep article_facets exact, then the rows of the articles already here.\n';
  return header + [...facetTriggersSql(), ...facetBackfillSql()].join('\n--> statement-breakpoint\n') + '\n';
}

/** Counts of each token over the hits' keys, plus sections and years. */
export interface FacetTally {
  sections: Map<number, number>;
  years: Map<number, number>;
  countries: Map<number, number>;
  equipment: Map<number, number>;
  dealKinds: Map<string, number>;
}

/**
 * Tallies hits written one per line as `<section id> <year> <keys…>` (the summary
 * statement's `hits` column; an article without a section has an empty first field).
 */
export function tallyHits(lines: string[]): FacetTally {
  const tally: FacetTally = { sections: new Map(), years: new Map(), countries: new Map(), equipment: new Map(), dealKinds: new Map() };
  const add = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const line of lines) {
    const [section, year, ...keys] = line.split(' ');
    if (section !== '') add(tally.sections, Number(section));
    if (year !== '') add(tally.years, Number(year));
    for (const key of keys) {
      const rest = key.slice(1);
      if (key[0] === FACET_TOKEN.country) add(tally.countries, Number(rest));
      else if (key[0] === FACET_TOKEN.equipment) add(tally.equipment, Number(rest));
      else if (key[0] === FACET_TOKEN.dealKind) add(tally.dealKinds, rest);
    }
  }
  return tally;
}
