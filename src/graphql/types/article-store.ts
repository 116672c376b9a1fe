/**
 * How article mutations read and write: an article's state in natural keys
 * (slugs, ISO codes), compared field by field with the state a mutation asks
 * for, and written as one D1 batch (atomic: all of it or nothing).
 *
 * An update first inserts the replaced version into `article_revisions` under
 * its revision number. `(article_id, revision)` is unique, so of two writers
 * that read the same revision only the first batch succeeds; the second fails
 * as a whole and is reported as CONFLICT. That is the optimistic lock D1
 * allows without interactive transactions.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { blocksToHtml, blocksToText, countWords, type Block } from '../../content/blocks';
import {
  articleAuthors,
  articleCountries,
  articleDeals,
  articleEquipment,
  articleRevisions,
  articles,
  authors,
  countries,
  deals,
  equipment,
  sections,
} from '../../db/schema';
import type { Context } from '../context';
import { clientError } from '../errors';
import { entityListTag, naturalTag, storyWriteTags, type StoryLinks } from '../../cache/tags';

export interface ArticleState {
  slug: string;
  title: string;
  dek: string | null;
  body: string;
  bodyHtml: string;
  wordCount: number;
  status: 'draft' | 'published';
  publishedAt: number;
  updatedAt: number;
  section: string | null;
  authors: string[];
  imageUrl: string | null;
  imageCaption: string | null;
  imageCredit: string | null;
  sourceAttribution: string | null;
  sourceUrl: string | null;
  sourceName: string | null;
  wireCredit: string | null;
  countries: string[];
  deals: string[];
  equipment: string[];
  deletedAt: number | null;
}

export interface StoredArticle {
  id: number;
  revision: number;
  state: ArticleState;
}

/** The GraphQL field each state key belongs to, as `changedFields` reports it. */
const FIELD_OF: Record<keyof ArticleState, string> = {
  slug: 'slug',
  title: 'title',
  dek: 'dek',
  body: 'body',
  bodyHtml: 'body',
  wordCount: 'body',
  status: 'status',
  publishedAt: 'publishedAt',
  updatedAt: 'updatedAt',
  section: 'section',
  authors: 'authors',
  imageUrl: 'image',
  imageCaption: 'image',
  imageCredit: 'image',
  sourceAttribution: 'sourceAttribution',
  sourceUrl: 'sourceUrl',
  sourceName: 'sourceName',
  wireCredit: 'wireCredit',
  countries: 'countries',
  deals: 'deals',
  equipment: 'equipment',
  deletedAt: 'deleted',
};

/** Changes readers see as corrections when made to a public story (not its status or timestamps). */
const NOT_CORRECTIONS = new Set(['status', 'updatedAt', 'deleted']);

export function bodyColumns(blocks: readonly { kind: 'PARAGRAPH' | 'SUBHEADING'; text: string }[]) {
  const b: Block[] = blocks.map((x) => ({ type: x.kind === 'SUBHEADING' ? 'subheading' : 'paragraph', text: x.text }));
  const body = blocksToText(b);
  return { body, bodyHtml: blocksToHtml(b), wordCount: countWords(body) };
}

/** The GraphQL fields that differ between two states, in a stable order. */
export function changedFields(a: ArticleState, b: ArticleState): string[] {
  const out = new Set<string>();
  for (const key of Object.keys(FIELD_OF) as (keyof ArticleState)[]) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.add(FIELD_OF[key]);
  }
  return [...out];
}

export function isPublic(state: ArticleState, now: number): boolean {
  return state.deletedAt == null && state.status === 'published' && state.publishedAt <= now;
}

/** One statement: the article's columns and its links by natural key. */
export async function loadArticle(ctx: Context, slug: string): Promise<StoredArticle | null> {
  const row = await ctx.db.query.articles.findFirst({
    where: { slug },
    with: {
      section: { columns: { slug: true } },
      bylines: { columns: { position: true }, orderBy: { position: 'asc' }, with: { author: { columns: { slug: true } } } },
      countries: { columns: { code: true } },
      deals: { columns: { slug: true } },
      equipment: { columns: { slug: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    revision: row.revision,
    state: {
      slug: row.slug,
      title: row.title,
      dek: row.dek,
      body: row.body,
      bodyHtml: row.bodyHtml,
      wordCount: row.wordCount,
      status: row.status === 'draft' ? 'draft' : 'published',
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      section: row.section?.slug ?? null,
      authors: row.bylines.map((b) => b.author.slug),
      imageUrl: row.imageUrl,
      imageCaption: row.imageCaption,
      imageCredit: row.imageCredit,
      sourceAttribution: row.sourceAttribution,
      sourceUrl: row.sourceUrl,
      sourceName: row.sourceName,
      wireCredit: row.wireCredit,
      countries: row.countries.map((c) => c.code).sort(),
      deals: row.deals.map((d) => d.slug).sort(),
      equipment: row.equipment.map((e) => e.slug).sort(),
      deletedAt: row.deletedAt,
    },
  };
}

export async function requireArticle(ctx: Context, slug: string, field = 'input.slug'): Promise<StoredArticle> {
  const stored = await loadArticle(ctx, slug);
  if (!stored || stored.state.deletedAt != null) throw clientError('NOT_FOUND', `No article with slug ${JSON.stringify(slug)}.`, { field });
  return stored;
}

export function checkRevision(stored: StoredArticle, revision: number | null | undefined, field = 'input.revision') {
  if (revision != null && revision !== stored.revision) {
    throw clientError(
      'CONFLICT',
      `Article ${stored.state.slug} is at revision ${stored.revision}, not ${revision}: reload it and apply your change again.`,
      {
        field,
        currentRevision: stored.revision,
      },
    );
  }
}

export interface Refs {
  countryIds: Map<string, number>;
  dealIds: Map<string, number>;
  equipmentIds: Map<string, number>;
  /** Sections and authors to create in the same batch. */
  newSections: { slug: string; name: string }[];
  newAuthors: { slug: string; name: string }[];
}

/**
 * Looks up every entity a write refers to, in one round trip. Countries,
 * deals and equipment must exist (NOT_FOUND naming the field); sections and
 * authors are created when missing, which needs `entities:write`.
 */
export async function resolveRefs(
  ctx: Context,
  want: {
    section?: { slug: string; name: string } | null;
    authors?: readonly { slug: string; name: string }[] | null;
    countries?: readonly string[] | null;
    deals?: readonly string[] | null;
    equipment?: readonly string[] | null;
  },
  prefix = 'input',
): Promise<Refs> {
  const codes = (want.countries ?? []).map((c) => c.toUpperCase());
  const dealSlugs = [...(want.deals ?? [])];
  const equipmentSlugs = [...(want.equipment ?? [])];
  const sectionSlugs = want.section ? [want.section.slug] : [];
  const authorSlugs = (want.authors ?? []).map((a) => a.slug);
  const none = sql`0`;
  const [c, d, e, s, a] = await ctx.db.batch([
    ctx.db
      .select({ id: countries.id, key: countries.code })
      .from(countries)
      .where(codes.length ? inArray(countries.code, codes) : none),
    ctx.db
      .select({ id: deals.id, key: deals.slug })
      .from(deals)
      .where(dealSlugs.length ? inArray(deals.slug, dealSlugs) : none),
    ctx.db
      .select({ id: equipment.id, key: equipment.slug })
      .from(equipment)
      .where(equipmentSlugs.length ? inArray(equipment.slug, equipmentSlugs) : none),
    ctx.db
      .select({ key: sections.slug })
      .from(sections)
      .where(sectionSlugs.length ? inArray(sections.slug, sectionSlugs) : none),
    ctx.db
      .select({ key: authors.slug })
      .from(authors)
      .where(authorSlugs.length ? inArray(authors.slug, authorSlugs) : none),
  ]);
  const map = (rows: { id: number; key: string }[]) => new Map(rows.map((r) => [r.key, r.id]));
  const refs: Refs = {
    countryIds: map(c),
    dealIds: map(d),
    equipmentIds: map(e),
    newSections: want.section && !s.length ? [want.section] : [],
    newAuthors: (want.authors ?? []).filter((x) => !a.some((r) => r.key === x.slug)),
  };
  const missing = (kind: string, field: string, keys: string[], found: Map<string, number>) => {
    const gone = keys.filter((k) => !found.has(k));
    if (gone.length)
      throw clientError('NOT_FOUND', `No ${kind} ${gone.map((g) => JSON.stringify(g)).join(', ')}.`, { field: `${prefix}.${field}` });
  };
  missing('country with ISO code', 'countries', codes, refs.countryIds);
  missing('deal with slug', 'deals', dealSlugs, refs.dealIds);
  missing('equipment with slug', 'equipment', equipmentSlugs, refs.equipmentIds);
  if ((refs.newSections.length || refs.newAuthors.length) && !ctx.principal?.scopes.has('entities:write')) {
    const what = [...refs.newSections.map((x) => `section ${x.slug}`), ...refs.newAuthors.map((x) => `author ${x.slug}`)].join(', ');
    throw clientError('FORBIDDEN', `Creating ${what} needs the entities:write scope; create them first or use a token that has it.`);
  }
  return refs;
}

const idOf = (table: 'sections' | 'authors' | 'articles', slug: string) =>
  sql`(SELECT id FROM ${sql.identifier(table)} WHERE slug = ${slug})`;

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((e as { message?: unknown }).message ?? e))) return true;
  }
  return false;
}

export interface WriteResult {
  articleId: number;
  created: boolean;
  changed: boolean;
}

/**
 * Writes `next` over `stored` (or creates it when `stored` is null) as one
 * batch. Nothing is written when nothing changed.
 */
export async function writeArticle(
  ctx: Context,
  stored: StoredArticle | null,
  next: ArticleState,
  refs: Refs,
  note: string | null | undefined,
): Promise<WriteResult> {
  const changes = stored ? changedFields(stored.state, next) : [];
  if (stored && changes.length === 0) return { articleId: stored.id, created: false, changed: false };

  const statements: any[] = [];
  for (const s of refs.newSections) statements.push(ctx.db.insert(sections).values(s).onConflictDoNothing());
  for (const a of refs.newAuthors) statements.push(ctx.db.insert(authors).values(a).onConflictDoNothing());

  const columns = {
    slug: next.slug,
    title: next.title,
    dek: next.dek,
    body: next.body,
    bodyHtml: next.bodyHtml,
    wordCount: next.wordCount,
    status: next.status,
    publishedAt: next.publishedAt,
    updatedAt: next.updatedAt,
    sectionId: next.section ? idOf('sections', next.section) : null,
    imageUrl: next.imageUrl,
    imageCaption: next.imageCaption,
    imageCredit: next.imageCredit,
    sourceAttribution: next.sourceAttribution,
    sourceUrl: next.sourceUrl,
    sourceName: next.sourceName,
    wireCredit: next.wireCredit,
    deletedAt: next.deletedAt,
  };
  const articleId = stored ? sql`${stored.id}` : idOf('articles', next.slug);
  if (stored) {
    statements.push(
      ctx.db.insert(articleRevisions).values({
        articleId: stored.id,
        revision: stored.revision,
        snapshot: JSON.stringify(stored.state),
        changedFields: JSON.stringify(changes),
        note: note ?? null,
        correction: isPublic(stored.state, ctx.now) && changes.some((f) => !NOT_CORRECTIONS.has(f)),
        editor: ctx.principal?.name ?? null,
        createdAt: ctx.now,
      }),
      ctx.db
        .update(articles)
        .set({ ...columns, revision: stored.revision + 1 })
        .where(and(eq(articles.id, stored.id), eq(articles.revision, stored.revision))),
    );
  } else {
    statements.push(ctx.db.insert(articles).values({ ...columns, revision: 1 }));
  }

  const linksChanged = (key: 'authors' | 'countries' | 'deals' | 'equipment') => !stored || changes.includes(key);
  if (linksChanged('authors')) {
    if (stored) statements.push(ctx.db.delete(articleAuthors).where(eq(articleAuthors.articleId, stored.id)));
    if (next.authors.length)
      statements.push(
        ctx.db
          .insert(articleAuthors)
          .values(
            next.authors.map((slug, position) => ({ articleId: articleId as never, authorId: idOf('authors', slug) as never, position })),
          ),
      );
  }
  const junction = <T extends typeof articleCountries | typeof articleDeals | typeof articleEquipment>(
    key: 'countries' | 'deals' | 'equipment',
    table: T,
    column: 'countryId' | 'dealId' | 'equipmentId',
    ids: Map<string, number>,
  ) => {
    if (!linksChanged(key)) return;
    if (stored) statements.push(ctx.db.delete(table).where(eq(table.articleId, stored.id)));
    if (next[key].length)
      statements.push(
        ctx.db.insert(table).values(next[key].map((k) => ({ articleId: articleId as never, [column]: ids.get(k)! })) as never),
      );
  };
  junction('countries', articleCountries, 'countryId', refs.countryIds);
  junction('deals', articleDeals, 'dealId', refs.dealIds);
  junction('equipment', articleEquipment, 'equipmentId', refs.equipmentIds);

  try {
    await ctx.db.batch(statements as [any, ...any[]]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw stored
        ? clientError(
            'CONFLICT',
            `Article ${next.slug} changed while this change was being written: reload it and apply your change again.`,
            { field: 'input.revision' },
          )
        : clientError('CONFLICT', `An article with slug ${JSON.stringify(next.slug)} already exists.`, { field: 'input.slug' });
    }
    throw error;
  }
  const id = stored ? stored.id : (await ctx.db.query.articles.findFirst({ where: { slug: next.slug }, columns: { id: true } }))!.id;
  const textChanged = !stored || changes.some((f) => TEXT_FIELDS.has(f));
  ctx.invalidate(storyWriteTags(id, stored ? linksOf(stored.state, ctx.now) : null, linksOf(next, ctx.now), textChanged));
  // Sections and authors it created: the lists of them, and look-ups that answered null.
  for (const s of refs.newSections) ctx.invalidate([entityListTag('Section'), naturalTag('Section', s.slug)]);
  for (const a of refs.newAuthors) ctx.invalidate([entityListTag('Author'), naturalTag('Author', a.slug)]);
  return { articleId: id, created: !stored, changed: true };
}

/** Fields whose change can change what a search finds or shows. */
const TEXT_FIELDS = new Set(['title', 'dek', 'body', 'slug']);

/** What the cache needs of a story's state: where it is listed, and whether the public sees it. */
export function linksOf(state: ArticleState, now: number): StoryLinks {
  return {
    slug: state.slug,
    public: isPublic(state, now),
    publishedAt: state.publishedAt,
    section: state.section,
    authors: state.authors,
    countries: state.countries,
    deals: state.deals,
    equipment: state.equipment,
  };
}
