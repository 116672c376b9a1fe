/**
 * drizzle-kit 1.0 writes `drizzle/<timestamp>_<name>/migration.sql`, while
 * wrangler (`d1 migrations apply`) and the test pool's `readD1Migrations` read
 * only flat `*.sql` files (vitest.config.ts reads them with readD1Migrations). This links every folder's
 * migration as `drizzle/<timestamp>_<name>.sql`: one file on disk, applied by
 * `npm start`, the tests and a remote deploy alike. Run after every
 * `drizzle-kit generate` (npm run db:generate does).
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../drizzle/', import.meta.url).pathname;
const folders = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
  .map((e) => e.name);

for (const folder of folders) {
  const link = join(dir, `${folder}.sql`);
  const target = `${folder}/migration.sql`;
  if (existsSync(link) || isDanglingLink(link)) {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) continue;
    unlinkSync(link);
  }
  symlinkSync(target, link);
  console.log(`linked drizzle/${folder}.sql -> ${target}`);
}

// Links whose folder is gone would make wrangler fail on a missing file.
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (name.endsWith('.sql') && isDanglingLink(path)) {
    unlinkSync(path);
    console.log(`removed dangling drizzle/${name}`);
  }
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}
