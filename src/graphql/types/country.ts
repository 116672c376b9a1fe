import { builder } from '../builder';
import { ENTITY_LIST_MULTIPLIER } from '../cost';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { badUserInput } from '../errors';
import { visibleArticles } from '../visibility';
import { Article } from './article';
import { Deal } from './deal';
import { Equipment } from './equipment';
import { ARTICLE_CURSOR, ID_CURSOR } from '../cursors';

/** ISO 3166-1 alpha-2: two letters; lower case is accepted and upper-cased. */
export function normalizeCountryCode(code: string, field: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) throw badUserInput(`${field} must be an ISO 3166-1 alpha-2 code such as "AM"; got ${JSON.stringify(code)}`, field);
  return code.toUpperCase();
}

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
      query: (_args, ctx) => ({ where: visibleArticles(ctx), orderBy: { publishedAt: 'desc', id: 'desc' } }),
    }),
    deals: t.relatedConnection('deals', {
      validate: ID_CURSOR,
      description: 'Deals this country is a party to, in any role; most recently recorded first.',
      totalCount: true,
      query: { orderBy: { id: 'desc' } },
    }),
    originOf: t.relation('originOf', { complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER }, description: 'Equipment made in this country, by name.', query: { orderBy: { name: 'asc', id: 'asc' } } }),
    operates: t.relation('operates', { complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER }, description: 'Equipment this country fields, by name.', query: { orderBy: { name: 'asc', id: 'asc' } } }),
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
      if (!/^[A-Za-z]{2}$/.test(args.code)) return null;
      return ctx.db.query.countries.findFirst(query({ where: { code: args.code.toUpperCase() } }));
    },
  }),
  countries: t.drizzleField({
    // Every country of ISO 3166-1 is seeded (about 250).
    complexity: { field: 1, multiplier: 250 },
    type: ['countries'],
    description: 'All countries, by name.',
    resolve: (query, _root, _args, ctx) => ctx.db.query.countries.findMany(query({ orderBy: { name: 'asc', id: 'asc' } })),
  }),
}));
