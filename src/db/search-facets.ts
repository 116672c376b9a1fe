/**
 * Each article's facet keys in one short row (`article_facets`), kept by SQLite
 * triggers, so a search counts its facets from one row per hit instead of
 * joining every hit's country, equipment and deal links (about six link rows a
 * hit: 30,000 rows read for a 1,000-hit window, src/graphql/types/search-sql.ts).
 *
 * `keys` holds space-separated tokens: `c<country id>`, `e<equipment id>` and
 * `d<deal kind>` (each kind once, however many deals of that kind the story
 * links). Section and year come from the article's own covering index.
 *
 * The migration (drizzle/*_article_facet_triggers.sql) is this module's text,
 * printed by scripts/facet-triggers.ts; tests/search-facets.test.ts checks both.
 */

/** The token kinds in `article_facets.keys`. */
export const FACET_TOKEN = { country: 'c', equipment: 'e', dealKind: 'd' } as const;

/** The keys of article `id` (an SQL expression) from its links, '' when it has none. */
function keysOf(id: string): string {
  return (
    `coalesce((SELECT group_concat(k, ' ') FROM (` +
    `SELECT '${FACET_TOKEN.country}' || country_id AS k FROM article_countries WHERE article_id = ${id}` +
    ` UNION SELECT '${FACET_TOKEN.equipment}' || equipment_id FROM article_equipment WHERE article_id = ${id}` +
    ` UNION SELECT '${FACET_TOKEN.dealKind}' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = ${id})), '')`
  );
}

/** Rewrites the keys of article `id`, if the article still exists (a cascade from its deletion skips it). */
function refresh(id: string): string {
  return `INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT ${id}, ${keysOf(id)} WHERE EXISTS (SELECT 1 FROM articles WHERE id = ${id});`;
}

const LINKS = ['article_countries', 'article_equipment', 'article_deals'] as const;

/** The triggers, one CREATE TRIGGER each. Their names contain `_facets_` (the corpus loader finds them so). */
export function facetTriggersSql(): string[] {
  const out: string[] = [];
  for (const table of LINKS) {
    out.push(`CREATE TRIGGER \`${table}_facets_insert\` AFTER INSERT ON \`${table}\` BEGIN\n  ${refresh('new.article_id')}\nEND;`);
    out.push(`CREATE TRIGGER \`${table}_facets_delete\` AFTER DELETE ON \`${table}\` BEGIN\n  ${refresh('old.article_id')}\nEND;`);
    out.push(
      `CREATE TRIGGER \`${table}_facets_update\` AFTER UPDATE ON \`${table}\` BEGIN\n  ${refresh('old.article_id')}\n  ${refresh('new.article_id')}\nEND;`,
    );
  }
  out.push(
    'CREATE TRIGGER `deals_facets_update` AFTER UPDATE OF kind ON `deals` WHEN old.kind IS NOT new.kind BEGIN\n' +
      `  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT l.article_id, ${keysOf('l.article_id')} FROM article_deals l WHERE l.deal_id = new.id;\n` +
      'END;',
  );
  out.push(
    'CREATE TRIGGER `articles_facets_delete` AFTER DELETE ON `articles` BEGIN\n  DELETE FROM article_facets WHERE article_id = old.id;\nEND;',
  );
  return out;
}

/** Each article's keys from the rows there, as `SELECT article_id, keys` (articles without links are absent). */
export function facetFreshSql(): string {
  return (
    `SELECT article_id, group_concat(k, ' ') AS keys FROM (` +
    `SELECT article_id, '${FACET_TOKEN.country}' || country_id AS k FROM article_countries` +
    ` UNION SELECT article_id, '${FACET_TOKEN.equipment}' || equipment_id FROM article_equipment` +
    ` UNION SELECT ad.article_id, '${FACET_TOKEN.dealKind}' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id)` +
    ' GROUP BY article_id'
  );
}

/** Fills `article_facets` from the rows there (the migration's last step, and the corpus loader's). */
export function facetBackfillSql(): string[] {
  return ['DELETE FROM article_facets;', `INSERT INTO article_facets (article_id, keys) ${facetFreshSql()};`];
}

/** The migration's text: a header, the triggers, the backfill, split as drizzle-kit splits statements. */
export function facetMigrationSql(): string {
  const header =
    '-- Facet keys per article (src/db/search-facets.ts), written by scripts/facet-triggers.ts:\n' +
    '-- the triggers that keep article_facets exact, then the keys of the rows already here.\n';
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
