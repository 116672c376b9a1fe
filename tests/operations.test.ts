/// <reference types="vite/client" />
// The example operations (schema/operations/*.graphql) are the explorer's tabs
// and will be the persisted operations the edge cache serves: a schema change
// that breaks one must fail the build, here.
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema';
import { data } from './helpers';

const files = import.meta.glob<string>('../schema/operations/*.graphql', { query: '?raw', import: 'default', eager: true });
const operations = Object.entries(files).map(([path, text]) => ({
  name: path
    .split('/')
    .pop()!
    .replace(/\.graphql$/, ''),
  text,
}));

describe('example operations', () => {
  it('include the article page, section front and country profile', () => {
    expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining(['ArticlePage', 'SectionFront', 'CountryProfile']));
  });

  describe.each(operations)('$name', ({ name, text }) => {
    it('is valid against the schema', () => {
      expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
    });

    it('holds exactly one operation, named after its file', () => {
      const definitions = parse(text).definitions;
      const ops = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect(ops.map((o) => o.name?.value)).toEqual([name]);
    });

    it('runs with its default variables without errors', async () => {
      const result = await data(text);
      expect(Object.values(result as Record<string, unknown>).every((v) => v !== null)).toBe(true);
    });
  });
});
