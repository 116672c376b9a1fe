import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { defineConfig } from 'vitest/config';
import { devVars } from './scripts/dev-vars';

// The same flat migration files wrangler applies (see scripts/link-migrations.ts).
const migrations = await readD1Migrations(new URL('./drizzle', import.meta.url).pathname);
// wrangler.toml's [vars] as committed: what a deployed Worker gets.
const committed = (parseToml(readFileSync(new URL('./wrangler.toml', import.meta.url), 'utf8')) as { vars: Record<string, string> }).vars;

/** Every request writes one log line (docs/observability.md): the tests that read it capture it; the rest of the suite stays quiet. */
const quietRequestLog = (log: string) => (/event: (?:\x1b\[\d+m)?'graphql'|"event":"graphql"/.test(log) ? false : undefined);

const RAISED_LIMITS = Object.fromEntries(
  ['MAX_DEPTH', 'MAX_ALIASES', 'MAX_ROOT_FIELDS', 'MAX_DIRECTIVES', 'MAX_FIELDS', 'MAX_COST'].map((name) => [name, '100000000']),
);

export default defineConfig({
  test: {
    onConsoleLog: quietRequestLog,
    projects: [
      {
        // Integration tests inside workerd, through the real Worker and a real D1, on a
        // developer's machine: .dev.vars (or its committed example) over wrangler.toml.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // The correctness suites ask for far more than the public limits allow (100 articles
              // with every field, 60 root fields, 40-level fragment chains): the document limits
              // are raised here, and the limits' own tests (tests/limits.test.ts, tests/fuzz.test.ts,
              // tests/production/) run with the committed ones.
              // The edge cache is off for them too: they write to D1 directly between reads, which
              // no purge hears of; tests/edge-cache.test.ts turns it on.
              bindings: { ...devVars(), ...RAISED_LIMITS, EDGE_CACHE: 'off', TEST_MIGRATIONS: migrations },
              // Every test request comes from one address: rate limits have their own tests
              // (tests/production/), with wrangler.toml's limits.
              ratelimits: {
                PUBLIC_RATE_LIMITER: { simple: { limit: 1_000_000, period: 60 } },
                EDITOR_RATE_LIMITER: { simple: { limit: 1_000_000, period: 60 } },
              },
              // A local stand-in for Cloudflare's purge-by-tag API that records what it receives
              // (tests/purge-api/standin.js); src/cache/platform-purge.ts sends through PURGE_API
              // when it is bound. No purge goes out unless a test sets CF_ZONE_ID and CF_PURGE_TOKEN.
              serviceBindings: { PURGE_API: 'purge-api' },
              workers: [{ name: 'purge-api', modules: true, scriptPath: './tests/purge-api/standin.js', compatibilityDate: '2026-04-01' }],
            },
          }),
        ],
        test: {
          name: 'workers',
          setupFiles: ['./tests/setup.ts'],
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/production/**'],
        },
      },
      {
        // The Worker as `wrangler deploy` ships it: wrangler.toml's [vars] as committed win
        // over any .dev.vars on this machine, and its rate limits apply.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { ...committed, TEST_MIGRATIONS: migrations } },
          }),
        ],
        test: {
          name: 'production',
          setupFiles: ['./tests/setup.ts'],
          include: ['tests/production/**/*.test.ts'],
        },
      },
      {
        // End-to-end tests in Node: they start the Worker with wrangler and drive Chromium.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
