/**
 * An article's history: its current revision number and status, the earlier
 * versions editors read (`revisions`), and the corrections the public reads.
 * Both lists come from the article's own statement as JSON sub-selects, so a
 * page of articles costs no extra statement.
 */
import { sql } from 'drizzle-orm';
import { builder } from '../builder';
import type { ArticleState } from './article-store';
import { ArticleStatus } from './article-inputs';
import { Article } from './article';
import { DateTime } from './scalars';

interface RevisionRow {
  revision: number;
  snapshot: ArticleState;
  changedFields: string[];
  note: string | null;
  editor: string | null;
  createdAt: number;
}

export const ArticleCorrection = builder
  .objectRef<{ correctedAt: number; changedFields: string[]; note: string | null }>('ArticleCorrection')
  .implement({
    description: "A change made to a story after it was public: when, which fields, and the editor's note.",
    fields: (t) => ({
      correctedAt: t.field({ type: DateTime, description: 'When the change was made (UTC).', resolve: (c) => c.correctedAt }),
      changedFields: t.exposeStringList('changedFields', {
        description: 'The fields of `Article` that changed, e.g. `title`, `body`, `countries`.',
      }),
      note: t.exposeString('note', { nullable: true, description: "The editor's note on the correction; `null` when none was given." }),
    }),
  });

export const ArticleRevision = builder.objectRef<RevisionRow>('ArticleRevision').implement({
  description: 'An earlier version of an article, as it was before a change (editors only).',
  fields: (t) => ({
    revision: t.exposeInt('revision', { description: 'The number of this version.' }),
    replacedAt: t.field({ type: DateTime, description: 'When the next version replaced it (UTC).', resolve: (r) => r.createdAt }),
    changedFields: t.exposeStringList('changedFields', { description: 'The fields the next version changed.' }),
    note: t.exposeString('note', { nullable: true, description: "The editor's note on that change." }),
    editor: t.exposeString('editor', { nullable: true, description: 'Name of the token that made the change.' }),
    title: t.string({ description: 'Headline of this version.', resolve: (r) => r.snapshot.title }),
    dek: t.string({ nullable: true, description: 'Standfirst of this version.', resolve: (r) => r.snapshot.dek }),
    body: t.string({ description: 'Plain-text body of this version.', resolve: (r) => r.snapshot.body }),
    status: t.field({
      type: ArticleStatus,
      description: 'Status of this version.',
      resolve: (r) => (r.snapshot.status === 'draft' ? 'DRAFT' : 'PUBLISHED'),
    }),
    publishedAt: t.field({ type: DateTime, description: 'Publish time of this version.', resolve: (r) => r.snapshot.publishedAt }),
    updatedAt: t.field({ type: DateTime, description: 'Update time of this version.', resolve: (r) => r.snapshot.updatedAt }),
    section: t.string({ nullable: true, description: 'Section slug of this version.', resolve: (r) => r.snapshot.section }),
    authors: t.stringList({ description: 'Author slugs of this version, in byline order.', resolve: (r) => r.snapshot.authors }),
    countries: t.stringList({ description: 'Country ISO codes of this version.', resolve: (r) => r.snapshot.countries }),
    deals: t.stringList({ description: 'Deal slugs of this version.', resolve: (r) => r.snapshot.deals }),
    equipment: t.stringList({ description: 'Equipment slugs of this version.', resolve: (r) => r.snapshot.equipment }),
  }),
});

const parseList = <T = never>(json: unknown): T[] => (typeof json === 'string' ? (JSON.parse(json) as T[]) : []);

builder.drizzleObjectFields(Article, (t) => ({
  revision: t.exposeInt('revision', { description: 'Number of the current version, from 1; pass it to `updateArticle`.' }),
  status: t.field({
    type: ArticleStatus,
    description: 'DRAFT or PUBLISHED. The public sees only published stories whose `publishedAt` has passed.',
    select: { columns: { status: true } },
    resolve: (a) => (a.status === 'draft' ? 'DRAFT' : 'PUBLISHED'),
  }),
  corrections: t.field({
    type: [ArticleCorrection],
    description: 'Changes made after the story was public, oldest first: what changed, when, and why.',
    select: {
      extras: {
        correctionsJson: (a) => sql<string>`(
          SELECT json_group_array(json_object('correctedAt', r.created_at, 'changedFields', json(r.changed_fields), 'note', r.note))
          FROM (SELECT * FROM article_revisions WHERE article_id = ${a.id} AND correction = 1 ORDER BY revision) r
        )`,
      },
    },
    // Readers see what changed in the story; the automatic `updatedAt` is not news.
    resolve: (a) =>
      parseList<{ correctedAt: number; changedFields: string[]; note: string | null }>(
        (a as { correctionsJson?: string }).correctionsJson,
      ).map((c) => ({
        ...c,
        changedFields: c.changedFields.filter((f) => f !== 'updatedAt'),
      })),
  }),
  revisions: t.field({
    type: [ArticleRevision],
    authScopes: { $any: { draftsRead: true, articlesWrite: true } },
    description: 'Earlier versions, newest first (needs a token with `drafts:read` or `articles:write`).',
    select: {
      extras: {
        revisionsJson: (a) => sql<string>`(
          SELECT json_group_array(json_object('revision', r.revision, 'snapshot', json(r.snapshot), 'changedFields', json(r.changed_fields),
            'note', r.note, 'editor', r.editor, 'createdAt', r.created_at))
          FROM (SELECT * FROM article_revisions WHERE article_id = ${a.id} ORDER BY revision DESC) r
        )`,
      },
    },
    resolve: (a) => parseList<RevisionRow>((a as { revisionsJson?: string }).revisionsJson),
  }),
}));
