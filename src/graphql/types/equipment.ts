import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { ENTITY_LIST_MULTIPLIER } from '../cost';
import { ENTITY_CACHE } from '../../cache/lifetimes';
import { equipment, equipmentOperators } from '../../db/schema';
import { builder } from '../builder';
import { normalizeCountryCode } from '../country-code';
import { ID_CURSOR, NAME_CURSOR } from '../cursors';
import { BY_NAME, LATEST_RECORDED } from '../orderings';
import { read } from '../compile/recipes';
import {
  aliasesField,
  cleanAliases,
  commit,
  countryIds,
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

export const KM_PER_MILE = 1.609344;

/** A range in km as the API gives it: in the unit asked for, rounded to one decimal. */
export function rangeIn(rangeKm: number | null, unit: string | null | undefined): number | null {
  if (rangeKm == null) return null;
  const value = unit === 'MILES' ? rangeKm / KM_PER_MILE : rangeKm;
  return Math.round(value * 10) / 10;
}

export const EquipmentKind = builder.enumType('EquipmentKind', {
  description: 'What sort of weapon or defence system a piece of equipment is.',
  values: {
    ARTILLERY: { description: 'Guns and howitzers, towed or unspecified.' },
    SELF_PROPELLED_HOWITZER: { description: 'A howitzer on its own vehicle.' },
    RADAR: { description: 'Surveillance or fire-control radar.' },
    AIR_DEFENCE_MISSILE: { description: 'Surface-to-air missile system.' },
    ARMOURED_VEHICLE: { description: 'Armoured personnel carrier or similar.' },
    AIRCRAFT: { description: 'Fixed- or rotary-wing aircraft.' },
    SHIP: { description: 'Naval vessel.' },
    OTHER: { description: 'Anything else.' },
  } as const,
});

export const DistanceUnit = builder.enumType('DistanceUnit', {
  description: 'Unit of a distance.',
  values: {
    KILOMETERS: { description: 'Kilometres.' },
    MILES: { description: 'Statute miles (1.609344 km).' },
  } as const,
});

export const Equipment = builder.drizzleNode('equipment', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ENTITY_CACHE,
  name: 'Equipment',
  description: 'A weapon or defence system.',
  id: { column: (e) => e.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique name, e.g. `caesar`.' }),
    name: t.exposeString('name', { description: 'Name as usually written, e.g. "CAESAR".' }),
    aliases: t.exposeStringList('aliases', {
      description: 'Other names texts use for it, e.g. "Caesar" for CAESAR. Ingestion links articles by name and by these.',
    }),
    kind: t.field({
      type: EquipmentKind,
      description: 'What sort of system it is.',
      resolve: (e) => e.kind as never,
      extensions: read.column(equipment.kind),
    }),
    originCountry: t.relation('originCountry', {
      nullable: true,
      description: 'Where it is made; `null` when not reported.',
      extensions: read.relation(),
    }),
    caliberMm: t.exposeFloat('caliberMm', { nullable: true, description: 'Calibre in millimetres, for guns; `null` when not reported.' }),
    rateOfFirePerMinute: t.exposeInt('rateOfFirePerMinute', {
      nullable: true,
      description: 'Maximum rounds per minute; `null` when not reported.',
    }),
    range: t.float({
      nullable: true,
      description: 'Maximum range, rounded to one decimal; `null` when not reported.',
      args: { unit: t.arg({ type: DistanceUnit, defaultValue: 'KILOMETERS', description: 'Unit of the answer.' }) },
      resolve: (e, args) => rangeIn(e.rangeKm, args.unit),
      extensions: read.computed([equipment.rangeKm], ([km], args) => rangeIn(km as number | null, args.unit as string)),
    }),
    operators: t.relation('operators', {
      complexity: { field: 1, multiplier: ENTITY_LIST_MULTIPLIER },
      description: 'Countries that field it, by name.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
    deals: t.relatedConnection('deals', {
      validate: ID_CURSOR,
      description: 'Deals that cover it, most recently recorded first.',
      totalCount: true,
      query: { orderBy: LATEST_RECORDED },
      extensions: read.connection(LATEST_RECORDED, { counted: 'equipment.deals' }),
    }),
    articles: t.relatedConnection('articles', linkedArticles('Published articles that mention it, newest first.', 'equipment.articles')),
  }),
});

export const EquipmentFilter = builder.inputType('EquipmentFilter', {
  description: 'Narrows an equipment list. All given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: EquipmentKind, description: 'Kind of system.' }),
    originCountry: t.string({ description: 'ISO code of the country where it is made.' }),
    operator: t.string({ description: 'ISO code of a country that fields it.' }),
  }),
});

type EquipmentFilterShape = typeof EquipmentFilter.$inferInput;

/** The filter as one SQL condition over an equipment table (or its alias); undefined when empty. */
function equipmentFilterSql(filter: EquipmentFilterShape | null | undefined) {
  if (!filter) return undefined;
  const origin = filter.originCountry != null ? normalizeCountryCode(filter.originCountry, 'filter.originCountry') : null;
  const operator = filter.operator != null ? normalizeCountryCode(filter.operator, 'filter.operator') : null;
  return (e: { id: AnyColumn; kind: AnyColumn; originCountryId: AnyColumn }) => {
    const parts: SQL[] = [];
    if (filter.kind != null) parts.push(sql`${e.kind} = ${filter.kind}`);
    if (origin) parts.push(sql`${e.originCountryId} IN (SELECT id FROM countries WHERE code = ${origin})`);
    if (operator)
      parts.push(
        sql`${e.id} IN (SELECT equipment_id FROM equipment_operators WHERE country_id IN (SELECT id FROM countries WHERE code = ${operator}))`,
      );
    return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
  };
}

builder.queryFields((t) => ({
  equipment: t.drizzleField({
    type: 'equipment',
    nullable: true,
    description: 'One piece of equipment by slug; `null` when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The equipment slug, e.g. `caesar`.' }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.equipment.findFirst(query({ where: { slug: args.slug } })),
    extensions: read.byKey('slug', equipment.slug),
  }),
  equipmentList: t.drizzleConnection(
    {
      type: 'equipment',
      validate: NAME_CURSOR,
      description: 'Equipment, by name.',
      args: { filter: t.arg({ type: EquipmentFilter, description: 'Conditions the equipment must meet.' }) },
      totalCount: (_parent, args, ctx) => ctx.db.$count(equipment, equipmentFilterSql(args.filter)?.(equipment)),
      resolve: (query, _parent, args, ctx) => {
        const condition = equipmentFilterSql(args.filter);
        return ctx.db.query.equipment.findMany(query({ where: condition ? { RAW: condition } : {}, orderBy: BY_NAME }));
      },
    },
    { name: 'EquipmentConnection', description: 'A page of equipment results.' },
    { name: 'EquipmentEdge', description: 'One equipment in a page, with its cursor.' },
  ),
}));

// ---- writes (entities:write; shared rules in src/graphql/mutations/entity-writes.ts) ----

const EquipmentPayload = payload('Equipment', 'equipment', 'equipment');

const equipmentFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], create: boolean) => ({
  slug: t.string({
    required: true,
    description: create ? 'Slug of the new equipment.' : 'Slug of the equipment to change.',
    validate: rules.slug,
  }),
  name: t.string({ required: create, description: 'Name as usually written.', validate: rules.name }),
  kind: t.field({ type: EquipmentKind, required: create, description: 'What sort of system it is.' }),
  originCountry: t.string({ description: 'ISO code of an existing country where it is made.', validate: rules.countryCode }),
  caliberMm: t.float({
    description: 'Calibre in millimetres.',
    validate: z.number().positive('must be positive').max(2000, 'must be at most 2000'),
  }),
  rateOfFirePerMinute: t.int({
    description: 'Maximum rounds per minute.',
    validate: z.number().int().positive('must be positive').max(100000, 'must be at most 100000'),
  }),
  rangeKm: t.float({
    description: 'Maximum range in kilometres.',
    validate: z.number().positive('must be positive').max(50000, 'must be at most 50000'),
  }),
  operators: t.stringList({
    description: 'ISO codes of existing countries that field it (replaces the list).',
    validate: listOf(rules.countryCode, 100),
  }),
  aliases: aliasesField(t),
});

const CreateEquipmentInput = builder.inputType('CreateEquipmentInput', {
  description: 'New equipment.',
  fields: (t) => equipmentFields(t, true),
});
const UpdateEquipmentInput = builder.inputType('UpdateEquipmentInput', {
  description: 'Changes to equipment. Fields left out stay; `null` clears a nullable field; lists replace the whole list.',
  fields: (t) => equipmentFields(t, false),
});

builder.mutationFields((t) => ({
  createEquipment: t.field({
    nullable: true,
    type: EquipmentPayload,
    authScopes: needs,
    description: 'Creates equipment with its origin and operators (which must exist). A taken slug is a CONFLICT. Needs `entities:write`.',
    args: { input: t.arg({ type: CreateEquipmentInput, required: true, description: 'The equipment.' }) },
    resolve: async (_r, { input }, ctx) => {
      if (await idOf(ctx, 'equipment', { slug: input.slug }))
        throw clientError('CONFLICT', taken('equipment', input.slug), { field: 'input.slug' });
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
        statements.push(
          ctx.db
            .insert(equipmentOperators)
            .values(input.operators.map((c) => ({ equipmentId: equipmentId as never, countryId: ops.get(c.toUpperCase())! }))),
        );
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
        originCountryId:
          input.originCountry === undefined ? undefined : input.originCountry ? origin.get(input.originCountry.toUpperCase())! : null,
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
          statements.push(
            ctx.db
              .insert(equipmentOperators)
              .values(input.operators.map((c) => ({ equipmentId: row.id, countryId: ops.get(c.toUpperCase())! }))),
          );
      }
      if (statements.length) await commit(ctx, statements, '', 'input.slug');
      return written(ctx, 'Equipment', row, input.slug);
    },
  }),
}));
