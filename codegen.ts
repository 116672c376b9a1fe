// `npm run codegen`: typed documents for TypeScript clients from schema/operations, into
// clients/typescript/ (committed; not part of the Worker). persisted-documents.json there
// maps each document's sha256 to its text, as the Worker's manifest
// (schema/persisted-operations.json, `npm run persisted`) does; tests/persisted-operations.test.ts
// checks that the two agree.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'clients/typescript/': {
      preset: 'client',
      presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' }, fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
