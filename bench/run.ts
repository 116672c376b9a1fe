/**
 * `npm run bench [-- --quick] [-- --sizes 1k,100k] [-- --duration 8] [-- --concurrency 8]
 *   [-- --load | --no-load] [-- --no-heavy] [-- --baseline <rev> | --no-baseline]`
 *
 * Builds the Worker (`wrangler deploy --dry-run --outdir dist`), runs the bundle
 * in workerd through Miniflare directly (no wrangler dev proxy) on a loopback
 * port with a synthetic corpus persisted in its local D1, and drives it from Node
 * with a bounded load loop: fixed concurrency, warmup, fixed duration, split into
 * rounds that interleave the scenarios so a noisy neighbour hits them alike.
 * The Worker gets the two rate-limit bindings of wrangler.toml (limits too high
 * to refuse anything), so every request pays for its rate-limit call as in
 * production.
 *
 * Today's lane, in the same run: the Worker of commit 005e66b (`--baseline`),
 * where the fast lane bypassed yoga entirely (src/fast-lane.ts then), is taken
 * from git (`git archive`, into .wrangler/bench/baseline-<rev>/), bundled by
 * the same wrangler with this checkout's node_modules, and run as a second
 * worker in the same Miniflare on the same D1, routed by host
 * (`Host: baseline.bench`). Without that commit (a shallow clone) the scenario
 * is skipped with a note.
 *
 * `--scenarios d` (a comma list of keys: a, b, b-before, hit, 304, b-yoga, b-ids, c, d,
 * e, f, bomb, refusals) runs only those scenarios; the floors always run, so the
 * ratios to them stay in the report.
 *
 * Scenarios: (a) article page by slug, (b) first page of 20 articles with the
 * article page's nesting (edge cache off: it measures the pipeline and D1),
 * (b-before) the same request through today's lane, (hit) the same request to
 * the Worker as deployed (production, edge cache on: `Host: cached.bench`)
 * once one request filled the cache, (304) the same with the stored ETag,
 * (c) the page at 90 % of the list (cursor), (d) search with facets (skipped
 * while the schema has no `search`), (e) a country page, (f) an article's
 * related stories (reports D1 rows read per request), (bomb) the 28-level
 * fragment bomb, whose expected answer is the refusal (400,
 * MAX_FIELDS_EXCEEDED), (refusals) issue 10's other abusive operations, each
 * expecting its refusal code. For these two, any other answer is an error;
 * they run with one client, so their p50 is a refusal's latency, not a queue's.
 * Floors, same harness, same workerd, same D1: a trivial route and one
 * hand-written SQL statement returning the rows of (b) (bench/floor-worker.js).
 *
 * Outside --quick, also (each can be turned off):
 *   - the load run (`--no-load` skips it, `--load` forces it): (b) for
 *     `--load-seconds` (30) at `--load-concurrency` (50) clients at the largest
 *     size, reporting req/s, p50/p99 and errors;
 *   - at 100k articles or more (`--no-heavy` skips it): the heaviest operations
 *     the default limits allow, each run alone, sequentially, `--heavy-reps`
 *     (3) times: its cost, D1 statements, rows read and wall time, against the
 *     platform's limits per invocation.
 *
 * Every scenario reports D1 rows read per request (`extensions.d1.rowsRead`,
 * mean and max). With two sizes or more, a growth table gives (a)-(e)'s p50 at
 * each size against the smallest, with issue 14's targets ((e) within 1.5x at
 * 100k; (a), (b), (c), (e) within 2x and (d) within 4x at 1M; at most 5,000
 * rows read per request). `--sizes 1k,100k,1m --scenarios a,b,c,d,e` is that
 * run (the 1M corpus: `npm run corpus -- --articles 1m`, ~25 minutes, once).
 *
 * Writes a markdown report (bench/RESULTS.md for a full run; .wrangler/bench/
 * for --quick, so CI never dirties the tree) with the machine, the command and
 * whether the issue's targets are met. Targets are reported, never asserted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Miniflare, PeriodType } from 'miniflare';
import { CORPUS_D1_ID, ROOT, ensureCorpus } from '../scripts/corpus/load';
import { parseCount } from '../scripts/corpus/index';

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const opts = {
  quick,
  sizes: (option('sizes') ?? (quick ? '1k' : '1k,100k')).split(',').map(parseCount),
  seed: Number(option('seed') ?? 1),
  /** Measured seconds per scenario (all rounds together). */
  duration: Number(option('duration') ?? (quick ? 1 : 9)),
  warmup: Number(option('warmup') ?? (quick ? 0.25 : 1.5)),
  rounds: Number(option('rounds') ?? (quick ? 1 : 3)),
  concurrency: Number(option('concurrency') ?? 8),
  port: Number(option('port') ?? 8793),
  wranglerDevPort: 8794,
  build: !flag('no-build'),
  wranglerDev: flag('wrangler-dev') || (!quick && !flag('no-wrangler-dev')),
  out: option('out') ?? (quick ? join(ROOT, '.wrangler/bench/RESULTS-quick.md') : join(ROOT, 'bench/RESULTS.md')),
  /** Scenario keys to run (e.g. `d` or `b,b-ids,c`); the floors always run. Default: all. */
  scenarios:
    option('scenarios')
      ?.split(',')
      .map((k) => k.trim())
      .filter(Boolean) ?? null,
  /** Today's lane: the commit whose Worker (b-before) runs beside this one; `--no-baseline` skips it. */
  baseline: flag('no-baseline') ? null : (option('baseline') ?? '005e66b'),
  /** The load run of (b): on by default outside --quick. */
  load: flag('load') || (!quick && !flag('no-load')),
  loadSeconds: Number(option('load-seconds') ?? 30),
  loadConcurrency: Number(option('load-concurrency') ?? 50),
  /** The heaviest allowed operations, at sizes of 100k articles or more: on by default outside --quick. */
  heavy: !quick && !flag('no-heavy'),
  heavyReps: Number(option('heavy-reps') ?? 3),
  /** The smallest corpus the heavy operations run at. */
  heavyAt: parseCount(option('heavy-at') ?? '100k'),
};
/** Hard stop for any one measurement, whatever the duration says. */
const MAX_REQUESTS_PER_RUN = 200_000;

const log = (...parts: unknown[]) => console.error('[bench]', ...parts);

// ---------------------------------------------------------------- HTTP client

interface Sample {
  ms: number;
  bytes: number;
  statements: number | null;
  /** D1 rows read for the request (`extensions.d1.rowsRead`). */
  rowsRead: number | null;
  /** The operation's price (`extensions.cost.requested`). */
  cost: number | null;
  error: string | null;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
  /** A refusal this request must get (the bomb, the abusive operations): that answer is the success, any other an error. */
  expect?: { status: number; code: string | null };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request. A keep-alive socket the server closed while idle fails with
 * ECONNRESET on reuse: that is the client's race, not the server's failure, so
 * it is retried once on a fresh socket (as Node's documentation advises).
 */
async function send(
  port: number,
  req: Request,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer; headers?: http.IncomingHttpHeaders }> {
  try {
    return await sendOnce(port, req, headers);
  } catch (e) {
    if (!(e as { reusedSocket?: boolean }).reusedSocket) throw e;
    retries++;
    return sendOnce(port, req, headers);
  }
}

let retries = 0;

function sendOnce(
  port: number,
  req: Request,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer; headers?: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        agent,
        headers: req.body
          ? {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json',
              'content-length': req.body.length,
              ...req.headers,
              ...headers,
            }
          : { ...req.headers, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      },
    );
    r.on('error', (e) => reject(Object.assign(e, { reusedSocket: r.reusedSocket && (e as { code?: string }).code === 'ECONNRESET' })));
    r.end(req.body);
  });
}

async function sample(port: number, req: Request): Promise<Sample> {
  const t0 = performance.now();
  let res;
  try {
    res = await send(port, req);
  } catch (e) {
    return { ms: performance.now() - t0, bytes: 0, statements: null, rowsRead: null, cost: null, error: String(e) };
  }
  const ms = performance.now() - t0;
  let statements: number | null = null;
  let rowsRead: number | null = null;
  let cost: number | null = null;
  let code: string | null = null;
  let error: string | null = res.status >= 400 ? `HTTP ${res.status}` : null;
  if (res.body.length && res.body[0] === 0x7b /* { */) {
    const json = JSON.parse(res.body.toString('utf8')) as {
      errors?: { message: string; extensions?: { code?: string } }[];
      extensions?: { d1?: { statements?: number; rowsRead?: number }; cost?: { requested?: number } };
    };
    statements = json.extensions?.d1?.statements ?? null;
    rowsRead = json.extensions?.d1?.rowsRead ?? null;
    cost = json.extensions?.cost?.requested ?? null;
    code = json.errors?.[0]?.extensions?.code ?? null;
    if (json.errors?.length) error = json.errors[0].message;
  }
  if (req.expect)
    error =
      res.status === req.expect.status && code === req.expect.code
        ? null
        : `expected ${req.expect.status} ${req.expect.code}, got HTTP ${res.status} ${code ?? error ?? ''}`.trim();
  return { ms, bytes: res.body.length, statements, rowsRead, cost, error };
}

interface Tally {
  samples: number;
  seconds: number;
  latencies: number[];
  bytes: number;
  statements: number;
  statementSamples: number;
  /** Rows read per request, for the requests that reported it. */
  rowsRead: number[];
  errors: number;
  firstError: string | null;
}

const emptyTally = (): Tally => ({
  samples: 0,
  seconds: 0,
  latencies: [],
  bytes: 0,
  statements: 0,
  statementSamples: 0,
  rowsRead: [],
  errors: 0,
  firstError: null,
});

/** Bounded load loop: `concurrency` clients, each sending back to back until the time is up. */
async function drive(port: number, requests: (i: number) => Request, seconds: number, concurrency: number, into: Tally | null) {
  const started = performance.now();
  const end = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && next < MAX_REQUESTS_PER_RUN) {
        const s = await sample(port, requests(next++));
        if (!into) continue;
        into.samples++;
        into.latencies.push(s.ms);
        into.bytes += s.bytes;
        if (s.statements != null) {
          into.statements += s.statements;
          into.statementSamples++;
        }
        if (s.rowsRead != null) into.rowsRead.push(s.rowsRead);
        if (s.error) {
          into.errors++;
          into.firstError ??= s.error;
        }
      }
    }),
  );
  if (into) into.seconds += (performance.now() - started) / 1000;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Stats {
  rps: number;
  p50: number;
  p99: number;
  statements: number | null;
  bytes: number;
  /** D1 rows read per request: mean and maximum (null when no response reported it). */
  rowsRead: { mean: number; max: number } | null;
  samples: number;
  errors: number;
  firstError: string | null;
}

function stats(t: Tally): Stats {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    rps: t.samples / t.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statements: t.statementSamples ? t.statements / t.statementSamples : null,
    bytes: t.samples ? t.bytes / t.samples : 0,
    rowsRead: t.rowsRead.length
      ? { mean: t.rowsRead.reduce((a, b) => a + b, 0) / t.rowsRead.length, max: t.rowsRead.reduce((a, b) => Math.max(a, b), 0) }
      : null,
    samples: t.samples,
    errors: t.errors,
    firstError: t.firstError,
  };
}

// ---------------------------------------------------------------- the Worker under test

function wranglerToml() {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '2026-04-01';
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  const compatibilityFlags = [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return { compatibilityDate, compatibilityFlags };
}

/** `npm run build`; when the explorer's assets are already built (CI's `npm test` does), only the Worker bundle. */
function build() {
  const explorerBuilt = existsSync(join(ROOT, 'public/explorer'));
  const [cmd, args] = explorerBuilt ? ['npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist']] : ['npm', ['run', 'build']];
  log(`building the Worker: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Today's lane: the Worker bundle of `opts.baseline`, or why there is none (the scenario is then skipped with that note). */
type Baseline = { script: string; commit: string } | { skipped: string };

/**
 * Builds the Worker of commit `rev` as it was: its tree from `git archive` in
 * .wrangler/bench/baseline-<rev>/, bundled by this checkout's wrangler and
 * node_modules (a symlink; that commit's dependencies are a subset of today's).
 * Any failure (no git, a shallow clone without the commit) skips the scenario.
 */
function buildBaseline(rev: string): Baseline {
  let commit: string;
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return {
      skipped: `commit ${rev} is not in this clone's history (a shallow clone?): fetch it (\`git fetch --unshallow\`) to compare with today's lane`,
    };
  }
  const dir = join(ROOT, '.wrangler/bench', `baseline-${rev}`);
  const script = join(dir, 'dist/index.js');
  try {
    if (!(existsSync(script) && !opts.build)) {
      log(`building today's lane: the Worker of ${rev} (${commit.slice(0, 12)}) in ${dir}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
      execFileSync('tar', ['-x', '-C', dir], { input: tar });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      // wrangler refuses a missing assets directory; the explorer's assets play no part in the bench.
      mkdirSync(join(dir, 'public'), { recursive: true });
      execFileSync(
        join(ROOT, 'node_modules/.bin/wrangler'),
        ['deploy', '--dry-run', '--outdir', 'dist', '--config', join(dir, 'wrangler.toml')],
        {
          cwd: dir,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    }
    if (!existsSync(script)) throw new Error(`no ${script}`);
    return { script, commit };
  } catch (e) {
    return { skipped: `building the Worker of ${rev} failed: ${String(e).split('\n')[0]}` };
  }
}

/** Host header that routes a request to the deployed configuration (edge cache on) inside the same Miniflare. */
const CACHED_HOST = 'cached.bench';
/** Host header that routes a request to today's lane inside the same Miniflare. */
const BASELINE_HOST = 'baseline.bench';

async function startMiniflare(corpus: string, baseline: Baseline | null) {
  const { compatibilityDate, compatibilityFlags } = wranglerToml();
  const unlimited = { simple: { limit: 1e9, period: PeriodType.MINUTE } };
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: opts.port,
    d1Persist: join(corpus, 'd1'),
    workers: [
      {
        name: 'api',
        modules: true,
        scriptPath: join(ROOT, 'dist/index.js'),
        modulesRules: [{ type: 'Text', include: ['**/*.graphql'] }],
        compatibilityDate,
        compatibilityFlags,
        // Outside production: every response carries extensions.d1. The edge cache is off here,
        // so repeating (b) measures the pipeline and D1, not the cache: the `cached` worker does.
        bindings: { ENVIRONMENT: 'development', EDGE_CACHE: 'off' },
        d1Databases: { DB: CORPUS_D1_ID },
        // wrangler.toml's [[ratelimits]], with limits the bench never reaches: each request pays for the call.
        ratelimits: { PUBLIC_RATE_LIMITER: unlimited, EDITOR_RATE_LIMITER: unlimited },
      },
      {
        // The same bundle as deployed (production, edge cache on), for the hit and 304 scenarios.
        name: 'cached',
        modules: true,
        scriptPath: join(ROOT, 'dist/index.js'),
        modulesRules: [{ type: 'Text', include: ['**/*.graphql'] }],
        compatibilityDate,
        compatibilityFlags,
        routes: [`${CACHED_HOST}/*`],
        bindings: { ENVIRONMENT: 'production', EDGE_CACHE: 'on' },
        d1Databases: { DB: CORPUS_D1_ID },
        ratelimits: { PUBLIC_RATE_LIMITER: unlimited, EDITOR_RATE_LIMITER: unlimited },
      },
      {
        name: 'floor',
        modules: true,
        scriptPath: join(ROOT, 'bench/floor-worker.js'),
        compatibilityDate,
        routes: ['*/__floor/*'],
        d1Databases: { DB: CORPUS_D1_ID },
      },
      ...(baseline && 'script' in baseline
        ? [
            {
              name: 'baseline',
              modules: true,
              scriptPath: baseline.script,
              modulesRules: [{ type: 'Text' as const, include: ['**/*.graphql'] }],
              compatibilityDate,
              compatibilityFlags,
              routes: [`${BASELINE_HOST}/*`],
              // As the `api` worker: a baseline that has an edge cache must not answer from it.
              bindings: { ENVIRONMENT: 'development', EDGE_CACHE: 'off' },
              d1Databases: { DB: CORPUS_D1_ID },
              ratelimits: { PUBLIC_RATE_LIMITER: unlimited, EDITOR_RATE_LIMITER: unlimited },
            },
          ]
        : []),
    ],
  });
  await mf.ready;
  return mf;
}

// ---------------------------------------------------------------- scenarios

const operation = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const gqlRequest = (query: string, variables: Record<string, unknown> = {}): Request => ({
  method: 'POST',
  path: '/graphql',
  body: Buffer.from(JSON.stringify({ query, variables })),
});

interface Scenario {
  key: string;
  title: string;
  request: (i: number) => Request;
  floor?: boolean;
  skipped?: string;
  note?: string;
  /** Clients for this scenario, when not `--concurrency` (the refusals: their latency alone, not a queue). */
  concurrency?: number;
}

const SEARCH_QUERIES = ['Armenia howitzer', '"United States" aid', 'frigat*', 'sanctions Iran'];
const COUNTRY_CODES = ['US', 'RU', 'UA', 'CN', 'FR', 'AM', 'IN', 'PL'];

async function scenarios(mf: Miniflare, port: number, baseline: Baseline | null): Promise<Scenario[]> {
  const db = await mf.getD1Database('DB', 'api');
  const now = Date.now();
  const visible = `status = 'published' AND published_at <= ${now}`;
  const total = ((await db.prepare(`SELECT count(*) AS n FROM articles WHERE ${visible}`).first()) as { n: number }).n;
  // (a) 200 slugs spread over the whole archive, so the page cache holds no single row.
  const step = Math.max(1, Math.floor(total / 200));
  const slugs = (
    (await db.prepare(`SELECT slug FROM articles WHERE ${visible} AND id % ?1 = 0 LIMIT 200`).bind(step).all()).results as {
      slug: string;
    }[]
  ).map((r) => r.slug);
  // (c) the article at 90 % of the newest-first list; its cursor opens the next page there.
  const deep = (await db
    .prepare(`SELECT published_at AS p, id FROM articles WHERE ${visible} ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ?1`)
    .bind(Math.floor(total * 0.9))
    .first()) as { p: number; id: number };

  const list = operation('bench/operations/ArticleList.graphql');
  const first = JSON.parse((await send(port, gqlRequest(list))).body.toString()) as {
    data?: { articles: { edges: { cursor: string }[] } };
  };
  const sampleCursor = first.data?.articles.edges[0]?.cursor;
  if (!sampleCursor) throw new Error(`(b) returned no articles: ${JSON.stringify(first).slice(0, 500)}`);
  const deepCursor = craftCursor(sampleCursor, deep.p, deep.id);
  const deepPage = JSON.parse((await send(port, gqlRequest(list, { after: deepCursor }))).body.toString()) as {
    data?: { articles: { edges: unknown[] } };
    errors?: unknown;
  };
  if (deepPage.errors || (deepPage.data?.articles.edges.length ?? 0) === 0)
    throw new Error(`(c) cursor ${deepCursor} failed: ${JSON.stringify(deepPage).slice(0, 500)}`);

  const hasSearch = JSON.parse(
    (await send(port, gqlRequest('{ __type(name: "Query") { fields { name } } }'))).body.toString(),
  ).data.__type.fields.some((f: { name: string }) => f.name === 'search');

  const articlePage = operation('schema/operations/ArticlePage.graphql');
  const countryPage = operation('bench/operations/CountryPage.graphql');
  const search = operation('bench/operations/Search.graphql');
  const a = slugs.map((slug) => gqlRequest(articlePage, { slug }));
  const b = gqlRequest(list);
  const bYoga = { ...b, headers: { 'x-graphql-fast-lane': 'off' } };
  const bBefore = { ...b, headers: { host: BASELINE_HOST } };
  // (b) from the edge cache: the first request fills it, every later one is a hit; and the same
  // with the ETag the client holds (304, no body).
  const bHit = { ...b, headers: { host: CACHED_HOST } };
  const filled = await send(port, bHit);
  const etag = (filled.headers?.etag as string | undefined) ?? '';
  const bNotModified: Request = { ...b, headers: { host: CACHED_HOST, 'if-none-match': etag }, expect: { status: 304, code: null } };
  const bIds = gqlRequest('query ArticleIds { articles(first: 20) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }');
  // `{ __typename }` compiles, so the fast lane (src/pipeline/use-fast-lane.ts) would answer it: this floor measures yoga.
  const typename = { ...gqlRequest('{ __typename }'), headers: { 'x-graphql-fast-lane': 'off' } };
  const c = gqlRequest(list, { after: deepCursor });
  const d = SEARCH_QUERIES.map((query) => gqlRequest(search, { query }));
  const e = COUNTRY_CODES.map((code) => gqlRequest(countryPage, { code }));
  // (f) the related stories of one article (resolver path: the compiler leaves `related` to it), over (a)'s slugs.
  const f = slugs.map((slug) =>
    gqlRequest('query Related($slug: String!) { article(slug: $slug) { related { id slug title } } }', { slug }),
  );
  const bomb: Request = { ...gqlRequest(fragmentBomb(28)), expect: { status: 400, code: 'MAX_FIELDS_EXCEEDED' } };
  const refusals = ABUSIVE.map((r) => ({ ...gqlRequest(r.query), expect: { status: 400, code: r.code } }));
  const all: Scenario[] = [
    { key: 'trivial', title: 'floor: trivial route', floor: true, request: () => ({ method: 'GET', path: '/__floor/trivial' }) },
    { key: 'sql', title: 'floor: hand-written SQL, rows of (b)', floor: true, request: () => ({ method: 'GET', path: '/__floor/sql' }) },
    // What any GraphQL operation costs on this runtime before a resolver or D1 runs (yoga, parse cache, execute):
    // it bounds what a GraphQL server can reach relative to the SQL floor.
    { key: 'gql', title: 'floor: GraphQL `{ __typename }` through yoga', floor: true, request: () => typename },
    { key: 'a', title: '(a) article page by slug', request: (i) => a[i % a.length], note: `${a.length} slugs in rotation` },
    { key: 'b', title: '(b) first 20 articles, nested', request: () => b },
    {
      key: 'hit',
      title: '(b) from the edge cache (hit)',
      request: () => bHit,
      note: `(b) sent to the Worker as deployed (production, EDGE_CACHE on: \`Host: ${CACHED_HOST}\`), after one request filled the Cache API`,
    },
    {
      key: '304',
      title: '(b) revalidated: If-None-Match, 304',
      request: () => bNotModified,
      note: `(b) with the ETag of the stored answer (${etag || 'none: the fill failed'}), answered 304 without a body`,
    },
    {
      key: 'b-before',
      title: `(b) through the lane of ${opts.baseline ?? '005e66b'}`,
      request: () => bBefore,
      skipped: !baseline ? '`--no-baseline`' : 'skipped' in baseline ? baseline.skipped : undefined,
      note:
        baseline && 'commit' in baseline
          ? `(b) answered by the Worker of ${opts.baseline} (${baseline.commit.slice(0, 12)}), whose fast lane bypassed yoga, in the same Miniflare on the same D1 (\`Host: ${BASELINE_HOST}\`)`
          : undefined,
    },
    {
      key: 'b-yoga',
      title: '(b) variant: the same request through yoga',
      request: () => bYoga,
      note: 'what the fast lane saves: (b) with `x-graphql-fast-lane: off`',
    },
    {
      key: 'b-ids',
      title: '(b) variant: the same 20 articles, `id` only',
      request: () => bIds,
      note: 'how much of (b) the nesting costs: the same connection, one statement, no nested fields',
    },
    {
      key: 'c',
      title: '(c) 20 articles at 90 % (cursor)',
      request: () => c,
      note: `after article ${deep.id} (position ${Math.floor(total * 0.9).toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`,
    },
    {
      key: 'd',
      title: '(d) search with facets',
      request: (i) => d[i % d.length],
      skipped: hasSearch ? undefined : 'the schema has no `search` field yet',
      note: `queries in rotation: ${SEARCH_QUERIES.map((q) => `\`${q}\``).join(', ')}`,
    },
    { key: 'e', title: '(e) country page', request: (i) => e[i % e.length], note: `codes in rotation: ${COUNTRY_CODES.join(', ')}` },
    {
      key: 'f',
      title: '(f) related stories of an article',
      request: (i) => f[i % f.length],
      note: `${f.length} slugs in rotation; D1 rows read per request in the targets`,
    },
    {
      key: 'bomb',
      title: 'refusal: 28-level fragment bomb (1 client)',
      request: () => bomb,
      concurrency: 1,
      note: `${bomb.body!.length.toLocaleString('en-US')} bytes, 2^28 fields once expanded; success is HTTP 400 MAX_FIELDS_EXCEEDED (the same text each time: yoga's parse and validation caches hold it); one client, so p50 is a refusal's own latency, not a queue's`,
    },
    {
      key: 'refusals',
      title: "refusal: issue 10's other abusive operations (1 client)",
      request: (i) => refusals[i % refusals.length],
      concurrency: 1,
      note: `in rotation, success is HTTP 400 with: ${ABUSIVE.map((r) => `${r.what} (${r.code})`).join('; ')}`,
    },
  ];
  if (!opts.scenarios) return all;
  const unknown = opts.scenarios.filter((k) => !all.some((s) => s.key === k));
  if (unknown.length)
    throw new Error(
      `unknown scenario ${unknown.join(', ')}: pick from ${all
        .filter((s) => !s.floor)
        .map((s) => s.key)
        .join(', ')}`,
    );
  return all.filter((s) => s.floor || opts.scenarios!.includes(s.key));
}

/** Fragments that each spread the previous one twice: 2^levels fields once expanded, from ~1 KB of text (issue 10). */
function fragmentBomb(levels: number): string {
  const parts = [`query Bomb { article(slug: "x") { ...F${levels} } }`, 'fragment F0 on Article { slug }'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Article { ...F${i - 1} ...F${i - 1} }`);
  return parts.join('\n');
}

/** The other abusive operations of issue 10 ("Why"), each with the refusal the limits give it. */
const ABUSIVE: { what: string; query: string; code: string }[] = [
  {
    what: 'related³ under 100 articles',
    query: '{ articles(first:100) { edges { node { related { related { related { slug } } } } } } }',
    code: 'MAX_COST_EXCEEDED',
  },
  {
    what: 'articles(first: 100) → section → articles(first: 100), three times',
    query: `{ articles(first: 100) { edges { node { section { articles(first: 100) { edges { node { section { articles(first: 100) { edges { node { slug } } } } } } } } } } } }`,
    code: 'MAX_COST_EXCEEDED',
  },
  {
    what: '2,000 aliases of article',
    query: `{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: article(slug: "x") { slug }`).join(' ')} }`,
    code: 'MAX_TOKENS_EXCEEDED',
  },
  { what: '5,000 nested braces', query: `{ ${'a { '.repeat(5_000)} b ${'} '.repeat(5_000)} }`, code: 'MAX_TOKENS_EXCEEDED' },
  {
    what: '40 aliases',
    query: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: article(slug: "x") { slug }`).join(' ')} }`,
    code: 'MAX_ALIASES_EXCEEDED',
  },
];

/** Pothos drizzle cursors are base64 `DC:` + a tagged tuple of the order values; this writes one for (publishedAt, id). */
function craftCursor(sample: string, publishedAt: number, id: number): string {
  const decoded = Buffer.from(sample, 'base64').toString('utf8');
  if (!/^DC:T:\[/.test(decoded)) throw new Error(`unexpected cursor format ${decoded}: update craftCursor`);
  return Buffer.from(`DC:T:${JSON.stringify([`N:${publishedAt}`, `N:${id}`])}`).toString('base64');
}

// ---------------------------------------------------------------- runs

interface SizeResult {
  articles: number;
  corpusNote: string;
  results: { scenario: Scenario; stats: Stats | null }[];
  searchHits?: Record<string, string>;
  load?: { stats: Stats; seconds: number; concurrency: number };
  heavy?: HeavyResult[];
}

/**
 * The heaviest operations the default limits allow (src/config.ts: cost 10,000, 10 root
 * fields, 500 fields, depth 12, 30 aliases, 2,000 tokens), each just under the limit that
 * binds it; `refused` names the shape one step heavier, which the limits refuse.
 */
function heavyOperations(): { key: string; what: string; query: string; refused?: string }[] {
  const list = operation('bench/operations/ArticleList.graphql');
  const search = operation('bench/operations/Search.graphql');
  const searchSelection = search.slice(search.indexOf('{', search.indexOf('search(')), search.lastIndexOf('}')).trim();
  const countries = ['US', 'RU', 'UA', 'CN', 'FR', 'DE', 'GB', 'IN', 'PL', 'AM'];
  const words = [
    'united',
    'states',
    'army',
    'missile',
    'contract',
    'defence',
    'Armenia howitzer',
    'sanctions Iran',
    'frigat*',
    '"United States" aid',
  ];
  const nest = (n: number) =>
    `{ articles(first: ${n}) { edges { node { slug section { articles(first: ${n}) { edges { node { slug section { articles(first: ${n}) { edges { node { slug } } } } } } } } } } } }`;
  return [
    {
      key: 'list100',
      what: "(b)'s nesting for 100 articles: `articles(first: 100)`, bench/operations/ArticleList.graphql",
      query: list.replace('first: 20', 'first: 100'),
      refused: 'past 100, `first` is refused by the schema',
    },
    {
      key: 'related2',
      what: '82 articles, each `related { slug related { slug } }`',
      query: '{ articles(first: 82) { edges { node { slug related { slug related { slug } } } } } }',
      refused: 'first: 83 costs 10,044; first: 100 costs 12,101',
    },
    {
      key: 'nested',
      what: '`articles(first: 20)` → section → `articles(first: 20)` → section → `articles(first: 20)`',
      query: nest(20),
      refused: 'first: 21 at each level costs 10,712',
    },
    {
      key: 'counts',
      what: `10 root fields \`articles(first: 0, filter: { country }) { totalCount }\` (${countries.join(', ')})`,
      query: `{ ${countries.map((c, i) => `c${i}: articles(first: 0, filter: { country: "${c}" }) { totalCount }`).join(' ')} }`,
      refused: 'an 11th root field (MAX_ROOT_FIELDS); a count costs the same with any page size (src/graphql/cost.ts)',
    },
    {
      key: 'counts-default',
      what: '4 root fields `articles(filter: { country }) { totalCount }` (default page size)',
      query: `{ ${countries
        .slice(0, 4)
        .map((c, i) => `c${i}: articles(filter: { country: "${c}" }) { totalCount }`)
        .join(' ')} }`,
      refused: 'a 5th costs 10,005',
    },
    {
      key: 'country-counts',
      what: "100 articles, each country's `articles(first: 0) { totalCount }`",
      query: '{ articles(first: 100) { edges { node { slug countries { code articles(first: 0) { totalCount } } } } } }',
      refused: 'itself: a count is priced once per connection whatever `first`, so 100 of them cost 50,000+',
    },
    {
      key: 'country-counts-10',
      what: "the same 10 times: 10 root fields, each 100 articles of one section with each country's `articles(first: 0) { totalCount }`",
      query: `{ ${SECTIONS.map((sec, i) => `s${i}: articles(first: 100, filter: { section: "${sec}" }) { edges { node { slug countries { code articles(first: 0) { totalCount } } } } }`).join(' ')} }`,
      refused: 'an 11th root field (MAX_ROOT_FIELDS)',
    },
    {
      key: 'search10',
      what: `10 root fields \`search(first: 4)\` with facets (bench/operations/Search.graphql's selection): ${words.map((w) => `\`${w}\``).join(', ')}`,
      query: `{ ${words.map((w, i) => `s${i}: search(query: ${JSON.stringify(w)}, first: 4) { ...S }`).join(' ')} } fragment S on SearchConnection ${searchSelection}`,
      refused: 'first: 5 costs 10,450; an 11th root field (MAX_ROOT_FIELDS)',
    },
  ];
}

/** Ten of the corpus' sections (scripts/corpus), for the root fields of one heavy operation. */
let SECTIONS: string[] = [];

interface HeavyResult {
  key: string;
  what: string;
  refused?: string;
  status: string;
  cost: number | null;
  statements: number | null;
  rowsRead: number | null;
  bytes: number;
  ms: number[];
}

/** Each heavy operation alone: concurrency 1, `heavyReps` times in a row (the first run included). */
async function runHeavy(port: number, mf: Miniflare): Promise<HeavyResult[]> {
  const db = await mf.getD1Database('DB', 'api');
  SECTIONS = ((await db.prepare('SELECT slug FROM sections ORDER BY id LIMIT 10').all()).results as { slug: string }[]).map((r) => r.slug);
  const out: HeavyResult[] = [];
  for (const op of heavyOperations()) {
    const r: HeavyResult = {
      key: op.key,
      what: op.what,
      refused: op.refused,
      status: 'ok',
      cost: null,
      statements: null,
      rowsRead: null,
      bytes: 0,
      ms: [],
    };
    for (let i = 0; i < opts.heavyReps; i++) {
      const s = await sample(port, gqlRequest(op.query));
      r.ms.push(s.ms);
      r.cost = s.cost;
      r.statements = s.statements;
      r.rowsRead = s.rowsRead;
      r.bytes = s.bytes;
      if (s.error) r.status = s.error;
      // One very slow run is the figure: do not repeat it.
      if (s.ms > 20_000) break;
    }
    log(
      `heavy ${op.key}: cost ${r.cost}, ${r.statements} statements, ${r.rowsRead} rows, ${r.ms.map((m) => m.toFixed(0)).join('/')} ms ${r.status}`,
    );
    out.push(r);
  }
  return out;
}

async function runSize(articles: number, baseline: Baseline | null, last: boolean): Promise<SizeResult> {
  const { dir, manifest, reused } = await ensureCorpus({ articles, seed: opts.seed });
  const migrated = manifest.migrated?.length
    ? `, then migrated: ${manifest.migrated.map((m) => `${m.file} in ${m.seconds}s`).join(', ')}`
    : '';
  const corpusNote = `${articles.toLocaleString('en-US')} articles, seed ${opts.seed} (${reused ? `reused; built in ${manifest.loadSeconds}s${migrated}` : `built in ${manifest.loadSeconds}s`}; ${Object.entries(
    manifest.rows,
  )
    .filter(([t]) => t.startsWith('article_') || t === 'deals' || t === 'authors')
    .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
    .join(', ')})`;
  log(`corpus: ${corpusNote}`);
  const mf = await startMiniflare(dir, baseline);
  try {
    const list = await scenarios(mf, opts.port, baseline);
    const tallies = new Map(list.map((s) => [s.key, emptyTally()]));
    const active = list.filter((s) => !s.skipped);
    for (const s of active) await drive(opts.port, s.request, opts.warmup, s.concurrency ?? opts.concurrency, null);
    for (let round = 0; round < opts.rounds; round++) {
      for (const s of active) {
        await drive(opts.port, s.request, opts.duration / opts.rounds, s.concurrency ?? opts.concurrency, tallies.get(s.key)!);
      }
      log(`${articles}: round ${round + 1}/${opts.rounds} done`);
    }
    let searchHits: Record<string, string> | undefined;
    if (active.some((s) => s.key === 'd')) {
      searchHits = {};
      const search = operation('bench/operations/Search.graphql');
      for (const query of SEARCH_QUERIES) {
        const r = JSON.parse((await send(opts.port, gqlRequest(search, { query }))).body.toString());
        const s = r.data?.search;
        searchHits[query] = s ? `${s.totalCount.toLocaleString('en-US')}${s.totalCountExact ? '' : '+'}` : 'error';
      }
    }
    let load: SizeResult['load'];
    const b = list.find((s) => s.key === 'b');
    if (opts.load && last && b) {
      log(`${articles}: load run, (b) at ${opts.loadConcurrency} clients for ${opts.loadSeconds}s`);
      const tally = emptyTally();
      await drive(opts.port, b.request, Math.min(3, opts.loadSeconds / 10), opts.loadConcurrency, null);
      await drive(opts.port, b.request, opts.loadSeconds, opts.loadConcurrency, tally);
      load = { stats: stats(tally), seconds: opts.loadSeconds, concurrency: opts.loadConcurrency };
    }
    const heavy = opts.heavy && articles >= opts.heavyAt ? await runHeavy(opts.port, mf) : undefined;
    return {
      articles,
      corpusNote,
      results: list.map((s) => ({ scenario: s, stats: s.skipped ? null : stats(tallies.get(s.key)!) })),
      searchHits,
      load,
      heavy,
    };
  } finally {
    await mf.dispose();
  }
}

/** wrangler dev's own cost, measured once: the real Worker's trivial `/` route through wrangler dev vs through Miniflare. */
async function measureWranglerDev(): Promise<string> {
  const { dir } = await ensureCorpus({ articles: opts.sizes[0], seed: opts.seed });
  const seconds = Math.max(2, opts.duration / 2);
  const route = (): Request => ({ method: 'GET', path: '/' });
  const direct = emptyTally();
  const mf = await startMiniflare(dir, null);
  try {
    await drive(opts.port, route, opts.warmup, opts.concurrency, null);
    await drive(opts.port, route, seconds, opts.concurrency, direct);
  } finally {
    await mf.dispose();
  }
  const persist = mkdtempSync(join(os.tmpdir(), 'bench-wrangler-dev-'));
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(opts.wranglerDevPort), '--persist-to', persist, '--log-level', 'error'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const viaWrangler = emptyTally();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await send(opts.wranglerDevPort, route())).status === 302) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('wrangler dev did not start within 60 s');
      await new Promise((r) => setTimeout(r, 500));
    }
    await drive(opts.wranglerDevPort, route, opts.warmup, opts.concurrency, null);
    await drive(opts.wranglerDevPort, route, seconds, opts.concurrency, viaWrangler);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(persist, { recursive: true, force: true });
  }
  const d = stats(direct);
  const w = stats(viaWrangler);
  return (
    `Trivial route (the real Worker's \`/\` redirect), ${opts.concurrency} clients, ${seconds}s each: ` +
    `Miniflare directly ${fmt(d.rps, 0)} req/s (p50 ${fmt(d.p50, 2)} ms), ` +
    `\`wrangler dev\` ${fmt(w.rps, 0)} req/s (p50 ${fmt(w.p50, 2)} ms): wrangler dev's proxy costs ${fmt(d.rps / w.rps, 1)}x the throughput.`
  );
}

// ---------------------------------------------------------------- report

const fmt = (n: number | null | undefined, digits: number) =>
  n == null || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function machine() {
  const cpu =
    /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ??
    os.cpus()[0]?.model ??
    'unknown';
  return `${cpu.trim()}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function targets(sizes: SizeResult[]): string[] {
  const get = (s: SizeResult, key: string) => s.results.find((r) => r.scenario.key === key)?.stats ?? null;
  const lines: string[] = [];
  for (const s of sizes) {
    const b = get(s, 'b');
    const before = get(s, 'b-before');
    const skipped = s.results.find((r) => r.scenario.key === 'b-before')?.scenario.skipped;
    if (b && before) {
      const ratio = b.rps / before.rps;
      lines.push(
        `- (b) through the new pipeline ≥ 0.9x today's lane (${opts.baseline}) at ${s.articles.toLocaleString('en-US')}: ${fmt(ratio, 2)}x (${fmt(b.rps, 0)} vs ${fmt(before.rps, 0)} req/s; p50 ${fmt(b.p50, 2)} vs ${fmt(before.p50, 2)} ms): **${ratio >= 0.9 ? 'met' : 'not met'}**`,
      );
    } else if (b && skipped)
      lines.push(`- (b) through the new pipeline ≥ 0.9x today's lane at ${s.articles.toLocaleString('en-US')}: not measured (${skipped})`);
  }
  for (const s of sizes) {
    const hit = get(s, 'hit');
    const notModified = get(s, '304');
    const trivial = get(s, 'trivial');
    const b = get(s, 'b');
    if (hit && trivial && b) {
      const vsTrivial = hit.rps / trivial.rps;
      const vsB = hit.rps / b.rps;
      lines.push(
        `- A hit through the Cache API ≥ 0.3x the trivial route and ≥ 3x (b) at ${s.articles.toLocaleString('en-US')}: ${fmt(vsTrivial, 2)}x trivial, ${fmt(vsB, 2)}x (b) (${fmt(hit.rps, 0)} vs ${fmt(trivial.rps, 0)} and ${fmt(b.rps, 0)} req/s; p50 ${fmt(hit.p50, 2)} ms${hit.errors ? `; ${hit.errors} errors` : ''}): **${vsTrivial >= 0.3 && vsB >= 3 && !hit.errors ? 'met' : 'not met'}**` +
          (notModified
            ? `; 304: ${fmt(notModified.rps, 0)} req/s, p50 ${fmt(notModified.p50, 2)} ms${notModified.errors ? `, ${notModified.errors} errors` : ''}`
            : ''),
      );
    }
  }
  for (const s of sizes) {
    const bomb = get(s, 'bomb');
    if (bomb)
      lines.push(
        `- Fragment bomb (28 levels) refused in under 5 ms at ${s.articles.toLocaleString('en-US')}: p50 ${fmt(bomb.p50, 2)} ms (p99 ${fmt(bomb.p99, 2)} ms, one client, one request at a time; ${bomb.errors ? `${bomb.errors} answers that were not the refusal` : 'every answer 400 MAX_FIELDS_EXCEEDED'}): **${bomb.p50 < 5 && !bomb.errors ? 'met' : 'not met'}**`,
      );
  }
  for (const s of sizes) {
    if (!s.load) continue;
    const l = s.load.stats;
    lines.push(
      `- ${s.load.seconds}s at ${s.load.concurrency} concurrent clients of (b) with 0 errors, at ${s.articles.toLocaleString('en-US')}: ${l.errors} errors${l.firstError ? ` (${l.firstError})` : ''} in ${l.samples.toLocaleString('en-US')} requests; ${fmt(l.rps, 0)} req/s, p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms: **${l.errors === 0 ? 'met' : 'not met'}**`,
    );
  }
  for (const s of sizes) {
    const b = get(s, 'b');
    const sql = get(s, 'sql');
    if (b && sql) {
      const ratio = b.rps / sql.rps;
      lines.push(
        `- (b) ≥ 0.8x the req/s of the SQL floor at ${s.articles.toLocaleString('en-US')}: ${fmt(ratio, 2)}x (${fmt(b.rps, 0)} vs ${fmt(sql.rps, 0)} req/s): **${ratio >= 0.8 ? 'met' : 'not met'}**`,
      );
      const gql = get(s, 'gql');
      const ids = get(s, 'b-ids');
      if (gql && ids)
        lines.push(
          `  - bounds at ${s.articles.toLocaleString('en-US')}: \`{ __typename }\` through yoga ${fmt(gql.rps / sql.rps, 2)}x the SQL floor; (b) with \`id\` only ${fmt(ids.rps / sql.rps, 2)}x`,
        );
    }
  }
  const big = sizes.find((s) => s.articles >= 100_000);
  if (big) {
    const b = get(big, 'b');
    const c = get(big, 'c');
    if (b && c) {
      const ratio = c.p50 / b.p50;
      lines.push(
        `- (c) p50 within 1.2x of (b)'s at ${big.articles.toLocaleString('en-US')}: ${fmt(ratio, 2)}x (${fmt(c.p50, 2)} vs ${fmt(b.p50, 2)} ms): **${ratio <= 1.2 ? 'met' : 'not met'}**`,
      );
    }
  } else lines.push('- (c) at 100k: not measured in this run (no 100k corpus)');
  for (const s of sizes) {
    const f = get(s, 'f');
    if (f?.rowsRead)
      lines.push(
        `- (f) D1 rows read per \`related\` request at ${s.articles.toLocaleString('en-US')} ≤ 2,000: mean ${fmt(f.rowsRead.mean, 0)}, max ${fmt(f.rowsRead.max, 0)} ` +
          `(the article by slug, its related ids, the related stories' load): **${f.rowsRead.max <= 2000 ? 'met' : f.rowsRead.mean <= 2000 ? 'met on average' : 'not met'}**`,
      );
  }
  const small = sizes.find((s) => s.articles <= 1000);
  const d1 = small && get(small, 'd');
  const d2 = big && get(big, 'd');
  if (d1 && d2) {
    const ratio = d2.p50 / d1.p50;
    lines.push(
      `- (d) p50 at 100k ≤ 3x p50 at 1k: ${fmt(ratio, 2)}x (${fmt(d2.p50, 2)} vs ${fmt(d1.p50, 2)} ms): **${ratio <= 3 ? 'met' : 'not met'}**`,
    );
  } else
    lines.push(
      `- (d) p50 at 100k ≤ 3x p50 at 1k: not measured (${sizes.some((s) => s.results.find((r) => r.scenario.key === 'd')?.scenario.skipped) ? 'search not in the schema yet' : 'needs both the 1k and 100k corpus'})`,
    );
  return lines;
}

/** Issue 14's flat growth: each scenario's p50 and rows read at every size, against the smallest size's p50. */
const GROWTH: { key: string; title: string; limits: [number, number][] }[] = [
  { key: 'a', title: '(a) article page', limits: [[1_000_000, 2]] },
  { key: 'b', title: '(b) first 20 articles, nested', limits: [[1_000_000, 2]] },
  { key: 'c', title: '(c) 20 articles at 90 %', limits: [[1_000_000, 2]] },
  { key: 'd', title: '(d) search with facets', limits: [[1_000_000, 4]] },
  {
    key: 'e',
    title: '(e) country page',
    limits: [
      [100_000, 1.5],
      [1_000_000, 2],
    ],
  },
];
/** "No scenario reading more than a few thousand rows per request." */
const ROWS_PER_REQUEST_MAX = 5_000;

function growth(sizes: SizeResult[]): string[] {
  if (sizes.length < 2) return [];
  const base = sizes[0];
  const get = (s: SizeResult, key: string) => s.results.find((r) => r.scenario.key === key)?.stats ?? null;
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
  const out = [
    `## Growth: p50 and rows read per request, ${sizes.map((s) => label(s.articles)).join(' / ')} articles (same run)`,
    '',
    `| scenario | ${sizes.map((s) => `p50 ms at ${label(s.articles)}`).join(' | ')} | ${sizes
      .slice(1)
      .map((s) => `p50 ${label(s.articles)} / ${label(base.articles)}`)
      .join(' | ')} | ${sizes.map((s) => `rows/req at ${label(s.articles)}, mean (max)`).join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|${sizes
      .slice(1)
      .map(() => '---:')
      .join('|')}|${sizes.map(() => '---:').join('|')}|`,
  ];
  const lines: string[] = [];
  for (const g of GROWTH) {
    const b = get(base, g.key);
    if (!b) continue;
    const stats = sizes.map((s) => get(s, g.key));
    out.push(
      `| ${g.title} | ${stats.map((st) => fmt(st?.p50, 2)).join(' | ')} | ${stats
        .slice(1)
        .map((st) => (st ? `${fmt(st.p50 / b.p50, 2)}x` : '–'))
        .join(
          ' | ',
        )} | ${stats.map((st) => (st?.rowsRead ? `${fmt(st.rowsRead.mean, 0)} (${fmt(st.rowsRead.max, 0)})` : '–')).join(' | ')} |`,
    );
    for (const [at, limit] of g.limits) {
      const s = sizes.find((x) => x.articles === at);
      const st = s && get(s, g.key);
      if (!st) continue;
      const ratio = st.p50 / b.p50;
      lines.push(
        `- ${g.title} p50 at ${label(at)} ≤ ${limit}x its p50 at ${label(base.articles)}: ${fmt(ratio, 2)}x (${fmt(st.p50, 2)} vs ${fmt(b.p50, 2)} ms): **${ratio <= limit ? 'met' : 'not met'}**`,
      );
    }
  }
  for (const s of sizes) {
    const worst = GROWTH.map((g) => ({ g, st: get(s, g.key) })).filter((x) => x.st?.rowsRead);
    if (!worst.length) continue;
    const over = worst.filter((x) => x.st!.rowsRead!.max > ROWS_PER_REQUEST_MAX);
    lines.push(
      `- No scenario reads more than ${ROWS_PER_REQUEST_MAX.toLocaleString('en-US')} D1 rows per request at ${label(s.articles)}: ` +
        (over.length
          ? `**not met**: ${over.map((x) => `${x.g.title} max ${fmt(x.st!.rowsRead!.max, 0)}`).join('; ')}`
          : `**met** (largest max ${fmt(Math.max(...worst.map((x) => x.st!.rowsRead!.max)), 0)})`),
    );
  }
  out.push('', ...lines, '');
  return out;
}

function heavyReport(s: SizeResult): string[] {
  const out = [
    `## Heaviest allowed operations at ${s.articles.toLocaleString('en-US')} articles`,
    '',
    `Each operation alone (concurrency 1), ${opts.heavyReps} runs in a row, the first included (its D1 pages may be cold). The shapes are the heaviest the default limits let through (src/config.ts: cost ${'10,000'}, 10 root fields, 500 fields, depth 12, 30 aliases, 2,000 tokens); "one step heavier" is what the limits refuse. ` +
      "Cost is `extensions.cost.requested`; statements and rows read are D1's own (`extensions.d1`). Platform limits per invocation: 1,000 D1 queries on a paid plan (50 free), 30 s of CPU by default on a paid plan (10 ms free), 128 MB. " +
      "Wall time here includes D1 (local SQLite in workerd) and is an upper bound for the Worker's CPU time; in production D1 time is not the Worker's CPU.",
    '',
    '| operation | cost | D1 statements | rows read | bytes | wall ms, median | wall ms, max | answer | one step heavier (refused) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const h of s.heavy!) {
    const sorted = [...h.ms].sort((a, b) => a - b);
    out.push(
      `| ${h.what} | ${fmt(h.cost, 0)} | ${fmt(h.statements, 0)} | ${fmt(h.rowsRead, 0)} | ${fmt(h.bytes, 0)} | ${fmt(percentile(sorted, 50), 1)} | ${fmt(sorted[sorted.length - 1], 1)} | ${h.status} | ${h.refused ?? ''} |`,
    );
  }
  const worst = {
    statements: Math.max(...s.heavy!.map((h) => h.statements ?? 0)),
    rows: Math.max(...s.heavy!.map((h) => h.rowsRead ?? 0)),
    ms: Math.max(...s.heavy!.flatMap((h) => h.ms)),
  };
  out.push(
    '',
    `Worst of these: ${fmt(worst.statements, 0)} D1 statements (limit 1,000 paid, 50 free), ${fmt(worst.rows, 0)} rows read, ${fmt(worst.ms, 0)} ms wall (CPU limit 30 s paid).`,
    '',
  );
  return out;
}

function report(sizes: SizeResult[], wranglerDev: string | null, startedAt: Date, seconds: number): string {
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const out: string[] = [
    '# Benchmark results',
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${machine()}`,
    `- Load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (other processes share the cores; compare ratios within one run, not absolute figures across runs)`,
    `- Command: \`${command}\` (${seconds.toFixed(0)}s)`,
    `- Method: the Worker bundle from \`wrangler deploy --dry-run --outdir dist\` in workerd via Miniflare ${'(not wrangler dev)'} on 127.0.0.1, local D1 persisted from \`npm run corpus\`; Node http client with keep-alive, ${opts.concurrency} concurrent clients (the refusal scenarios: 1, for a refusal's own latency), ${opts.warmup}s warmup per scenario, ${opts.duration}s measured per scenario in ${opts.rounds} interleaved round(s). Statements per request from \`extensions.d1.statements\`; bytes are the response body.`,
    '',
  ];
  for (const s of sizes) {
    const get = (key: string) => s.results.find((r) => r.scenario.key === key)?.stats ?? null;
    const trivial = get('trivial');
    const sql = get('sql');
    out.push(`## ${s.articles.toLocaleString('en-US')} articles`, '', `Corpus: ${s.corpusNote}.`, '');
    out.push(
      '| scenario | req/s | p50 ms | p99 ms | D1 statements/req | D1 rows read/req, mean (max) | bytes/resp | req/s vs trivial | req/s vs SQL floor | p50 vs SQL floor | errors |',
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { scenario, stats: st } of s.results) {
      if (!st) {
        out.push(`| ${scenario.title} | skipped: ${scenario.skipped} | | | | | | | | | |`);
        continue;
      }
      const vsTrivial = trivial ? st.rps / trivial.rps : NaN;
      const vsSql = sql ? st.rps / sql.rps : NaN;
      const p50VsSql = sql ? st.p50 / sql.p50 : NaN;
      out.push(
        `| ${scenario.title} | ${fmt(st.rps, 0)} | ${fmt(st.p50, 2)} | ${fmt(st.p99, 2)} | ${fmt(st.statements, 1)} | ${st.rowsRead ? `${fmt(st.rowsRead.mean, 0)} (${fmt(st.rowsRead.max, 0)})` : '–'} | ${fmt(st.bytes, 0)} | ${fmt(vsTrivial, 3)}x | ${fmt(vsSql, 2)}x | ${fmt(p50VsSql, 2)}x | ${st.errors ? `${st.errors} (${st.firstError})` : 0} |`,
      );
    }
    const notes = s.results.filter((r) => r.scenario.note && !r.scenario.skipped).map((r) => `${r.scenario.key}: ${r.scenario.note}`);
    if (s.searchHits)
      notes.push(
        `search hits (totalCount): ${Object.entries(s.searchHits)
          .map(([q, n]) => `\`${q}\` ${n}`)
          .join(', ')}`,
      );
    if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
    out.push('');
    if (s.load) {
      const l = s.load.stats;
      out.push(
        `### Load run at ${s.articles.toLocaleString('en-US')} articles`,
        '',
        `(b) through the new pipeline, ${s.load.concurrency} concurrent clients, ${s.load.seconds}s measured after a short warmup, one Miniflare (workerd) process on the shared cores.`,
        '',
        '| scenario | requests | req/s | p50 ms | p99 ms | D1 statements/req | errors |',
        '|---|---:|---:|---:|---:|---:|---:|',
        `| (b) first 20 articles, nested | ${l.samples.toLocaleString('en-US')} | ${fmt(l.rps, 0)} | ${fmt(l.p50, 2)} | ${fmt(l.p99, 2)} | ${fmt(l.statements, 1)} | ${l.errors ? `${l.errors} (${l.firstError})` : 0} |`,
        '',
      );
    }
    if (s.heavy) out.push(...heavyReport(s));
  }
  out.push(...growth(sizes));
  out.push('## Targets (reported, not asserted)', '', ...targets(sizes), '');
  if (retries) out.push(`Requests retried once after a reused keep-alive socket was reset: ${retries}.`, '');
  if (wranglerDev) out.push('## wrangler dev overhead (measured once)', '', wranglerDev, '');
  return out.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  if (opts.build || !existsSync(join(ROOT, 'dist/index.js'))) build();
  const wantBaseline = opts.baseline && (!opts.scenarios || opts.scenarios.includes('b-before'));
  const baseline = wantBaseline ? buildBaseline(opts.baseline!) : null;
  if (baseline && 'skipped' in baseline) log(`b-before skipped: ${baseline.skipped}`);
  const sizes: SizeResult[] = [];
  for (const [i, n] of opts.sizes.entries()) sizes.push(await runSize(n, baseline, i === opts.sizes.length - 1));
  const wranglerDev = opts.wranglerDev ? await measureWranglerDev() : null;
  const text = report(sizes, wranglerDev, startedAt, (performance.now() - t0) / 1000);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, text);
  console.log(text);
  log(`wrote ${opts.out}`);
  const errors = sizes.flatMap((s) => s.results).filter((r) => r.stats?.errors);
  agent.destroy();
  // Errors mean the numbers describe failures, not work: fail the command (and CI) then.
  if (errors.length) {
    log(`errors in: ${errors.map((r) => r.scenario.key).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
