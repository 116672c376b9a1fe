/**
 * `npm run lint`'s size rule: no module in src/ over MAX_LINES lines, so a file
 * stays one idea that a reader can hold. Biome has no such rule; import cycles
 * are Biome's (`noImportCycles`, biome.json).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_LINES = 400;
const root = new URL('..', import.meta.url).pathname;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const over = [...files(join(root, 'src'))]
  .map((path) => ({ path: relative(root, path), lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
  .filter((f) => f.lines > MAX_LINES);
for (const f of over) console.error(`${f.path}: ${f.lines} lines (at most ${MAX_LINES})`);
if (over.length) process.exit(1);
console.log(`modules: none over ${MAX_LINES} lines`);
