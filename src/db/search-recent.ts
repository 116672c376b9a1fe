/**
 * The recent full-text index, `article_search_recent`: the same words as
 * `article_search` (migration `article_search`) for the newest RECENT_ARTICLES
 * stories only, so a search whose newest 1,000 hits are all recent ranks them
 * with bm25 statistics over those stories. bm25's statistics (the number of
 * stories holding each phrase) are a walk of each phrase's whole doclist per
 * statement: over the whole archive that walk grows with it (53 ms for
 * `sanctions Iran`, 127 ms for `united states aid` at 1M articles in sqlite3,
 * against 5 and 12 ms at 100k); over the newest RECENT_ARTICLES it stops growing.
 * A search whose window reaches further back ranks over the whole index: its
 * words are rare enough among recent stories that their doclists are short.
 *
 * Contentless (`content=''`, `contentless_delete=1`, SQLite 3.43+): it keeps no
 * text (snippets come from `article_search`), and a row leaves by its rowid.
 * Triggers on `articles` add every new story, drop stories that fall
 * RECENT_ARTICLES ids behind the newest, and re-index an edited recent story, so
 * every story with `id > max(id) - RECENT_ARTICLES` is in it (older ones may
 * linger where ids have gaps; they only nudge the statistics).
 *
 * The migration (drizzle/*_article_search_recent.sql) is this module's text,
 * printed by scripts/search-recent.ts; tests/search-recent.test.ts checks both.
 */

/** How many of the newest stories (by id) the recent index holds. */
export const RECENT_ARTICLES = 50_000;

export const RECENT_TABLE = 'article_search_recent';

/** The stories the recent index must hold, as a condition on `articles` (alias-free). */
const recentRange = (id: string) => `${id} > (SELECT max(id) FROM articles) - ${RECENT_ARTICLES}`;

/** Every statement of the migration, in order. */
export function recentMigrationStatements(): string[] {
  return [
    `CREATE VIRTUAL TABLE \`${RECENT_TABLE}\` USING fts5(\n  title, dek, body,\n  content='', contentless_delete=1,\n  tokenize='porter unicode61 remove_diacritics 2',\n  prefix='2 3'\n);`,
    // The same column weights as article_search, so a story scores alike in both.
    `INSERT INTO \`${RECENT_TABLE}\` (\`${RECENT_TABLE}\`, \`rank\`) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');`,
    ...recentTriggersSql(),
    ...recentBackfillSql(),
  ];
}

/** The triggers on `articles` that keep the recent index. */
export function recentTriggersSql(): string[] {
  return [
    'CREATE TRIGGER `articles_search_recent_insert` AFTER INSERT ON `articles` BEGIN\n' +
      `  INSERT INTO ${RECENT_TABLE} (rowid, title, dek, body) VALUES (new.id, new.title, new.dek, new.body);\n` +
      `  DELETE FROM ${RECENT_TABLE} WHERE rowid <= new.id - ${RECENT_ARTICLES};\n` +
      'END;',
    'CREATE TRIGGER `articles_search_recent_update` AFTER UPDATE OF title, dek, body ON `articles` BEGIN\n' +
      `  DELETE FROM ${RECENT_TABLE} WHERE rowid = old.id;\n` +
      `  INSERT INTO ${RECENT_TABLE} (rowid, title, dek, body) SELECT new.id, new.title, new.dek, new.body WHERE ${recentRange('new.id')};\n` +
      'END;',
    `CREATE TRIGGER \`articles_search_recent_delete\` AFTER DELETE ON \`articles\` BEGIN\n  DELETE FROM ${RECENT_TABLE} WHERE rowid = old.id;\nEND;`,
  ];
}

/** Fills the recent index from the stories there (the migration's last step, and the corpus loader's). */
export function recentBackfillSql(): string[] {
  return [
    `DELETE FROM ${RECENT_TABLE};`,
    `INSERT INTO ${RECENT_TABLE} (rowid, title, dek, body) SELECT id, title, dek, body FROM articles WHERE ${recentRange('id')};`,
  ];
}

/** The migration's text, split as drizzle-kit splits statements. */
export function recentMigrationSql(): string {
  const header =
    '-- The recent full-text index (src/db/search-recent.ts), written by scripts/search-recent.ts:\n' +
    `-- the newest ${RECENT_ARTICLES.toLocaleString('en-US')} stories, which search ranks with when its newest hits are all among them.\n`;
  return header + recentMigrationStatements().join('\n--> statement-breakpoint\n') + '\n';
}
