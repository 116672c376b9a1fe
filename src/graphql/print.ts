import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema';

/** The SDL as committed in schema/schema.graphql; a test compares the two. */
export function printSchemaSdl(): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
