import { describe, expect, it } from 'vitest';
import committed from '../schema/schema.graphql?raw';
import { printSchemaSdl } from '../src/graphql/print';
import { schema } from '../src/graphql/schema';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLUnionType,
} from 'graphql';

describe('schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema` after a change)', () => {
    expect(printSchemaSdl()).toBe(committed);
  });

  it('documents every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        (type instanceof GraphQLScalarType && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
      )
        continue;
      if (!type.description) missing.push(type.name);
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType || type instanceof GraphQLInputObjectType) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (type instanceof GraphQLEnumType) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (type instanceof GraphQLUnionType && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});
