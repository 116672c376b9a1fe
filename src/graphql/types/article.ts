import { and, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { ARTICLE_CACHE } from '../../cache/lifetimes';
import type { Context } from '../context';
import { articles } from '../../db/schema';
import { countRows } from '../../db/count';
import { builder } from '../builder';
import { visibleArticles, visibleArticlesSql } from '../visibility';
import { publishedAtBound } from '../keyset-bound';
import { DateTime } from './scalars';
import { Author } from './author';
import { readingTimeMinutes } from '../../content/blocks';
import { RELATED_COST } from '../cost';
import { ARTICLE_CURSOR } from '../cursors';
import { ArticleFilter, filterSql } from '../article-filter';
import { articleOrdering, BY_ID, BY_NAME, BYLINE_ORDER } from '../orderings';
import { read } from '../compile/recipes';

/** How many related articles `Article.related` returns at most. */
const RELATED_LIMIT = 5;

/**
 * How many stories on each side of an article (by id, i.e. filing order) each
 * shared subject contributes as candidates to `related`. Scoring every story on
 * a shared country read ~400k rows at 100k articles (a large country is in a
 * third of the archive); these windows bound it to a few hundred rows whatever
 * the size, and keep the stories of the same time, which news readers want.
 * Measured on the 100k corpus: the top five's summed score is ~87 % of the
 * exhaustive ranking's (bench/RESULTS.md). Deals are small (a few dozen stories)
 * and weigh most, so their window is widest.
 */
const RELATED_WINDOW = { deals: 30, equipment: 15, countries: 8 } as const;
/** Subjects of each kind an article contributes to the candidates (the input allows 50): bounds the worst case. */
const RELATED_SUBJECTS = 6;

/**
 * The ids of an article's related stories, as a JSON array, from a correlated
 * sub-select over the parent's id. Every read is an index seek: each junction
 * table by its primary key (article, subject) for the article's subjects, then
 * by its (subject, article) index for the window on each side, and the
 * candidates by rowid (the visibility terms carry a unary `+` so SQLite never
 * picks `articles_status_published_at_id_idx` and walks the archive instead).
 * tests/read-plans.test.ts holds the plan to that.
 */
function relatedIdsSql(articleId: SQLWrapper, ctx: Context): SQL<string> {
  const subject = (table: string, column: string, weight: number, window: number) =>
    sql
      .raw(`
          SELECT j.value AS aid, ${weight} AS w
          FROM (SELECT article_id, ${column} FROM ${table} WHERE article_id = `)
      .append(sql`${articleId}`)
      .append(
        sql.raw(` ORDER BY ${column} LIMIT ${RELATED_SUBJECTS}) m,
            json_each((SELECT json_group_array(article_id) FROM (
              SELECT * FROM (SELECT x.article_id FROM ${table} x WHERE x.${column} = m.${column} AND x.article_id < m.article_id ORDER BY x.article_id DESC LIMIT ${window})
              UNION ALL
              SELECT * FROM (SELECT x.article_id FROM ${table} x WHERE x.${column} = m.${column} AND x.article_id > m.article_id ORDER BY x.article_id LIMIT ${window})
            ))) j`),
      );
  return sql<string>`(
    SELECT json_group_array(id) FROM (
      SELECT o.id AS id FROM (
        SELECT aid, sum(w) AS score FROM (${subject('article_deals', 'deal_id', 3, RELATED_WINDOW.deals)}
          UNION ALL ${subject('article_equipment', 'equipment_id', 2, RELATED_WINDOW.equipment)}
          UNION ALL ${subject('article_countries', 'country_id', 1, RELATED_WINDOW.countries)}
        ) GROUP BY aid
      ) s JOIN articles o ON o.id = s.aid
      WHERE ${visibleArticlesSql('o', ctx, { byKey: true })}
      ORDER BY s.score DESC, o.published_at DESC, o.id DESC LIMIT ${RELATED_LIMIT}
    )
  )`;
}

export const ArticleImage = builder
  .objectRef<{ url: string | null; caption: string | null; credit: string | null }>('ArticleImage')
  .implement({
    description: "The article's lead image.",
    fields: (t) => ({
      url: t.exposeString('url', { nullable: true, description: 'Address of the image; `null` when the source gave none.' }),
      caption: t.exposeString('caption', { nullable: true, description: 'Caption shown with the image.' }),
      credit: t.exposeString('credit', { nullable: true, description: 'Who holds the rights, e.g. "Shutterstock".' }),
    }),
  });

/** The lead image of an article's columns; `null` when the story has none. */
export function leadImage(url: string | null, caption: string | null, credit: string | null) {
  return url == null && caption == null && credit == null ? null : { url, caption, credit };
}

export const Article = builder.drizzleNode('articles', {
  // How long answers showing it may be kept (src/cache/lifetimes.ts): writes purge them by tag.
  extensions: ARTICLE_CACHE,
  name: 'Article',
  description: 'One published news story.',
  // Load only the columns a query's fields ask for: bodies are large, and a nested
  // article selecting all 16 columns would need json_object with 32 arguments, D1's limit.
  select: { columns: { id: true } },
  id: { column: (a) => a.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique name, e.g. `new-deal-with-us-cements-russias-loss-of-longtime-ally`.' }),
    title: t.exposeString('title', { description: 'Headline.' }),
    dek: t.exposeString('dek', { nullable: true, description: 'Standfirst: the sentence under the headline.' }),
    body: t.exposeString('body', { description: 'Plain text; paragraphs and subheadings separated by blank lines.' }),
    bodyHtml: t.exposeString('bodyHtml', { description: 'The body as HTML: `<p>` paragraphs and `<h2>` subheadings, text escaped.' }),
    publishedAt: t.expose('publishedAt', { type: DateTime, description: 'When the story was first published (UTC).' }),
    updatedAt: t.expose('updatedAt', { type: DateTime, description: 'When the story last changed (UTC).' }),
    wordCount: t.exposeInt('wordCount', { description: 'Number of words in the body.' }),
    readingTimeMinutes: t.int({
      description: 'Estimated reading time at 230 words a minute, at least 1.',
      select: { columns: { wordCount: true } },
      resolve: (a) => readingTimeMinutes(a.wordCount),
      extensions: read.computed([articles.wordCount], ([words]) => readingTimeMinutes(words as number)),
    }),
    sourceAttribution: t.exposeString('sourceAttribution', {
      nullable: true,
      description: 'Agency or outlet the story credits, e.g. "WP".',
    }),
    sourceUrl: t.exposeString('sourceUrl', {
      nullable: true,
      description: 'The page the story was ingested from; `null` when it was not taken from a page.',
    }),
    sourceName: t.exposeString('sourceName', {
      nullable: true,
      description: 'The outlet that published the source page, e.g. "France 24".',
    }),
    wireCredit: t.exposeString('wireCredit', {
      nullable: true,
      description: 'The wire agency the story credits in its opening ("(Reuters) -"), e.g. "Reuters".',
    }),
    image: t.field({
      type: ArticleImage,
      nullable: true,
      description: 'Lead image; `null` when the story has none.',
      select: { columns: { imageUrl: true, imageCaption: true, imageCredit: true } },
      resolve: (a) => leadImage(a.imageUrl, a.imageCaption, a.imageCredit),
      extensions: read.embedded([articles.imageUrl, articles.imageCaption, articles.imageCredit], ([url, caption, credit]) =>
        leadImage(url as string | null, caption as string | null, credit as string | null),
      ),
    }),
    section: t.relation('section', { nullable: true, description: 'The desk the story belongs to.', extensions: read.relation() }),
    countries: t.relation('countries', {
      description: 'Countries the story reports on, by name.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
    deals: t.relation('deals', { description: 'Deals the story reports.', query: { orderBy: BY_ID }, extensions: read.relation(BY_ID) }),
    equipment: t.relation('equipment', {
      description: 'Weapons and defence systems the story mentions.',
      query: { orderBy: BY_NAME },
      extensions: read.relation(BY_NAME),
    }),
  }),
});

// Fields that refer back to Article or select through junction rows are added
// here, after the type exists, so TypeScript can infer the type without a cycle.
builder.drizzleObjectFields(Article, (t) => ({
  authors: t.field({
    type: [Author],
    description: 'The byline, in order.',
    select: (_args, _ctx, nestedSelection) => ({
      with: { bylines: { orderBy: BYLINE_ORDER, with: { author: nestedSelection() } } },
    }),
    resolve: (a) => (a as unknown as { bylines: { author: typeof Author.$inferType }[] }).bylines.map((b) => b.author),
    extensions: read.relation(BYLINE_ORDER, { onThrough: true }),
  }),
  related: t.field({
    type: [Article],
    description:
      `Up to ${RELATED_LIMIT} other stories about the same deals, equipment or countries, most shared first (a deal counts 3, ` +
      `equipment 2, a country 1), then newest. Candidates are the stories filed nearest to this one on each shared subject ` +
      `(${RELATED_WINDOW.deals} before and ${RELATED_WINDOW.deals} after on a deal, ${RELATED_WINDOW.equipment} on equipment, ` +
      `${RELATED_WINDOW.countries} on a country; at most ${RELATED_SUBJECTS} subjects of each kind), so the answer costs the same at any archive size.`,
    complexity: { field: RELATED_COST, multiplier: RELATED_LIMIT },
    select: (_args, ctx) => ({ extras: { relatedIds: (a) => relatedIdsSql(a.id, ctx) } }),
    // The ids come from the parent's own statement; the articles themselves
    // are then loaded in one batched statement for all parents.
    resolve: (a) =>
      (JSON.parse((a as { relatedIds?: string }).relatedIds ?? '[]') as number[]).map((id) => ({ id }) as typeof Article.$inferType),
  }),
}));

export const ArticleOrder = builder.enumType('ArticleOrder', {
  description: 'Orders of an article list. Ties are broken by ID, so pages never repeat or skip.',
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first (the default).' },
    PUBLISHED_AT_ASC: { description: 'Oldest first.' },
  } as const,
});

builder.queryFields((t) => ({
  article: t.drizzleField({
    type: 'articles',
    nullable: true,
    description: 'One article by slug; `null` when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The article slug.' }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.articles.findFirst(query({ where: { slug: args.slug, ...visibleArticles(ctx) } })),
    extensions: read.byKey('slug', articles.slug, { visibleArticles: true }),
  }),
  articles: t.drizzleConnection(
    {
      type: 'articles',
      description: 'Published articles, newest first unless `orderBy` says otherwise.',
      validate: ARTICLE_CURSOR,
      extensions: read.articleList(),
      args: {
        filter: t.arg({ type: ArticleFilter, description: 'Conditions the articles must meet.' }),
        orderBy: t.arg({ type: ArticleOrder, defaultValue: 'PUBLISHED_AT_DESC', description: 'Order of the list.' }),
      },
      totalCount: (_parent, args, ctx) =>
        countRows(ctx.db, articles, and(visibleArticlesSql('articles', ctx), filterSql(args.filter)?.(articles))),
      resolve: (query, _parent, args, ctx) => {
        const raw = filterSql(args.filter);
        const orderBy = articleOrdering(args.orderBy);
        // A page deep in the list seeks to its cursor on the index instead of walking to it.
        const visible = visibleArticles(ctx);
        const bound = publishedAtBound(args, orderBy.publishedAt, visible.publishedAt?.lte);
        return ctx.db.query.articles.findMany(
          query({
            where: { ...visible, ...(bound ? { publishedAt: bound } : {}), ...(raw ? { RAW: raw } : {}) },
            orderBy,
          }),
        );
      },
    },
    { name: 'ArticleConnection', description: 'A page of article results.' },
    { name: 'ArticleEdge', description: 'One article in a page, with its cursor.' },
  ),
}));
