// Every test file starts from the migrated schema and the seed graph. Storage
// is isolated per test file, not per test: tests in one file see each other's
// writes, so each uses its own slugs.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { seed } from '../src/seed/data';
import { seedStatements } from '../src/seed/sql';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(seedStatements(seed).map((s) => env.DB.prepare(s)));
