/**
 * `npx tsx bench/sql.ts <articles> '<sql>' ['<sql>' ...]`, e.g. `npx tsx bench/sql.ts 100k 'SELECT count(*) FROM articles'`
 *
 * Runs statements on a corpus of `npm run corpus` through a D1 binding (the same
 * local D1 the bench reads) and prints each one's wall time, D1's `rows_read`
 * and the first rows: how to see what one part of a compiled statement reads.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { CORPUS_D1_ID, corpusDir } from '../scripts/corpus/load';
import { parseCount } from '../scripts/corpus/index';

const [size, ...statements] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
  d1Databases: { DB: CORPUS_D1_ID },
  // CORPUS_DIR reads a copy of a corpus instead (to try a schema change without touching the original).
  d1Persist: join(process.env.CORPUS_DIR ?? corpusDir({ articles: parseCount(size ?? '1k'), seed: 1 }), 'd1'),
});
try {
  const db = await mf.getD1Database('DB');
  for (const statement of statements) {
    const t0 = performance.now();
    const result = await db.prepare(statement).all();
    console.log(
      `${(performance.now() - t0).toFixed(1)} ms, rows_read ${result.meta.rows_read}: ${JSON.stringify(result.results).slice(0, 300)}\n  <- ${statement.slice(0, 200)}`,
    );
  }
} finally {
  await mf.dispose();
}
