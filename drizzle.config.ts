import { defineConfig } from 'drizzle-kit';

// drizzle-kit writes one folder per migration; scripts/link-migrations.ts
// links each folder's migration.sql as a flat `drizzle/<folder>.sql` so that
// wrangler and the test pool (which read only flat files) apply the same file.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
