/**
 * Builds the explorer (GraphiQL 4, React, their styles and fonts, and the
 * example operations in schema/operations/*.graphql) into one script and one
 * stylesheet under public/explorer/, which wrangler serves as Workers static
 * assets. Nothing is fetched from a CDN at run time, and the bundle does not
 * count toward the Worker script's size limit.
 *
 * Run by `npm start`, `npm test`, `npm run build` and `npm run deploy`; the
 * output is not committed (it is ~1 MB of minified vendor code, rebuilt in
 * about a second from the locked npm packages).
 *
 *   tsx scripts/build-explorer.ts
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'public/explorer');
const operationsDir = join(root, 'schema/operations');

/** Tabs in this order; any other operation follows, alphabetically. */
const TAB_ORDER = ['ArticlePage', 'SectionFront', 'CountryProfile', 'Search'];

const operations = readdirSync(operationsDir)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => ({ name: basename(file, '.graphql'), query: readFileSync(join(operationsDir, file), 'utf8') }))
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));

function rank(name: string): number {
  const i = TAB_ORDER.indexOf(name);
  return i === -1 ? TAB_ORDER.length : i;
}

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { graphiql: 'src/explorer/app/main.tsx' },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  define: {
    'process.env.NODE_ENV': '"production"',
    __OPERATIONS__: JSON.stringify(operations),
  },
  // Only loaded for subscriptions over WebSocket, which this API does not offer.
  external: ['graphql-ws'],
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`explorer: ${file.replace(`${root}`, '')} ${(bytes / 1024).toFixed(0)} KiB`);
}
console.log(`explorer: ${operations.length} operation tab(s): ${operations.map((o) => o.name).join(', ')}`);
