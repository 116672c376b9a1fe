/**
 * Mutations of the graph's entities: sections, authors, countries, deals
 * (with parties and equipment) and equipment (with operators). Every field
 * needs `entities:write`; each write is one atomic D1 batch; a taken slug or
 * code is a CONFLICT and a missing target NOT_FOUND.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { entityWriteTags } from '../../cache/tags';
import { z } from 'zod';
import { authors, countries, dealEquipment, dealParties, deals, equipment, equipmentOperators, sections } from '../../db/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { clientError } from '../errors';
import { DealKind, DealStatus, PartyRole } from '../types/deal';
import { EquipmentKind } from '../types/equipment';
import { listOf, rules } from './rules';

const needs = { entitiesWrite: true } as const;

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((e as { message?: unknown }).message ?? e))) return true;
  }
  return false;
}

/** Names what a committed entity write changed, for the cache (src/cache/tags.ts), and returns the row. */
function written<T extends { id: number }>(ctx: Context, type: string, row: T, naturalKey: string): T {
  ctx.invalidate(entityWriteTags(type, row.id, [naturalKey]));
  return row;
}

/** Runs statements as one batch; a unique violation (a concurrent create) is a CONFLICT. */
async function commit(ctx: Context, statements: unknown[], conflict: string, field: string) {
  try {
    await ctx.db.batch(statements as [any, ...any[]]);
  } catch (error) {
    if (isUniqueViolation(error)) throw clientError('CONFLICT', conflict, { field });
    throw error;
  }
}

const taken = (kind: string, key: string) => `A ${kind} ${JSON.stringify(key)} already exists.`;
const notFound = (kind: string, key: string, field = 'input.slug') => clientError('NOT_FOUND', `No ${kind} ${JSON.stringify(key)}.`, { field });

/** ids of existing countries by ISO code; NOT_FOUND naming `field` for any missing. */
async function countryIds(ctx: Context, codes: readonly string[], field: string): Promise<Map<string, number>> {
  const upper = [...new Set(codes.map((c) => c.toUpperCase()))];
  if (!upper.length) return new Map();
  const rows = await ctx.db.select({ id: countries.id, code: countries.code }).from(countries).where(inArray(countries.code, upper));
  const found = new Map(rows.map((r) => [r.code, r.id]));
  const missing = upper.filter((c) => !found.has(c));
  if (missing.length) throw clientError('NOT_FOUND', `No country with ISO code ${missing.map((m) => JSON.stringify(m)).join(', ')}.`, { field });
  return found;
}

async function equipmentIds(ctx: Context, slugs: readonly string[], field: string): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const rows = await ctx.db.select({ id: equipment.id, slug: equipment.slug }).from(equipment).where(inArray(equipment.slug, [...slugs]));
  const found = new Map(rows.map((r) => [r.slug, r.id]));
  const missing = slugs.filter((s) => !found.has(s));
  if (missing.length) throw clientError('NOT_FOUND', `No equipment ${missing.map((m) => JSON.stringify(m)).join(', ')}.`, { field });
  return found;
}

// ---- payloads -------------------------------------------------------------

const SectionPayload = builder.objectRef<{ id: number }>('SectionPayload').implement({
  description: 'The section as stored after the mutation.',
  fields: (t) => ({
    section: t.drizzleField({ type: 'sections', description: 'The section.', resolve: (q, p, _a, ctx) => ctx.db.query.sections.findFirst(q({ where: { id: p.id } })) as never }),
  }),
});
const AuthorPayload = builder.objectRef<{ id: number }>('AuthorPayload').implement({
  description: 'The author as stored after the mutation.',
  fields: (t) => ({
    author: t.drizzleField({ type: 'authors', description: 'The author.', resolve: (q, p, _a, ctx) => ctx.db.query.authors.findFirst(q({ where: { id: p.id } })) as never }),
  }),
});
const CountryPayload = builder.objectRef<{ id: number }>('CountryPayload').implement({
  description: 'The country as stored after the mutation.',
  fields: (t) => ({
    country: t.drizzleField({ type: 'countries', description: 'The country.', resolve: (q, p, _a, ctx) => ctx.db.query.countries.findFirst(q({ where: { id: p.id } })) as never }),
  }),
});
const DealPayload = builder.objectRef<{ id: number }>('DealPayload').implement({
  description: 'The deal as stored after the mutation.',
  fields: (t) => ({
    deal: t.drizzleField({ type: 'deals', description: 'The deal.', resolve: (q, p, _a, ctx) => ctx.db.query.deals.findFirst(q({ where: { id: p.id } })) as never }),
  }),
});
const EquipmentPayload = builder.objectRef<{ id: number }>('EquipmentPayload').implement({
  description: 'The equipment as stored after the mutation.',
  fields: (t) => ({
    equipment: t.drizzleField({ type: 'equipment', description: 'The equipment.', resolve: (q, p, _a, ctx) => ctx.db.query.equipment.findFirst(q({ where: { id: p.id } })) as never }),
  }),
});

// ---- inputs ---------------------------------------------------------------

const SlugNameInput = (name: string, kind: string, example: string) =>
  builder.inputType(name, {
    description: `A ${kind}: its slug and name.`,
    fields: (t) => ({
      slug: t.string({ required: true, description: `Slug of the ${kind}, e.g. \`${example}\`.`, validate: rules.slug }),
      name: t.string({ required: true, description: 'Name.', validate: rules.name }),
    }),
  });
const SectionInput = SlugNameInput('SectionInput', 'section', 'war');
const AuthorInput = SlugNameInput('AuthorInput', 'author', 'kathrine-frich');

/** Other names an entity goes by; ingestion links articles by them ("U.S.", "American"). */
const aliasesField = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) =>
  t.stringList({
    description: 'Other names it goes by in text, used to link ingested articles (replaces the list; `null` clears it).',
    validate: listOf(rules.name, 50),
  });

/** Aliases as stored: trimmed; `null` clears them, left out leaves them. */
const cleanAliases = (aliases: readonly string[] | null | undefined) => (aliases === undefined ? undefined : (aliases ?? []).map((a) => a.trim()));

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

/** Only keys present in the input (undefined = leave alone; null = clear). */
function present<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- mutations ------------------------------------------------------------

builder.mutationFields((t) => ({
  createSection: t.field({
    nullable: true,
    type: SectionPayload,
    authScopes: needs,
    description: 'Creates a section. A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: SectionInput, required: true, description: 'The section.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await ctx.db.query.sections.findFirst({ where: { slug: input.slug }, columns: { id: true } })) throw clientError('CONFLICT', taken('section', input.slug), { field: 'input.slug' });
      await commit(ctx, [ctx.db.insert(sections).values({ slug: input.slug, name: input.name.trim() })], taken('section', input.slug), 'input.slug');
      return written(ctx, 'Section', (await ctx.db.query.sections.findFirst({ where: { slug: input.slug }, columns: { id: true } }))!, input.slug);
    },
  }),
  updateSection: t.field({
    nullable: true,
    type: SectionPayload,
    authScopes: needs,
    description: 'Renames a section. Needs `entities:write`.',
    args: { input: t.arg({ type: SectionInput, required: true, description: 'The section slug and its new name.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await ctx.db.query.sections.findFirst({ where: { slug: input.slug }, columns: { id: true } });
      if (!row) throw notFound('section', input.slug);
      await commit(ctx, [ctx.db.update(sections).set({ name: input.name.trim() }).where(eq(sections.id, row.id))], '', 'input.slug');
      return written(ctx, 'Section', row, input.slug);
    },
  }),
  createAuthor: t.field({
    nullable: true,
    type: AuthorPayload,
    authScopes: needs,
    description: 'Creates an author. A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: AuthorInput, required: true, description: 'The author.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await ctx.db.query.authors.findFirst({ where: { slug: input.slug }, columns: { id: true } })) throw clientError('CONFLICT', taken('author', input.slug), { field: 'input.slug' });
      await commit(ctx, [ctx.db.insert(authors).values({ slug: input.slug, name: input.name.trim() })], taken('author', input.slug), 'input.slug');
      return written(ctx, 'Author', (await ctx.db.query.authors.findFirst({ where: { slug: input.slug }, columns: { id: true } }))!, input.slug);
    },
  }),
  updateAuthor: t.field({
    nullable: true,
    type: AuthorPayload,
    authScopes: needs,
    description: 'Renames an author. Needs `entities:write`.',
    args: { input: t.arg({ type: AuthorInput, required: true, description: 'The author slug and the new name.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await ctx.db.query.authors.findFirst({ where: { slug: input.slug }, columns: { id: true } });
      if (!row) throw notFound('author', input.slug);
      await commit(ctx, [ctx.db.update(authors).set({ name: input.name.trim() }).where(eq(authors.id, row.id))], '', 'input.slug');
      return written(ctx, 'Author', row, input.slug);
    },
  }),
  createCountry: t.field({
    nullable: true,
    type: CountryPayload,
    authScopes: needs,
    description: 'Creates a country. A taken code is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CountryInput, required: true, description: 'The country.' }) },
    resolve: async (_r, { input }, ctx) => {
      const code = input.code.toUpperCase();
      if (await ctx.db.query.countries.findFirst({ where: { code }, columns: { id: true } })) throw clientError('CONFLICT', taken('country', code), { field: 'input.code' });
      await commit(ctx, [ctx.db.insert(countries).values({ code, name: input.name.trim(), aliases: cleanAliases(input.aliases) ?? [] })], taken('country', code), 'input.code');
      return written(ctx, 'Country', (await ctx.db.query.countries.findFirst({ where: { code }, columns: { id: true } }))!, code);
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
      const row = await ctx.db.query.countries.findFirst({ where: { code }, columns: { id: true } });
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
      if (await ctx.db.query.deals.findFirst({ where: { slug: input.slug }, columns: { id: true } })) throw clientError('CONFLICT', taken('deal', input.slug), { field: 'input.slug' });
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
      return written(ctx, 'Deal', (await ctx.db.query.deals.findFirst({ where: { slug: input.slug }, columns: { id: true } }))!, input.slug);
    },
  }),
  updateDeal: t.field({
    nullable: true,
    type: DealPayload,
    authScopes: needs,
    description: 'Changes a deal; `parties` and `equipment`, when given, replace the lists. Needs `entities:write`.',
    args: { input: t.arg({ type: UpdateDealInput, required: true, description: 'What to change.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await ctx.db.query.deals.findFirst({ where: { slug: input.slug }, columns: { id: true } });
      if (!row) throw notFound('deal', input.slug);
      if (input.title === null) throw clientError('BAD_USER_INPUT', 'input.title: must not be null', { field: 'input.title' });
      if (input.kind === null) throw clientError('BAD_USER_INPUT', 'input.kind: must not be null', { field: 'input.kind' });
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
      if (await ctx.db.query.equipment.findFirst({ where: { slug: input.slug }, columns: { id: true } })) throw clientError('CONFLICT', taken('equipment', input.slug), { field: 'input.slug' });
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
      return written(ctx, 'Equipment', (await ctx.db.query.equipment.findFirst({ where: { slug: input.slug }, columns: { id: true } }))!, input.slug);
    },
  }),
  updateEquipment: t.field({
    nullable: true,
    type: EquipmentPayload,
    authScopes: needs,
    description: 'Changes equipment; `operators`, when given, replaces the list. Needs `entities:write`.',
    args: { input: t.arg({ type: UpdateEquipmentInput, required: true, description: 'What to change.' }) },
    resolve: async (_r, { input }, ctx) => {
      const row = await ctx.db.query.equipment.findFirst({ where: { slug: input.slug }, columns: { id: true } });
      if (!row) throw notFound('equipment', input.slug);
      if (input.name === null) throw clientError('BAD_USER_INPUT', 'input.name: must not be null', { field: 'input.name' });
      if (input.kind === null) throw clientError('BAD_USER_INPUT', 'input.kind: must not be null', { field: 'input.kind' });
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
