/**
 * `npx tsx bench/profile.ts [--port 8796] [--inspector 8797] [--requests 400] [--op bench/operations/ArticleList.graphql] [--variables '{"query":"frigat*"}'] [--articles 1000]`
 *
 * CPU profile of the built Worker (dist/index.js, run `npm run bench` or `npm run build` first)
 * under load, in workerd through Miniflare with its V8 inspector: self time per
 * function and per source module (the bundle's `// path` module markers), top first.
 * Uses a corpus of `npm run bench` (.wrangler/bench/corpus-<articles>-seed1; 1k unless `--articles`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import WebSocket from 'ws';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { CORPUS_D1_ID, ROOT, ensureCorpus } from '../scripts/corpus/load';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const port = Number(option('port', '8796'));
const inspectorPort = Number(option('inspector', '8797'));
const requests = Number(option('requests', '400'));
const query = readFileSync(join(ROOT, option('op', 'bench/operations/ArticleList.graphql')), 'utf8');
const concurrency = 8;
const variables = JSON.parse(option('variables', '{}')) as Record<string, unknown>;
const articles = Number(option('articles', '1000'));

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function post(body: string) {
  return new Promise<string>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(n: number) {
  const body = JSON.stringify({ query, variables });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await post(body);
    }),
  );
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

async function main() {
  const { dir } = await ensureCorpus({ articles, seed: 1 });
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const mf = new Miniflare({
    host: '127.0.0.1',
    port,
    inspectorPort,
    d1Persist: join(dir, 'd1'),
    workers: [
      {
        name: 'api',
        modules: true,
        scriptPath: join(ROOT, 'dist/index.js'),
        modulesRules: [{ type: 'Text', include: ['**/*.graphql'] }],
        compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1],
        compatibilityFlags: ['nodejs_compat'],
        bindings: { ENVIRONMENT: 'development' },
        d1Databases: { DB: CORPUS_D1_ID },
        unsafeInspectorProxy: true,
      },
    ],
  });
  await mf.ready;
  try {
    const first = await post(JSON.stringify({ query, variables }));
    if (!first.includes('"data"') || first.includes('"errors"')) throw new Error(first.slice(0, 500));
    await load(100); // warm up
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
      webSocketDebuggerUrl: string;
      title?: string;
    }[];
    const target = targets.find((t) => t.title?.includes('api')) ?? targets[0];
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((r) => ws.once('open', r));
    let id = 0;
    const pending = new Map<number, (v: unknown) => void>();
    ws.on('message', (m) => {
      const msg = JSON.parse(m.toString());
      if (msg.id && pending.has(msg.id)) pending.get(msg.id)!(msg.result);
    });
    const call = (method: string, params: object = {}) =>
      new Promise<any>((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 100 });
    await call('Profiler.start');
    const t0 = performance.now();
    await load(requests);
    const seconds = (performance.now() - t0) / 1000;
    const { profile } = await call('Profiler.stop');
    ws.close();
    writeFileSync('/tmp/worker.cpuprofile', JSON.stringify(profile));
    summarize(profile, seconds);
  } finally {
    await mf.dispose();
  }
}

function summarize(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, seconds: number) {
  // The bundle is minified: map each frame through its source map to a source file and function.
  const map = new TraceMap(readFileSync(join(ROOT, 'dist/index.js.map'), 'utf8'));
  const origin = (f: Node['callFrame']) => {
    if (!f.url.endsWith('index.js')) return { mod: f.url || `(${f.functionName || 'native'})`, where: '' };
    const o = originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber });
    const src = (o.source ?? '?').replace(/^.*node_modules\//, 'node_modules/');
    const mod = src.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1');
    return { mod, where: `${src.replace(/^.*?node_modules\//, '')}:${o.line} ${o.name ?? ''}` };
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const perFn = new Map<string, number>();
  const perModule = new Map<string, number>();
  for (const [nid, us] of self) {
    const f = byId.get(nid)!.callFrame;
    const { mod, where } = origin(f);
    const key = `${f.functionName || '(anon)'} ${where || mod}`;
    perFn.set(key, (perFn.get(key) ?? 0) + us);
    perModule.set(mod, (perModule.get(mod) ?? 0) + us);
  }
  const pct = (us: number) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
  console.log(
    `${requests} requests in ${seconds.toFixed(1)}s (${(requests / seconds).toFixed(0)} req/s); ${(total / 1000).toFixed(0)} ms sampled`,
  );
  console.log('\nself time by module:');
  for (const [k, v] of [...perModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(pct(v), k);
  console.log('\nself time by function:');
  for (const [k, v] of [...perFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(pct(v), k);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
