import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { dealEquipment, dealParties, deals } from '../../db/schema';
import { builder } from '../builder';
import { normalizeCountryCode } from '../country-code';
import { ID_CURSOR } from '../cursors';
import { BY_NAME, LATEST_RECORDED, PARTY_ORDER } from '../orderings';
import { read } from '../compile/recipes';
import {
  aliasesField,
  cleanAliases,
  commit,
  countryIds,
  equipmentIds,
  idOf,
  needs,
  notFound,
  payload,
  present,
  refuseNull,
  taken,
  written,
} from '../mutations/entity-writes';
import { listOf, rules } from '../mutations/rules';
import { z } from 'zod';
import { clientError } from '../errors';
import { linkedArticles } from '../linked-articles';

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
    role: t.field({
      type: PartyRole,
      description: 'Its role in the deal.',
      resolve: (p) => p.role as never,
      extensions: read.column(dealParties.role),
    }),
  }),
});

export const Money = builder.objectRef<{ amount: number; currency: string; approximate: boolean }>('Money').implement({
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
    kind: t.field({
      type: DealKind,
      description: 'What the deal is about.',
      resolve: (d) => d.kind as never,
      extensions: read.column(deals.kind),
    }),
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
    parties: t.relation('parties', {
      description: 'The countries taking part, with their roles.',
      query: { orderBy: PARTY_ORDER },
      extensions: read.relation(PARTY_ORDER),
    }),
    value: t.field({
      type: Money,
      nullable: true,
      description: 'What the deal is worth; `null` when not reported.',
      resolve: (d) => dealValue(d.valueAmount, d.valueCurrency, d.valueApproximate),
      extensions: read.embedded([deals.valueAmount, deals.valueCurrency, deals.valueApproximate], ([amount, currency, approximate]) =>
        dealValue(amount as number | null, currency as string | null, approximate as number | null),
      ),
    }),
    equipment: t.relation('equipment', {
      description: 'Equipment the deal covers, by name.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
    summary: t.exposeString('summary', { nullable: true, description: 'What the deal covers, in a sentence or two.' }),
    articles: t.relatedConnection('articles', linkedArticles('Published articles that report this deal, newest first.', 'deal.articles')),
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
    subqueries.push(
      sql`SELECT deal_id FROM deal_equipment WHERE equipment_id IN (SELECT id FROM equipment WHERE slug = ${filter.equipment})`,
    );
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
  deals: t.drizzleConnection(
    {
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

// ---- writes (entities:write; shared rules in src/graphql/mutations/entity-writes.ts) ----

const DealPayload = payload('Deal', 'deal', 'deals');

const MoneyInput = builder.inputType('MoneyInput', {
  description: 'An amount of money.',
  fields: (t) => ({
    amount: t.float({
      required: true,
      description: 'Amount in units of the currency.',
      validate: z.number().min(0, 'must be 0 or more').max(1e15, 'is too large'),
    }),
    currency: t.string({ required: true, description: 'ISO 4217 code, e.g. `USD`.', validate: rules.currency }),
    approximate: t.boolean({ defaultValue: false, description: 'Whether the source gave an estimate.' }),
  }),
});

const DealPartyInput = builder.inputType('DealPartyInput', {
  description: 'A country taking part in a deal.',
  fields: (t) => ({
    country: t.string({ required: true, description: 'ISO code of an existing country.', validate: rules.countryCode }),
    role: t.field({ type: PartyRole, required: true, description: 'Its role.' }),
  }),
});

const partiesRule = z
  .array(z.object({ country: z.string() }).passthrough())
  .max(20, 'must have at most 20 items')
  .refine((l) => new Set(l.map((p) => p.country.toUpperCase())).size === l.length, 'must not name a country twice');

const dealFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], create: boolean) => ({
  slug: t.string({ required: true, description: create ? 'Slug of the new deal.' : 'Slug of the deal to change.', validate: rules.slug }),
  title: t.string({ required: create, description: 'Short title.', validate: rules.title }),
  kind: t.field({ type: DealKind, required: create, description: 'What the deal is about.' }),
  status: t.field({ type: DealStatus, description: 'How far it has got; `null` when not reported.' }),
  announcedOn: t.string({ description: 'ISO date (`2025-01-19`) or month (`2025-01`).', validate: rules.partialDate }),
  value: t.field({ type: MoneyInput, description: 'What it is worth.' }),
  summary: t.string({ description: 'What it covers.', validate: rules.longText }),
  parties: t.field({ type: [DealPartyInput], description: 'The countries taking part (replaces the list).', validate: partiesRule }),
  equipment: t.stringList({ description: 'Slugs of existing equipment it covers (replaces the list).', validate: listOf(rules.slug, 50) }),
  aliases: aliasesField(t),
});

const CreateDealInput = builder.inputType('CreateDealInput', { description: 'A new deal.', fields: (t) => dealFields(t, true) });
const UpdateDealInput = builder.inputType('UpdateDealInput', {
  description: 'Changes to a deal. Fields left out stay; `null` clears a nullable field; lists replace the whole list.',
  fields: (t) => dealFields(t, false),
});

builder.mutationFields((t) => ({
  createDeal: t.field({
    nullable: true,
    type: DealPayload,
    authScopes: needs,
    description: 'Creates a deal with its parties and equipment (which must exist). A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CreateDealInput, required: true, description: 'The deal.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await idOf(ctx, 'deals', { slug: input.slug })) throw clientError('CONFLICT', taken('deal', input.slug), { field: 'input.slug' });
      const cIds = await countryIds(
        ctx,
        (input.parties ?? []).map((p) => p.country),
        'input.parties',
      );
      const eIds = await equipmentIds(ctx, input.equipment ?? [], 'input.equipment');
      const dealId = sql`(SELECT id FROM deals WHERE slug = ${input.slug})`;
      const statements: unknown[] = [
        ctx.db.insert(deals).values({
          slug: input.slug,
          title: input.title!.trim(),
          kind: input.kind!,
          status: input.status ?? null,
          announcedOn: input.announcedOn ?? null,
          valueAmount: input.value?.amount ?? null,
          valueCurrency: input.value?.currency ?? null,
          valueApproximate: input.value?.approximate ?? false,
          summary: input.summary?.trim() ?? null,
          aliases: cleanAliases(input.aliases) ?? [],
        }),
      ];
      if (input.parties?.length)
        statements.push(
          ctx.db
            .insert(dealParties)
            .values(input.parties.map((p) => ({ dealId: dealId as never, countryId: cIds.get(p.country.toUpperCase())!, role: p.role }))),
        );
      if (input.equipment?.length)
        statements.push(
          ctx.db.insert(dealEquipment).values(input.equipment.map((e) => ({ dealId: dealId as never, equipmentId: eIds.get(e)! }))),
        );
      await commit(ctx, statements, taken('deal', input.slug), 'input.slug');
      return written(ctx, 'Deal', (await idOf(ctx, 'deals', { slug: input.slug }))!, input.slug);
    },
  }),
  updateDeal: t.field({
    nullable: true,
    type: DealPayload,
    authScopes: needs,
    description: 'Changes a deal; `parties` and `equipment`, when given, replace the lists. Needs `entities:write`.',
    args: { input: t.arg({ type: UpdateDealInput, required: true, description: 'What to change.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await idOf(ctx, 'deals', { slug: input.slug });
      if (!row) throw notFound('deal', input.slug);
      refuseNull(input, 'title', 'kind');
      const cIds = await countryIds(
        ctx,
        (input.parties ?? []).map((p) => p.country),
        'input.parties',
      );
      const eIds = await equipmentIds(ctx, input.equipment ?? [], 'input.equipment');
      const set = present({
        title: input.title?.trim(),
        kind: input.kind ?? undefined,
        status: input.status,
        announcedOn: input.announcedOn,
        summary: input.summary === undefined ? undefined : (input.summary?.trim() ?? null),
        aliases: cleanAliases(input.aliases),
        ...(input.value !== undefined
          ? {
              valueAmount: input.value?.amount ?? null,
              valueCurrency: input.value?.currency ?? null,
              valueApproximate: input.value?.approximate ?? false,
            }
          : {}),
      });
      const statements: unknown[] = [];
      if (Object.keys(set).length) statements.push(ctx.db.update(deals).set(set).where(eq(deals.id, row.id)));
      if (input.parties != null) {
        statements.push(ctx.db.delete(dealParties).where(eq(dealParties.dealId, row.id)));
        if (input.parties.length)
          statements.push(
            ctx.db
              .insert(dealParties)
              .values(input.parties.map((p) => ({ dealId: row.id, countryId: cIds.get(p.country.toUpperCase())!, role: p.role }))),
          );
      }
      if (input.equipment != null) {
        statements.push(ctx.db.delete(dealEquipment).where(eq(dealEquipment.dealId, row.id)));
        if (input.equipment.length)
          statements.push(ctx.db.insert(dealEquipment).values(input.equipment.map((e) => ({ dealId: row.id, equipmentId: eIds.get(e)! }))));
      }
      if (statements.length) await commit(ctx, statements, '', 'input.slug');
      return written(ctx, 'Deal', row, input.slug);
    },
  }),
}));
