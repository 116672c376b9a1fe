import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleInput, asEditor, createToken, editorData, snapshotDb } from './editor';
import { data, gql } from './helpers';

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { slug revision } } }`;
const UPDATE = `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { changed article { revision title section { slug } } } }`;
const HISTORY = `query ($slug: String!) { article(slug: $slug) {
  revision title
  corrections { correctedAt changedFields note }
  revisions { revision replacedAt changedFields note editor title body status countries }
} }`;

let editor = '';
beforeAll(async () => {
  editor = await createToken(['articles:write', 'drafts:read', 'entities:write'], 'desk');
});

describe('revisions and corrections', () => {
  it('keeps the replaced version and shows readers the correction', async () => {
    await editorData(editor, CREATE, { input: articleInput({ slug: 'corrected', status: 'PUBLISHED' }) });
    const res = await editorData(editor, UPDATE, {
      input: {
        slug: 'corrected',
        revision: 1,
        title: 'Armenia Buys Artillery From France',
        countries: ['AM'],
        note: 'The headline named the wrong buyer.',
      },
    });
    expect(res.updateArticle).toMatchObject({ changed: true, article: { revision: 2, title: 'Armenia Buys Artillery From France' } });

    const editorView = await editorData(editor, HISTORY, { slug: 'corrected' });
    expect(editorView.article.revisions).toEqual([
      {
        revision: 1,
        replacedAt: expect.any(String),
        changedFields: ['title', 'updatedAt', 'countries'],
        note: 'The headline named the wrong buyer.',
        editor: 'desk',
        title: 'Armenia Buys More Artillery',
        body: expect.stringContaining('CAESAR'),
        status: 'PUBLISHED',
        countries: ['AM', 'FR'],
      },
    ]);

    const pub = await gql(`query { article(slug: "corrected") { revision corrections { correctedAt changedFields note } } }`);
    expect(pub.errors).toBeUndefined();
    expect(pub.data.article.corrections).toEqual([
      {
        correctedAt: editorView.article.revisions[0].replacedAt,
        changedFields: ['title', 'countries'],
        note: 'The headline named the wrong buyer.',
      },
    ]);
  });

  it('does not show the public the revisions themselves', async () => {
    const res = await gql(`{ article(slug: "corrected") { revisions { title } } }`);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const noScope = await createToken([]);
    const forbidden = await asEditor(noScope, `{ article(slug: "corrected") { revisions { title } } }`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('treats edits of a draft as revisions, not corrections', async () => {
    await editorData(editor, CREATE, { input: articleInput({ slug: 'draft-edits' }) });
    await editorData(editor, UPDATE, { input: { slug: 'draft-edits', revision: 1, dek: 'A better dek.' } });
    await editorData(editor, `mutation { publishArticle(input: { slug: "draft-edits", revision: 2 }) { changed } }`);
    const d = await editorData(editor, HISTORY, { slug: 'draft-edits' });
    expect(d.article.revision).toBe(3);
    expect(d.article.revisions.map((r: any) => [r.revision, r.changedFields, r.status])).toEqual([
      [2, ['status', 'publishedAt'], 'DRAFT'],
      [1, ['dek', 'updatedAt'], 'DRAFT'],
    ]);
    expect(d.article.corrections).toEqual([]);
  });

  it('an update that changes nothing keeps the revision and writes nothing', async () => {
    const before = await snapshotDb();
    const res = await editorData(editor, UPDATE, {
      input: { slug: 'corrected', revision: 2, title: 'Armenia Buys Artillery From France' },
    });
    expect(res.updateArticle).toMatchObject({ changed: false, article: { revision: 2 } });
    expect(await snapshotDb()).toEqual(before);
  });
});

describe('optimistic concurrency', () => {
  it('refuses an update based on a stale revision and overwrites nothing', async () => {
    await editorData(editor, CREATE, { input: articleInput({ slug: 'contested', status: 'PUBLISHED' }) });
    await editorData(editor, UPDATE, { input: { slug: 'contested', revision: 1, title: 'First Editor Wins' } });
    const before = await snapshotDb();
    const res = await asEditor(editor, UPDATE, { input: { slug: 'contested', revision: 1, title: 'Second Editor Loses' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 2 });
    expect(await snapshotDb()).toEqual(before);
    expect((await data(`{ article(slug: "contested") { title } }`)).article.title).toBe('First Editor Wins');
  });

  it('loses a race as a whole: when another write lands between read and write, nothing of the batch stays', async () => {
    // Another writer recorded revision 1 first (as its own batch would); our batch also creates a section before that row.
    await editorData(editor, CREATE, { input: articleInput({ slug: 'raced', status: 'PUBLISHED' }) });
    const id = (await env.DB.prepare(`SELECT id FROM articles WHERE slug = 'raced'`).first<{ id: number }>())!.id;
    await env.DB.prepare(
      `INSERT INTO article_revisions (article_id, revision, snapshot, changed_fields, created_at) VALUES (?, 1, '{}', '[]', 0)`,
    )
      .bind(id)
      .run();
    const before = await snapshotDb();
    const res = await asEditor(editor, UPDATE, {
      input: { slug: 'raced', revision: 1, section: { slug: 'brand-new-desk', name: 'Brand New Desk' } },
    });
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await snapshotDb()).toEqual(before);
    expect((await data(`{ section(slug: "brand-new-desk") { slug } }`)).section).toBeNull();
  });
});
