import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// The same flat migration files wrangler applies (see scripts/link-migrations.ts).
const migrations = await readD1Migrations(new URL('./drizzle', import.meta.url).pathname);

export default defineConfig({
  test: {
    projects: [
      {
        // Integration tests inside workerd, through the real Worker and a real D1.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
          }),
        ],
        test: {
          name: 'workers',
          setupFiles: ['./tests/setup.ts'],
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
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
