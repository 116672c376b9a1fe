import { eq } from 'drizzle-orm';
import { builder } from '../builder';
import { ENTITY_LIST_MULTIPLIER } from '../cost';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { ID_CURSOR } from '../cursors';
import { BY_NAME, LATEST_RECORDED } from '../orderings';
import { read } from '../compile/recipes';
import { countries } from '../../db/schema';

import { countryCodeOrNull } from '../country-code';
import { aliasesField, cleanAliases, commit, idOf, needs, notFound, payload, present, taken, written } from '../mutations/entity-writes';
import { rules } from '../mutations/rules';
import { clientError } from '../errors';
import { linkedArticles } from '../linked-articles';

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
    articles: t.relatedConnection(
      'articles',
      linkedArticles('Published articles that report on this country, newest first.', 'country.articles'),
    ),
    deals: t.relatedConnection('deals', {
      validate: ID_CURSOR,
      description: 'Deals this country is a party to, in any role; most recently recorded first.',
      totalCount: true,
      query: { orderBy: LATEST_RECORDED },
      extensions: read.connection(LATEST_RECORDED, { counted: 'country.deals' }),
    }),
    originOf: t.relation('originOf', {
      complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER },
      description: 'Equipment made in this country, by name.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
    operates: t.relation('operates', {
      complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER },
      description: 'Equipment this country fields, by name.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
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
    extensions: read.byKey('code', countries.code, { key: countryCodeOrNull }),
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

// ---- writes (entities:write; shared rules in src/graphql/mutations/entity-writes.ts) ----

const CountryPayload = payload('Country', 'country', 'countries');

const CountryInput = builder.inputType('CountryInput', {
  description: 'A country: its ISO code and name.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'ISO 3166-1 alpha-2 code, e.g. `AM` (upper-cased).', validate: rules.countryCode }),
    name: t.string({ required: true, description: 'Common English name.', validate: rules.name }),
    aliases: aliasesField(t),
  }),
});

builder.mutationFields((t) => ({
  createCountry: t.field({
    nullable: true,
    type: CountryPayload,
    authScopes: needs,
    description: 'Creates a country. A taken code is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CountryInput, required: true, description: 'The country.' }) },
    resolve: async (_r, { input }, ctx) => {
      const code = input.code.toUpperCase();
      if (await idOf(ctx, 'countries', { code })) throw clientError('CONFLICT', taken('country', code), { field: 'input.code' });
      await commit(
        ctx,
        [ctx.db.insert(countries).values({ code, name: input.name.trim(), aliases: cleanAliases(input.aliases) ?? [] })],
        taken('country', code),
        'input.code',
      );
      return written(ctx, 'Country', (await idOf(ctx, 'countries', { code }))!, code);
    },
  }),
  updateCountry: t.field({
    nullable: true,
    type: CountryPayload,
    authScopes: needs,
    description: 'Renames a country and, when given, replaces its aliases. Needs `entities:write`.',
    args: { input: t.arg({ type: CountryInput, required: true, description: 'The country code and the new name.' }) },
    resolve: async (_r, { input }, ctx) => {
      const code = input.code.toUpperCase();
      const row = await idOf(ctx, 'countries', { code });
      if (!row) throw notFound('country', code, 'input.code');
      await commit(
        ctx,
        [
          ctx.db
            .update(countries)
            .set(present({ name: input.name.trim(), aliases: cleanAliases(input.aliases) }))
            .where(eq(countries.id, row.id)),
        ],
        '',
        'input.code',
      );
      return written(ctx, 'Country', row, code);
    },
  }),
}));
