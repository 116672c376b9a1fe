/**
 * `npm run persisted` (also the last step of `npm run codegen`): writes
 * schema/persisted-operations.json, the trusted documents the Worker bundles
 * (src/persisted/manifest.ts), from schema/operations/*.graphql.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { buildManifest, serialize } from './persisted-manifest';

const dir = new URL('../schema/operations/', import.meta.url);
const files = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]),
);
const manifest = await buildManifest(files);
writeFileSync(new URL('../schema/persisted-operations.json', import.meta.url), serialize(manifest));
console.log(`schema/persisted-operations.json: ${Object.keys(manifest).length} trusted documents`);
