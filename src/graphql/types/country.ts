import { builder } from '../builder';
import { ENTITY_LIST_MULTIPLIER } from '../cost';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { visibleArticles } from '../visibility';
import { Article } from './article';
import { Deal } from './deal';
import { Equipment } from './equipment';
import { ARTICLE_CURSOR, ID_CURSOR } from '../cursors';
import { BY_NAME, LATEST_RECORDED, NEWEST_FIRST } from '../orderings';
import { read } from '../compile/recipes';
import { countries as countriesTable } from '../../db/schema';
import { countryCodeOrNull } from '../country-code';

export const Country = builder.drizzleNode('countries', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ENTITY_CACHE,
  name: 'Country',
  description: 'A state, identified by its ISO 3166-1 alpha-2 code.',
  id: { column: (c) => c.id },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 3166-1 alpha-2 code, upper case, e.g. `AM`.' }),
    name: t.exposeString('name', { description: 'Common English name, e.g. "Armenia".' }),
    aliases: t.exposeStringList('aliases', {
      description:
        'Other names texts use for this country: short forms and demonyms, e.g. "U.S." and "American" for the United States. Ingestion links articles by name and by these.',
    }),
    articles: t.relatedConnection('articles', {
      validate: ARTICLE_CURSOR,
      description: 'Published articles that report on this country, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleArticles(ctx), orderBy: NEWEST_FIRST }),
      extensions: read.connection(NEWEST_FIRST, { visibleArticles: true }),
    }),
    deals: t.relatedConnection('deals', {
      validate: ID_CURSOR,
      description: 'Deals this country is a party to, in any role; most recently recorded first.',
      totalCount: true,
      query: { orderBy: LATEST_RECORDED },
      extensions: read.connection(LATEST_RECORDED),
    }),
    originOf: t.relation('originOf', { complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER }, description: 'Equipment made in this country, by name.', query: { orderBy: BY_NAME }, extensions: read.relation(BY_NAME) }),
    operates: t.relation('operates', { complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER }, description: 'Equipment this country fields, by name.', query: { orderBy: BY_NAME }, extensions: read.relation(BY_NAME) }),
  }),
});

builder.queryFields((t) => ({
  country: t.drizzleField({
    type: 'countries',
    nullable: true,
    description: 'One country by ISO 3166-1 alpha-2 code; `null` when there is none.',
    args: { code: t.arg.string({ required: true, description: 'ISO 3166-1 alpha-2 code, e.g. `AM` (case-insensitive).' }) },
    resolve: (query, _root, args, ctx) => {
      // A code that is not two letters cannot exist: answer null, like any unknown code.
      const code = countryCodeOrNull(args.code);
      if (code == null) return null;
      return ctx.db.query.countries.findFirst(query({ where: { code } }));
    },
    extensions: read.byKey('code', countriesTable.code, { key: countryCodeOrNull }),
  }),
  countries: t.drizzleField({
    // Every country of ISO 3166-1 is seeded (about 250).
    complexity: { field: 1, multiplier: 250 },
    type: ['countries'],
    description: 'All countries, by name.',
    resolve: (query, _root, _args, ctx) => ctx.db.query.countries.findMany(query({ orderBy: BY_NAME })),
    extensions: read.all(BY_NAME),
  }),
}));
