/**
 * Loads the seed data into a D1 database through wrangler:
 *   tsx scripts/seed.ts --local     (the embedded database of `npm start`)
 *   tsx scripts/seed.ts --remote    (the deployed database)
 * The statements are idempotent, so running this twice changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { seed } from '../src/seed/data';
import { seedStatements } from '../src/seed/sql';

const target = process.argv.includes('--remote') ? '--remote' : '--local';
mkdirSync('.wrangler', { recursive: true });
const file = '.wrangler/seed.sql';
writeFileSync(file, seedStatements(seed).join('\n') + '\n');
execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', target, '--file', file, '--yes'], { stdio: 'inherit' });
console.log(`seeded ${seed.articles.length} article(s) into the ${target.slice(2)} database`);
