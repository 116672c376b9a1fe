/**
 * The operation compiler: a read-only operation over the news graph becomes ONE
 * SQL statement whose single row holds the whole answer as JSON, built by
 * SQLite (json_array / json_group_array over correlated sub-selects), then
 * shaped into the response by a walk that only renames and serializes. This is
 * what Hasura and PostGraphile do on Postgres; here it skips the per-field
 * resolver machinery (plugin-drizzle's query mapping, drizzle's SQL builder and
 * row mapping, the executor's per-field work), which is most of a nested
 * list's CPU on a Worker (bench/RESULTS.md).
 *
 * It compiles a subset and says no to the rest: any field, argument, directive
 * or type condition it does not know (see ./specs.ts and ROOTS below) makes the
 * whole operation run through the resolvers as before, and so does anything
 * surprising in a request, decided before its statement is sent (a variable
 * that does not coerce, an argument outside what it handles, a statement over
 * D1's limits). After the statement, only a value the schema would refuse sends
 * the request to the resolvers; a statement that fails is an error, never run
 * again by the resolvers (see runPlan). The resolvers stay the reference:
 * tests/compiled.test.ts answers every operation both ways.
 *
 * A plan is built once per parsed document (yoga caches documents) and
 * operation; per request it only reads arguments, renders the root SQL and
 * shapes the row.
 */
import {
  GraphQLError,
  GraphQLObjectType,
  Kind,
  getNamedType,
  getOperationAST,
  isLeafType,
  isNonNullType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLSchema,
  type SelectionSetNode,
  getArgumentValues,
  getVariableValues,
} from 'graphql';
import { decodeBase64, decodeCursorChunk, encodeBase64, encodeCursorChunk, encodeCursorTuple } from '@pothos/core';
import { sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { encodeGlobalID } from '../node-lookup';
import { filterSql, type ArticleFilter } from '../types/article';
import { MAX_PAGE_SIZE } from '../builder';
import { TYPES, type FieldSpec } from './specs';
import { DEFAULT_PAGE_SIZE } from '../cost';
import { d1UnavailableError } from '../../db/retry';
import { keptCountSql, keptLinksSql } from '../../db/counters';

/**
 * Most links of a parent counted when choosing how to read a page of its
 * articles (see the `connection` case of planSelection): enough to tell a rare
 * parent from a common one in an archive of a few million articles.
 */
export const LINKS_COUNTED_MAX = 5000;

/** Thrown while planning or running: this operation (or this request of it) goes to the resolvers. */
export class Fallback extends Error {}

/** D1 refuses SQL functions with more arguments than this (stack-notes trap 3). */
const MAX_FUNCTION_ARGS = 32;
/**
 * Most fields one plan holds (each selected field of each planned object). Fragments are
 * expanded once per selection set, but sibling fields spreading the same fragment still
 * repeat it (a response that doubles with each level of the document); past this the
 * operation goes to the resolvers, and to the request limits in front of them.
 */
export const MAX_PLANNED_FIELDS = 2000;

interface Runtime {
  now: number;
  /** Coerced arguments of each field that has arguments, by the index its plan registered. */
  args: Record<string, unknown>[];
  /** Page arguments of nested connections, read once per request (a nested page is shaped once per parent). */
  pages: Map<number, PageArgs>;
}

type Shape = (raw: unknown, rt: Runtime) => unknown;

interface RootPlan {
  key: string;
  /** The root's SQL expression (one column of the statement); absent for `__typename`. */
  render?: (rt: Runtime, params: unknown[]) => string[];
  /** Shapes the root's columns (as many as `render` gave). */
  shape: (columns: unknown[], rt: Runtime) => unknown;
}

export interface Plan {
  params: Planner['params'];
  operationVariables: NonNullable<ReturnType<typeof getOperationAST>>['variableDefinitions'];
  argFields: { def: GraphQLField<unknown, unknown>; node: FieldNode }[];
  roots: RootPlan[];
}

interface Planner {
  /** Parameters fixed in the plan's SQL text (nested pages, visibility), read per request. */
  params: ((rt: Runtime) => unknown)[];
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  argFields: Plan['argFields'];
  aliases: number;
  /** Fields planned so far, against MAX_PLANNED_FIELDS. */
  fields: number;
}

type Fields = Map<string, FieldNode[]>;

/**
 * Groups a selection set's fields by response key, through fragments on this exact type.
 * Each fragment is expanded once per collection, as graphql-js's collectFields does
 * (`visited`): a later spread of the same fragment adds nothing the first did not, and
 * skipping it keeps planning linear in the document (a chain of fragments that each
 * spread the previous one twice would otherwise be expanded 2^n times).
 */
function collect(planner: Planner, typeName: string, set: SelectionSetNode, out: Fields = new Map(), visited = new Set<string>()): Fields {
  for (const selection of set.selections) {
    // @skip/@include (or any directive) are the executor's business.
    if (selection.directives?.length) throw new Fallback('directive');
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = out.get(key);
      if (list) list.push(selection);
      else out.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selection.typeCondition && selection.typeCondition.name.value !== typeName) throw new Fallback('type condition');
      collect(planner, typeName, selection.selectionSet, out, visited);
    } else {
      const name = selection.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const fragment = planner.fragments[name];
      if (!fragment || fragment.typeCondition.name.value !== typeName) throw new Fallback('type condition');
      collect(planner, typeName, fragment.selectionSet, out, visited);
    }
  }
  return out;
}

/** The merged sub-selection of a response key's field nodes (one collection: each fragment once across them). */
function subFields(planner: Planner, typeName: string, nodes: FieldNode[]): Fields {
  const out: Fields = new Map();
  const visited = new Set<string>();
  for (const node of nodes) {
    if (!node.selectionSet) throw new Fallback('leaf selected as object');
    collect(planner, typeName, node.selectionSet, out, visited);
  }
  return out;
}

function fieldDef(planner: Planner, typeName: string, name: string) {
  const type = planner.schema.getType(typeName);
  const def = type instanceof GraphQLObjectType ? type.getFields()[name] : undefined;
  if (!def) throw new Fallback(`unknown field ${typeName}.${name}`);
  return def;
}

/** Registers a field whose arguments are read per request; returns their index in `Runtime.args`. */
function argsOf(planner: Planner, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
  if (def.args.length === 0) return -1;
  return planner.argFields.push({ def, node }) - 1;
}

function serializer(def: GraphQLField<unknown, unknown>): (value: unknown) => unknown {
  const leaf = getNamedType(def.type);
  if (!isLeafType(leaf)) throw new Fallback('not a leaf');
  return leafSerializer(leaf, isNonNullType(def.type));
}

/** The executor's `completeLeafValue`: the type's serialize; a value it refuses goes to the resolvers. */
function leafSerializer(leaf: GraphQLLeafType, nonNull: boolean): (value: unknown) => unknown {
  return (value) => {
    if (value == null) {
      if (nonNull) throw new Fallback('null in a non-null field');
      return null;
    }
    try {
      return leaf.serialize(value);
    } catch {
      throw new Fallback('value the schema refuses');
    }
  };
}

function nullable(def: GraphQLField<unknown, unknown>, shape: Shape): Shape {
  const nonNull = isNonNullType(def.type);
  return (raw, rt) => {
    if (raw == null) {
      if (nonNull) throw new Fallback('null in a non-null field');
      return null;
    }
    return shape(raw, rt);
  };
}

/** `json_array` of the slots, nested in chunks when there are more than D1 allows one call. */
function packSlots(slots: string[]): { sql: string; unpack: (packed: unknown[]) => unknown[] } {
  if (slots.length <= MAX_FUNCTION_ARGS) return { sql: `json_array(${slots.join(', ')})`, unpack: (a) => a };
  const chunks: string[] = [];
  for (let i = 0; i < slots.length; i += MAX_FUNCTION_ARGS) chunks.push(`json_array(${slots.slice(i, i + MAX_FUNCTION_ARGS).join(', ')})`);
  if (chunks.length > MAX_FUNCTION_ARGS) throw new Fallback('too many fields');
  return { sql: `json_array(${chunks.join(', ')})`, unpack: (a) => (a as unknown[][]).flat() };
}

/*
 * Nesting: a JSON value keeps its JSON subtype through a scalar sub-select, so
 * `json_array(..., (SELECT json_group_array(...) ...))` embeds the inner array
 * as JSON with no json() around it (which would parse the text again at every
 * level). Subtypes are lost only through FROM-clause sub-selects, so derived
 * tables carry plain columns and the JSON is built above them.
 * tests/compiled.test.ts fails on any value that comes back as a string.
 */

/** Adds the parent's columns a correlation reads (`alias.x`), for the parent's derived table. */
function readsParent(where: string, alias: string, columns: Set<string>) {
  for (const m of where.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) columns.add(m[1]);
}

interface ObjectPlan {
  /** SQL expressions over the object's alias, one JSON value each, packed by `packed`. */
  packed: string;
  /** Columns of the object's table the expressions read (for derived tables). */
  columns: Set<string>;
  shape: (packed: unknown, rt: Runtime) => Record<string, unknown>;
}

/** Plans one object of a type held in `TYPES`, read from the table (or derived table) `alias`. */
function planObject(planner: Planner, typeName: string, alias: string, fields: Fields): ObjectPlan {
  const spec = TYPES[typeName];
  if (!spec) throw new Fallback(`type ${typeName}`);
  const slots: string[] = [];
  const columns = new Set<string>();
  const entries: { key: string; get: (values: unknown[], rt: Runtime) => unknown }[] = [];
  const column = (name: string) => {
    columns.add(name);
    return slots.push(`${alias}.${name}`) - 1;
  };

  for (const [key, nodes] of fields) {
    if (++planner.fields > MAX_PLANNED_FIELDS) throw new Fallback('too many fields to plan');
    const name = nodes[0].name.value;
    if (name === '__typename') {
      entries.push({ key, get: () => typeName });
      continue;
    }
    const field: FieldSpec | undefined = spec.fields[name];
    if (!field) throw new Fallback(`field ${typeName}.${name}`);
    const def = fieldDef(planner, typeName, name);
    const argIndex = argsOf(planner, def, nodes[0]);
    switch (field.kind) {
      case 'id': {
        const i = column(field.column);
        const serialize = serializer(def);
        entries.push({ key, get: (v) => serialize(v[i] == null ? null : encodeGlobalID(typeName, v[i] as number)) });
        break;
      }
      case 'column': {
        const i = column(field.column);
        const serialize = serializer(def);
        entries.push({ key, get: (v) => serialize(v[i]) });
        break;
      }
      case 'json': {
        columns.add(field.column);
        const i = slots.push(`json(${alias}.${field.column})`) - 1;
        // A list of non-null strings: each item serialized as the list's item type.
        const item = leafSerializer(getNamedType(def.type) as GraphQLLeafType, true);
        const shape = nullable(def, (raw) => (raw as unknown[]).map(item));
        entries.push({ key, get: (v, rt) => shape(v[i], rt) });
        break;
      }
      case 'computed': {
        const at = field.columns.map(column);
        const serialize = serializer(def);
        entries.push({ key, get: (v, rt) => serialize(field.value(at.map((i) => v[i]), argIndex >= 0 ? rt.args[argIndex] : {})) });
        break;
      }
      case 'embedded': {
        const at = field.columns.map(column);
        const sub = subFields(planner, field.type, nodes);
        const parts = [...sub].map(([subKey, subNodes]) => {
          const subName = subNodes[0].name.value;
          if (subName === '__typename') return { subKey, read: () => field.type };
          if (subNodes.some((n) => n.arguments?.length)) throw new Fallback('arguments on an embedded field');
          const serialize = serializer(fieldDef(planner, field.type, subName));
          return { subKey, read: (o: Record<string, unknown>) => serialize(o[subName]) };
        });
        const shape = nullable(def, (o) => {
          const out: Record<string, unknown> = {};
          for (const p of parts) out[p.subKey] = p.read(o as Record<string, unknown>);
          return out;
        });
        entries.push({ key, get: (v, rt) => shape(field.value(at.map((i) => v[i])), rt) });
        break;
      }
      case 'connection': {
        const child = `t${++planner.aliases}`;
        const relation = field.relation(alias, child);
        readsParent(relation.where, alias, columns);
        const order = field.order;
        const connection = planConnection(planner, def, nodes, field.type, child);
        const pageOf = (rt: Runtime) => {
          let page = rt.pages.get(argIndex);
          if (!page) rt.pages.set(argIndex, (page = pageArgs(rt.args[argIndex], order)));
          return page;
        };
        const param = (read: (rt: Runtime) => unknown) => `?${planner.params.push(read)}`;
        const conditions = [relation.where];
        if (field.articles) conditions.push(visiblePlanned(child, param));
        if (nodes[0].arguments?.some((a) => a.name.value === 'after')) {
          const values = order.columns.map((_c, n) => param((rt) => pageOf(rt).after?.[n] ?? null));
          conditions.push(`(${values[0]} IS NULL OR ${keysetSql(child, order, values)})`);
        }
        const direction = order.desc ? 'DESC' : 'ASC';
        const select = `SELECT ${derivedColumns(child, [...order.columns, ...(connection.node?.columns ?? [])])}`;
        const where = conditions.join(' AND ');
        const orderBy = `ORDER BY ${order.columns.map((c) => `${relation.sortKeys?.[c] ?? `${child}.${c}`} ${direction}`).join(', ')}`;
        const limit = param((rt) => pageOf(rt).first + 1);
        const pageFrom = (from: string) =>
          `(SELECT json_group_array(${pageRowSql(child, order, connection.node)}) FROM (${select} FROM ${from} WHERE ${where} ${orderBy} LIMIT ${limit}) ${child})`;
        let page = pageFrom(relation.from);
        if (field.articles && relation.countFrom && relation.links) {
          // SQLite reads a linked page of articles newest first, probing the junction for each:
          // quick for a country in half the articles, a walk of the whole archive for an author
          // with 13 (300 ms at 100k). Reading a parent's L links first costs ~L look-ups and a
          // sort; newest first costs ~limit x N / L steps over N articles, each about half a
          // look-up. So links first when L^2 < limit x N / 2 (max(id) stands in for N, read
          // from the primary key): L < 100 at 1k articles, ~1,000 at 100k. CASE evaluates only
          // the branch it takes (a WHERE or LIMIT term would be re-evaluated per row, or may
          // not name the parent); both give the same rows (tests/linked-pages.test.ts).
          // L from the kept count when there is one (src/db/counters.ts): one row, not up to 5,000.
          const links = keptLinksSql(`${typeName}.${name}`, alias) ?? `(SELECT count(*) FROM (${relation.links} LIMIT ${LINKS_COUNTED_MAX}))`;
          const few = `(SELECT n * n < ${limit} * (SELECT max(id) FROM articles) / 2 FROM (SELECT ${links} AS n))`;
          page = `CASE WHEN ${few} THEN ${pageFrom(relation.countFrom)} ELSE ${page} END`;
        }
        let total = '';
        if (connection.totalCount) {
          const counted = field.relation(alias, `c${child}`);
          // A kept count (src/db/counters.ts) reads one row and the parent's scheduled stories, not every link.
          const kept = keptCountSql(`${typeName}.${name}`, alias, `c${child}`, () => param((rt) => Math.floor(rt.now)));
          total = `, ${kept ?? `(SELECT count(*) FROM ${counted.countFrom ?? counted.from} WHERE ${counted.where}${field.articles ? ` AND ${visiblePlanned(`c${child}`, param)}` : ''})`}`;
        }
        const i = slots.push(`json_array(${page}${total})`) - 1;
        entries.push({
          key,
          get: (v, rt) => {
            const [rows, count] = v[i] as [unknown[][], number | undefined];
            return connection.shape(rows, count, pageOf(rt), order.columns.length, rt);
          },
        });
        break;
      }
      case 'one':
      case 'many': {
        const child = `t${++planner.aliases}`;
        const relation = field.relation(alias, child);
        readsParent(relation.where, alias, columns);
        const sub = planObject(planner, field.type, child, subFields(planner, field.type, nodes));
        if (field.kind === 'one') {
          const i = slots.push(`(SELECT ${sub.packed} FROM ${relation.from} WHERE ${relation.where})`) - 1;
          const shape = nullable(def, sub.shape);
          entries.push({ key, get: (v, rt) => shape(v[i], rt) });
        } else {
          const derived = sub.columns.size ? [...sub.columns].map((c) => `${child}.${c} AS ${c}`).join(', ') : '1 AS _';
          const i =
            slots.push(
              `(SELECT json_group_array(${sub.packed}) FROM (SELECT ${derived} FROM ${relation.from} WHERE ${relation.where} ORDER BY ${field.orderBy(child)}) ${child})`,
            ) - 1;
          const shape = nullable(def, (raw, rt) => (raw as unknown[]).map((item) => sub.shape(item, rt)));
          entries.push({ key, get: (v, rt) => shape(v[i], rt) });
        }
        break;
      }
    }
  }
  const { sql, unpack } = packSlots(slots);
  return {
    packed: sql,
    columns,
    shape: (packed, rt) => {
      const values = unpack(packed as unknown[]);
      const out: Record<string, unknown> = {};
      for (const e of entries) out[e.key] = e.get(values, rt);
      return out;
    },
  };
}

// ------------------------------------------------------------------ roots

/** The public's view of articles (src/graphql/visibility.ts), with `now` bound. */
function visibleSql(alias: string, params: unknown[], upTo: number): string {
  return `${alias}.deleted_at IS NULL AND ${alias}.status = 'published' AND ${alias}.published_at <= ?${params.push(upTo)}`;
}

/** The same, inside planned SQL: `now` is a plan parameter read per request. */
function visiblePlanned(alias: string, param: (read: (rt: Runtime) => unknown) => string): string {
  return `${alias}.deleted_at IS NULL AND ${alias}.status = 'published' AND ${alias}.published_at <= ${param((rt) => Math.floor(rt.now))}`;
}

type RootPlanner = (planner: Planner, key: string, def: GraphQLField<unknown, unknown>, nodes: FieldNode[]) => RootPlan;

/** `Query.x(slug:)` (or another unique column): one row or null. */
const byKey =
  (typeName: string, argName: string, column: string, normalize: (value: unknown) => unknown = (v) => v, articles = false): RootPlanner =>
  (planner, key, def, nodes) => {
    const argIndex = argsOf(planner, def, nodes[0]);
    const alias = `t${++planner.aliases}`;
    const object = planObject(planner, typeName, alias, subFields(planner, typeName, nodes));
    const table = TYPES[typeName].table;
    const shape = nullable(def, (raw, rt) => object.shape(JSON.parse(raw as string), rt));
    return {
      key,
      render: (rt, params) => {
        const value = normalize(rt.args[argIndex][argName]);
        const where = `${alias}.${column} = ?${params.push(value)}${articles ? ` AND ${visibleSql(alias, params, Math.floor(rt.now))}` : ''}`;
        return [`(SELECT ${object.packed} FROM ${table} ${alias} WHERE ${where} LIMIT 1)`];
      },
      shape: ([raw], rt) => shape(raw, rt),
    };
  };

/** `Query.x`: every row of a small table, in a fixed order. */
const all =
  (typeName: string, orderBy: (alias: string) => string): RootPlanner =>
  (planner, key, def, nodes) => {
    const alias = `t${++planner.aliases}`;
    const object = planObject(planner, typeName, alias, subFields(planner, typeName, nodes));
    const derived = object.columns.size ? [...object.columns].map((c) => `${alias}.${c} AS ${c}`).join(', ') : '1 AS _';
    const sql = `(SELECT json_group_array(${object.packed}) FROM (SELECT ${derived} FROM ${TYPES[typeName].table} ${alias} ORDER BY ${orderBy(alias)}) ${alias})`;
    const shape = nullable(def, (raw, rt) => (JSON.parse(raw as string) as unknown[]).map((o) => object.shape(o, rt)));
    return { key, render: () => [sql], shape: ([raw], rt) => shape(raw, rt) };
  };

/** How a connection's rows are ordered: its cursor holds these columns' values. */
interface ConnectionOrder {
  columns: string[];
  desc: boolean;
}

/** A cursor of this connection's order, decoded; Fallback for anything the resolvers should judge. */
function decodeCursor(cursor: string, order: ConnectionOrder): number[] {
  let values: unknown;
  try {
    const decoded = decodeBase64(cursor);
    if (!decoded.startsWith('DC:')) throw new Fallback('cursor');
    values = decodeCursorChunk(decoded.slice(3));
  } catch {
    throw new Fallback('cursor');
  }
  const list = order.columns.length === 1 ? [values] : values;
  if (!Array.isArray(list) || list.length !== order.columns.length || !list.every((v) => Number.isSafeInteger(v))) throw new Fallback('cursor');
  return list as number[];
}

/** Pothos' drizzle cursor of a row: one tagged chunk, or a tuple of them. */
function encodeCursor(values: unknown[]): string {
  const text = `DC:${values.length === 1 ? encodeCursorChunk(values[0]) : encodeCursorTuple(values)}`;
  // Integer keys make ASCII cursors, where native btoa gives Pothos' bytes without its Buffer detour.
  return /^[\x00-\x7f]*$/.test(text) ? btoa(text) : encodeBase64(text);
}

/** The keyset condition "after this cursor" over the order's columns, with parameter placeholders. */
function keysetSql(alias: string, order: ConnectionOrder, placeholders: string[]): string {
  const op = order.desc ? '<' : '>';
  const [first, ...rest] = order.columns;
  if (rest.length === 0) return `${alias}.${first} ${op} ${placeholders[0]}`;
  // (a, b) after (x, y): a beyond x, or a = x and b beyond y (two columns are all the API orders by).
  return `(${alias}.${first} ${op} ${placeholders[0]} OR (${alias}.${first} = ${placeholders[0]} AND ${alias}.${rest[0]} ${op} ${placeholders[1]}))`;
}

interface PageArgs {
  first: number;
  after: number[] | null;
}

/** `first`/`after` of a connection, as the drizzle plugin reads them; the rest goes to the resolvers. */
function pageArgs(args: Record<string, unknown>, order: ConnectionOrder): PageArgs {
  if (args.last != null || args.before != null) throw new Fallback('backward pages');
  const first = (args.first as number | null | undefined) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw new Fallback('first');
  return { first, after: args.after != null ? decodeCursor(args.after as string, order) : null };
}

interface ConnectionPlan {
  /** The node's plan over the page's alias (null when no edge asks for the node). */
  node: ObjectPlan | null;
  totalCount: boolean;
  /** Shapes `[page rows, total]`: each row is `[...cursor values, packed node]`. */
  shape: (page: unknown[][], total: number | undefined, args: PageArgs, cursorColumns: number, rt: Runtime) => Record<string, unknown>;
}

/** The selection under a connection field: edges (cursor, node), pageInfo, totalCount. */
function planConnection(planner: Planner, def: GraphQLField<unknown, unknown>, nodes: FieldNode[], nodeType: string, alias: string): ConnectionPlan {
  const connectionType = getNamedType(def.type) as GraphQLObjectType;
  interface Row {
    cursor: string;
    node: unknown;
  }
  interface Info {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
  }
  type Part = (rows: Row[], info: Info, total: number, rt: Runtime) => unknown;
  const parts: { key: string; part: Part }[] = [];
  let node: ObjectPlan | null = null;
  let totalCount = false;
  const object = (readers: { k: string; read: (...a: never[]) => unknown }[], ...a: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (const r of readers) out[r.k] = (r.read as (...x: unknown[]) => unknown)(...a);
    return out;
  };
  for (const [partKey, partNodes] of subFields(planner, connectionType.name, nodes)) {
    if (++planner.fields > MAX_PLANNED_FIELDS) throw new Fallback('too many fields to plan');
    const name = partNodes[0].name.value;
    if (name === '__typename') {
      parts.push({ key: partKey, part: () => connectionType.name });
    } else if (name === 'totalCount') {
      totalCount = true;
      parts.push({ key: partKey, part: (_rows, _info, total) => total });
    } else if (name === 'pageInfo') {
      const typeName = getNamedType(fieldDef(planner, connectionType.name, 'pageInfo').type).name;
      const readers = [...subFields(planner, typeName, partNodes)].map(([k, n]) => {
        const f = n[0].name.value;
        const read: (rows: Row[], info: Info) => unknown =
          f === '__typename'
            ? () => typeName
            : f === 'hasNextPage'
              ? (_rows, info) => info.hasNextPage
              : f === 'hasPreviousPage'
                ? (_rows, info) => info.hasPreviousPage
                : f === 'startCursor'
                  ? (rows) => rows[0]?.cursor ?? null
                  : f === 'endCursor'
                    ? (rows) => rows.at(-1)?.cursor ?? null
                    : () => {
                        throw new Fallback(`PageInfo.${f}`);
                      };
        if (!['__typename', 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'].includes(f)) throw new Fallback(`PageInfo.${f}`);
        return { k, read };
      });
      parts.push({ key: partKey, part: (rows, info) => object(readers, rows, info) });
    } else if (name === 'edges') {
      const edgeType = getNamedType(fieldDef(planner, connectionType.name, 'edges').type).name;
      const readers = [...subFields(planner, edgeType, partNodes)].map(([k, n]) => {
        const f = n[0].name.value;
        if (f === '__typename') return { k, read: () => edgeType };
        if (f === 'cursor') return { k, read: (row: Row) => row.cursor };
        if (f !== 'node') throw new Fallback(`${edgeType}.${f}`);
        if (node) throw new Fallback('node selected under two keys');
        const plan = planObject(planner, nodeType, alias, subFields(planner, nodeType, n));
        node = plan;
        return { k, read: (row: Row, rt: Runtime) => plan.shape(row.node, rt) };
      });
      parts.push({ key: partKey, part: (rows, _info, _total, rt) => rows.map((row) => object(readers, row, rt)) });
    } else {
      throw new Fallback(`${connectionType.name}.${name}`);
    }
  }
  return {
    node,
    totalCount,
    // As the plugin's wrapConnectionResult: one row more than asked says there is a next page.
    shape: (page, total, args, cursorColumns, rt) => {
      const full = page.length === args.first + 1;
      const rows = (full ? page.slice(0, -1) : page).map((r) => ({ cursor: encodeCursor(r.slice(0, cursorColumns)), node: r[cursorColumns] }));
      const info = { hasNextPage: full, hasPreviousPage: args.after != null };
      const out: Record<string, unknown> = {};
      for (const p of parts) out[p.key] = p.part(rows, info, total ?? 0, rt);
      return out;
    },
  };
}

/** `SELECT alias.c AS c, ...` for a derived table, always with the order's columns. */
function derivedColumns(alias: string, columns: Iterable<string>): string {
  return [...new Set(columns)].map((c) => `${alias}.${c} AS ${c}`).join(', ') || '1 AS _';
}

/** The JSON row of a connection page: the cursor values, then the packed node. */
function pageRowSql(alias: string, order: ConnectionOrder, node: ObjectPlan | null): string {
  return `json_array(${[...order.columns.map((c) => `${alias}.${c}`), ...(node ? [node.packed] : [])].join(', ')})`;
}

const dialect = new SQLiteAsyncDialect();

/**
 * `articles(filter:)` as SQL over `alias`: the resolvers' own filterSql, rendered
 * with the alias's columns and its parameters numbered after `params`.
 */
function articleFilterSql(filter: typeof ArticleFilter.$inferInput, alias: string, params: unknown[]): string {
  const condition = filterSql(filter)!({ id: sql.raw(`${alias}.id`), sectionId: sql.raw(`${alias}.section_id`), publishedAt: sql.raw(`${alias}.published_at`) });
  const query = dialect.sqlToQuery(condition);
  let n = 0;
  // drizzle writes each parameter as a bare `?` (values are never inlined, so no `?` sits in a literal).
  return query.sql.replace(/\?/g, () => `?${params.push(query.params[n++])}`);
}

const ARTICLE_ORDER = (desc: boolean): ConnectionOrder => ({ columns: ['published_at', 'id'], desc });

/**
 * `Query.articles(first, after, orderBy)`: a keyset page of visible articles (the
 * same rows, order, cursors and pageInfo as the drizzle plugin's connection),
 * filtered by the resolvers' own filter SQL. `last` and `before` go to the resolvers.
 */
const articleConnection: RootPlanner = (planner, key, def, nodes) => {
  const argIndex = argsOf(planner, def, nodes[0]);
  const alias = `t${++planner.aliases}`;
  const connection = planConnection(planner, def, nodes, 'Article', alias);
  const columns = ['published_at', 'id', ...(connection.node?.columns ?? [])];
  const read = (rt: Runtime) => {
    const args = rt.args[argIndex];
    const order = ARTICLE_ORDER(args.orderBy !== 'PUBLISHED_AT_ASC');
    return { order, page: pageArgs(args, order), filter: (args.filter ?? null) as typeof ArticleFilter.$inferInput | null };
  };
  return {
    key,
    render: (rt, params) => {
      const { order, page, filter } = read(rt);
      const now = Math.floor(rt.now);
      const conditions: string[] = [];
      const filtered = (where: string, a: string) => {
        if (!filter) return where;
        try {
          return `${where} AND ${articleFilterSql(filter, a, params)}`;
        } catch {
          throw new Fallback('filter the resolvers refuse'); // e.g. a country code that is not one
        }
      };
      if (page.after) {
        const [at, id] = page.after;
        // As src/graphql/keyset-bound.ts: one bound on published_at lets SQLite seek on the index.
        conditions.push(visibleSql(alias, params, order.desc ? Math.min(now, at) : now));
        if (!order.desc) conditions.push(`${alias}.published_at >= ?${params.push(at)}`);
        conditions.push(keysetSql(alias, order, [`?${params.push(at)}`, `?${params.push(id)}`]));
      } else {
        conditions.push(visibleSql(alias, params, now));
      }
      const direction = order.desc ? 'DESC' : 'ASC';
      // Columns of their own (page, total): wrapping the page into one JSON value would make SQLite parse it again.
      const pageSql = `(SELECT json_group_array(${pageRowSql(alias, order, connection.node)}) FROM (SELECT ${derivedColumns(alias, columns)} FROM articles ${alias} WHERE ${filtered(conditions.join(' AND '), alias)} ORDER BY ${alias}.published_at ${direction}, ${alias}.id ${direction} LIMIT ${page.first + 1}) ${alias})`;
      if (!connection.totalCount) return [pageSql];
      const counted = `c${alias}`;
      return [pageSql, `(SELECT count(*) FROM articles ${counted} WHERE ${filtered(visibleSql(counted, params, now), counted)})`];
    },
    shape: ([page, total], rt) => connection.shape(JSON.parse(page as string) as unknown[][], total as number | undefined, read(rt).page, 2, rt),
  };
};

const upper = (v: unknown) => {
  // The resolver answers null for a code that cannot exist, without a statement.
  if (typeof v !== 'string' || !/^[A-Za-z]{2}$/.test(v)) throw new Fallback('code');
  return v.toUpperCase();
};

const ROOTS: Record<string, RootPlanner> = {
  article: byKey('Article', 'slug', 'slug', undefined, true),
  articles: articleConnection,
  section: byKey('Section', 'slug', 'slug'),
  author: byKey('Author', 'slug', 'slug'),
  deal: byKey('Deal', 'slug', 'slug'),
  equipment: byKey('Equipment', 'slug', 'slug'),
  country: byKey('Country', 'code', 'code', upper),
  countries: all('Country', (a) => `${a}.name, ${a}.id`),
  sections: all('Section', (a) => `${a}.name, ${a}.id`),
};

// ------------------------------------------------------------------ entry points

const plans = new WeakMap<DocumentNode, Map<string, Plan | null>>();

/** The plan of a query (cached per document and operation), or null when it is not compilable. */
export function planOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Plan | null {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const cacheKey = operationName ?? '';
  if (byName.has(cacheKey)) return byName.get(cacheKey)!;
  let plan: Plan | null = null;
  try {
    plan = buildPlan(schema, document, operationName);
  } catch (error) {
    if (!(error instanceof Fallback)) throw error;
  }
  byName.set(cacheKey, plan);
  return plan;
}

function buildPlan(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Plan | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query' || operation.directives?.length) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const planner: Planner = { params: [], schema, fragments, argFields: [], aliases: 0, fields: 0 };
  const roots: RootPlan[] = [];
  for (const [key, nodes] of collect(planner, 'Query', operation.selectionSet)) {
    const name = nodes[0].name.value;
    if (name === '__typename') {
      roots.push({ key, shape: () => 'Query' });
      continue;
    }
    const root = ROOTS[name];
    if (!root) return null;
    roots.push(root(planner, key, fieldDef(planner, 'Query', name), nodes));
  }
  return { params: planner.params, operationVariables: operation.variableDefinitions, argFields: planner.argFields, roots };
}

/** What running a plan needs: the schema, the raw variables, the clock and a D1 handle. */
export interface RunInput {
  schema: GraphQLSchema;
  variableValues?: Record<string, unknown> | null;
  now: number;
  d1: D1Database;
}

/** D1's limits on one statement (https://developers.cloudflare.com/d1/platform/limits/). */
const D1_MAX_PARAMS = 100;
const D1_MAX_SQL_BYTES = 100_000;

/**
 * What running a plan for one request came to: the answer, or a request the
 * resolvers must answer instead. `sent` says whether the plan's statement ran
 * first (only when the row holds a value the schema refuses, which the
 * resolvers then report as they always do); otherwise nothing was sent.
 */
export type RunResult = { data: Record<string, unknown> } | { fallback: string; sent: boolean };

/**
 * Runs a plan: one statement, one round trip. Whether the request can run as
 * the plan is decided before the statement is sent (variables, arguments, page
 * sizes, cursors, the statement's size and parameter count); a statement D1
 * fails is thrown (see `failedRun`), never answered again by the resolvers,
 * which would only send the same work a second time.
 */
export async function runPlan(plan: Plan, input: RunInput): Promise<RunResult> {
  const variables = getVariableValues(input.schema, plan.operationVariables ?? [], input.variableValues ?? {});
  if (variables.errors) return { fallback: 'variables', sent: false };
  const params: unknown[] = [];
  const columns: string[] = [];
  const widths: number[] = [];
  let rt: Runtime;
  try {
    rt = { now: input.now, args: plan.argFields.map(({ def, node }) => getArgumentValues(def, node, variables.coerced)), pages: new Map() };
    // The plan's own parameters are ?1..?n; roots number theirs after them.
    for (const read of plan.params) params.push(read(rt));
    for (const root of plan.roots) {
      const sql = root.render?.(rt, params) ?? [];
      widths.push(sql.length);
      for (const expression of sql) columns.push(`${expression} AS r${columns.length}`);
    }
  } catch (error) {
    // getArgumentValues throws GraphQLErrors for arguments that do not coerce: the resolvers report them.
    if (error instanceof Fallback || error instanceof GraphQLError) return { fallback: error.message, sent: false };
    throw error;
  }
  const statement = columns.length ? `SELECT ${columns.join(', ')}` : '';
  // Over D1's limits the statement would fail: the resolvers answer instead, with a statement per root.
  if (params.length > D1_MAX_PARAMS) return { fallback: 'bound parameters', sent: false };
  // (The text is ASCII: names and placeholders; values are bound.)
  if (statement.length > D1_MAX_SQL_BYTES) return { fallback: 'statement length', sent: false };

  let row: Record<string, unknown> = {};
  if (statement) {
    const { results } = await input.d1
      .prepare(statement)
      .bind(...params)
      .all<Record<string, unknown>>();
    row = results[0] ?? {};
  }
  try {
    const data: Record<string, unknown> = {};
    let column = 0;
    plan.roots.forEach((root, i) => {
      const values: unknown[] = [];
      for (let n = 0; n < widths[i]; n++) values.push(row[`r${column++}`]);
      data[root.key] = root.shape(values, rt);
    });
    return { data };
  } catch (error) {
    if (error instanceof Fallback) return { fallback: error.message, sent: !!statement };
    throw error;
  }
}

/**
 * The answer to a plan whose statement failed (what `runPlan` threw): a D1 outage
 * as SERVICE_UNAVAILABLE (HTTP 503, src/db/retry.ts), anything else as an
 * INTERNAL_SERVER_ERROR (HTTP 500), logged: a statement D1 refuses is a compiler bug.
 */
/**
 * Whether D1 refused the statement for its size: its one row, the whole answer
 * as JSON, outgrew the largest string or row (~2 MB), or its nesting outgrew
 * SQLite's expression depth (100). A large answer, not a bug: the resolvers
 * answer it instead, in many smaller statements.
 */
export function isTooBig(error: unknown): boolean {
  return /SQLITE_TOOBIG|string or blob too big|too big|Expression tree is too large/i.test(String((error as { message?: unknown })?.message ?? error));
}

export function failedRun(error: unknown): { errors: GraphQLError[] } {
  const unavailable = d1UnavailableError(error);
  if (unavailable) return { errors: [unavailable] };
  console.error('compiled statement failed', error);
  return { errors: [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } })] };
}
