/**
 * Loads the synthetic corpus into a local D1: the same SQLite-backed D1 that
 * Miniflare (and so `wrangler dev` and the tests) run, persisted in a folder the
 * benchmark opens again. The schema comes from the real migrations
 * (drizzle/*.sql, in name order, triggers included), so FTS triggers and indexes
 * are the production ones. Inserts are multi-row statements of at most 100
 * bound parameters (D1's limit), sent in batches through the D1 binding of a
 * tiny loader Worker (one HTTP request per batch: Miniflare's Node-side binding
 * proxy costs ~5 ms of CPU per article serialising parameters, plain JSON far less).
 *
 * Why the binding and not better-sqlite3 on the file: better-sqlite3 has no
 * prebuilt binary reachable here and compiles from source for ~5 minutes on a
 * fresh machine (CI), while the binding needs nothing new and is the real D1.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { articleChunks, insertStatements, referenceData, type CorpusOptions, type Row, type Statement } from './generate';
import { Progress } from './progress';
import { counterBackfillSql } from '../../src/db/counters';
import { facetBackfillSql } from '../../src/db/search-facets';
import { RECENT_TABLE, recentBackfillSql } from '../../src/db/search-recent';

/** The D1 database id the loader and the benchmark share inside a corpus folder. */
export const CORPUS_D1_ID = 'bench-corpus';
export const ROOT = new URL('../../', import.meta.url).pathname;
const MIGRATIONS_DIR = join(ROOT, 'drizzle');
/** Statements per `batch()` call: large enough to amortise the round trip, small enough to keep requests ~2 MB. */
const BATCH_STATEMENTS = 40;

export interface Manifest {
  articles: number;
  seed: number;
  /** Changes when a migration or the generator changes, so a stale corpus is rebuilt. */
  fingerprint: string;
  loadedAt: string;
  loadSeconds: number;
  rows: Record<string, number>;
  /** Migrations applied to the corpus after it was built (see `migrateCorpus`), with their wall time. */
  migrated?: { file: string; seconds: number; at: string }[];
}

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

export function fingerprint(migrations = migrationFiles()): string {
  const hash = createHash('sha256');
  for (const f of migrations) hash.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  // What decides the rows: the generator, its PRNG and word lists (not the loader or the progress bar).
  const here = new URL('./', import.meta.url).pathname;
  for (const f of ['generate.ts', 'prng.ts', 'vocabulary.ts']) hash.update(f).update(readFileSync(join(here, f)));
  hash.update(readFileSync(join(ROOT, 'src/content/blocks.ts')));
  return hash.digest('hex').slice(0, 16);
}

export const corpusDir = (opts: CorpusOptions) => join(ROOT, '.wrangler', 'bench', `corpus-${opts.articles}-seed${opts.seed}`);

export function readManifest(dir: string): Manifest | null {
  const file = join(dir, 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
}

/** Runs a JSON list of `{ sql, params }` as one atomic D1 batch; answers each statement's rows. */
const LOADER_WORKER = `export default {
  async fetch(request, env) {
    const statements = await request.json();
    try {
      const results = await env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));
      return Response.json(results.map((r) => r.results ?? []));
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};`;

/**
 * Loopback ports the loader may listen on (8793 and 8794 are the benchmark's and wrangler dev's);
 * CORPUS_LOADER_PORTS=8796-8799 narrows them when parallel sessions share the machine.
 */
const LOADER_PORTS = portRange(process.env.CORPUS_LOADER_PORTS ?? '8795-8799');

function portRange(text: string): number[] {
  const [from, to = from] = text.split('-').map(Number);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new Error(`not a port range: ${text}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A Miniflare holding the corpus D1 and the loader Worker, on the first free loader port. */
async function startLoader(dir: string): Promise<Miniflare> {
  for (const port of LOADER_PORTS) {
    const mf = corpusMiniflare(dir, port);
    try {
      await mf.ready;
      return mf;
    } catch (e) {
      await mf.dispose().catch(() => undefined);
      if ((e as { code?: string }).code !== 'ERR_ADDRESS_IN_USE') throw e;
    }
  }
  throw new Error(`ports ${LOADER_PORTS.join(', ')} are all in use`);
}

function corpusMiniflare(dir: string, port: number) {
  return new Miniflare({
    host: '127.0.0.1',
    port,
    modules: true,
    script: LOADER_WORKER,
    compatibilityDate: '2026-04-01',
    d1Databases: { DB: CORPUS_D1_ID },
    d1Persist: join(dir, 'd1'),
  });
}

async function runBatches(mf: Miniflare, statements: Statement[]): Promise<Row[][]> {
  const results: Row[][] = [];
  for (let i = 0; i < statements.length; i += BATCH_STATEMENTS) {
    const res = await mf.dispatchFetch('http://loader/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(statements.slice(i, i + BATCH_STATEMENTS)),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`D1 batch failed: ${text}`);
    results.push(...(JSON.parse(text) as Row[][]));
  }
  return results;
}

const query = async (mf: Miniflare, sql: string) => (await runBatches(mf, [{ sql, params: [] }]))[0];

/**
 * The triggers that keep an FTS5 index in sync with its content table, as the
 * migrations created them (sqlite_master keeps each CREATE TRIGGER's text
 * verbatim, so the last migration's definition is what comes back), and the
 * FTS5 tables to rebuild. Firing those triggers on each of 100k inserts made
 * the load take 15 minutes; one 'rebuild' at the end indexes the same rows.
 */
async function ftsTriggers(mf: Miniflare) {
  const ftsTables = (
    await query(mf, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`)
  ).map((r) => String(r.name));
  const triggers = (await query(mf, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`))
    .map((r) => ({ name: String(r.name), sql: String(r.sql) }))
    .filter((t) => ftsTables.some((fts) => t.sql.includes(`\`${fts}\``) || new RegExp(`\\b${fts}\\b`).test(t.sql)));
  return { ftsTables, triggers };
}

/**
 * Builds the corpus in `dir` (replacing what is there) and returns its manifest.
 * Generation in Node overlaps with inserts in workerd: the next chunk is drawn
 * while the previous one is written.
 */
export async function loadCorpus(opts: CorpusOptions, dir = corpusDir(opts)): Promise<Manifest> {
  const started = Date.now();
  // What this build applies, read now: a migration added while it runs is not in it.
  const migrations = migrationFiles();
  const builtFrom = fingerprint(migrations);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const mf = await startLoader(dir);
  try {
    // Each migration file runs whole, as one statement list (local D1 executes them all).
    for (const file of migrations) await runBatches(mf, [{ sql: readFileSync(join(MIGRATIONS_DIR, file), 'utf8'), params: [] }]);
    const fts = await ftsTriggers(mf);
    const migrationText = migrations.map((f) => readFileSync(join(MIGRATIONS_DIR, f), 'utf8')).join('\n');
    for (const t of fts.triggers)
      if (!migrationText.includes(t.sql)) throw new Error(`trigger ${t.name} is not as a migration file writes it`);
    await runBatches(
      mf,
      fts.triggers.map((t) => ({ sql: `DROP TRIGGER \`${t.name}\``, params: [] })),
    );
    // The kept counts' triggers (src/db/counters.ts) and the facet keys' (src/db/search-facets.ts) likewise:
    // one GROUP BY per counter, and one for the keys, at the end fill the same rows.
    const counters = (
      await query(
        mf,
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%\\_count\\_%' ESCAPE '\\' OR name LIKE '%\\_facets\\_%' ESCAPE '\\') ORDER BY name`,
      )
    ).map((r) => ({
      name: String(r.name),
      sql: String(r.sql),
    }));
    for (const t of counters) if (!migrationText.includes(t.sql)) throw new Error(`trigger ${t.name} is not as a migration file writes it`);
    await runBatches(
      mf,
      counters.map((t) => ({ sql: `DROP TRIGGER \`${t.name}\``, params: [] })),
    );

    const ref = referenceData(opts);
    const rows: Record<string, number> = {};
    const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
    const reference: [string, Row[]][] = [
      ['sections', ref.sections],
      ['authors', ref.authors],
      ['countries', ref.countries],
      ['equipment', ref.equipment],
      ['equipment_operators', ref.equipmentOperators],
      ['deals', ref.deals],
      ['deal_parties', ref.dealParties],
      ['deal_equipment', ref.dealEquipment],
    ];
    for (const [table, list] of reference) {
      await runBatches(mf, insertStatements(table, list));
      count(table, list.length);
    }

    const progress = new Progress(`corpus ${opts.articles.toLocaleString('en-US')} articles (seed ${opts.seed})`, opts.articles);
    let done = 0;
    let pending: Promise<void> = Promise.resolve();
    for (const chunk of articleChunks(opts, ref, 300)) {
      const tables: [string, Row[]][] = [
        ['articles', chunk.articles],
        ['article_authors', chunk.articleAuthors],
        ['article_countries', chunk.articleCountries],
        ['article_deals', chunk.articleDeals],
        ['article_equipment', chunk.articleEquipment],
      ];
      await pending;
      pending = (async () => {
        for (const [table, list] of tables) {
          await runBatches(mf, insertStatements(table, list));
          count(table, list.length);
        }
        done += chunk.articles.length;
        progress.update(done);
      })();
    }
    await pending;
    progress.done();
    // One index build over all rows, then the triggers back exactly as the migrations wrote them (one atomic batch).
    const indexStarted = Date.now();
    await runBatches(mf, [
      // A contentless index ('rebuild' needs content) is filled by its own statements.
      ...fts.ftsTables.flatMap((t) =>
        t === RECENT_TABLE
          ? recentBackfillSql().map((sql) => ({ sql, params: [] }))
          : [{ sql: `INSERT INTO \`${t}\` (\`${t}\`) VALUES ('rebuild')`, params: [] }],
      ),
      ...fts.triggers.map((t) => ({ sql: t.sql, params: [] })),
      ...(counters.some((t) => t.name.includes('_count_')) ? counterBackfillSql().map((sql) => ({ sql, params: [] })) : []),
      ...(counters.some((t) => t.name.includes('_facets_')) ? facetBackfillSql().map((sql) => ({ sql, params: [] })) : []),
      ...counters.map((t) => ({ sql: t.sql, params: [] })),
    ]);
    const restored = (await ftsTriggers(mf)).triggers;
    if (JSON.stringify(restored) !== JSON.stringify(fts.triggers))
      throw new Error('FTS triggers not restored as the migrations define them');
    console.log(
      `full-text index (${fts.ftsTables.join(', ')}) built in ${((Date.now() - indexStarted) / 1000).toFixed(1)}s; ${fts.triggers.length} triggers restored`,
    );
    await runBatches(mf, [{ sql: 'PRAGMA optimize', params: [] }]).catch(() => undefined);

    const manifest: Manifest = {
      articles: opts.articles,
      seed: opts.seed,
      fingerprint: builtFrom,
      loadedAt: new Date().toISOString(),
      loadSeconds: Math.round((Date.now() - started) / 100) / 10,
      rows,
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    await mf.dispose();
  }
}

/**
 * The migrations a corpus built before them lacks, when only that differs: its
 * fingerprint is that of the same generator with the first k migration files,
 * and the rest came later. Null when the generator (or an applied migration) changed.
 */
export function pendingMigrations(manifest: Manifest): string[] | null {
  const files = migrationFiles();
  for (let k = files.length - 1; k > 0; k--) if (fingerprint(files.slice(0, k)) === manifest.fingerprint) return files.slice(k);
  return null;
}

/**
 * Applies migrations to a built corpus as `wrangler d1 migrations apply` would to
 * a production database holding the same rows (each file whole, in order: a
 * migration's backfill runs over every row there), and records each one's time
 * in the manifest. A 1M-article corpus takes ~25 minutes to build; a migration
 * adding an index or a kept count takes seconds to minutes.
 */
export async function migrateCorpus(dir: string, manifest: Manifest, files: string[]): Promise<Manifest> {
  const mf = await startLoader(dir);
  const migrated = [...(manifest.migrated ?? [])];
  try {
    for (const file of files) {
      const started = Date.now();
      await runBatches(mf, [{ sql: readFileSync(join(MIGRATIONS_DIR, file), 'utf8'), params: [] }]);
      migrated.push({ file, seconds: Math.round((Date.now() - started) / 100) / 10, at: new Date().toISOString() });
      console.log(`migrated ${dir}: ${file} in ${migrated.at(-1)!.seconds}s`);
    }
    await runBatches(mf, [{ sql: 'PRAGMA optimize', params: [] }]).catch(() => undefined);
  } finally {
    await mf.dispose();
  }
  const next: Manifest = { ...manifest, fingerprint: fingerprint(), migrated };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(next, null, 2) + '\n');
  return next;
}

/** The corpus folder for `opts`, built unless an up-to-date one is there (or one that only lacks later migrations: those are applied). */
export async function ensureCorpus(opts: CorpusOptions): Promise<{ dir: string; manifest: Manifest; reused: boolean }> {
  const dir = corpusDir(opts);
  const existing = readManifest(dir);
  if (existing && existing.fingerprint === fingerprint()) return { dir, manifest: existing, reused: true };
  const pending = existing && pendingMigrations(existing);
  if (existing && pending) return { dir, manifest: await migrateCorpus(dir, existing, pending), reused: true };
  return { dir, manifest: await loadCorpus(opts, dir), reused: false };
}
