/**
 * Stage 3 of the compiler: the statement's row becomes the response. A walk over
 * the Tree (./tree.ts), built once per plan, that only renames, serializes and
 * computes: the slots of each object's JSON array in the order ./sql.ts wrote them.
 */
import { encodeGlobalID } from '../node-field';
import { encodeCursor } from '../cursors';
import { pageOf } from './page-args';
import { Fallback, slotCount, type FieldTree, type ObjectTree, type PageTree, type RootTree, type Runtime } from './tree';

type Shape = (raw: unknown, rt: Runtime) => unknown;

function nullable(nonNull: boolean, shape: Shape): Shape {
  return (raw, rt) => {
    if (raw == null) {
      if (nonNull) throw new Fallback('null in a non-null field');
      return null;
    }
    return shape(raw, rt);
  };
}

/** Reads one field from its object's slots, starting at `at`. */
function fieldShape(field: FieldTree, at: number): (values: unknown[], rt: Runtime) => unknown {
  switch (field.kind) {
    case 'typename':
      return () => field.value;
    case 'id':
      return (v) => field.serialize(v[at] == null ? null : encodeGlobalID(field.typeName, v[at] as number));
    case 'column':
      return (v) => field.serialize(v[at]);
    case 'computed': {
      const width = field.columns.length;
      return (v, rt) => field.serialize(field.value(v.slice(at, at + width), field.args >= 0 ? rt.args[field.args] : {}));
    }
    case 'embedded': {
      const width = field.columns.length;
      const shape = nullable(field.nonNull, (o) => {
        const out: Record<string, unknown> = {};
        for (const p of field.parts) out[p.key] = p.prop == null ? p.value : p.serialize!((o as Record<string, unknown>)[p.prop]);
        return out;
      });
      return (v, rt) => shape(field.value(v.slice(at, at + width)), rt);
    }
    case 'relation': {
      const object = objectShape(field.object);
      const shape = field.many
        ? nullable(field.nonNull, (raw, rt) => (raw as unknown[]).map((item) => object(item, rt)))
        : nullable(field.nonNull, object);
      return (v, rt) => shape(v[at], rt);
    }
    case 'connection': {
      const page = pageShape(field.page);
      const columns = field.order.columns.length;
      return (v, rt) => {
        const [rows, count] = v[at] as [unknown[][], number | undefined];
        return page(rows, count, rt, field.args, columns);
      };
    }
  }
}

/** Shapes an object's JSON array (the chunks of a packed one flattened). */
export function objectShape(tree: ObjectTree): Shape {
  const entries: { key: string; get: (values: unknown[], rt: Runtime) => unknown }[] = [];
  let at = 0;
  for (const field of tree.fields) {
    entries.push({ key: field.key, get: fieldShape(field, at) });
    at += slotCount(field);
  }
  const chunked = at > 32;
  return (packed, rt) => {
    const values = chunked ? (packed as unknown[][]).flat() : (packed as unknown[]);
    const out: Record<string, unknown> = {};
    for (const e of entries) out[e.key] = e.get(values, rt);
    return out;
  };
}

interface Row {
  cursor: string;
  node: unknown;
}

/** Shapes `[page rows, total]` of a connection: each row is `[...cursor values, packed node]`. */
function pageShape(tree: PageTree) {
  const node = tree.node ? objectShape(tree.node) : null;
  type Part = (rows: Row[], info: { hasNextPage: boolean; hasPreviousPage: boolean }, total: number, rt: Runtime) => unknown;
  const parts: { key: string; part: Part }[] = tree.parts.map((p) => {
    switch (p.kind) {
      case 'typename':
        return { key: p.key, part: () => p.value };
      case 'totalCount':
        return { key: p.key, part: (_rows, _info, total) => total };
      case 'pageInfo':
        return {
          key: p.key,
          part: (rows, info) => {
            const out: Record<string, unknown> = {};
            for (const f of p.fields) {
              out[f.key] =
                f.name === '__typename'
                  ? f.value
                  : f.name === 'hasNextPage'
                    ? info.hasNextPage
                    : f.name === 'hasPreviousPage'
                      ? info.hasPreviousPage
                      : f.name === 'startCursor'
                        ? (rows[0]?.cursor ?? null)
                        : (rows.at(-1)?.cursor ?? null);
            }
            return out;
          },
        };
      case 'edges':
        return {
          key: p.key,
          part: (rows, _info, _total, rt) =>
            rows.map((row) => {
              const out: Record<string, unknown> = {};
              for (const f of p.fields)
                out[f.key] = f.name === '__typename' ? f.value : f.name === 'cursor' ? row.cursor : node!(row.node, rt);
              return out;
            }),
        };
    }
  });
  // As the plugin's wrapConnectionResult: one row more than asked says there is a next page.
  return (page: unknown[][], total: number | undefined, rt: Runtime, args: number, cursorColumns: number) => {
    const { first, after } = pageOf(rt, args, cursorColumns);
    const full = page.length === first + 1;
    const rows = (full ? page.slice(0, -1) : page).map((r) => ({
      cursor: encodeCursor(r.slice(0, cursorColumns)),
      node: r[cursorColumns],
    }));
    const info = { hasNextPage: full, hasPreviousPage: after != null };
    const out: Record<string, unknown> = {};
    for (const p of parts) out[p.key] = p.part(rows, info, total ?? 0, rt);
    return out;
  };
}

/** Shapes a root's columns (as many as ./sql.ts gave it). */
export function rootShape(root: RootTree): { width: number; shape: (columns: unknown[], rt: Runtime) => unknown } {
  switch (root.kind) {
    case 'typename':
      return { width: 0, shape: () => 'Query' };
    case 'byKey': {
      const object = objectShape(root.object);
      const shape = nullable(root.nonNull, (raw, rt) => object(JSON.parse(raw as string), rt));
      return { width: 1, shape: ([raw], rt) => shape(raw, rt) };
    }
    case 'all': {
      const object = objectShape(root.object);
      const shape = nullable(root.nonNull, (raw, rt) => (JSON.parse(raw as string) as unknown[]).map((o) => object(o, rt)));
      return { width: 1, shape: ([raw], rt) => shape(raw, rt) };
    }
    case 'articleList': {
      const page = pageShape(root.page);
      return {
        width: root.page.totalCount ? 2 : 1,
        shape: ([rows, total], rt) => page(JSON.parse(rows as string) as unknown[][], total as number | undefined, rt, root.args, 2),
      };
    }
  }
}
