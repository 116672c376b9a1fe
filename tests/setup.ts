// Every test file starts from the migrated schema and the seed graph; each
// test's writes are undone by the pool's per-test storage isolation.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { seed } from '../src/seed/data';
import { seedStatements } from '../src/seed/sql';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(seedStatements(seed).map((s) => env.DB.prepare(s)));
