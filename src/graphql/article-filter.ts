/**
 * `ArticleFilter`, written once: the input type, its values as the statements bind
 * them, and the conditions over an article's columns. `articles(filter:)`
 * (src/graphql/types/article.ts), `search(filter:)` (src/graphql/types/search.ts)
 * and the operation compiler (src/graphql/compile/sql.ts) all read it here.
 */
import { sql, type SQL } from 'drizzle-orm';
import { builder } from './builder';
import { normalizeCountryCode } from './country-code';
import { DateTime } from './types/scalars';

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Narrows an article list. All given conditions must hold.',
  fields: (t) => ({
    section: t.string({ description: 'Section slug, e.g. `war`.' }),
    author: t.string({ description: 'Author slug, e.g. `kathrine-frich`.' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2 code of a country the story reports on, e.g. `AM`.' }),
    equipment: t.string({ description: 'Equipment slug, e.g. `caesar`.' }),
    deal: t.string({ description: 'Deal slug.' }),
    publishedAfter: t.field({ type: DateTime, description: 'Only stories published at or after this instant.' }),
    publishedBefore: t.field({ type: DateTime, description: 'Only stories published before this instant.' }),
  }),
});

export type ArticleFilterInput = typeof ArticleFilter.$inferInput;
export type FilterKey = keyof ArticleFilterInput;

/**
 * The filter's values as bound: the country code normalized (BAD_USER_INPUT when it
 * cannot be one), instants as epoch milliseconds; absent conditions left out.
 */
export function articleFilterValues(filter: ArticleFilterInput | null | undefined): Partial<Record<FilterKey, string | number>> {
  const values: Partial<Record<FilterKey, string | number>> = {};
  if (!filter) return values;
  if (filter.section != null) values.section = filter.section;
  if (filter.author != null) values.author = filter.author;
  if (filter.country != null) values.country = normalizeCountryCode(filter.country, 'filter.country');
  if (filter.equipment != null) values.equipment = filter.equipment;
  if (filter.deal != null) values.deal = filter.deal;
  if (filter.publishedAfter != null) values.publishedAfter = filter.publishedAfter.getTime();
  if (filter.publishedBefore != null) values.publishedBefore = filter.publishedBefore.getTime();
  return values;
}

/** What each subject condition looks up: the junction to the article, and the subject's key. */
const LINKED = {
  author: { junction: 'article_authors', column: 'author_id', table: 'authors', key: 'slug' },
  country: { junction: 'article_countries', column: 'country_id', table: 'countries', key: 'code' },
  equipment: { junction: 'article_equipment', column: 'equipment_id', table: 'equipment', key: 'slug' },
  deal: { junction: 'article_deals', column: 'deal_id', table: 'deals', key: 'slug' },
} as const;

/** An article's columns the filter reads. */
export interface FilterColumns {
  id: unknown;
  sectionId: unknown;
  publishedAt: unknown;
}

/**
 * The conditions of the filter over an article's columns, one per given value (any SQL
 * value: a bound value, or the compiler's per-request parameter). Two forms of the same rows:
 *   - `list`: a page of a list, where a subject's articles drive the read (`id IN` its links);
 *   - `probe`: conditions checked on each search hit, each answered from a primary-key
 *     index (EXISTS), so its cost follows the number of hits, not the subject's articles.
 */
export function articleFilterConditions(values: Partial<Record<FilterKey, unknown>>, a: FilterColumns, form: 'list' | 'probe'): SQL[] {
  const parts: SQL[] = [];
  if (values.section !== undefined) {
    const section = sql`(SELECT id FROM sections WHERE slug = ${values.section})`;
    parts.push(form === 'list' ? sql`${a.sectionId} IN ${section}` : sql`${a.sectionId} = ${section}`);
  }
  for (const name of ['author', 'country', 'equipment', 'deal'] as const) {
    if (values[name] === undefined) continue;
    const l = LINKED[name];
    const [junction, column, table, key] = [sql.raw(l.junction), sql.raw(l.column), sql.raw(l.table), sql.raw(l.key)];
    parts.push(
      form === 'list'
        ? sql`${a.id} IN (SELECT article_id FROM ${junction} WHERE ${column} IN (SELECT id FROM ${table} WHERE ${key} = ${values[name]}))`
        : sql`EXISTS (SELECT 1 FROM ${junction} x WHERE x.article_id = ${a.id} AND x.${column} = (SELECT id FROM ${table} WHERE ${key} = ${values[name]}))`,
    );
  }
  if (values.publishedAfter !== undefined) parts.push(sql`${a.publishedAt} >= ${values.publishedAfter}`);
  if (values.publishedBefore !== undefined) parts.push(sql`${a.publishedAt} < ${values.publishedBefore}`);
  return parts;
}

/** The filter as one SQL condition over the paged table (`list` form); undefined without a filter. */
export function filterSql(filter: ArticleFilterInput | null | undefined) {
  if (!filter) return undefined;
  const values = articleFilterValues(filter);
  return (a: FilterColumns) => {
    const parts = articleFilterConditions(values, a, 'list');
    return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
  };
}
