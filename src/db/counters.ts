/**
 * Kept counts: `totalCount` of a connection read from one row of
 * `connection_counts` (src/db/schema.ts) instead of counting the parent's
 * links, which at 100k articles read 167,000 rows for the United States' stories
 * (55,000 links, each joined to its article to check it is visible).
 *
 * SQLite triggers keep the rows (drizzle/*_connection_count_triggers.sql, whose
 * text `counterTriggersSql()` writes: `npx tsx scripts/counter-triggers.ts`).
 * For a connection of articles, `n` counts the parent's links to *live* stories
 * (published, not deleted) whatever their `published_at`: a scheduled story
 * becomes visible when its time comes, with no write to fire a trigger, so the
 * reader subtracts the parent's live stories still in the future, found through
 * the `(status, published_at)` index (a newsroom schedules a handful at a time).
 * The count is exact at any clock: visible = live and published_at <= now.
 *
 * The resolvers still count links (src/graphql/types/*, the drizzle plugin's
 * `totalCount`): they stay the reference the compiled path is compared with
 * (tests/compiled.test.ts, tests/counters.test.ts).
 */
import { sql, type SQL } from 'drizzle-orm';

/** Where a connection's rows are and how a parent reaches them. */
export type Counter =
  /** Articles through a junction `junction(article_id, parentKey)`, visible ones only. */
  | { kind: 'article-links'; key: string; junction: string; parentKey: string }
  /** Articles holding the parent's id in a column of their own (`articles.section_id`), visible ones only. */
  | { kind: 'article-column'; key: string; column: string }
  /** Rows of a junction `junction(..., parentKey)`, all of them (deals have no visibility). */
  | { kind: 'links'; key: string; junction: string; parentKey: string };

/** The kept counts, by key; a connection field names its counter in its recipe (`read.connection(…, { counted })`). */
export const COUNTERS: Record<string, Counter> = {
  'country.articles': { kind: 'article-links', key: 'country.articles', junction: 'article_countries', parentKey: 'country_id' },
  'author.articles': { kind: 'article-links', key: 'author.articles', junction: 'article_authors', parentKey: 'author_id' },
  'deal.articles': { kind: 'article-links', key: 'deal.articles', junction: 'article_deals', parentKey: 'deal_id' },
  'equipment.articles': { kind: 'article-links', key: 'equipment.articles', junction: 'article_equipment', parentKey: 'equipment_id' },
  'section.articles': { kind: 'article-column', key: 'section.articles', column: 'section_id' },
  'country.deals': { kind: 'links', key: 'country.deals', junction: 'deal_parties', parentKey: 'country_id' },
  'equipment.deals': { kind: 'links', key: 'equipment.deals', junction: 'deal_equipment', parentKey: 'equipment_id' },
};

/** A story counted by the triggers: published and not deleted (visibility less the clock). */
const live = (a: string) => `${a}.status = 'published' AND ${a}.deleted_at IS NULL`;

/** The kept row of `counter` for the parent row `parent` (0 when there is none). */
function keptSql(counter: Counter, parent: string): SQL {
  return sql`coalesce((SELECT n FROM connection_counts WHERE connection = ${sql.raw(`'${counter.key}'`)} AND parent_id = ${sql.raw(`${parent}.id`)}), 0)`;
}

/**
 * `totalCount` of the counter `key` under the parent row `parent`, or
 * null when there is no such counter. `alias` prefixes the aliases of its
 * sub-selects; `now` is the clock (a bound parameter), read only for
 * connections of articles.
 */
export function keptCountSql(key: string, parent: string, alias: string, now: unknown): SQL | null {
  const counter = COUNTERS[key];
  if (!counter) return null;
  const kept = keptSql(counter, parent);
  if (counter.kind === 'links') return kept;
  const s = sql.raw(`${alias}_s`);
  const parentId = sql.raw(`${parent}.id`);
  const future = sql`${s}.status = 'published' AND ${s}.published_at > ${now} AND ${s}.deleted_at IS NULL`;
  // Scheduled: live but not yet public. CROSS JOIN keeps the (few) scheduled stories outer,
  // read from articles_status_published_at_id_idx, each probed in the junction's primary key.
  const scheduled =
    counter.kind === 'article-links'
      ? sql`SELECT count(*) FROM articles ${s} CROSS JOIN ${sql.raw(counter.junction)} ${sql.raw(`${alias}_s_l`)} ON ${sql.raw(`${alias}_s_l.article_id`)} = ${s}.id AND ${sql.raw(`${alias}_s_l.${counter.parentKey}`)} = ${parentId} WHERE ${future}`
      : sql`SELECT count(*) FROM articles ${s} WHERE ${s}.${sql.raw(counter.column)} = ${parentId} AND ${future}`;
  return sql`(${kept} - (${scheduled}))`;
}

/**
 * How many links to live stories the parent has (scheduled ones included), from
 * the kept row: what the compiler weighs to choose how to read a page of a
 * parent's articles (src/graphql/compile/strategy.ts). Null when the connection has no kept count.
 */
export function keptLinksSql(key: string, parent: string): SQL | null {
  const counter = COUNTERS[key];
  return counter ? keptSql(counter, parent) : null;
}

// ------------------------------------------------------------------ triggers

const upsert = `ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1`;

/**
 * The triggers that keep `connection_counts` exact, and the statements that fill
 * it from the rows already there: the text of the migration
 * drizzle/*_connection_count_triggers.sql (statements split as drizzle-kit
 * splits them). Every write path goes through them, the API's batches and a
 * hand-run UPDATE alike.
 *
 * - A link inserted (deleted) to a live story adds (removes) one for its parent.
 *   A story deleted outright takes its counts in a BEFORE DELETE trigger, while
 *   its links are still there: the links the foreign key then cascades find no
 *   story and change nothing.
 * - A story going live (published and not deleted) adds one for each of its
 *   parents; going dark (a draft again, soft-deleted) removes one; a live story
 *   changing section moves its one.
 * - Deals have no visibility: a party or equipment row adds or removes one.
 */
export function counterTriggersSql(): string[] {
  const out: string[] = [];
  const articleLinks = Object.values(COUNTERS).filter((c): c is Extract<Counter, { kind: 'article-links' }> => c.kind === 'article-links');
  const columns = Object.values(COUNTERS).filter((c): c is Extract<Counter, { kind: 'article-column' }> => c.kind === 'article-column');
  const links = Object.values(COUNTERS).filter((c): c is Extract<Counter, { kind: 'links' }> => c.kind === 'links');

  for (const c of articleLinks) {
    const add = (row: 'new') =>
      `INSERT INTO connection_counts (connection, parent_id, n) SELECT '${c.key}', ${row}.${c.parentKey}, 1 FROM articles a WHERE a.id = ${row}.article_id AND ${live('a')} ${upsert};`;
    const remove = (row: 'old') =>
      `UPDATE connection_counts SET n = n - 1 WHERE connection = '${c.key}' AND parent_id = ${row}.${c.parentKey} AND EXISTS (SELECT 1 FROM articles a WHERE a.id = ${row}.article_id AND ${live('a')});`;
    out.push(
      `CREATE TRIGGER \`${c.junction}_count_insert\` AFTER INSERT ON \`${c.junction}\` BEGIN\n  ${add('new')}\nEND;`,
      `CREATE TRIGGER \`${c.junction}_count_delete\` AFTER DELETE ON \`${c.junction}\` BEGIN\n  ${remove('old')}\nEND;`,
      `CREATE TRIGGER \`${c.junction}_count_update\` AFTER UPDATE OF article_id, ${c.parentKey} ON \`${c.junction}\` BEGIN\n  ${remove('old')}\n  ${add('new')}\nEND;`,
    );
  }
  for (const c of links) {
    out.push(
      `CREATE TRIGGER \`${c.junction}_count_insert\` AFTER INSERT ON \`${c.junction}\` BEGIN\n  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('${c.key}', new.${c.parentKey}, 1) ${upsert};\nEND;`,
      `CREATE TRIGGER \`${c.junction}_count_delete\` AFTER DELETE ON \`${c.junction}\` BEGIN\n  UPDATE connection_counts SET n = n - 1 WHERE connection = '${c.key}' AND parent_id = old.${c.parentKey};\nEND;`,
      `CREATE TRIGGER \`${c.junction}_count_update\` AFTER UPDATE OF ${c.parentKey} ON \`${c.junction}\` BEGIN\n` +
        `  UPDATE connection_counts SET n = n - 1 WHERE connection = '${c.key}' AND parent_id = old.${c.parentKey};\n` +
        `  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('${c.key}', new.${c.parentKey}, 1) ${upsert};\nEND;`,
    );
  }

  // The story itself: inserted, deleted outright, going live or dark, changing section.
  const columnAdd = (c: Extract<Counter, { kind: 'article-column' }>, row: 'new') =>
    `INSERT INTO connection_counts (connection, parent_id, n) SELECT '${c.key}', ${row}.${c.column}, 1 WHERE ${live(row)} AND ${row}.${c.column} IS NOT NULL ${upsert};`;
  const columnRemove = (c: Extract<Counter, { kind: 'article-column' }>, row: 'old') =>
    `UPDATE connection_counts SET n = n - 1 WHERE ${live(row)} AND connection = '${c.key}' AND parent_id = ${row}.${c.column};`;
  out.push(
    `CREATE TRIGGER \`articles_count_insert\` AFTER INSERT ON \`articles\` BEGIN\n${columns.map((c) => `  ${columnAdd(c, 'new')}`).join('\n')}\nEND;`,
  );
  out.push(
    `CREATE TRIGGER \`articles_count_delete\` BEFORE DELETE ON \`articles\` WHEN ${live('old')} BEGIN\n` +
      [
        ...columns.map((c) => `  ${columnRemove(c, 'old')}`),
        ...articleLinks.map(
          (c) =>
            `  UPDATE connection_counts SET n = n - 1 WHERE connection = '${c.key}' AND parent_id IN (SELECT ${c.parentKey} FROM ${c.junction} WHERE article_id = old.id);`,
        ),
      ].join('\n') +
      '\nEND;',
  );
  const wentDark = `${live('old')} AND NOT (${live('new')})`;
  const wentLive = `${live('new')} AND NOT (${live('old')})`;
  out.push(
    `CREATE TRIGGER \`articles_count_update\` AFTER UPDATE OF status, deleted_at, ${columns.map((c) => c.column).join(', ')} ON \`articles\`\n` +
      `WHEN (${live('old')}) IS NOT (${live('new')}) OR ${columns.map((c) => `old.${c.column} IS NOT new.${c.column}`).join(' OR ')} BEGIN\n` +
      [
        ...columns.map((c) => `  ${columnRemove(c, 'old')}`),
        ...columns.map((c) => `  ${columnAdd(c, 'new')}`),
        ...articleLinks.map(
          (c) =>
            `  UPDATE connection_counts SET n = n - 1 WHERE ${wentDark} AND connection = '${c.key}' AND parent_id IN (SELECT ${c.parentKey} FROM ${c.junction} WHERE article_id = old.id);`,
        ),
        ...articleLinks.map(
          (c) =>
            `  INSERT INTO connection_counts (connection, parent_id, n) SELECT '${c.key}', ${c.parentKey}, 1 FROM ${c.junction} WHERE article_id = new.id AND ${wentLive} ${upsert};`,
        ),
      ].join('\n') +
      '\nEND;',
  );
  return out;
}

/** Each counter's counts from the rows there, as `SELECT connection, parent_id, n` (parents with none are absent). */
export function counterFreshSql(): string[] {
  return Object.values(COUNTERS).map((c) =>
    c.kind === 'article-links'
      ? `SELECT '${c.key}' AS connection, l.${c.parentKey} AS parent_id, count(*) AS n FROM ${c.junction} l JOIN articles a ON a.id = l.article_id WHERE ${live('a')} GROUP BY l.${c.parentKey}`
      : c.kind === 'article-column'
        ? `SELECT '${c.key}' AS connection, a.${c.column} AS parent_id, count(*) AS n FROM articles a WHERE ${live('a')} AND a.${c.column} IS NOT NULL GROUP BY a.${c.column}`
        : `SELECT '${c.key}' AS connection, l.${c.parentKey} AS parent_id, count(*) AS n FROM ${c.junction} l GROUP BY l.${c.parentKey}`,
  );
}

/** Fills `connection_counts` from the rows there (the migration's last step). */
export function counterBackfillSql(): string[] {
  return [
    'DELETE FROM connection_counts;',
    ...counterFreshSql().map((select) => `INSERT INTO connection_counts (connection, parent_id, n) ${select};`),
  ];
}

/** The migration's text: a header, the triggers, the backfill, split as drizzle-kit splits statements. */
export function counterMigrationSql(): string {
  const header =
    '-- Kept counts of connections (src/db/counters.ts), written by scripts/counter-triggers.ts:\n' +
    '-- the triggers that keep connection_counts exact, then the counts of the rows already here.\n';
  return header + [...counterTriggersSql(), ...counterBackfillSql()].join('\n--> statement-breakpoint\n') + '\n';
}
