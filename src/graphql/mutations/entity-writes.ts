/**
 * What every entity's mutations share (each entity's own mutations live beside
 * its type in src/graphql/types/): the scope they need, one atomic D1 batch per
 * write with a unique violation as CONFLICT, NOT_FOUND for a missing target, the
 * cache tags of what was written, and the payload type `{ <entity> }`.
 */
import { eq, inArray } from 'drizzle-orm';
import { entityWriteTags } from '../../cache/tags';
import { authors, countries, equipment, sections } from '../../db/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { clientError } from '../errors';
import { listOf, rules } from './rules';

/** Every entity mutation needs `entities:write`. */
export const needs = { entitiesWrite: true } as const;

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((e as { message?: unknown }).message ?? e))) return true;
  }
  return false;
}

/** Names what a committed entity write changed, for the cache (src/cache/tags.ts), and returns the row. */
export function written<T extends { id: number }>(ctx: Context, type: string, row: T, naturalKey: string): T {
  ctx.invalidate(entityWriteTags(type, row.id, [naturalKey]));
  return row;
}

/** Runs statements as one batch; a unique violation (a concurrent create) is a CONFLICT. */
export async function commit(ctx: Context, statements: unknown[], conflict: string, field: string) {
  try {
    await ctx.db.batch(statements as [never, ...never[]]);
  } catch (error) {
    if (isUniqueViolation(error)) throw clientError('CONFLICT', conflict, { field });
    throw error;
  }
}

export const taken = (kind: string, key: string) => `A ${kind} ${JSON.stringify(key)} already exists.`;
export const notFound = (kind: string, key: string, field = 'input.slug') =>
  clientError('NOT_FOUND', `No ${kind} ${JSON.stringify(key)}.`, { field });

/** A required field that an update input may leave out but not clear. */
export function refuseNull(input: Record<string, unknown>, ...fields: string[]) {
  for (const field of fields) {
    if (input[field] === null) throw clientError('BAD_USER_INPUT', `input.${field}: must not be null`, { field: `input.${field}` });
  }
}

/** ids of existing rows by natural key; NOT_FOUND naming `field` for any missing. */
async function idsBy(
  _ctx: Context,
  keys: readonly string[],
  field: string,
  load: (keys: string[]) => Promise<{ id: number; key: string }[]>,
  missingMessage: (missing: string[]) => string,
): Promise<Map<string, number>> {
  const unique = [...new Set(keys)];
  if (!unique.length) return new Map();
  const found = new Map((await load(unique)).map((r) => [r.key, r.id]));
  const missing = unique.filter((k) => !found.has(k));
  if (missing.length) throw clientError('NOT_FOUND', missingMessage(missing), { field });
  return found;
}

const quoted = (keys: string[]) => keys.map((k) => JSON.stringify(k)).join(', ');

/** ids of existing countries by ISO code (upper-cased keys). */
export const countryIds = (ctx: Context, codes: readonly string[], field: string) =>
  idsBy(
    ctx,
    codes.map((c) => c.toUpperCase()),
    field,
    (keys) => ctx.db.select({ id: countries.id, key: countries.code }).from(countries).where(inArray(countries.code, keys)),
    (missing) => `No country with ISO code ${quoted(missing)}.`,
  );

/** ids of existing equipment by slug. */
export const equipmentIds = (ctx: Context, slugs: readonly string[], field: string) =>
  idsBy(
    ctx,
    slugs,
    field,
    (keys) => ctx.db.select({ id: equipment.id, key: equipment.slug }).from(equipment).where(inArray(equipment.slug, keys)),
    (missing) => `No equipment ${quoted(missing)}.`,
  );

/** Only keys present in the input (undefined = leave alone; null = clear). */
export function present<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type InputFieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

/** Other names an entity goes by; ingestion links articles by them ("U.S.", "American"). */
export const aliasesField = (t: InputFieldBuilder) =>
  t.stringList({
    description: 'Other names it goes by in text, used to link ingested articles (replaces the list; `null` clears it).',
    validate: listOf(rules.name, 50),
  });

/** Aliases as stored: trimmed; `null` clears them, left out leaves them. */
export const cleanAliases = (aliases: readonly string[] | null | undefined) =>
  aliases === undefined ? undefined : (aliases ?? []).map((a) => a.trim());

type Table = 'sections' | 'authors' | 'countries' | 'deals' | 'equipment';

/** `<Type>Payload { <field>: <Type> }`: the entity as stored after the mutation. */
export function payload(typeName: string, field: string, table: Table) {
  return builder.objectRef<{ id: number }>(`${typeName}Payload`).implement({
    description: `The ${field} as stored after the mutation.`,
    fields: (t) => ({
      [field]: t.drizzleField({
        type: table,
        description: `The ${field}.`,
        resolve: (q, p, _a, ctx) =>
          (ctx.db.query[table] as { findFirst: (q: unknown) => unknown }).findFirst(q({ where: { id: p.id } })) as never,
      }),
    }),
  });
}

/** The row's id by its natural key (`slug`, or `code` for countries), or undefined. */
export async function idOf(ctx: Context, table: Table, where: Record<string, string>): Promise<{ id: number } | undefined> {
  return (ctx.db.query[table] as { findFirst: (q: unknown) => Promise<{ id: number } | undefined> }).findFirst({
    where,
    columns: { id: true },
  });
}

/**
 * An entity that is a slug and a name (sections, authors): its input, its payload,
 * and `create<Type>` / `update<Type>` (a rename).
 */
export function slugNameMutations(typeName: 'Section' | 'Author', table: 'sections' | 'authors', example: string) {
  const kind = typeName.toLowerCase();
  const Input = builder.inputType(`${typeName}Input`, {
    description: `A ${kind}: its slug and name.`,
    fields: (t) => ({
      slug: t.string({ required: true, description: `Slug of the ${kind}, e.g. \`${example}\`.`, validate: rules.slug }),
      name: t.string({ required: true, description: 'Name.', validate: rules.name }),
    }),
  });
  const Payload = payload(typeName, kind, table);
  const rows = table === 'sections' ? sections : authors;
  builder.mutationFields((t) => ({
    [`create${typeName}`]: t.field({
      nullable: true,
      type: Payload,
      authScopes: needs,
      description: `Creates a${kind === 'author' ? 'n' : ''} ${kind}. A taken slug is a CONFLICT. Needs \`entities:write\`.`,
      args: { input: t.arg({ type: Input, required: true, description: `The ${kind}.` }) },
      resolve: async (_r, { input }, ctx) => {
        if (await idOf(ctx, table, { slug: input.slug })) throw clientError('CONFLICT', taken(kind, input.slug), { field: 'input.slug' });
        await commit(
          ctx,
          [ctx.db.insert(rows).values({ slug: input.slug, name: input.name.trim() })],
          taken(kind, input.slug),
          'input.slug',
        );
        return written(ctx, typeName, (await idOf(ctx, table, { slug: input.slug }))!, input.slug);
      },
    }),
    [`update${typeName}`]: t.field({
      nullable: true,
      type: Payload,
      authScopes: needs,
      description: `Renames a${kind === 'author' ? 'n' : ''} ${kind}. Needs \`entities:write\`.`,
      args: { input: t.arg({ type: Input, required: true, description: `The ${kind} slug and its new name.` }) },
      resolve: async (_r, { input }, ctx) => {
        const row = await idOf(ctx, table, { slug: input.slug });
        if (!row) throw notFound(kind, input.slug);
        await commit(ctx, [ctx.db.update(rows).set({ name: input.name.trim() }).where(eq(rows.id, row.id))], '', 'input.slug');
        return written(ctx, typeName, row, input.slug);
      },
    }),
  }));
}
