/**
 * Stage 1 of the compiler: an operation's selection becomes a Tree (./tree.ts),
 * once per document. Each field is planned from its recipe (./recipes.ts), read
 * from the schema; any field, argument, directive or type condition without one
 * throws Fallback, and the whole operation runs through the resolvers.
 */
import {
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
} from 'graphql';
import type { AnyRelation, Column, Table } from 'drizzle-orm';
import type { Ordering } from '../orderings';
import { isLeafList, recipeOf, tableOf, type TableOfType } from './recipes';
import {
  Fallback,
  type FieldTree,
  type Join,
  type KeysetOrder,
  type ObjectTree,
  type OrderTerm,
  type PagePart,
  type PageTree,
  type RootTree,
  type Serialize,
  type Tree,
} from './tree';

/**
 * Most fields one plan holds (each selected field of each planned object). Fragments are
 * expanded once per selection set, but sibling fields spreading the same fragment still
 * repeat it (a response that doubles with each level of the document); past this the
 * operation goes to the resolvers, and to the request limits in front of them.
 */
export const MAX_PLANNED_FIELDS = 2000;

interface Planner {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  argFields: Tree['argFields'];
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

function objectType(planner: Planner, typeName: string): GraphQLObjectType {
  const type = planner.schema.getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Fallback(`type ${typeName}`);
  return type;
}

function fieldDef(planner: Planner, typeName: string, name: string) {
  const def = objectType(planner, typeName).getFields()[name];
  if (!def) throw new Fallback(`unknown field ${typeName}.${name}`);
  return def;
}

function countField(planner: Planner) {
  if (++planner.fields > MAX_PLANNED_FIELDS) throw new Fallback('too many fields to plan');
}

/** Registers a field whose arguments are read per request; returns their index in `Runtime.args`. */
function argsOf(planner: Planner, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
  if (def.args.length === 0) return -1;
  return planner.argFields.push({ def, node }) - 1;
}

function serializer(def: GraphQLField<unknown, unknown>): Serialize {
  const leaf = getNamedType(def.type);
  if (!isLeafType(leaf)) throw new Fallback('not a leaf');
  return leafSerializer(leaf, isNonNullType(def.type));
}

/** The executor's `completeLeafValue`: the type's serialize; a value it refuses goes to the resolvers. */
export function leafSerializer(leaf: GraphQLLeafType, nonNull: boolean): Serialize {
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

function drizzleTable(planner: Planner, typeName: string): TableOfType {
  const table = tableOf(objectType(planner, typeName));
  if (!table) throw new Fallback(`type ${typeName} has no table`);
  return table;
}

/** A drizzle relation as the join from a parent's row to its children's. */
function joinOf(relation: AnyRelation): Join {
  const join: Join = { target: relation.targetTable as Table, parent: relation.sourceColumns, child: relation.targetColumns };
  if (relation.through) {
    const column = (c: unknown) => (c as { _: { column: Column } })._.column;
    join.through = {
      table: relation.throughTable as Table,
      parent: relation.through.source.map(column),
      child: relation.through.target.map(column),
    };
  }
  return join;
}

function columnOf(table: unknown, key: string): Column {
  const column = (table as Record<string, Column | undefined>)[key];
  if (!column) throw new Fallback(`no column ${key}`);
  return column;
}

/** An ordering's keys as columns of the child's table (or of the junction). */
export function orderTerms(ordering: Ordering, table: unknown, onThrough = false): OrderTerm[] {
  return Object.entries(ordering).map(([key, direction]) => ({ column: columnOf(table, key), onThrough, desc: direction === 'desc' }));
}

/** A connection's order: one direction over all its columns (a keyset). */
export function keysetOrder(ordering: Ordering, table: unknown): KeysetOrder {
  const terms = orderTerms(ordering, table);
  if (terms.some((t) => t.desc !== terms[0].desc)) throw new Fallback('mixed directions');
  return { columns: terms.map((t) => t.column), desc: terms[0].desc };
}

/** Plans one object of a type with a table. */
function planObject(planner: Planner, typeName: string, fields: Fields): ObjectTree {
  const table = drizzleTable(planner, typeName);
  const out: FieldTree[] = [];
  for (const [key, nodes] of fields) {
    countField(planner);
    const name = nodes[0].name.value;
    if (name === '__typename') {
      out.push({ kind: 'typename', key, value: typeName });
      continue;
    }
    const def = fieldDef(planner, typeName, name);
    // A drizzle node's global ID: its `id` column (the node's own `id: { column }`), encoded with the type's name.
    if (name === 'id' && table.id && !recipeOf(def, table)) {
      out.push({ kind: 'id', key, column: table.id, typeName, serialize: serializer(def) });
      continue;
    }
    const recipe = recipeOf(def, table);
    if (!recipe) throw new Fallback(`field ${typeName}.${name}`);
    const args = argsOf(planner, def, nodes[0]);
    const nonNull = isNonNullType(def.type);
    switch (recipe.kind) {
      case 'column':
        if (isLeafList(def)) {
          // A list of non-null strings in a JSON column: each item serialized as the list's item type.
          const item = leafSerializer(getNamedType(def.type) as GraphQLLeafType, true);
          const list: Serialize = (raw) => {
            if (raw != null) return (raw as unknown[]).map(item);
            if (nonNull) throw new Fallback('null in a non-null field');
            return null;
          };
          out.push({ kind: 'column', key, column: recipe.column, json: true, serialize: list });
        } else {
          out.push({ kind: 'column', key, column: recipe.column, json: false, serialize: serializer(def) });
        }
        break;
      case 'computed':
        out.push({ kind: 'computed', key, columns: recipe.columns, value: recipe.value, args, serialize: serializer(def) });
        break;
      case 'embedded': {
        const embeddedType = getNamedType(def.type).name;
        const parts = [...subFields(planner, embeddedType, nodes)].map(([subKey, subNodes]) => {
          const subName = subNodes[0].name.value;
          if (subName === '__typename') return { key: subKey, prop: null, value: embeddedType };
          if (subNodes.some((n) => n.arguments?.length)) throw new Fallback('arguments on an embedded field');
          return { key: subKey, prop: subName, serialize: serializer(fieldDef(planner, embeddedType, subName)) };
        });
        out.push({ kind: 'embedded', key, columns: recipe.columns, value: recipe.value, nonNull, parts });
        break;
      }
      case 'relation': {
        const relation = table.relations[recipe.relation ?? name];
        if (!relation) throw new Fallback(`no relation ${typeName}.${name}`);
        const join = joinOf(relation);
        const childType = getNamedType(def.type).name;
        const object = planObject(planner, childType, subFields(planner, childType, nodes));
        const order = recipe.orderBy
          ? orderTerms(recipe.orderBy, recipe.onThrough ? join.through?.table : join.target, recipe.onThrough)
          : [];
        out.push({ kind: 'relation', key, join, many: relation.relationType === 'many', order, object, nonNull });
        break;
      }
      case 'connection': {
        const relation = table.relations[recipe.relation ?? name];
        if (!relation) throw new Fallback(`no relation ${typeName}.${name}`);
        const join = joinOf(relation);
        const after = !!nodes[0].arguments?.some((a) => a.name.value === 'after');
        const page = planPage(planner, def, nodes);
        const order = keysetOrder(recipe.orderBy, join.target);
        out.push({
          kind: 'connection',
          key,
          counted: recipe.counted ?? null,
          join,
          order,
          visibleArticles: recipe.visibleArticles,
          args,
          after,
          page,
        });
        break;
      }
      default:
        throw new Fallback(`root recipe on ${typeName}.${name}`);
    }
  }
  return { typeName, table: table.table as unknown as Table, fields: out };
}

const PAGE_INFO = new Set(['__typename', 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);

/** The selection under a connection field: edges (cursor, node), pageInfo, totalCount. */
function planPage(planner: Planner, def: GraphQLField<unknown, unknown>, nodes: FieldNode[]): PageTree {
  const connectionType = getNamedType(def.type).name;
  const parts: PagePart[] = [];
  let node: ObjectTree | null = null;
  let totalCount = false;
  for (const [key, partNodes] of subFields(planner, connectionType, nodes)) {
    countField(planner);
    const name = partNodes[0].name.value;
    if (name === '__typename') {
      parts.push({ key, kind: 'typename', value: connectionType });
    } else if (name === 'totalCount') {
      totalCount = true;
      parts.push({ key, kind: 'totalCount' });
    } else if (name === 'pageInfo') {
      const typeName = getNamedType(fieldDef(planner, connectionType, 'pageInfo').type).name;
      const fields = [...subFields(planner, typeName, partNodes)].map(([k, n]) => {
        const f = n[0].name.value;
        if (!PAGE_INFO.has(f)) throw new Fallback(`PageInfo.${f}`);
        return { key: k, name: f, ...(f === '__typename' ? { value: typeName } : {}) };
      });
      parts.push({ key, kind: 'pageInfo', fields });
    } else if (name === 'edges') {
      const edgeType = getNamedType(fieldDef(planner, connectionType, 'edges').type).name;
      const fields = [...subFields(planner, edgeType, partNodes)].map(([k, n]) => {
        const f = n[0].name.value;
        if (f === '__typename') return { key: k, name: f, value: edgeType };
        if (f === 'cursor') return { key: k, name: f };
        if (f !== 'node') throw new Fallback(`${edgeType}.${f}`);
        if (node) throw new Fallback('node selected under two keys');
        const nodeType = getNamedType(fieldDef(planner, edgeType, 'node').type).name;
        node = planObject(planner, nodeType, subFields(planner, nodeType, n));
        return { key: k, name: f };
      });
      parts.push({ key, kind: 'edges', fields });
    } else {
      throw new Fallback(`${connectionType}.${name}`);
    }
  }
  return { typeName: connectionType, node, totalCount, parts };
}

function planRoot(planner: Planner, key: string, nodes: FieldNode[]): RootTree {
  const name = nodes[0].name.value;
  if (name === '__typename') return { kind: 'typename', key };
  const def = fieldDef(planner, 'Query', name);
  const recipe = recipeOf(def, undefined);
  const typeName = getNamedType(def.type).name;
  const nonNull = isNonNullType(def.type);
  switch (recipe?.kind) {
    case 'byKey': {
      const args = argsOf(planner, def, nodes[0]);
      const object = planObject(planner, typeName, subFields(planner, typeName, nodes));
      const { column, arg, key: normalize } = recipe;
      return { kind: 'byKey', key, object, column, arg, normalize, args, visibleArticles: !!recipe.visibleArticles, nonNull };
    }
    case 'all': {
      const object = planObject(planner, typeName, subFields(planner, typeName, nodes));
      return { kind: 'all', key, object, order: orderTerms(recipe.orderBy, object.table), nonNull };
    }
    case 'articleList': {
      const args = argsOf(planner, def, nodes[0]);
      const page = planPage(planner, def, nodes);
      const nodeType = getNamedType(fieldDef(planner, getNamedType(fieldDef(planner, typeName, 'edges').type).name, 'node').type).name;
      return { kind: 'articleList', key, table: drizzleTable(planner, nodeType).table as unknown as Table, args, page };
    }
    default:
      throw new Fallback(`Query.${name}`);
  }
}

/** The Tree of a query, or Fallback when any part of it is not compilable. */
export function planTree(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Tree {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query' || operation.directives?.length) throw new Fallback('not a query');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const planner: Planner = { schema, fragments, argFields: [], fields: 0 };
  const roots = [...collect(planner, 'Query', operation.selectionSet)].map(([key, nodes]) => planRoot(planner, key, nodes));
  return { roots, argFields: planner.argFields, variables: operation.variableDefinitions };
}
