/**
 * Mutations of the graph's entities: sections, authors, countries, deals
 * (with parties and equipment) and equipment (with operators). Every field
 * needs `entities:write`; each write is one atomic D1 batch; a taken slug or
 * code is a CONFLICT and a missing target NOT_FOUND (./entity-writes.ts).
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { countries, dealEquipment, dealParties, deals, equipment, equipmentOperators } from '../../db/schema';
import { builder } from '../builder';
import { clientError } from '../errors';
import { DealKind, DealStatus, PartyRole } from '../types/deal';
import { EquipmentKind } from '../types/equipment';
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
  slugNameMutations,
  taken,
  written,
} from './entity-writes';
import { listOf, rules } from './rules';

slugNameMutations('Section', 'sections', 'war');
slugNameMutations('Author', 'authors', 'kathrine-frich');

const CountryPayload = payload('Country', 'country', 'countries');
const DealPayload = payload('Deal', 'deal', 'deals');
const EquipmentPayload = payload('Equipment', 'equipment', 'equipment');

const CountryInput = builder.inputType('CountryInput', {
  description: 'A country: its ISO code and name.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'ISO 3166-1 alpha-2 code, e.g. `AM` (upper-cased).', validate: rules.countryCode }),
    name: t.string({ required: true, description: 'Common English name.', validate: rules.name }),
    aliases: aliasesField(t),
  }),
});

const MoneyInput = builder.inputType('MoneyInput', {
  description: 'An amount of money.',
  fields: (t) => ({
    amount: t.float({ required: true, description: 'Amount in units of the currency.', validate: z.number().min(0, 'must be 0 or more').max(1e15, 'is too large') }),
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

const equipmentFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], create: boolean) => ({
  slug: t.string({ required: true, description: create ? 'Slug of the new equipment.' : 'Slug of the equipment to change.', validate: rules.slug }),
  name: t.string({ required: create, description: 'Name as usually written.', validate: rules.name }),
  kind: t.field({ type: EquipmentKind, required: create, description: 'What sort of system it is.' }),
  originCountry: t.string({ description: 'ISO code of an existing country where it is made.', validate: rules.countryCode }),
  caliberMm: t.float({ description: 'Calibre in millimetres.', validate: z.number().positive('must be positive').max(2000, 'must be at most 2000') }),
  rateOfFirePerMinute: t.int({ description: 'Maximum rounds per minute.', validate: z.number().int().positive('must be positive').max(100000, 'must be at most 100000') }),
  rangeKm: t.float({ description: 'Maximum range in kilometres.', validate: z.number().positive('must be positive').max(50000, 'must be at most 50000') }),
  operators: t.stringList({ description: 'ISO codes of existing countries that field it (replaces the list).', validate: listOf(rules.countryCode, 100) }),
  aliases: aliasesField(t),
});

const CreateEquipmentInput = builder.inputType('CreateEquipmentInput', { description: 'New equipment.', fields: (t) => equipmentFields(t, true) });
const UpdateEquipmentInput = builder.inputType('UpdateEquipmentInput', {
  description: 'Changes to equipment. Fields left out stay; `null` clears a nullable field; lists replace the whole list.',
  fields: (t) => equipmentFields(t, false),
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
      await commit(ctx, [ctx.db.insert(countries).values({ code, name: input.name.trim(), aliases: cleanAliases(input.aliases) ?? [] })], taken('country', code), 'input.code');
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
      await commit(ctx, [ctx.db.update(countries).set(present({ name: input.name.trim(), aliases: cleanAliases(input.aliases) })).where(eq(countries.id, row.id))], '', 'input.code');
      return written(ctx, 'Country', row, code);
    },
  }),
  createDeal: t.field({
    nullable: true,
    type: DealPayload,
    authScopes: needs,
    description: 'Creates a deal with its parties and equipment (which must exist). A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CreateDealInput, required: true, description: 'The deal.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await idOf(ctx, 'deals', { slug: input.slug })) throw clientError('CONFLICT', taken('deal', input.slug), { field: 'input.slug' });
      const cIds = await countryIds(ctx, (input.parties ?? []).map((p) => p.country), 'input.parties');
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
        statements.push(ctx.db.insert(dealParties).values(input.parties.map((p) => ({ dealId: dealId as never, countryId: cIds.get(p.country.toUpperCase())!, role: p.role }))));
      if (input.equipment?.length) statements.push(ctx.db.insert(dealEquipment).values(input.equipment.map((e) => ({ dealId: dealId as never, equipmentId: eIds.get(e)! }))));
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
      const cIds = await countryIds(ctx, (input.parties ?? []).map((p) => p.country), 'input.parties');
      const eIds = await equipmentIds(ctx, input.equipment ?? [], 'input.equipment');
      const set = present({
        title: input.title?.trim(),
        kind: input.kind ?? undefined,
        status: input.status,
        announcedOn: input.announcedOn,
        summary: input.summary === undefined ? undefined : (input.summary?.trim() ?? null),
        aliases: cleanAliases(input.aliases),
        ...(input.value !== undefined
          ? { valueAmount: input.value?.amount ?? null, valueCurrency: input.value?.currency ?? null, valueApproximate: input.value?.approximate ?? false }
          : {}),
      });
      const statements: unknown[] = [];
      if (Object.keys(set).length) statements.push(ctx.db.update(deals).set(set).where(eq(deals.id, row.id)));
      if (input.parties != null) {
        statements.push(ctx.db.delete(dealParties).where(eq(dealParties.dealId, row.id)));
        if (input.parties.length)
          statements.push(ctx.db.insert(dealParties).values(input.parties.map((p) => ({ dealId: row.id, countryId: cIds.get(p.country.toUpperCase())!, role: p.role }))));
      }
      if (input.equipment != null) {
        statements.push(ctx.db.delete(dealEquipment).where(eq(dealEquipment.dealId, row.id)));
        if (input.equipment.length) statements.push(ctx.db.insert(dealEquipment).values(input.equipment.map((e) => ({ dealId: row.id, equipmentId: eIds.get(e)! }))));
      }
      if (statements.length) await commit(ctx, statements, '', 'input.slug');
      return written(ctx, 'Deal', row, input.slug);
    },
  }),
  createEquipment: t.field({
    nullable: true,
    type: EquipmentPayload,
    authScopes: needs,
    description: 'Creates equipment with its origin and operators (which must exist). A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CreateEquipmentInput, required: true, description: 'The equipment.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await idOf(ctx, 'equipment', { slug: input.slug })) throw clientError('CONFLICT', taken('equipment', input.slug), { field: 'input.slug' });
      const origin = await countryIds(ctx, input.originCountry ? [input.originCountry] : [], 'input.originCountry');
      const ops = await countryIds(ctx, input.operators ?? [], 'input.operators');
      const equipmentId = sql`(SELECT id FROM equipment WHERE slug = ${input.slug})`;
      const statements: unknown[] = [
        ctx.db.insert(equipment).values({
          slug: input.slug,
          name: input.name!.trim(),
          kind: input.kind!,
          originCountryId: input.originCountry ? origin.get(input.originCountry.toUpperCase())! : null,
          caliberMm: input.caliberMm ?? null,
          rateOfFirePerMinute: input.rateOfFirePerMinute ?? null,
          rangeKm: input.rangeKm ?? null,
          aliases: cleanAliases(input.aliases) ?? [],
        }),
      ];
      if (input.operators?.length)
        statements.push(ctx.db.insert(equipmentOperators).values(input.operators.map((c) => ({ equipmentId: equipmentId as never, countryId: ops.get(c.toUpperCase())! }))));
      await commit(ctx, statements, taken('equipment', input.slug), 'input.slug');
      return written(ctx, 'Equipment', (await idOf(ctx, 'equipment', { slug: input.slug }))!, input.slug);
    },
  }),
  updateEquipment: t.field({
    nullable: true,
    type: EquipmentPayload,
    authScopes: needs,
    description: 'Changes equipment; `operators`, when given, replaces the list. Needs `entities:write`.',
    args: { input: t.arg({ type: UpdateEquipmentInput, required: true, description: 'What to change.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await idOf(ctx, 'equipment', { slug: input.slug });
      if (!row) throw notFound('equipment', input.slug);
      refuseNull(input, 'name', 'kind');
      const origin = await countryIds(ctx, input.originCountry ? [input.originCountry] : [], 'input.originCountry');
      const ops = await countryIds(ctx, input.operators ?? [], 'input.operators');
      const set = present({
        name: input.name?.trim(),
        kind: input.kind ?? undefined,
        originCountryId: input.originCountry === undefined ? undefined : input.originCountry ? origin.get(input.originCountry.toUpperCase())! : null,
        caliberMm: input.caliberMm,
        rateOfFirePerMinute: input.rateOfFirePerMinute,
        rangeKm: input.rangeKm,
        aliases: cleanAliases(input.aliases),
      });
      const statements: unknown[] = [];
      if (Object.keys(set).length) statements.push(ctx.db.update(equipment).set(set).where(eq(equipment.id, row.id)));
      if (input.operators != null) {
        statements.push(ctx.db.delete(equipmentOperators).where(eq(equipmentOperators.equipmentId, row.id)));
        if (input.operators.length)
          statements.push(ctx.db.insert(equipmentOperators).values(input.operators.map((c) => ({ equipmentId: row.id, countryId: ops.get(c.toUpperCase())! }))));
      }
      if (statements.length) await commit(ctx, statements, '', 'input.slug');
      return written(ctx, 'Equipment', row, input.slug);
    },
  }),
}));
