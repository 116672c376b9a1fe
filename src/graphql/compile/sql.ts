/**
 * Stage 2 of the compiler: a Tree (./tree.ts) becomes ONE statement whose single
 * row holds the whole answer as JSON, built by SQLite (json_array /
 * json_group_array over correlated sub-selects), written with drizzle's `sql`
 * fragments over the tables and columns the recipes name.
 *
 * Per-request values (the clock, page sizes, cursors, keys, filter values) are
 * `Bound`s: the text is rendered once per plan (and root list variant) and a
 * request only reads the Bounds' values. `render` numbers each distinct Bound
 * once (`?1`, `?2`, …, reused wherever it appears), which keeps a statement under
 * D1's 100 bound parameters however often a value is read.
 *
 * Nesting: a JSON value keeps its JSON subtype through a scalar sub-select, so
 * `json_array(..., (SELECT json_group_array(...) ...))` embeds the inner array
 * as JSON with no json() around it (which would parse the text again at every
 * level). Subtypes are lost only through FROM-clause sub-selects, so derived
 * tables carry plain columns and the JSON is built above them.
 * tests/compiled.test.ts fails on any value that comes back as a string.
 */
import { getTableName, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { articleFilterConditions, articleFilterValues, type ArticleFilterInput, type FilterKey } from '../article-filter';
import { articleOrdering, NEWEST_FIRST, OLDEST_FIRST } from '../orderings';
import { visibilitySql } from '../visibility';
import { pageOf } from './page-args';
import { keptCountSql, keptLinksSql } from '../../db/counters';
import { linksFirstWhenFew } from './strategy';
import { keysetOrder } from './plan';
import {
  Fallback,
  type FieldTree,
  type Join,
  type KeysetOrder,
  type ObjectTree,
  type OrderTerm,
  type RootTree,
  type Runtime,
  type Tree,
} from './tree';

/** A value bound per request: `read` gives it from the request's runtime. */
export class Bound {
  constructor(
    readonly name: string,
    readonly read: (rt: Runtime) => unknown,
  ) {}
}

/**
 * The public's clock, for one use of the visibility rule. One Bound per use, as the
 * statement always bound it: the parameter count, and so which operations go to the
 * resolvers for D1's limit (tests/compile-failures.test.ts), stays what it was.
 */
const now = () => new Bound('now', (rt) => Math.floor(rt.now));

/** D1 refuses SQL functions with more arguments than this (tests/sql-limits.ts). */
const MAX_FUNCTION_ARGS = 32;

const ref = (alias: string, column: Column) => sql.raw(`${alias}.${column.name}`);
const tableAs = (table: Table, alias: string) => sql.raw(`${getTableName(table)} ${alias}`);
const and = (parts: SQL[]) => sql.join(parts, sql` AND `);
const comma = (parts: SQL[]) => sql.join(parts, sql`, `);

/** An alias's article columns, for the visibility rule and the article filter. */
const articleColumns = (alias: string) => ({
  id: sql.raw(`${alias}.id`),
  sectionId: sql.raw(`${alias}.section_id`),
  publishedAt: sql.raw(`${alias}.published_at`),
  deletedAt: sql.raw(`${alias}.deleted_at`),
  status: sql.raw(`${alias}.status`),
});

/** `json_array` of the slots, nested in chunks when there are more than D1 allows one call. */
function pack(slots: SQL[]): SQL {
  if (slots.length <= MAX_FUNCTION_ARGS) return sql`json_array(${comma(slots)})`;
  const chunks: SQL[] = [];
  for (let i = 0; i < slots.length; i += MAX_FUNCTION_ARGS) chunks.push(sql`json_array(${comma(slots.slice(i, i + MAX_FUNCTION_ARGS))})`);
  if (chunks.length > MAX_FUNCTION_ARGS) throw new Fallback('too many fields');
  return sql`json_array(${comma(chunks)})`;
}

interface Scope {
  aliases: number;
}

interface ObjectSql {
  /** The object's JSON array over its alias. */
  packed: SQL;
  /** Columns of the object's table the array reads (for derived tables), by name. */
  columns: Map<string, Column>;
}

/** `SELECT alias.c AS c, ...` for a derived table. */
function derived(alias: string, columns: Iterable<Column>): SQL {
  const names = [...new Set([...columns].map((c) => c.name))];
  return sql.raw(names.map((c) => `${alias}.${c} AS ${c}`).join(', ') || '1 AS _');
}

function orderSql(alias: string, terms: OrderTerm[]): SQL {
  return comma(terms.map((t) => sql`${ref(t.onThrough ? `${alias}_j` : alias, t.column)}${sql.raw(t.desc ? ' DESC' : '')}`));
}

/** The rows of a relation from the parent's alias: FROM, the correlation, and for a junction the links-first forms. */
function joinSql(join: Join, parent: string, child: string) {
  const equal = (a: SQL[], b: SQL[]) => and(a.map((x, i) => sql`${x} = ${b[i]}`));
  const parentColumns = join.parent.map((c) => ref(parent, c));
  if (!join.through)
    return {
      from: tableAs(join.target, child),
      where: equal(
        join.child.map((c) => ref(child, c)),
        parentColumns,
      ),
    };
  const j = `${child}_j`;
  const on = equal(
    join.child.map((c) => ref(child, c)),
    join.through.child.map((c) => ref(j, c)),
  );
  const junction = getTableName(join.through.table);
  return {
    from: sql`${tableAs(join.through.table, j)} JOIN ${tableAs(join.target, child)} ON ${on}`,
    where: equal(
      join.through.parent.map((c) => ref(j, c)),
      parentColumns,
    ),
    // A count reads the parent's links, then each row by key: SQLite would otherwise walk every
    // visible article by date and probe the junction for each (~220 ms for a country at 100k; 8 to 30 ms this way).
    countFrom: sql`${tableAs(join.through.table, j)} CROSS JOIN ${tableAs(join.target, child)} ON ${on}`,
    links: sql`SELECT 1 FROM ${sql.raw(junction)} WHERE ${equal(
      join.through.parent.map((c) => ref(junction, c)),
      parentColumns,
    )}`,
  };
}

/**
 * What a page through a junction sorts by: a target column the junction holds too
 * (a deal's id is `deal_parties.deal_id`) in a one-column order is sorted by the junction's copy, so SQLite
 * reads the parent's newest links from the junction's (parent, key) index and stops at
 * the page instead of reading every link and sorting. Same values, same order.
 */
function sortKey(join: Join, order: KeysetOrder, child: string, column: Column): SQL {
  // Only a one-column order: an article page's (published_at, id) is the articles index's own order.
  const i = join.through && order.columns.length === 1 ? join.child.indexOf(column) : -1;
  return i >= 0 ? ref(`${child}_j`, join.through!.child[i]) : ref(child, column);
}

/** The keyset condition "after this cursor" over the order's columns. */
function keysetSql(alias: string, order: KeysetOrder, values: SQL[] | Bound[]): SQL {
  const op = sql.raw(order.desc ? '<' : '>');
  const [first, ...rest] = order.columns.map((c) => ref(alias, c));
  if (rest.length === 0) return sql`${first} ${op} ${values[0]}`;
  // (a, b) after (x, y): a beyond x, or a = x and b beyond y (two columns are all the API orders by).
  return sql`(${first} ${op} ${values[0]} OR (${first} = ${values[0]} AND ${rest[0]} ${op} ${values[1]}))`;
}

/** The JSON row of a connection page: the cursor values, then the packed node. */
function pageRow(alias: string, order: KeysetOrder, node: ObjectSql | null): SQL {
  return sql`json_array(${comma([...order.columns.map((c) => ref(alias, c)), ...(node ? [node.packed] : [])])})`;
}

function connectionSql(scope: Scope, field: Extract<FieldTree, { kind: 'connection' }>, alias: string, columns: Map<string, Column>): SQL {
  const { order, args, page } = field;
  const child = `t${++scope.aliases}`;
  const relation = joinSql(field.join, alias, child);
  for (const c of field.join.parent) columns.set(c.name, c);
  const node = page.node ? objectSql(scope, page.node, child) : null;
  const limit = new Bound(`first+1 #${args}`, (rt) => pageOf(rt, args, order.columns.length).first + 1);
  const conditions = [relation.where];
  if (field.visibleArticles) conditions.push(visibilitySql(articleColumns(child), now()));
  if (field.after) {
    const values = order.columns.map(
      (_c, n) => new Bound(`after[${n}] #${args}`, (rt) => pageOf(rt, args, order.columns.length).after?.[n] ?? null),
    );
    conditions.push(sql`(${values[0]} IS NULL OR ${keysetSql(child, order, values)})`);
  }
  const direction = sql.raw(order.desc ? ' DESC' : ' ASC');
  const select = sql`SELECT ${derived(child, [...order.columns, ...(node?.columns.values() ?? [])])}`;
  const orderBy = comma(order.columns.map((c) => sql`${sortKey(field.join, order, child, c)}${direction}`));
  const rows = (from: SQL) => sql`${select} FROM ${from} WHERE ${and(conditions)} ORDER BY ${orderBy} LIMIT ${limit}`;
  const pageFrom = (from: SQL) => sql`(SELECT json_group_array(${pageRow(child, order, node)}) FROM (${rows(from)}) ${sql.raw(child)})`;
  let pageSql = pageFrom(relation.from);
  if (field.visibleArticles && relation.countFrom && relation.links) {
    pageSql = linksFirstWhenFew({
      links: relation.links,
      linkCount: field.counted ? keptLinksSql(field.counted, alias) : null,
      limit: sql`${limit}`,
      linksFirst: pageFrom(relation.countFrom),
      newestFirst: pageSql,
    });
  }
  if (!page.totalCount) return sql`json_array(${pageSql})`;
  // A kept count reads one row (and the parent's scheduled stories), not every link.
  const kept = field.counted ? keptCountSql(field.counted, alias, `c${child}`, now()) : null;
  if (kept) return sql`json_array(${pageSql}, ${kept})`;
  const counted = joinSql(field.join, alias, `c${child}`);
  const countWhere = field.visibleArticles ? and([counted.where, visibilitySql(articleColumns(`c${child}`), now())]) : counted.where;
  return sql`json_array(${pageSql}, (SELECT count(*) FROM ${counted.countFrom ?? counted.from} WHERE ${countWhere}))`;
}

/** One object of the tree, read from the table (or derived table) `alias`. */
function objectSql(scope: Scope, tree: ObjectTree, alias: string): ObjectSql {
  const slots: SQL[] = [];
  const columns = new Map<string, Column>();
  const column = (c: Column) => {
    columns.set(c.name, c);
    slots.push(ref(alias, c));
  };
  for (const field of tree.fields) {
    switch (field.kind) {
      case 'typename':
        break;
      case 'id':
        column(field.column);
        break;
      case 'column':
        if (field.json) {
          columns.set(field.column.name, field.column);
          slots.push(sql`json(${ref(alias, field.column)})`);
        } else column(field.column);
        break;
      case 'computed':
      case 'embedded':
        field.columns.forEach(column);
        break;
      case 'connection':
        slots.push(connectionSql(scope, field, alias, columns));
        break;
      case 'relation': {
        const child = `t${++scope.aliases}`;
        const relation = joinSql(field.join, alias, child);
        for (const c of field.join.parent) columns.set(c.name, c);
        const sub = objectSql(scope, field.object, child);
        if (!field.many) {
          slots.push(sql`(SELECT ${sub.packed} FROM ${relation.from} WHERE ${relation.where})`);
        } else {
          const orderBy = field.order.length ? sql` ORDER BY ${orderSql(child, field.order)}` : sql``;
          const rows = sql`SELECT ${derived(child, sub.columns.values())} FROM ${relation.from} WHERE ${relation.where}${orderBy}`;
          slots.push(sql`(SELECT json_group_array(${sub.packed}) FROM (${rows}) ${sql.raw(child)})`);
        }
        break;
      }
    }
  }
  return { packed: pack(slots), columns };
}

/** What a root list's statement depends on per request: its order, whether it has a cursor, which filters it has. */
interface ListVariant {
  desc: boolean;
  after: boolean;
  filters: FilterKey[];
}

/** The filter's values of a root list's request (normalized once per request). */
function filterOf(rt: Runtime, args: number) {
  let values = rt.memo.get(args) as ReturnType<typeof articleFilterValues> | undefined;
  if (!values) rt.memo.set(args, (values = articleFilterValues(rt.args[args].filter as ArticleFilterInput | null)));
  return values;
}

/** The variant of a root list for a request (reads and checks its arguments). */
export function listVariant(root: Extract<RootTree, { kind: 'articleList' }>, rt: Runtime): ListVariant {
  const page = pageOf(rt, root.args, 2);
  const desc = articleOrdering(rt.args[root.args].orderBy).publishedAt === 'desc';
  return { desc, after: page.after != null, filters: Object.keys(filterOf(rt, root.args)) as FilterKey[] };
}

/**
 * `Query.articles(first, after, orderBy, filter)`: a keyset page of visible articles (the
 * same rows, order, cursors and pageInfo as the drizzle plugin's connection), filtered by
 * the article filter's own SQL; `last` and `before` go to the resolvers.
 */
function articleListSql(scope: Scope, root: Extract<RootTree, { kind: 'articleList' }>, variant: ListVariant): SQL[] {
  const { args, page, table } = root;
  const alias = `t${++scope.aliases}`;
  const order = keysetOrder(variant.desc ? NEWEST_FIRST : OLDEST_FIRST, table);
  const node = page.node ? objectSql(scope, page.node, alias) : null;
  const cursor = (n: number) => new Bound(`after[${n}] #${args}`, (rt) => pageOf(rt, args, 2).after![n]);
  const filters = (a: string) => {
    const values = Object.fromEntries(
      variant.filters.map((key) => [key, new Bound(`filter.${key} #${args}`, (rt) => filterOf(rt, args)[key])]),
    );
    return articleFilterConditions(values, articleColumns(a), 'list');
  };
  const conditions: SQL[] = [];
  if (variant.after) {
    const [at, id] = [cursor(0), cursor(1)];
    // As src/graphql/keyset-bound.ts: one bound on published_at lets SQLite seek on the index.
    const upTo = variant.desc
      ? new Bound(`min(now, after[0]) #${args}`, (rt) => Math.min(Math.floor(rt.now), pageOf(rt, args, 2).after![0]))
      : now();
    conditions.push(visibilitySql(articleColumns(alias), upTo));
    if (!variant.desc) conditions.push(sql`${ref(alias, order.columns[0])} >= ${at}`);
    conditions.push(keysetSql(alias, order, [at, id]));
  } else {
    conditions.push(visibilitySql(articleColumns(alias), now()));
  }
  conditions.push(...filters(alias));
  const direction = sql.raw(variant.desc ? ' DESC' : ' ASC');
  const limit = new Bound(`first+1 #${args}`, (rt) => pageOf(rt, args, 2).first + 1);
  const orderBy = comma(order.columns.map((c) => sql`${ref(alias, c)}${direction}`));
  // Columns of their own (page, total): wrapping the page into one JSON value would make SQLite parse it again.
  const select = derived(alias, [...order.columns, ...(node?.columns.values() ?? [])]);
  const rows = sql`SELECT ${select} FROM ${tableAs(table, alias)} WHERE ${and(conditions)} ORDER BY ${orderBy} LIMIT ${limit}`;
  const pageSql = sql`(SELECT json_group_array(${pageRow(alias, order, node)}) FROM (${rows}) ${sql.raw(alias)})`;
  if (!page.totalCount) return [pageSql];
  const counted = `c${alias}`;
  return [
    pageSql,
    sql`(SELECT count(*) FROM ${tableAs(table, counted)} WHERE ${and([visibilitySql(articleColumns(counted), now()), ...filters(counted)])})`,
  ];
}

/** The SQL expressions of one root (one column of the statement each; none for `__typename`). */
function rootSql(scope: Scope, root: RootTree, variant: ListVariant | undefined): SQL[] {
  switch (root.kind) {
    case 'typename':
      return [];
    case 'byKey': {
      const alias = `t${++scope.aliases}`;
      const object = objectSql(scope, root.object, alias);
      const key = new Bound(`${root.arg} #${root.args}`, (rt) => {
        const raw = rt.args[root.args][root.arg];
        const value = root.normalize ? root.normalize(raw) : raw;
        // The resolver answers a key that cannot exist (a code that is not one) without a statement.
        if (value == null) throw new Fallback('key');
        return value;
      });
      const where = sql`${ref(alias, root.column)} = ${key}`;
      const conditions = root.visibleArticles ? and([where, visibilitySql(articleColumns(alias), now())]) : where;
      return [sql`(SELECT ${object.packed} FROM ${tableAs(root.object.table, alias)} WHERE ${conditions} LIMIT 1)`];
    }
    case 'all': {
      const alias = `t${++scope.aliases}`;
      const object = objectSql(scope, root.object, alias);
      const rows = sql`SELECT ${derived(alias, object.columns.values())} FROM ${tableAs(root.object.table, alias)} ORDER BY ${orderSql(alias, root.order)}`;
      return [sql`(SELECT json_group_array(${object.packed}) FROM (${rows}) ${sql.raw(alias)})`];
    }
    case 'articleList':
      return articleListSql(scope, root, variant!);
  }
}

/** The statement of a tree (for these root list variants, in root order): its columns, `r0`, `r1`, … */
export function statementSql(tree: Tree, variants: (ListVariant | undefined)[]): SQL | null {
  const scope: Scope = { aliases: 0 };
  const columns = tree.roots.flatMap((root, i) => rootSql(scope, root, variants[i]));
  if (!columns.length) return null;
  return sql`SELECT ${comma(columns.map((c, i) => sql`${c} AS ${sql.raw(`r${i}`)}`))}`;
}

const dialect = new SQLiteAsyncDialect();

/** A statement's text, each distinct Bound numbered once (`?1`, `?2`, …), and the Bounds in that order. */
export function render(statement: SQL): { text: string; binds: Bound[] } {
  const binds: Bound[] = [];
  const numbers = new Map<Bound, number>();
  const { sql: text } = statement.toQuery({
    escapeName: (name) => dialect.escapeName(name),
    escapeString: (value) => dialect.escapeString(value),
    escapeParam: (_n, value) => {
      // Every value of a compiled statement is read per request; anything else is a bug here.
      if (!(value instanceof Bound)) throw new Error(`a value in compiled SQL that is not a Bound: ${String(value)}`);
      let n = numbers.get(value);
      if (n === undefined) numbers.set(value, (n = binds.push(value)));
      return `?${n}`;
    },
  });
  return { text, binds };
}
