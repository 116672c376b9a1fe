/**
 * The news graph's tables. Names follow the house style: tables plural
 * snake_case, TypeScript keys camelCase, foreign keys `<entity>_id`, indexes
 * `<table>_<columns>_idx`. Every filter and every order the API offers has an
 * index here; cursor orders end with the primary key so they are unique.
 */

import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds: exact in cursors and cheap to compare. */
const epochMs = (name: string) => integer(name, { mode: 'number' });

/**
 * Other names a text may use for an entity ("U.S.", "American" for the United
 * States; "Caesar" for CAESAR), as a JSON array of strings. Ingestion links
 * articles to entities by name and by these.
 */
const aliases = () => text('aliases', { mode: 'json' }).$type<string[]>().notNull().default([]);

export const sections = sqliteTable(
  'sections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
  },
  (t) => [index('sections_name_id_idx').on(t.name, t.id)],
);

export const authors = sqliteTable(
  'authors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
  },
  (t) => [index('authors_name_id_idx').on(t.name, t.id)],
);

export const countries = sqliteTable(
  'countries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** ISO 3166-1 alpha-2, upper case. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    aliases: aliases(),
  },
  (t) => [index('countries_name_id_idx').on(t.name, t.id)],
);

export const equipment = sqliteTable(
  'equipment',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    aliases: aliases(),
    kind: text('kind').notNull(),
    originCountryId: integer('origin_country_id').references(() => countries.id),
    caliberMm: real('caliber_mm'),
    rateOfFirePerMinute: integer('rate_of_fire_per_minute'),
    rangeKm: real('range_km'),
  },
  (t) => [
    index('equipment_name_id_idx').on(t.name, t.id),
    index('equipment_kind_name_id_idx').on(t.kind, t.name, t.id),
    index('equipment_origin_country_id_name_id_idx').on(t.originCountryId, t.name, t.id),
  ],
);

export const deals = sqliteTable(
  'deals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    aliases: aliases(),
    kind: text('kind').notNull(),
    status: text('status'),
    /** ISO 8601 date at day (`2025-01-19`) or month (`2025-01`) precision. */
    announcedOn: text('announced_on'),
    valueAmount: real('value_amount'),
    valueCurrency: text('value_currency'),
    valueApproximate: integer('value_approximate', { mode: 'boolean' }).notNull().default(false),
    summary: text('summary'),
  },
  (t) => [index('deals_kind_id_idx').on(t.kind, t.id)],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    dek: text('dek'),
    /** Plain text; paragraphs (and subheadings) separated by blank lines. */
    body: text('body').notNull(),
    /** Rendered from the same blocks as `body` when the article is written. */
    bodyHtml: text('body_html').notNull(),
    wordCount: integer('word_count').notNull(),
    /** `published` is public once `published_at` has passed; `draft` never is. */
    status: text('status').notNull().default('published'),
    publishedAt: epochMs('published_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    sectionId: integer('section_id').references(() => sections.id),
    imageUrl: text('image_url'),
    imageCaption: text('image_caption'),
    imageCredit: text('image_credit'),
    sourceAttribution: text('source_attribution'),
    /** The page the story was ingested from; two stories with different source URLs are never the same story. */
    sourceUrl: text('source_url'),
    /** The outlet that published the page, e.g. "France 24". */
    sourceName: text('source_name'),
    /** The wire agency the text credits in its opening ("(Reuters) -"), when it does. */
    wireCredit: text('wire_credit'),
    /** The current version's number, from 1; every update bumps it (optimistic concurrency). */
    revision: integer('revision').notNull().default(1),
    /** Soft delete: a deleted story is invisible to every reader but keeps its slug and history. */
    deletedAt: epochMs('deleted_at'),
  },
  (t) => [
    index('articles_status_published_at_id_idx').on(t.status, t.publishedAt, t.id),
    index('articles_section_id_published_at_id_idx').on(t.sectionId, t.publishedAt, t.id),
  ],
);

export const articleAuthors = sqliteTable(
  'article_authors',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
    /** Order in the byline, from 0. */
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.authorId] }),
    index('article_authors_author_id_article_id_idx').on(t.authorId, t.articleId),
  ],
);

export const articleCountries = sqliteTable(
  'article_countries',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    countryId: integer('country_id')
      .notNull()
      .references(() => countries.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.countryId] }),
    index('article_countries_country_id_article_id_idx').on(t.countryId, t.articleId),
  ],
);

export const articleDeals = sqliteTable(
  'article_deals',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.dealId] }), index('article_deals_deal_id_article_id_idx').on(t.dealId, t.articleId)],
);

export const articleEquipment = sqliteTable(
  'article_equipment',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    equipmentId: integer('equipment_id')
      .notNull()
      .references(() => equipment.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.equipmentId] }),
    index('article_equipment_equipment_id_article_id_idx').on(t.equipmentId, t.articleId),
  ],
);

export const dealParties = sqliteTable(
  'deal_parties',
  {
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    countryId: integer('country_id')
      .notNull()
      .references(() => countries.id, { onDelete: 'cascade' }),
    /** SUPPLIER, RECIPIENT, PARTNER or DONOR. */
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.dealId, t.countryId] }),
    index('deal_parties_country_id_role_deal_id_idx').on(t.countryId, t.role, t.dealId),
    // A country's deals newest first, read in index order (20 entries, not every party row and a sort).
    index('deal_parties_country_id_deal_id_idx').on(t.countryId, t.dealId),
  ],
);

export const dealEquipment = sqliteTable(
  'deal_equipment',
  {
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    equipmentId: integer('equipment_id')
      .notNull()
      .references(() => equipment.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.equipmentId] }), index('deal_equipment_equipment_id_deal_id_idx').on(t.equipmentId, t.dealId)],
);

export const equipmentOperators = sqliteTable(
  'equipment_operators',
  {
    equipmentId: integer('equipment_id')
      .notNull()
      .references(() => equipment.id, { onDelete: 'cascade' }),
    countryId: integer('country_id')
      .notNull()
      .references(() => countries.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.equipmentId, t.countryId] }),
    index('equipment_operators_country_id_equipment_id_idx').on(t.countryId, t.equipmentId),
  ],
);

/**
 * How many rows a connection has per parent, kept by SQLite triggers
 * (drizzle/*_connection_count_triggers.sql, written by scripts/counter-triggers.ts)
 * so `totalCount` reads one row instead of counting tens of thousands of links.
 * `connection` names the connection (`country.articles`, `country.deals`, ...; see
 * src/db/counters.ts). For article connections `n` counts links to *live* stories
 * (`status = 'published'` and not deleted), whatever `published_at` says: the
 * stories scheduled for later are subtracted when reading, through the
 * status/published_at index, since no write happens when their time comes.
 */
export const connectionCounts = sqliteTable(
  'connection_counts',
  {
    connection: text('connection').notNull(),
    parentId: integer('parent_id').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.connection, t.parentId] })],
);

/**
 * The narrow row search reads per hit: the article's visibility columns, its
 * section and its facet keys (`c<country id> e<equipment id> d<deal kind>`,
 * space-separated), kept by SQLite triggers (drizzle/*_article_facet_triggers.sql,
 * written by scripts/facet-triggers.ts from src/db/search-facets.ts), so a search
 * checks, filters and counts a hit from one primary-key look-up.
 */
export const articleFacets = sqliteTable('article_facets', {
  articleId: integer('article_id').primaryKey(),
  status: text('status').notNull(),
  publishedAt: integer('published_at').notNull(),
  deletedAt: integer('deleted_at'),
  sectionId: integer('section_id'),
  keys: text('keys').notNull(),
});

/**
 * The version of the names search facets show (sections, countries, equipment):
 * one row (`id` 1), changed by SQLite triggers on those tables
 * (drizzle/*_facet_names_triggers.sql, written by scripts/facet-names.ts from
 * src/db/facet-names.ts), so a search reads the names only when they changed.
 */
export const facetNamesVersion = sqliteTable('facet_names_version', {
  id: integer('id').primaryKey(),
  version: text('version').notNull(),
});

/**
 * Earlier versions of an article: one row per update, holding the version it
 * replaced (`revision`) as a JSON snapshot keyed by natural keys (slugs, ISO
 * codes). `(article_id, revision)` is unique, so two editors updating from the
 * same version cannot both succeed: the second batch fails as a whole.
 */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** The number of the version this snapshot holds. */
    revision: integer('revision').notNull(),
    /** JSON of the version (see src/articles/state.ts). */
    snapshot: text('snapshot').notNull(),
    /** JSON array of the GraphQL field names the next version changed. */
    changedFields: text('changed_fields').notNull(),
    /** The editor's note on the change. */
    note: text('note'),
    /** Whether the change was made while the story was public: then readers see it as a correction. */
    correction: integer('correction', { mode: 'boolean' }).notNull().default(false),
    /** Name of the token that made the change. */
    editor: text('editor'),
    /** When this version was replaced. */
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [uniqueIndex('article_revisions_article_id_revision_idx').on(t.articleId, t.revision)],
);

/**
 * Editor API tokens. Only a SHA-256 hash of each token is stored: tokens are
 * 256-bit random secrets, so a fast hash is enough (nothing to brute-force).
 * `id` is the token's public prefix, used to find the row; the hash is then
 * compared in constant time. `local_only` rows (the documented development
 * token) are ignored when ENVIRONMENT is production.
 */
export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Space-separated scopes: `articles:write`, `drafts:read`, `entities:write`. */
  scopes: text('scopes').notNull(),
  secretHash: text('secret_hash').notNull(),
  localOnly: integer('local_only', { mode: 'boolean' }).notNull().default(false),
  createdAt: epochMs('created_at').notNull(),
  revokedAt: epochMs('revoked_at'),
});
