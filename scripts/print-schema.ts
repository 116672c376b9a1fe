/** Writes the schema's SDL to schema/schema.graphql (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { printSchemaSdl } from '../src/graphql/print';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), printSchemaSdl());
console.log('wrote schema/schema.graphql');
