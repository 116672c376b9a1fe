/**
 * How the drizzle plugin loads rows by key (`node`, `nodes`, and fields whose
 * data the parent statement did not carry, such as `Article.related`): one
 * statement per type per tick, as the plugin does, with three changes.
 *
 * 1. Keys are bound as ONE JSON parameter (`id IN (SELECT value FROM
 *    json_each(?))`) instead of one parameter each. The plugin's `IN (?, ?, …)`
 *    breaks D1's 100-parameter limit at about 90 keys (20 articles x 5 related
 *    ids did); chunking would cost a statement per chunk, this costs none.
 *    Keys are deduplicated, so the same article related to many parents is read once.
 * 2. Articles load only when visible (visibility.ts): `node(id:)` with a
 *    draft's ID is `null`, like an unknown ID. The rule is written as a filter
 *    on the keys' rows (`visibleArticlesByKey`): as a plain condition SQLite
 *    read it from `articles_status_published_at_id_idx`, walking every
 *    published article for one `node(id:)`.
 * 3. A key with no row resolves to `null` rather than an error, so `node` and
 *    `nodes` answer `null` for unknown IDs as the schema says.
 *
 * The plugin (0.20, API marked unstable) does not export its loader, so it is
 * imported by path (the same file the plugin imports, so the same class) and
 * its `initLoad` replaced. tests/planning.test.ts and tests/d1-limits.test.ts
 * fail if the plugin stops routing loads through here.
 */
import { ModelLoader } from '../../node_modules/@pothos/plugin-drizzle/esm/model-loader.js';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Context } from './context';
import { visibleArticlesByKey } from './visibility';

type Loader = ModelLoader & {
  staged: Set<{
    root: unknown;
    models: Map<object, { promise: Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }>;
  }>;
};

const proto = ModelLoader.prototype as unknown as {
  initLoad(this: Loader, played: { root: { model: unknown } }, model: object): Promise<unknown>;
};

proto.initLoad = function initLoad(this: Loader, played, model) {
  const adapter = this.adapter as unknown as {
    createNode(model: unknown): unknown;
    mergeNode(into: unknown, from: unknown): void;
    toQuery(node: unknown): Record<string, unknown>;
  };
  let resolveFn!: (v: unknown) => void;
  let rejectFn!: (e: unknown) => void;
  const promise = new Promise((resolve, reject) => {
    resolveFn = resolve;
    rejectFn = reject;
  });
  const root = adapter.createNode(played.root.model);
  adapter.mergeNode(root, played.root);
  const entry = { root, models: new Map([[model, { promise, resolve: resolveFn, reject: rejectFn }]]) };
  this.staged.add(entry);

  setTimeout(() => {
    this.staged.delete(entry);
    const failAll = (err: unknown) => entry.models.forEach((p) => p.reject(err));
    try {
      const ctx = this.context as Context;
      const api = (ctx.db.query as unknown as Record<string, { findMany(q: unknown): Promise<Record<string, unknown>[]> }>)[this.modelName];
      const keyOf = (m: object) => this.sqlForModel(m);
      const keys = [...new Map([...entry.models.keys()].map((m) => [JSON.stringify(keyOf(m)), keyOf(m)])).values()];
      const single = this.columns.length === 1;
      const visible = this.modelName === 'articles' ? visibleArticlesByKey(ctx) : null;
      const where: Record<string, unknown> = {
        RAW: (table: never): SQL => {
          const byKey = single
            ? sql`${this.selectSQL(table)} IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`
            : inArray(this.selectSQL(table), keys as never);
          return visible ? sql`${byKey} AND ${visible(table)}` : byKey;
        },
      };
      api.findMany({ ...adapter.toQuery(entry.root), where }).then((rows) => {
        for (const [m, p] of entry.models) {
          const row = rows.find((r) =>
            this.columns.every((column) => {
              const name = this.config.columnToTsName(column);
              return r[name] === (m as Record<string, unknown>)[name];
            }),
          );
          p.resolve(row ?? null);
        }
      }, failAll);
    } catch (err) {
      failAll(err);
    }
  }, 0);
  return promise;
};
