import { countRows } from '../../db/count';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { authors as authorsTable } from '../../db/schema';
import { builder } from '../builder';
import { NAME_CURSOR } from '../cursors';
import { BY_NAME } from '../orderings';
import { read } from '../compile/recipes';
import { slugNameMutations } from '../mutations/entity-writes';
import { linkedArticles } from '../linked-articles';

export const Author = builder.drizzleNode('authors', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ENTITY_CACHE,
  name: 'Author',
  description: 'A person in a byline.',
  id: { column: (a) => a.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique name, e.g. `kathrine-frich`.' }),
    name: t.exposeString('name', { description: 'Full name as bylined.' }),
    articles: t.relatedConnection(
      'articles',
      linkedArticles('Published articles with this author in the byline, newest first.', 'author.articles'),
    ),
  }),
});

builder.queryFields((t) => ({
  author: t.drizzleField({
    type: 'authors',
    nullable: true,
    description: 'One author by slug; `null` when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The author slug.' }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.authors.findFirst(query({ where: { slug: args.slug } })),
    extensions: read.byKey('slug', authorsTable.slug),
  }),
  authors: t.drizzleConnection(
    {
      type: 'authors',
      validate: NAME_CURSOR,
      description: 'All authors, by name.',
      totalCount: (_parent, _args, ctx) => countRows(ctx.db, authorsTable),
      resolve: (query, _parent, _args, ctx) => ctx.db.query.authors.findMany(query({ orderBy: BY_NAME })),
    },
    { name: 'AuthorConnection', description: 'A page of author results.' },
    { name: 'AuthorEdge', description: 'One author in a page, with its cursor.' },
  ),
}));

// Writes: create and rename (entities:write), src/graphql/mutations/entity-writes.ts.
slugNameMutations('Author', 'authors', 'kathrine-frich');
