/**
 * How a field is read in SQL, said where the field is defined: each type file
 * passes one of these as the field's `extensions` (`extensions: read.column(deals.kind)`),
 * built over drizzle's tables (src/db/schema.ts) and relations (src/db/relations.ts).
 * The operation compiler (./plan.ts) reads them from the built GraphQLSchema.
 *
 * Most fields need none: a field that exposes a column (`t.exposeString('slug')`)
 * is read from that column of its type's table, and the type's table and `id` come
 * from its drizzle node. A field with neither a recipe nor an exposed column is not
 * compiled: an operation selecting it runs through the resolvers.
 */
import { getNamedType, isListType, isNonNullType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import type { Column } from 'drizzle-orm';
import type { AnyRelation } from 'drizzle-orm';
import type { Ordering } from '../orderings';

export type Recipe =
  /** A column of the type's table, serialized by the field's type (a list of strings: a JSON column). */
  | { kind: 'column'; column: Column }
  /** A value computed from columns, with the field's arguments. */
  | { kind: 'computed'; columns: Column[]; value: (values: unknown[], args: Record<string, unknown>) => unknown }
  /** A plain object computed from columns; its fields are the object's own properties. */
  | { kind: 'embedded'; columns: Column[]; value: (values: unknown[]) => Record<string, unknown> | null }
  /** The drizzle relation of the field's name: one row, or a list in `orderBy` (over the junction's columns when `onThrough`). */
  | { kind: 'relation'; relation?: string; orderBy?: Ordering; onThrough?: boolean }
  /** A connection (first/after pages, totalCount) over the relation of the field's name, keyset-ordered by `orderBy`. */
  | { kind: 'connection'; relation?: string; orderBy: Ordering; visibleArticles: boolean; counted?: string }
  /** A root: the row whose `column` equals the argument `arg` (normalized by `key`; null: answer through the resolvers). */
  | { kind: 'byKey'; arg: string; column: Column; key?: (value: unknown) => unknown; visibleArticles?: boolean }
  /** A root: every row of the type's table, in `orderBy`. */
  | { kind: 'all'; orderBy: Ordering }
  /** The root `articles(first, after, orderBy, filter)` list. */
  | { kind: 'articleList' };

const KEY = 'sqlRecipe';
const recipe = (r: Recipe) => ({ [KEY]: r });

/** The recipes, as `extensions` of a field. */
export const read = {
  column: (column: Column) => recipe({ kind: 'column', column }),
  computed: <V extends unknown[]>(columns: Column[], value: (values: V, args: Record<string, unknown>) => unknown) =>
    recipe({ kind: 'computed', columns, value: value as (values: unknown[], args: Record<string, unknown>) => unknown }),
  embedded: <V extends unknown[]>(columns: Column[], value: (values: V) => Record<string, unknown> | null) =>
    recipe({ kind: 'embedded', columns, value: value as (values: unknown[]) => Record<string, unknown> | null }),
  relation: (orderBy?: Ordering, { onThrough = false, relation }: { onThrough?: boolean; relation?: string } = {}) =>
    recipe({ kind: 'relation', orderBy, onThrough, relation }),
  /** `counted`: the key of its kept count (src/db/counters.ts), read for `totalCount` instead of counting links. */
  connection: (orderBy: Ordering, { visibleArticles = false, counted }: { visibleArticles?: boolean; counted?: string } = {}) =>
    recipe({ kind: 'connection', orderBy, visibleArticles, counted }),
  byKey: (arg: string, column: Column, options: { key?: (value: unknown) => unknown; visibleArticles?: boolean } = {}) =>
    recipe({ kind: 'byKey', arg, column, ...options }),
  all: (orderBy: Ordering) => recipe({ kind: 'all', orderBy }),
  articleList: () => recipe({ kind: 'articleList' }),
};

/** What plugin-drizzle records of a drizzle object type: its table and relations. */
export interface TableOfType {
  table: Record<string, unknown> & object;
  relations: Record<string, AnyRelation>;
  /** The column of the type's global ID (a drizzle node's primary key), if it is a node. */
  id: Column | null;
}

/** The table behind an object type (a drizzleNode or drizzleObject), or undefined. */
export function tableOf(type: GraphQLObjectType): TableOfType | undefined {
  const config = (type.extensions as { pothosDrizzleTable?: { table: Record<string, unknown>; relations: Record<string, AnyRelation> } })
    .pothosDrizzleTable;
  if (!config) return undefined;
  // A node's global ID holds its row's primary key (every node table has a one-column key).
  const id = type.getInterfaces().some((i) => i.name === 'Node')
    ? Object.values(config.table).find((c) => isColumn(c) && c.primary)
    : undefined;
  return { table: config.table, relations: config.relations, id: isColumn(id) ? id : null };
}

function isColumn(value: unknown): value is Column {
  return typeof value === 'object' && value !== null && typeof (value as Column).name === 'string' && 'table' in value;
}

/** A field's recipe: its own, or a column it exposes of its type's table; undefined: not compiled. */
export function recipeOf(field: GraphQLField<unknown, unknown>, table: TableOfType | undefined): Recipe | undefined {
  const ext = field.extensions as { [KEY]?: Recipe; pothosExposedField?: string };
  if (ext[KEY]) return ext[KEY];
  const exposed = ext.pothosExposedField;
  const column = exposed && table ? table.table[exposed] : undefined;
  return isColumn(column) ? { kind: 'column', column } : undefined;
}

/** Whether a field's type is a list of leaves (a JSON column of strings). */
export function isLeafList(field: GraphQLField<unknown, unknown>): boolean {
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isListType(type) && !('getFields' in getNamedType(type));
}
