import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { dealParties, deals } from '../../db/schema';
import { builder } from '../builder';
import { visibleArticles } from '../visibility';
import { Article } from './article';
import { Country } from './country';
import { normalizeCountryCode } from '../country-code';
import { Equipment } from './equipment';
import { ARTICLE_CURSOR, ID_CURSOR } from '../cursors';
import { BY_NAME, LATEST_RECORDED, NEWEST_FIRST, PARTY_ORDER } from '../orderings';
import { read } from '../compile/recipes';

export const DealKind = builder.enumType('DealKind', {
  description: 'What a deal is about.',
  values: {
    STRATEGIC_PARTNERSHIP: { description: 'A formal partnership between states.' },
    AID: { description: 'Money or goods given, e.g. development or humanitarian aid.' },
    ARMS_TRANSFER: { description: 'Weapons or defence systems passing from one state to another.' },
    DEFENCE_COOPERATION: { description: 'Joint defence work: training, production, exercises.' },
    OTHER: { description: 'Anything else.' },
  } as const,
});

export const DealStatus = builder.enumType('DealStatus', {
  description: 'How far a deal has got, as last reported.',
  values: {
    ANNOUNCED: { description: 'Announced, not yet agreed.' },
    AGREED: { description: 'Agreed, signed or formalized.' },
    IN_PROGRESS: { description: 'Being carried out.' },
    DELIVERED: { description: 'Goods delivered.' },
    COMPLETED: { description: 'Finished.' },
    CANCELLED: { description: 'Called off.' },
  } as const,
});

export const PartyRole = builder.enumType('PartyRole', {
  description: "A country's part in a deal.",
  values: {
    SUPPLIER: { description: 'Provides goods or services.' },
    RECIPIENT: { description: 'Receives goods, services or money.' },
    PARTNER: { description: 'An equal party, e.g. to a partnership.' },
    DONOR: { description: 'Gives money or goods without payment.' },
  } as const,
});

export const DealParty = builder.drizzleObject('dealParties', {
  name: 'DealParty',
  description: 'A country taking part in a deal, and its role.',
  fields: (t) => ({
    country: t.relation('country', { description: 'The country.', extensions: read.relation() }),
    role: t.field({ type: PartyRole, description: 'Its role in the deal.', resolve: (p) => p.role as never, extensions: read.column(dealParties.role) }),
  }),
});

export const Money = builder
  .objectRef<{ amount: number; currency: string; approximate: boolean }>('Money')
  .implement({
    description: 'An amount of money.',
    fields: (t) => ({
      amount: t.exposeFloat('amount', { description: 'The amount in units of the currency (not cents).' }),
      currency: t.exposeString('currency', { description: 'ISO 4217 currency code, e.g. `USD`.' }),
      approximate: t.exposeBoolean('approximate', { description: 'Whether the source gave the amount as an estimate ("about", "around").' }),
    }),
  });

/** A deal's value from its columns; `null` unless both amount and currency are known. */
export function dealValue(amount: number | null, currency: string | null, approximate: boolean | number | null) {
  return amount == null || currency == null ? null : { amount, currency, approximate: Boolean(approximate) };
}

// No field-level `select` on Deal, DealParty and Equipment: their rows always carry every column
// (no type-level `select`), and a field with `select` pays plugin-drizzle's per-row mapping lookup.
export const Deal = builder.drizzleNode('deals', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ENTITY_CACHE,
  name: 'Deal',
  description: 'An agreement between countries: a partnership, aid, or a transfer of arms.',
  id: { column: (d) => d.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique name.' }),
    title: t.exposeString('title', { description: 'Short title.' }),
    aliases: t.exposeStringList('aliases', {
      description:
        'Phrases that name this deal in a text, e.g. "strategic partnership". Ingestion links an article to the deal when it names all its parties and one of these, one of its equipment or its value.',
    }),
    kind: t.field({ type: DealKind, description: 'What the deal is about.', resolve: (d) => d.kind as never, extensions: read.column(deals.kind) }),
    status: t.field({
      type: DealStatus,
      nullable: true,
      description: 'How far the deal has got; `null` when not reported.',
      resolve: (d) => d.status as never,
      extensions: read.column(deals.status),
    }),
    announcedOn: t.exposeString('announcedOn', {
      nullable: true,
      description: 'When the deal was announced or formalized, as an ISO 8601 date at day (`2025-01-19`) or month (`2025-01`) precision.',
    }),
    parties: t.relation('parties', { description: 'The countries taking part, with their roles.', query: { orderBy: PARTY_ORDER }, extensions: read.relation(PARTY_ORDER) }),
    value: t.field({
      type: Money,
      nullable: true,
      description: 'What the deal is worth; `null` when not reported.',
      resolve: (d) => dealValue(d.valueAmount, d.valueCurrency, d.valueApproximate),
      extensions: read.embedded([deals.valueAmount, deals.valueCurrency, deals.valueApproximate], ([amount, currency, approximate]) =>
        dealValue(amount as number | null, currency as string | null, approximate as number | null),
      ),
    }),
    equipment: t.relation('equipment', { description: 'Equipment the deal covers, by name.', query: { orderBy: BY_NAME }, extensions: read.relation(BY_NAME) }),
    summary: t.exposeString('summary', { nullable: true, description: 'What the deal covers, in a sentence or two.' }),
    articles: t.relatedConnection('articles', {
      validate: ARTICLE_CURSOR,
      description: 'Published articles that report this deal, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleArticles(ctx), orderBy: NEWEST_FIRST }),
      extensions: read.connection(NEWEST_FIRST, { visibleArticles: true }),
    }),
  }),
});

export const DealFilter = builder.inputType('DealFilter', {
  description: 'Narrows a deal list. All given conditions must hold.',
  fields: (t) => ({
    country: t.string({ description: 'ISO code of a party in any role.' }),
    supplier: t.string({ description: 'ISO code of the supplier.' }),
    recipient: t.string({ description: 'ISO code of the recipient.' }),
    kind: t.field({ type: DealKind, description: 'Kind of deal.' }),
    equipment: t.string({ description: 'Slug of equipment the deal covers.' }),
  }),
});

type DealFilterShape = typeof DealFilter.$inferInput;

/** The filter as one SQL condition over a deals table (or its alias); undefined when empty. */
function dealFilterSql(filter: DealFilterShape | null | undefined) {
  if (!filter) return undefined;
  const partyIn = (code: string, field: string, role?: string) =>
    sql`SELECT deal_id FROM deal_parties WHERE country_id IN (SELECT id FROM countries WHERE code = ${normalizeCountryCode(code, field)})${
      role ? sql` AND role = ${role}` : sql``
    }`;
  const subqueries: SQL[] = [];
  if (filter.country != null) subqueries.push(partyIn(filter.country, 'filter.country'));
  if (filter.supplier != null) subqueries.push(partyIn(filter.supplier, 'filter.supplier', 'SUPPLIER'));
  if (filter.recipient != null) subqueries.push(partyIn(filter.recipient, 'filter.recipient', 'RECIPIENT'));
  if (filter.equipment != null)
    subqueries.push(sql`SELECT deal_id FROM deal_equipment WHERE equipment_id IN (SELECT id FROM equipment WHERE slug = ${filter.equipment})`);
  return (d: { id: AnyColumn; kind: AnyColumn }) => {
    const parts = subqueries.map((q) => sql`${d.id} IN (${q})`);
    if (filter.kind != null) parts.push(sql`${d.kind} = ${filter.kind}`);
    return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
  };
}

builder.queryFields((t) => ({
  deal: t.drizzleField({
    type: 'deals',
    nullable: true,
    description: 'One deal by slug; `null` when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The deal slug.' }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.deals.findFirst(query({ where: { slug: args.slug } })),
    extensions: read.byKey('slug', deals.slug),
  }),
  deals: t.drizzleConnection({
    type: 'deals',
    validate: ID_CURSOR,
    description: 'Deals, most recently recorded first.',
    args: { filter: t.arg({ type: DealFilter, description: 'Conditions the deals must meet.' }) },
    totalCount: (_parent, args, ctx) => ctx.db.$count(deals, dealFilterSql(args.filter)?.(deals)),
    resolve: (query, _parent, args, ctx) => {
      const condition = dealFilterSql(args.filter);
      return ctx.db.query.deals.findMany(query({ where: condition ? { RAW: condition } : {}, orderBy: LATEST_RECORDED }));
    },
  },
  { name: 'DealConnection', description: 'A page of deal results.' },
  { name: 'DealEdge', description: 'One deal in a page, with its cursor.' },
  ),
}));
