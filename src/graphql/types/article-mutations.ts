/**
 * Article mutations. Every field needs `articles:write` (scope-auth); inputs
 * are checked by zod rules on their fields (./inputs.ts) before a resolver
 * runs; each write is one atomic D1 batch (./article-store.ts).
 */
import { builder } from '../builder';
import type { Context } from '../context';
import { clientError } from '../errors';
import {
  ArticleLinksInput,
  ArticleTargetInput,
  CreateArticleInput,
  PublishArticleInput,
  UpdateArticleInput,
  UpsertArticleInput,
} from './article-inputs';
import {
  bodyColumns,
  checkRevision,
  loadArticle,
  requireArticle,
  resolveRefs,
  writeArticle,
  type ArticleState,
  type StoredArticle,
  type WriteResult,
} from './article-store';

type FullInput = typeof UpsertArticleInput.$inferInput;

/** The state a whole-article input describes; `updatedAt` is settled by the caller. */
function stateFromInput(input: FullInput, previous: ArticleState | null): ArticleState {
  return {
    slug: input.slug,
    title: input.title.trim(),
    dek: input.dek?.trim() ?? null,
    ...bodyColumns(input.body),
    status: input.status === 'DRAFT' ? 'draft' : 'published',
    publishedAt: input.publishedAt.getTime(),
    updatedAt: input.updatedAt?.getTime() ?? previous?.updatedAt ?? input.publishedAt.getTime(),
    section: input.section?.slug ?? null,
    authors: input.authors.map((a) => a.slug),
    imageUrl: input.image?.url ?? null,
    imageCaption: input.image?.caption?.trim() ?? null,
    imageCredit: input.image?.credit?.trim() ?? null,
    sourceAttribution: input.sourceAttribution?.trim() ?? null,
    sourceUrl: input.sourceUrl ?? null,
    sourceName: input.sourceName?.trim() ?? null,
    wireCredit: input.wireCredit?.trim() ?? null,
    countries: (input.countries ?? []).map((c) => c.toUpperCase()).sort(),
    deals: [...(input.deals ?? [])].sort(),
    equipment: [...(input.equipment ?? [])].sort(),
    deletedAt: previous?.deletedAt ?? null,
  };
}

/**
 * Why `input` is a different story from the one stored under its slug, or
 * `null` when it is the same story (possibly corrected). Two source URLs, when
 * both are known, decide; otherwise a new headline AND a new publication time
 * together mean another story (a correction changes one of them, not both).
 */
export function differentStory(stored: ArticleState, input: Pick<FullInput, 'title' | 'publishedAt' | 'sourceUrl'>): string | null {
  if (stored.sourceUrl && input.sourceUrl) {
    return stored.sourceUrl === input.sourceUrl ? null : `stored from ${stored.sourceUrl}, not ${input.sourceUrl}`;
  }
  if (stored.title !== input.title.trim() && stored.publishedAt !== input.publishedAt.getTime()) {
    return `stored as ${JSON.stringify(stored.title)} published ${new Date(stored.publishedAt).toISOString()}`;
  }
  return null;
}

/** A change with no explicit `updatedAt` is dated now; an unchanged article keeps its date. */
function dated(ctx: Context, stored: StoredArticle, next: ArticleState, explicit?: Date | null): ArticleState {
  if (explicit) return next;
  const same = JSON.stringify({ ...next, updatedAt: stored.state.updatedAt }) === JSON.stringify(stored.state);
  return { ...next, updatedAt: same ? stored.state.updatedAt : ctx.now };
}

const ArticleWriteResult = builder.objectRef<WriteResult>('UpsertArticlePayload').implement({
  description: 'The result of `upsertArticle`.',
  fields: (t) => ({
    article: t.drizzleField({
      type: 'articles',
      description: 'The article as stored now (also when it is a draft or scheduled).',
      resolve: (query, p, _args, ctx) => ctx.db.query.articles.findFirst(query({ where: { id: p.articleId } })) as never,
    }),
    created: t.exposeBoolean('created', { description: 'Whether the article was new.' }),
    changed: t.exposeBoolean('changed', {
      description: 'Whether anything was written; `false` when the input matched the stored article.',
    }),
  }),
});

const ArticleChangePayload = builder.objectRef<WriteResult>('ArticleChangePayload').implement({
  description: 'The result of a change to an article.',
  fields: (t) => ({
    article: t.drizzleField({
      type: 'articles',
      description: 'The article as stored now (also when it is a draft, scheduled or deleted).',
      resolve: (query, p, _args, ctx) => ctx.db.query.articles.findFirst(query({ where: { id: p.articleId } })) as never,
    }),
    changed: t.exposeBoolean('changed', { description: 'Whether anything was written; `false` when the article already was as asked.' }),
  }),
});

const DeleteArticlePayload = builder.objectRef<{ slug: string; changed: boolean }>('DeleteArticlePayload').implement({
  description: 'The result of `deleteArticle`.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'Slug of the deleted article (still taken: a deleted article keeps its slug and history).',
    }),
    changed: t.exposeBoolean('changed', { description: 'Whether anything was written.' }),
  }),
});

const needs = { articlesWrite: true } as const;

builder.mutationFields((t) => ({
  upsertArticle: t.field({
    nullable: true,
    type: ArticleWriteResult,
    authScopes: needs,
    description:
      'Creates or replaces a whole article by slug (what ingestion uses). The same input twice writes nothing the second time. Needs `articles:write`, and `entities:write` to create a missing section or author.',
    args: { input: t.arg({ type: UpsertArticleInput, required: true, description: 'The article.' }) },
    resolve: async (_root, { input }, ctx) => {
      const stored = await loadArticle(ctx, input.slug);
      if (stored?.state.deletedAt != null)
        throw clientError('CONFLICT', `Article ${input.slug} was deleted; its slug stays taken.`, { field: 'input.slug' });
      if (stored && !input.force) {
        const other = differentStory(stored.state, input);
        if (other)
          throw clientError(
            'CONFLICT',
            `Slug ${input.slug} belongs to a different story (${other}); nothing was replaced. Send \`force: true\` to replace it anyway.`,
            { field: 'input.slug' },
          );
      }
      const refs = await resolveRefs(ctx, input);
      const next = stateFromInput(input, stored?.state ?? null);
      return writeArticle(ctx, stored, stored ? dated(ctx, stored, next, input.updatedAt) : next, refs, input.note);
    },
  }),
  createArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description: 'Creates an article (a draft unless `status` is PUBLISHED). A taken slug is a CONFLICT. Needs `articles:write`.',
    args: { input: t.arg({ type: CreateArticleInput, required: true, description: 'The article.' }) },
    resolve: async (_root, { input }, ctx) => {
      if (await loadArticle(ctx, input.slug))
        throw clientError('CONFLICT', `An article with slug ${JSON.stringify(input.slug)} already exists.`, { field: 'input.slug' });
      const refs = await resolveRefs(ctx, input);
      return writeArticle(ctx, null, stateFromInput(input, null), refs, input.note);
    },
  }),
  updateArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description:
      'Changes an article. Pass the revision you edited (`Article.revision`): when the article has moved on since, this is a CONFLICT and nothing is overwritten. The replaced version is kept in `revisions`. Needs `articles:write`.',
    args: { input: t.arg({ type: UpdateArticleInput, required: true, description: 'What to change.' }) },
    resolve: async (_root, { input }, ctx) => {
      const stored = await requireArticle(ctx, input.slug);
      checkRevision(stored, input.revision);
      const cur = stored.state;
      const next: ArticleState = {
        ...cur,
        ...(input.title != null ? { title: input.title.trim() } : {}),
        ...(input.dek !== undefined ? { dek: input.dek?.trim() ?? null } : {}),
        ...(input.body != null ? bodyColumns(input.body) : {}),
        ...(input.publishedAt != null ? { publishedAt: input.publishedAt.getTime() } : {}),
        ...(input.updatedAt != null ? { updatedAt: input.updatedAt.getTime() } : {}),
        ...(input.section !== undefined ? { section: input.section?.slug ?? null } : {}),
        ...(input.authors != null ? { authors: input.authors.map((a) => a.slug) } : {}),
        ...(input.image !== undefined
          ? {
              imageUrl: input.image?.url ?? null,
              imageCaption: input.image?.caption?.trim() ?? null,
              imageCredit: input.image?.credit?.trim() ?? null,
            }
          : {}),
        ...(input.sourceAttribution !== undefined ? { sourceAttribution: input.sourceAttribution?.trim() ?? null } : {}),
        ...(input.sourceUrl !== undefined ? { sourceUrl: input.sourceUrl ?? null } : {}),
        ...(input.sourceName !== undefined ? { sourceName: input.sourceName?.trim() ?? null } : {}),
        ...(input.wireCredit !== undefined ? { wireCredit: input.wireCredit?.trim() ?? null } : {}),
        ...(input.countries != null ? { countries: input.countries.map((c) => c.toUpperCase()).sort() } : {}),
        ...(input.deals != null ? { deals: [...input.deals].sort() } : {}),
        ...(input.equipment != null ? { equipment: [...input.equipment].sort() } : {}),
      };
      const refs = await resolveRefs(ctx, {
        section: input.section ?? null,
        authors: input.authors ?? null,
        countries: next.countries,
        deals: next.deals,
        equipment: next.equipment,
      });
      return writeArticle(ctx, stored, dated(ctx, stored, next, input.updatedAt), refs, input.note);
    },
  }),
  publishArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description: 'Publishes an article now, or schedules it: with a future `at` it becomes public at that instant. Needs `articles:write`.',
    args: { input: t.arg({ type: PublishArticleInput, required: true, description: 'Which article, and when.' }) },
    resolve: async (_root, { input }, ctx) => {
      const stored = await requireArticle(ctx, input.slug);
      checkRevision(stored, input.revision);
      const publishedAt =
        input.at?.getTime() ??
        (stored.state.status === 'published' && stored.state.publishedAt <= ctx.now ? stored.state.publishedAt : ctx.now);
      return statusChange(ctx, stored, { status: 'published', publishedAt }, input.note);
    },
  }),
  unpublishArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description: 'Turns an article back into a draft: it disappears from every public list, count and relation. Needs `articles:write`.',
    args: { input: t.arg({ type: ArticleTargetInput, required: true, description: 'Which article.' }) },
    resolve: async (_root, { input }, ctx) => {
      const stored = await requireArticle(ctx, input.slug);
      checkRevision(stored, input.revision);
      return statusChange(ctx, stored, { status: 'draft' }, input.note);
    },
  }),
  deleteArticle: t.field({
    nullable: true,
    type: DeleteArticlePayload,
    authScopes: needs,
    description:
      'Soft-deletes an article: invisible to everyone (also to `drafts:read`), its history kept, its slug still taken. Needs `articles:write`.',
    args: { input: t.arg({ type: ArticleTargetInput, required: true, description: 'Which article.' }) },
    resolve: async (_root, { input }, ctx) => {
      const stored = await requireArticle(ctx, input.slug);
      checkRevision(stored, input.revision);
      const result = await statusChange(ctx, stored, { deletedAt: ctx.now }, input.note);
      return { slug: stored.state.slug, changed: result.changed };
    },
  }),
  linkArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description:
      'Links an article to more countries, deals and equipment (each must exist); links it already has stay. Needs `articles:write`.',
    args: { input: t.arg({ type: ArticleLinksInput, required: true, description: 'What to link.' }) },
    resolve: (_root, { input }, ctx) => relink(ctx, input, (have, add) => [...new Set([...have, ...add])]),
  }),
  unlinkArticle: t.field({
    nullable: true,
    type: ArticleChangePayload,
    authScopes: needs,
    description: 'Removes links from an article to countries, deals and equipment (each must exist). Needs `articles:write`.',
    args: { input: t.arg({ type: ArticleLinksInput, required: true, description: 'What to unlink.' }) },
    resolve: (_root, { input }, ctx) => relink(ctx, input, (have, drop) => have.filter((x) => !drop.includes(x))),
  }),
}));

async function statusChange(ctx: Context, stored: StoredArticle, patch: Partial<ArticleState>, note: string | null | undefined) {
  const next = { ...stored.state, ...patch };
  // Links stay as they are, so no entity needs looking up. A status change is
  // not a change of the story, so `updatedAt` stays.
  return writeArticle(ctx, stored, next, NO_REFS, note);
}

const NO_REFS = { countryIds: new Map(), dealIds: new Map(), equipmentIds: new Map(), newSections: [], newAuthors: [] };

async function relink(ctx: Context, input: typeof ArticleLinksInput.$inferInput, combine: (have: string[], given: string[]) => string[]) {
  const stored = await requireArticle(ctx, input.slug);
  checkRevision(stored, input.revision);
  const given = {
    countries: (input.countries ?? []).map((c) => c.toUpperCase()),
    deals: input.deals ?? [],
    equipment: input.equipment ?? [],
  };
  // Every named entity must exist, also the ones being unlinked; one lookup covers those and the links kept.
  const refs = await resolveRefs(ctx, {
    countries: [...new Set([...given.countries, ...stored.state.countries])],
    deals: [...new Set([...given.deals, ...stored.state.deals])],
    equipment: [...new Set([...given.equipment, ...stored.state.equipment])],
  });
  const next: ArticleState = {
    ...stored.state,
    countries: combine(stored.state.countries, given.countries).sort(),
    deals: combine(stored.state.deals, given.deals).sort(),
    equipment: combine(stored.state.equipment, given.equipment).sort(),
  };
  return writeArticle(ctx, stored, dated(ctx, stored, next), refs, input.note);
}
