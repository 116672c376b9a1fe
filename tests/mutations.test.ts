import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, articleInput, asEditor, createToken, editorData, snapshotDb, UPSERT } from './editor';

describe('upsertArticle', () => {
  it('creates an article with its links, then writes nothing for the same input', async () => {
    const token = await createToken(ALL_SCOPES);
    const first = await editorData(token, UPSERT, { input: articleInput() });
    expect(first.upsertArticle.created).toBe(true);
    expect(first.upsertArticle.changed).toBe(true);
    const a = first.upsertArticle.article;
    expect(a).toMatchObject({
      slug: 'armenia-test-story',
      revision: 1,
      status: 'PUBLISHED',
      body: 'Armenia has bought more CAESAR howitzers from France.\n\nMore to come\n\nOfficials said more deliveries would follow.',
      bodyHtml: '<p>Armenia has bought more CAESAR howitzers from France.</p>\n<h2>More to come</h2>\n<p>Officials said more deliveries would follow.</p>',
      wordCount: 17,
      authors: [{ slug: 'kathrine-frich' }],
      section: { slug: 'war' },
      equipment: [{ slug: 'caesar' }],
    });
    expect(a.countries.map((c: { code: string }) => c.code).sort()).toEqual(['AM', 'FR']);

    const before = await snapshotDb();
    const second = await editorData(token, UPSERT, { input: articleInput() });
    expect(second.upsertArticle).toMatchObject({ created: false, changed: false, article: { revision: 1 } });
    expect(await snapshotDb()).toEqual(before);
  });

  it('replaces a changed article and keeps the previous version as a revision', async () => {
    const token = await createToken(ALL_SCOPES);
    await editorData(token, UPSERT, { input: articleInput({ slug: 'replaced-story' }) });
    const res = await editorData(token, UPSERT, { input: articleInput({ slug: 'replaced-story', title: 'Armenia Buys Even More Artillery', note: 'Headline corrected.' }) });
    expect(res.upsertArticle).toMatchObject({ created: false, changed: true, article: { revision: 2, title: 'Armenia Buys Even More Artillery' } });
  });

  it('needs entities:write only to create a missing section or author', async () => {
    const token = await createToken(['articles:write']);
    const ok = await asEditor(token, UPSERT, { input: articleInput({ slug: 'scoped-story' }) });
    expect(ok.errors).toBeUndefined();
    const before = await snapshotDb();
    const res = await asEditor(token, UPSERT, { input: articleInput({ slug: 'another-story', authors: [{ slug: 'new-person', name: 'New Person' }] }) });
    expect(res.status).toBe(403);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await snapshotDb()).toEqual(before);
  });
});
