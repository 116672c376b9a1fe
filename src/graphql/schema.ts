/** Imports every type file (each registers its type and root fields) and builds the schema once. */
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import { applyCosts } from './cost';
import './row-loader';
import './types/scalars';
import './types/article';
import './types/author';
import './types/section';
import './types/country';
import './types/deal';
import './types/equipment';
import './types/article-history';
import './types/article-mutations';
import './types/search';

builder.queryType({ description: 'The news graph: articles and the countries, deals and equipment they report.' });
builder.mutationType({
  description:
    'Editorial writes. Every field needs an editor token (Authorization: Bearer …) with the scope its description names. ' +
    'Each field is one atomic D1 batch: it commits whole or not at all. An operation with several fields runs them in order, ' +
    'each on its own: one that fails is `null` with its error in `errors`, the ones that committed before it keep their ' +
    'results in `data`, and the ones after it still run.',
});

export const schema = applyCosts(describeGeneratedFields(builder.toSchema({ sortSchema: true })));

/** Plugins add a few fields without descriptions; every field is documented. */
function describeGeneratedFields(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    if (!type.description && type.name.endsWith('ConnectionEdge')) type.description = 'One item of a page, with its cursor.';
    if (!type.description && type.name.endsWith('Connection'))
      type.description = 'A page of a list, with its edges, pagination state and total count.';
    const totalCount = type.getFields().totalCount;
    if (totalCount && !totalCount.description) totalCount.description = 'Number of items in the whole connection, across all pages.';
  }
  return built;
}
