/**
 * What the operation compiler (./compile.ts) knows of the schema: for each
 * object type it compiles, where each field's value lives in SQL. A field that
 * is not listed here is not compiled, and an operation that selects it runs
 * through the resolvers instead: the compiler only ever takes a subset.
 *
 * Every entry mirrors a resolver in src/graphql/types/*; tests/compiled.test.ts
 * runs each operation both ways and requires the same response, byte for byte.
 */
import { readingTimeMinutes } from '../../content/blocks';
import { leadImage } from '../types/article';
import { dealValue } from '../types/deal';
import { rangeIn } from '../types/equipment';

/**
 * A correlated FROM/WHERE that reaches the rows of a relation from its parent's
 * alias; `countFrom`, when given, is the FROM a count over it should use.
 */
export type RelationSql = (
  parent: string,
  child: string,
) => {
  from: string;
  where: string;
  /** The same rows read links first (CROSS JOIN keeps the junction outer). */
  countFrom?: string;
  /** The parent's links in the junction, one row each (for deciding how to read a page). */
  links?: string;
  /** Order columns sorted by another expression holding the same value (a junction's key, read in its index's order). */
  sortKeys?: Record<string, string>;
};

export type FieldSpec =
  /** The row's key as a global ID of the type. */
  | { kind: 'id'; column: string }
  /** A column, serialized by the field's GraphQL type. */
  | { kind: 'column'; column: string }
  /** A JSON column (a list of strings), embedded as JSON. */
  | { kind: 'json'; column: string }
  /** A value computed from columns, with the field's arguments. */
  | { kind: 'computed'; columns: string[]; value: (values: unknown[], args: Record<string, unknown>) => unknown }
  /** A plain object computed from columns; its fields are the object's own properties. */
  | { kind: 'embedded'; type: string; columns: string[]; value: (values: unknown[]) => Record<string, unknown> | null }
  /** One related row (or null). */
  | { kind: 'one'; type: string; relation: RelationSql }
  /** A list of related rows, in a fixed order. */
  | { kind: 'many'; type: string; relation: RelationSql; orderBy: (child: string) => string }
  /** A connection over related rows (first/after pages, totalCount), keyset-ordered by `order`; `articles` applies visibility. */
  | { kind: 'connection'; type: string; relation: RelationSql; order: { columns: string[]; desc: boolean }; articles: boolean };

export interface TypeSpec {
  table: string;
  fields: Record<string, FieldSpec>;
}

/** Through a junction table `junction(parentKey, childKey)` to `table`. */
const through =
  (junction: string, parentKey: string, childKey: string, table: string): RelationSql =>
  (parent, child) => ({
    from: `${junction} ${child}_j JOIN ${table} ${child} ON ${child}.id = ${child}_j.${childKey}`,
    where: `${child}_j.${parentKey} = ${parent}.id`,
    // A count reads the parent's links, then each row by key: SQLite would otherwise walk every
    // visible article by date and probe the junction for each (~220 ms for a country at 100k; 8 to 30 ms this way).
    countFrom: `${junction} ${child}_j CROSS JOIN ${table} ${child} ON ${child}.id = ${child}_j.${childKey}`,
    links: `SELECT 1 FROM ${junction} WHERE ${junction}.${parentKey} = ${parent}.id`,
  });

/** The row of `table` whose id the parent holds in `foreignKey`. */
const owner =
  (table: string, foreignKey: string): RelationSql =>
  (parent, child) => ({ from: `${table} ${child}`, where: `${child}.id = ${parent}.${foreignKey}` });

/** The rows of `table` that hold the parent's id in `foreignKey`. */
const owned =
  (table: string, foreignKey: string): RelationSql =>
  (parent, child) => ({ from: `${table} ${child}`, where: `${child}.${foreignKey} = ${parent}.id` });

const byName = (c: string) => `${c}.name, ${c}.id`;

/** A connection of visible articles, newest first (as the types' `relatedConnection`s). */
const articlesVia = (relation: RelationSql): FieldSpec => ({
  kind: 'connection',
  type: 'Article',
  relation,
  order: { columns: ['published_at', 'id'], desc: true },
  articles: true,
});

/** A connection of deals, most recently recorded (highest id) first. */
const dealsVia = (relation: RelationSql): FieldSpec => ({
  kind: 'connection',
  type: 'Deal',
  // Sorted by the junction's deal_id (equal to deals.id): SQLite then reads the parent's newest
  // links from the (parent, deal_id) index and stops at the page, where ORDER BY deals.id made it
  // read every link and sort (5,000 rows for the United States at 100k articles).
  relation: (parent, child) => ({ ...relation(parent, child), sortKeys: { id: `${child}_j.deal_id` } }),
  order: { columns: ['id'], desc: true },
  articles: false,
});

export const TYPES: Record<string, TypeSpec> = {
  Article: {
    table: 'articles',
    fields: {
      id: { kind: 'id', column: 'id' },
      slug: { kind: 'column', column: 'slug' },
      title: { kind: 'column', column: 'title' },
      dek: { kind: 'column', column: 'dek' },
      body: { kind: 'column', column: 'body' },
      bodyHtml: { kind: 'column', column: 'body_html' },
      publishedAt: { kind: 'column', column: 'published_at' },
      updatedAt: { kind: 'column', column: 'updated_at' },
      wordCount: { kind: 'column', column: 'word_count' },
      readingTimeMinutes: { kind: 'computed', columns: ['word_count'], value: ([words]) => readingTimeMinutes(words as number) },
      sourceAttribution: { kind: 'column', column: 'source_attribution' },
      sourceUrl: { kind: 'column', column: 'source_url' },
      sourceName: { kind: 'column', column: 'source_name' },
      wireCredit: { kind: 'column', column: 'wire_credit' },
      image: {
        kind: 'embedded',
        type: 'ArticleImage',
        columns: ['image_url', 'image_caption', 'image_credit'],
        value: ([url, caption, credit]) => leadImage(url as string | null, caption as string | null, credit as string | null),
      },
      section: { kind: 'one', type: 'Section', relation: owner('sections', 'section_id') },
      authors: {
        kind: 'many',
        type: 'Author',
        relation: through('article_authors', 'article_id', 'author_id', 'authors'),
        orderBy: (c) => `${c}_j.position, ${c}_j.author_id`,
      },
      countries: { kind: 'many', type: 'Country', relation: through('article_countries', 'article_id', 'country_id', 'countries'), orderBy: byName },
      deals: { kind: 'many', type: 'Deal', relation: through('article_deals', 'article_id', 'deal_id', 'deals'), orderBy: (c) => `${c}.id` },
      equipment: {
        kind: 'many',
        type: 'Equipment',
        relation: through('article_equipment', 'article_id', 'equipment_id', 'equipment'),
        orderBy: byName,
      },
    },
  },
  Section: {
    table: 'sections',
    fields: {
      id: { kind: 'id', column: 'id' },
      slug: { kind: 'column', column: 'slug' },
      name: { kind: 'column', column: 'name' },
      articles: articlesVia(owned('articles', 'section_id')),
    },
  },
  Author: {
    table: 'authors',
    fields: {
      id: { kind: 'id', column: 'id' },
      slug: { kind: 'column', column: 'slug' },
      name: { kind: 'column', column: 'name' },
      articles: articlesVia(through('article_authors', 'author_id', 'article_id', 'articles')),
    },
  },
  Country: {
    table: 'countries',
    fields: {
      id: { kind: 'id', column: 'id' },
      code: { kind: 'column', column: 'code' },
      name: { kind: 'column', column: 'name' },
      aliases: { kind: 'json', column: 'aliases' },
      articles: articlesVia(through('article_countries', 'country_id', 'article_id', 'articles')),
      deals: dealsVia(through('deal_parties', 'country_id', 'deal_id', 'deals')),
      originOf: { kind: 'many', type: 'Equipment', relation: owned('equipment', 'origin_country_id'), orderBy: byName },
      operates: {
        kind: 'many',
        type: 'Equipment',
        relation: through('equipment_operators', 'country_id', 'equipment_id', 'equipment'),
        orderBy: byName,
      },
    },
  },
  Deal: {
    table: 'deals',
    fields: {
      id: { kind: 'id', column: 'id' },
      slug: { kind: 'column', column: 'slug' },
      title: { kind: 'column', column: 'title' },
      aliases: { kind: 'json', column: 'aliases' },
      kind: { kind: 'column', column: 'kind' },
      status: { kind: 'column', column: 'status' },
      announcedOn: { kind: 'column', column: 'announced_on' },
      summary: { kind: 'column', column: 'summary' },
      value: {
        kind: 'embedded',
        type: 'Money',
        columns: ['value_amount', 'value_currency', 'value_approximate'],
        value: ([amount, currency, approximate]) => dealValue(amount as number | null, currency as string | null, approximate as number | null),
      },
      parties: {
        kind: 'many',
        type: 'DealParty',
        relation: owned('deal_parties', 'deal_id'),
        orderBy: (c) => `${c}.role, ${c}.country_id`,
      },
      equipment: {
        kind: 'many',
        type: 'Equipment',
        relation: through('deal_equipment', 'deal_id', 'equipment_id', 'equipment'),
        orderBy: byName,
      },
      articles: articlesVia(through('article_deals', 'deal_id', 'article_id', 'articles')),
    },
  },
  DealParty: {
    table: 'deal_parties',
    fields: {
      role: { kind: 'column', column: 'role' },
      country: { kind: 'one', type: 'Country', relation: owner('countries', 'country_id') },
    },
  },
  Equipment: {
    table: 'equipment',
    fields: {
      id: { kind: 'id', column: 'id' },
      slug: { kind: 'column', column: 'slug' },
      name: { kind: 'column', column: 'name' },
      aliases: { kind: 'json', column: 'aliases' },
      kind: { kind: 'column', column: 'kind' },
      originCountry: { kind: 'one', type: 'Country', relation: owner('countries', 'origin_country_id') },
      caliberMm: { kind: 'column', column: 'caliber_mm' },
      rateOfFirePerMinute: { kind: 'column', column: 'rate_of_fire_per_minute' },
      range: {
        kind: 'computed',
        columns: ['range_km'],
        value: ([km], args) => rangeIn(km as number | null, args.unit as string),
      },
      operators: {
        kind: 'many',
        type: 'Country',
        relation: through('equipment_operators', 'equipment_id', 'country_id', 'countries'),
        orderBy: byName,
      },
      deals: dealsVia(through('deal_equipment', 'equipment_id', 'deal_id', 'deals')),
      articles: articlesVia(through('article_equipment', 'equipment_id', 'article_id', 'articles')),
    },
  },
};
