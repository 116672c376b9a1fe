import { builder } from '../builder';
import { ENTITY_LIST_MULTIPLIER } from '../cost';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { BY_NAME } from '../orderings';
import { read } from '../compile/recipes';
import { sections as sectionsTable } from '../../db/schema';
import { slugNameMutations } from '../mutations/entity-writes';
import { linkedArticles } from '../linked-articles';

export const Section = builder.drizzleNode('sections', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ENTITY_CACHE,
  name: 'Section',
  description: 'A desk or section of the publication, such as War.',
  id: { column: (s) => s.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique name, e.g. `war`.' }),
    name: t.exposeString('name', { description: 'Display name, e.g. "War".' }),
    articles: t.relatedConnection('articles', linkedArticles('Published articles of this section, newest first.', 'section.articles')),
  }),
});

builder.queryFields((t) => ({
  section: t.drizzleField({
    type: 'sections',
    nullable: true,
    description: 'One section by slug; `null` when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The section slug.' }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.sections.findFirst(query({ where: { slug: args.slug } })),
    extensions: read.byKey('slug', sectionsTable.slug),
  }),
  sections: t.drizzleField({
    complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER },
    type: ['sections'],
    description: 'All sections, by name.',
    resolve: (query, _root, _args, ctx) => ctx.db.query.sections.findMany(query({ orderBy: BY_NAME })),
    extensions: read.all(BY_NAME),
  }),
}));

// Writes: create and rename (entities:write), src/graphql/mutations/entity-writes.ts.
slugNameMutations('Section', 'sections', 'war');
