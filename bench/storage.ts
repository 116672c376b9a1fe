/**
 * `npx tsx bench/storage.ts 100k [1m ...]`
 *
 * Bytes on disk per article of a corpus of `npm run corpus`: the local D1's
 * SQLite file read with the `sqlite3` shell's `dbstat` virtual table (pages
 * each b-tree holds, at the file's page size), grouped into the articles' rows,
 * the other tables' rows, their indexes, the full-text index (FTS5's shadow
 * tables) and the kept counts; then the article count at which one D1 database
 * (10 GB) fills at that rate. Prints a markdown table (docs/scaling.md).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, readManifest } from '../scripts/corpus/load';
import { parseCount } from '../scripts/corpus/index';

const D1_MAX_BYTES = 10e9;

function sqliteFile(articles: number): string {
  const dir = join(corpusDir({ articles, seed: 1 }), 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no corpus of ${articles} articles: npm run corpus -- --articles ${articles}`);
  return join(dir, file);
}

const sqlite = (file: string, sql: string) =>
  execFileSync('sqlite3', ['-readonly', '-separator', '\t', file, sql], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();

interface Breakdown {
  articles: number;
  fileBytes: number;
  groups: Record<string, number>;
}

function measure(articles: number): Breakdown {
  const file = sqliteFile(articles);
  const manifest = readManifest(corpusDir({ articles, seed: 1 }));
  if (!manifest) throw new Error('no manifest');
  // Which table each index belongs to; FTS5 shadow tables are `<fts>_data`, `_idx`, `_docsize`, `_config`.
  const owners = new Map(
    sqlite(file, "SELECT name, tbl_name, type FROM sqlite_schema WHERE type IN ('table', 'index')")
      .split('\n')
      .map((l) => l.split('\t'))
      .map(([name, table, type]) => [name, { table, type }]),
  );
  const fts = sqlite(file, "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
    .split('\n')
    .filter(Boolean);
  const groups: Record<string, number> = {};
  const add = (g: string, n: number) => (groups[g] = (groups[g] ?? 0) + n);
  for (const line of sqlite(file, 'SELECT name, sum(pgsize) FROM dbstat GROUP BY name').split('\n')) {
    const [name, bytes] = line.split('\t');
    const n = Number(bytes);
    const owner = owners.get(name);
    if (fts.some((f) => name.startsWith(`${f}_`))) add('full-text index (FTS5 shadow tables)', n);
    else if (name === 'articles') add('articles rows (text, HTML, metadata)', n);
    else if (name === 'article_facets') add('search rows (article_facets: visibility, section, facet keys)', n);
    else if (name.startsWith('article_') && owner?.type === 'table') add('link rows (article_countries, _authors, _deals, _equipment)', n);
    else if (name === 'connection_counts' || owner?.table === 'connection_counts') add('kept counts (connection_counts, with its key)', n);
    else if (owner?.type === 'index' || name.startsWith('sqlite_autoindex_')) {
      const table = owner?.table ?? name.replace(/^sqlite_autoindex_(.*)_\d+$/, '$1');
      add(
        table === 'articles' ? 'indexes on articles' : table.startsWith('article_') ? 'indexes on link tables' : 'indexes on other tables',
        n,
      );
    } else add('other tables (sections, authors, countries, equipment, deals, ...)', n);
  }
  const pageSize = Number(sqlite(file, 'PRAGMA page_size'));
  const pages = Number(sqlite(file, 'PRAGMA page_count'));
  const free = Number(sqlite(file, 'PRAGMA freelist_count'));
  add('free pages', free * pageSize);
  return { articles: manifest.articles, fileBytes: pages * pageSize, groups };
}

const sizes = process.argv.slice(2).map(parseCount);
const results = sizes.map(measure);
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const names = [...new Set(results.flatMap((r) => Object.keys(r.groups)))].sort(
  (a, b) => (results[0].groups[b] ?? 0) - (results[0].groups[a] ?? 0),
);
const mb = (n: number) => (n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
const per = (n: number, r: Breakdown) => Math.round(n / r.articles).toLocaleString('en-US');
console.log(`| part | ${results.map((r) => `MB at ${label(r.articles)} | bytes/article at ${label(r.articles)}`).join(' | ')} |`);
console.log(`|---|${results.map(() => '---:|---:').join('|')}|`);
for (const n of names) console.log(`| ${n} | ${results.map((r) => `${mb(r.groups[n] ?? 0)} | ${per(r.groups[n] ?? 0, r)}`).join(' | ')} |`);
console.log(`| **whole file** | ${results.map((r) => `**${mb(r.fileBytes)}** | **${per(r.fileBytes, r)}**`).join(' | ')} |`);
console.log('');
for (const r of results) {
  const perArticle = r.fileBytes / r.articles;
  console.log(
    `- at ${label(r.articles)}: ${Math.round(perArticle).toLocaleString('en-US')} bytes per article; one D1 database (10 GB) holds ~${Math.round(D1_MAX_BYTES / perArticle).toLocaleString('en-US')} articles of this shape`,
  );
}
