/**
 * `npx tsx bench/rows.ts [--articles 100k] [--op bench/operations/CountryPage.graphql] [--variables '{"code":"US"}'] [--port 8798] [--sql]`
 *
 * What one operation reads: runs it once (after one warm-up) against a corpus of
 * `npm run corpus` in the built Worker (dist/index.js) and prints D1's statements,
 * rows read and wall time per request (`extensions.d1`, with `x-debug-sql: 1` each
 * statement's SQL and rows read). Then `sqlite3 <file> 'EXPLAIN QUERY PLAN ...'`
 * on the printed path shows the plan.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { CORPUS_D1_ID, ROOT, ensureCorpus } from '../scripts/corpus/load';
import { parseCount } from '../scripts/corpus/index';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const articles = parseCount(option('articles', '1k'));
const port = Number(option('port', '8798'));
const query = readFileSync(join(ROOT, option('op', 'bench/operations/CountryPage.graphql')), 'utf8');
const variableSets = option('variables', '{"code":"US"}')
  .split(';')
  .map((v) => JSON.parse(v) as Record<string, unknown>);

const { dir } = await ensureCorpus({ articles, seed: 1 });
const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
const mf = new Miniflare({
  host: '127.0.0.1',
  port,
  d1Persist: join(dir, 'd1'),
  workers: [
    {
      name: 'api',
      modules: true,
      scriptPath: join(ROOT, 'dist/index.js'),
      modulesRules: [{ type: 'Text', include: ['**/*.graphql'] }],
      compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1],
      compatibilityFlags: ['nodejs_compat'],
      bindings: { ENVIRONMENT: 'development', EDGE_CACHE: 'off' },
      d1Databases: { DB: CORPUS_D1_ID },
    },
  ],
});
await mf.ready;
try {
  const d1dir = join(dir, 'd1', 'miniflare-D1DatabaseObject');
  console.log(
    'sqlite file:',
    readdirSync(d1dir)
      .filter((f) => f.endsWith('.sqlite'))
      .map((f) => join(d1dir, f))
      .join(' '),
  );
  for (const variables of variableSets) {
    const send = async () => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-debug-sql': '1' },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await res.json()) as {
        errors?: unknown;
        extensions?: { d1?: { statements: number; rowsRead: number; compiled: boolean; log?: { sql: string; rowsRead: number }[] } };
      };
      return { ms: performance.now() - t0, json };
    };
    await send();
    const times: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await send();
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    const d1 = last!.json.extensions?.d1;
    console.log(
      `\n${JSON.stringify(variables)}: ${d1?.statements} statements, ${d1?.rowsRead} rows read, compiled ${d1?.compiled}, median ${times[2].toFixed(1)} ms${last!.json.errors ? `, errors ${JSON.stringify(last!.json.errors).slice(0, 300)}` : ''}`,
    );
    if (argv.includes('--sql')) for (const s of d1?.log ?? []) console.log(`-- rows read ${s.rowsRead}\n${s.sql}`);
  }
} finally {
  await mf.dispose();
}
