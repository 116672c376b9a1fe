/**
 * The compiler's intermediate form: what ./plan.ts makes of an operation's
 * selection, once per document, and what ./sql.ts (the statement) and ./shape.ts
 * (the response) read. Plain data over drizzle's tables and columns, plus the
 * leaf serializers and computed values the schema's fields carry.
 */
import type { Column, Table } from 'drizzle-orm';
import type { FieldNode, GraphQLField, OperationDefinitionNode } from 'graphql';

/** Thrown while planning or running: this operation (or this request of it) goes to the resolvers. */
export class Fallback extends Error {}

/** What a request brings to a plan: the clock and its coerced arguments. */
export interface Runtime {
  now: number;
  /** Coerced arguments of each field that has arguments, by the index its plan registered. */
  args: Record<string, unknown>[];
  /** Page arguments of connections, read once per request (a nested page is shaped once per parent). */
  pages: Map<number, PageArgs>;
  /** Other values read once per request (a root list's filter), by the reader that made them. */
  memo: Map<unknown, unknown>;
}

/** `first`/`after` of a connection, as the drizzle plugin reads them. */
export interface PageArgs {
  first: number;
  after: number[] | null;
}

export type Serialize = (value: unknown) => unknown;

/** How a connection's rows are ordered: its cursor holds these columns' values. */
export interface KeysetOrder {
  columns: Column[];
  desc: boolean;
}

/** A column of the child's table or of the junction, and its direction. */
export interface OrderTerm {
  column: Column;
  onThrough: boolean;
  desc: boolean;
}

/** How a child's rows are reached from its parent's (a drizzle relation, resolved). */
export interface Join {
  target: Table;
  /** Parent columns = child (or junction) columns, pairwise. */
  parent: Column[];
  child: Column[];
  /** Many-to-many: the junction, its column holding the parent's key and the one holding the child's. */
  through?: { table: Table; parent: Column[]; child: Column[] };
}

/** An object read from one row of `table`: the JSON array of its fields' slots. */
export interface ObjectTree {
  typeName: string;
  table: Table;
  fields: FieldTree[];
}

export type FieldTree =
  | { kind: 'typename'; key: string; value: string }
  | { kind: 'id'; key: string; column: Column; typeName: string; serialize: Serialize }
  | { kind: 'column'; key: string; column: Column; json: boolean; serialize: Serialize }
  | {
      kind: 'computed';
      key: string;
      columns: Column[];
      value: (values: unknown[], args: Record<string, unknown>) => unknown;
      /** Index of the field's arguments in `Runtime.args` (-1: none). */
      args: number;
      serialize: Serialize;
    }
  | {
      kind: 'embedded';
      key: string;
      columns: Column[];
      value: (values: unknown[]) => Record<string, unknown> | null;
      nonNull: boolean;
      /** The object's fields: a property serialized by its type, or `__typename`. */
      parts: { key: string; prop: string | null; value?: string; serialize?: Serialize }[];
    }
  | { kind: 'relation'; key: string; join: Join; many: boolean; order: OrderTerm[]; object: ObjectTree; nonNull: boolean }
  | {
      kind: 'connection';
      key: string;
      /** The key of its kept count, if it has one (src/db/counters.ts). */
      counted: string | null;
      join: Join;
      order: KeysetOrder;
      visibleArticles: boolean;
      args: number;
      after: boolean;
      page: PageTree;
    };

/** The selection under a connection: edges (cursor, node), pageInfo, totalCount. */
export interface PageTree {
  typeName: string;
  /** The node's object over the page's rows (null when no edge asks for the node). */
  node: ObjectTree | null;
  totalCount: boolean;
  parts: PagePart[];
}

export type PagePart =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'totalCount' }
  | { key: string; kind: 'pageInfo'; fields: { key: string; name: string; value?: string }[] }
  | { key: string; kind: 'edges'; fields: { key: string; name: string; value?: string }[] };

export type RootTree =
  | { kind: 'typename'; key: string }
  | {
      kind: 'byKey';
      key: string;
      object: ObjectTree;
      column: Column;
      arg: string;
      normalize?: (value: unknown) => unknown;
      args: number;
      visibleArticles: boolean;
      nonNull: boolean;
    }
  | { kind: 'all'; key: string; object: ObjectTree; order: OrderTerm[]; nonNull: boolean }
  | { kind: 'articleList'; key: string; table: Table; args: number; page: PageTree };

/** A planned operation: its roots, and the fields whose arguments a request coerces. */
export interface Tree {
  roots: RootTree[];
  argFields: { def: GraphQLField<unknown, unknown>; node: FieldNode }[];
  variables: OperationDefinitionNode['variableDefinitions'];
}

/** How many columns a field fills in its object's JSON array (./sql.ts writes them, ./shape.ts reads them). */
export function slotCount(field: FieldTree): number {
  switch (field.kind) {
    case 'typename':
      return 0;
    case 'computed':
    case 'embedded':
      return field.columns.length;
    default:
      return 1;
  }
}
