import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, articleInput, asEditor, createToken, editorData, snapshotDb, UPSERT } from './editor';
import { data, gql } from './helpers';

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
      bodyHtml:
        '<p>Armenia has bought more CAESAR howitzers from France.</p>\n<h2>More to come</h2>\n<p>Officials said more deliveries would follow.</p>',
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
    const res = await editorData(token, UPSERT, {
      input: articleInput({ slug: 'replaced-story', title: 'Armenia Buys Even More Artillery', note: 'Headline corrected.' }),
    });
    expect(res.upsertArticle).toMatchObject({
      created: false,
      changed: true,
      article: { revision: 2, title: 'Armenia Buys Even More Artillery' },
    });
  });

  it('needs entities:write only to create a missing section or author', async () => {
    const token = await createToken(['articles:write']);
    const ok = await asEditor(token, UPSERT, { input: articleInput({ slug: 'scoped-story' }) });
    expect(ok.errors).toBeUndefined();
    const before = await snapshotDb();
    const res = await asEditor(token, UPSERT, {
      input: articleInput({ slug: 'another-story', authors: [{ slug: 'new-person', name: 'New Person' }] }),
    });
    expect(res.status).toBe(403);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await snapshotDb()).toEqual(before);
  });
});

/** Runs a mutation expected to fail, and checks the code, the named field and that the database did not change. */
async function rejects(token: string, query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const before = await snapshotDb();
  const res = await asEditor(token, query, variables);
  expect(res.errors?.length, JSON.stringify(res)).toBeGreaterThan(0);
  const error = res.errors![0];
  expect(error.extensions?.code, JSON.stringify(error)).toBe(code);
  if (field) expect([error.extensions?.field, ...((error.extensions?.fields as string[]) ?? [])], JSON.stringify(error)).toContain(field);
  expect(await snapshotDb()).toEqual(before);
  return res;
}

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { slug status } } }`;

describe('validation leaves the database as it was', () => {
  it.each([
    ['a slug with capitals and spaces', { slug: 'Bad Slug' }, 'input.slug'],
    ['a slug with a double hyphen', { slug: 'bad--slug' }, 'input.slug'],
    ['an empty title', { title: '   ' }, 'input.title'],
    ['a title over 300 characters', { title: 'x'.repeat(301) }, 'input.title'],
    ['a country that is not an ISO code', { countries: ['USA'] }, 'input.countries.0'],
    ['a repeated country', { countries: ['AM', 'am'] }, 'input.countries'],
    ['an image URL that is not http(s)', { image: { url: 'javascript:alert(1)' } }, 'input.image.url'],
    ['an empty body', { body: [] }, 'input.body'],
    ['an empty paragraph', { body: [{ kind: 'PARAGRAPH', text: '' }] }, 'input.body.0.text'],
    ['a publish date before 1900', { publishedAt: '1850-01-01T00:00:00Z' }, 'input.publishedAt'],
    ['a bad author slug', { authors: [{ slug: 'Nope!', name: 'Nope' }] }, 'input.authors.0.slug'],
  ])('rejects %s as BAD_USER_INPUT naming the field', async (_what, override, field) => {
    const token = await createToken(ALL_SCOPES);
    await rejects(token, UPSERT, { input: articleInput({ slug: 'validation-target', ...override }) }, 'BAD_USER_INPUT', field);
  });

  it('rejects a malformed DateTime', async () => {
    const token = await createToken(ALL_SCOPES);
    const before = await snapshotDb();
    const res = await asEditor(token, UPSERT, { input: articleInput({ slug: 'bad-date', publishedAt: '19 January 2025' }) });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await snapshotDb()).toEqual(before);
  });

  it('refers only to countries, deals and equipment that exist (NOT_FOUND naming the field)', async () => {
    const token = await createToken(ALL_SCOPES);
    await rejects(token, UPSERT, { input: articleInput({ slug: 'missing-refs', countries: ['ZZ'] }) }, 'NOT_FOUND', 'input.countries');
    await rejects(token, UPSERT, { input: articleInput({ slug: 'missing-refs', deals: ['no-such-deal'] }) }, 'NOT_FOUND', 'input.deals');
    await rejects(
      token,
      UPSERT,
      { input: articleInput({ slug: 'missing-refs', equipment: ['no-such-gun'] }) },
      'NOT_FOUND',
      'input.equipment',
    );
  });
});

describe('article mutations', () => {
  it('createArticle makes a draft and refuses a taken slug', async () => {
    const token = await createToken(ALL_SCOPES);
    const d = await editorData(token, CREATE, { input: articleInput({ slug: 'fresh-draft' }) });
    expect(d.createArticle.article).toEqual({ slug: 'fresh-draft', status: 'DRAFT' });
    await rejects(token, CREATE, { input: articleInput({ slug: 'fresh-draft' }) }, 'CONFLICT', 'input.slug');
    await rejects(
      token,
      CREATE,
      { input: articleInput({ slug: 'new-deal-with-us-cements-russias-loss-of-longtime-ally' }) },
      'CONFLICT',
      'input.slug',
    );
  });

  it('updateArticle and status changes of a missing article are NOT_FOUND', async () => {
    const token = await createToken(ALL_SCOPES);
    await rejects(
      token,
      `mutation { updateArticle(input: { slug: "no-such-story", revision: 1, title: "X" }) { changed } }`,
      {},
      'NOT_FOUND',
      'input.slug',
    );
    await rejects(token, `mutation { publishArticle(input: { slug: "no-such-story" }) { changed } }`, {}, 'NOT_FOUND', 'input.slug');
    await rejects(token, `mutation { deleteArticle(input: { slug: "no-such-story" }) { changed } }`, {}, 'NOT_FOUND', 'input.slug');
  });

  it('links and unlinks countries, deals and equipment', async () => {
    const token = await createToken(ALL_SCOPES);
    await editorData(token, UPSERT, { input: articleInput({ slug: 'linked', countries: ['AM'], equipment: [] }) });
    const linked = await editorData(
      token,
      `mutation { linkArticle(input: { slug: "linked", countries: ["in", "AM"], deals: ["india-armenia-artillery"], equipment: ["atags", "tc-20"] }) {
        changed article { revision countries { code } deals { slug } equipment { slug } } } }`,
    );
    expect(linked.linkArticle).toEqual({
      changed: true,
      article: {
        revision: 2,
        countries: [{ code: 'AM' }, { code: 'IN' }],
        deals: [{ slug: 'india-armenia-artillery' }],
        equipment: [{ slug: 'atags' }, { slug: 'tc-20' }],
      },
    });
    const count = await data(`{ equipment(slug: "atags") { articles { totalCount } } }`);
    expect(count.equipment.articles.totalCount).toBe(2);
    const unlinked = await editorData(
      token,
      `mutation { unlinkArticle(input: { slug: "linked", equipment: ["tc-20"] }) { changed article { equipment { slug } } } }`,
    );
    expect(unlinked.unlinkArticle).toEqual({ changed: true, article: { equipment: [{ slug: 'atags' }] } });
    await rejects(
      token,
      `mutation { linkArticle(input: { slug: "linked", equipment: ["no-such-gun"] }) { changed } }`,
      {},
      'NOT_FOUND',
      'input.equipment',
    );
  });

  it('soft-deletes: the story disappears, keeps its slug, and upsert refuses to revive it', async () => {
    const token = await createToken(ALL_SCOPES);
    await editorData(token, UPSERT, { input: articleInput({ slug: 'retracted' }) });
    const d = await editorData(token, `mutation { deleteArticle(input: { slug: "retracted", note: "Retracted." }) { slug changed } }`);
    expect(d.deleteArticle).toEqual({ slug: 'retracted', changed: true });
    expect((await data(`{ article(slug: "retracted") { slug } }`)).article).toBeNull();
    const row = await env.DB.prepare(`SELECT deleted_at FROM articles WHERE slug = 'retracted'`).first<{ deleted_at: number | null }>();
    expect(row?.deleted_at).toBeGreaterThan(0);
    await rejects(token, UPSERT, { input: articleInput({ slug: 'retracted' }) }, 'CONFLICT', 'input.slug');
  });
});

describe('entity mutations', () => {
  it('creates and updates sections, authors and countries; taken keys are CONFLICT, missing ones NOT_FOUND', async () => {
    const token = await createToken(['entities:write']);
    expect(
      (await editorData(token, `mutation { createSection(input: { slug: "politics", name: "Politics" }) { section { slug name } } }`))
        .createSection.section,
    ).toEqual({
      slug: 'politics',
      name: 'Politics',
    });
    expect(
      (await editorData(token, `mutation { updateSection(input: { slug: "politics", name: "Policy" }) { section { name } } }`))
        .updateSection.section.name,
    ).toBe('Policy');
    await rejects(
      token,
      `mutation { createSection(input: { slug: "politics", name: "Again" }) { section { slug } } }`,
      {},
      'CONFLICT',
      'input.slug',
    );
    await rejects(
      token,
      `mutation { updateSection(input: { slug: "nowhere", name: "X" }) { section { slug } } }`,
      {},
      'NOT_FOUND',
      'input.slug',
    );

    expect(
      (await editorData(token, `mutation { createAuthor(input: { slug: "jane-doe", name: "Jane Doe" }) { author { slug name } } }`))
        .createAuthor.author.name,
    ).toBe('Jane Doe');
    expect(
      (await editorData(token, `mutation { updateAuthor(input: { slug: "jane-doe", name: "Jane Q. Doe" }) { author { name } } }`))
        .updateAuthor.author.name,
    ).toBe('Jane Q. Doe');
    await rejects(
      token,
      `mutation { createAuthor(input: { slug: "kathrine-frich", name: "Again" }) { author { slug } } }`,
      {},
      'CONFLICT',
      'input.slug',
    );

    expect(
      (await editorData(token, `mutation { createCountry(input: { code: "xa", name: "Freedonia" }) { country { code name } } }`))
        .createCountry.country,
    ).toEqual({ code: 'XA', name: 'Freedonia' });
    expect(
      (await editorData(token, `mutation { updateCountry(input: { code: "XA", name: "Freedonia (country)" }) { country { name } } }`))
        .updateCountry.country.name,
    ).toBe('Freedonia (country)');
    await rejects(
      token,
      `mutation { createCountry(input: { code: "AM", name: "Armenia" }) { country { code } } }`,
      {},
      'CONFLICT',
      'input.code',
    );
    await rejects(
      token,
      `mutation { createCountry(input: { code: "ARM", name: "Armenia" }) { country { code } } }`,
      {},
      'BAD_USER_INPUT',
      'input.code',
    );
    await rejects(
      token,
      `mutation { updateCountry(input: { code: "QQ", name: "Nowhere" }) { country { code } } }`,
      {},
      'NOT_FOUND',
      'input.code',
    );
  });

  it('creates equipment and a deal with parties and equipment, then updates them', async () => {
    const token = await createToken(['entities:write']);
    const eq = await editorData(
      token,
      `mutation { createEquipment(input: { slug: "pinaka", name: "Pinaka", kind: ARTILLERY, originCountry: "IN", caliberMm: 214, rangeKm: 75, operators: ["IN", "AM"] }) {
        equipment { slug name kind caliberMm range originCountry { code } operators { code } } } }`,
    );
    expect(eq.createEquipment.equipment).toEqual({
      slug: 'pinaka',
      name: 'Pinaka',
      kind: 'ARTILLERY',
      caliberMm: 214,
      range: 75,
      originCountry: { code: 'IN' },
      operators: [{ code: 'AM' }, { code: 'IN' }],
    });
    const deal = await editorData(
      token,
      `mutation { createDeal(input: { slug: "india-armenia-pinaka", title: "Indian Pinaka rockets for Armenia", kind: ARMS_TRANSFER, status: AGREED, announcedOn: "2022-09",
        value: { amount: 250000000, currency: "USD", approximate: true },
        parties: [{ country: "IN", role: SUPPLIER }, { country: "am", role: RECIPIENT }], equipment: ["pinaka"] }) {
        deal { slug kind status announcedOn value { amount currency approximate } parties { role country { code } } equipment { slug } } } }`,
    );
    expect(deal.createDeal.deal).toEqual({
      slug: 'india-armenia-pinaka',
      kind: 'ARMS_TRANSFER',
      status: 'AGREED',
      announcedOn: '2022-09',
      value: { amount: 250000000, currency: 'USD', approximate: true },
      parties: [
        { role: 'RECIPIENT', country: { code: 'AM' } },
        { role: 'SUPPLIER', country: { code: 'IN' } },
      ],
      equipment: [{ slug: 'pinaka' }],
    });
    const updated = await editorData(
      token,
      `mutation { updateDeal(input: { slug: "india-armenia-pinaka", status: DELIVERED, value: null, equipment: [] }) { deal { status value { amount } equipment { slug } title } } }`,
    );
    expect(updated.updateDeal.deal).toEqual({
      status: 'DELIVERED',
      value: null,
      equipment: [],
      title: 'Indian Pinaka rockets for Armenia',
    });
    const upEq = await editorData(
      token,
      `mutation { updateEquipment(input: { slug: "pinaka", rangeKm: 90, operators: ["AM"] }) { equipment { range operators { code } name } } }`,
    );
    expect(upEq.updateEquipment.equipment).toEqual({ range: 90, operators: [{ code: 'AM' }], name: 'Pinaka' });

    await rejects(
      token,
      `mutation { createDeal(input: { slug: "india-armenia-pinaka", title: "Again", kind: OTHER }) { deal { slug } } }`,
      {},
      'CONFLICT',
      'input.slug',
    );
    await rejects(
      token,
      `mutation { createDeal(input: { slug: "ghost-deal", title: "Ghost", kind: OTHER, parties: [{ country: "ZZ", role: DONOR }] }) { deal { slug } } }`,
      {},
      'NOT_FOUND',
      'input.parties',
    );
    await rejects(
      token,
      `mutation { createDeal(input: { slug: "ghost-deal", title: "Ghost", kind: OTHER, equipment: ["nothing"] }) { deal { slug } } }`,
      {},
      'NOT_FOUND',
      'input.equipment',
    );
    await rejects(
      token,
      `mutation { createDeal(input: { slug: "ghost-deal", title: "Ghost", kind: OTHER, announcedOn: "2025-02-30" }) { deal { slug } } }`,
      {},
      'BAD_USER_INPUT',
      'input.announcedOn',
    );
    await rejects(
      token,
      `mutation { updateEquipment(input: { slug: "pinaka", name: null }) { equipment { slug } } }`,
      {},
      'BAD_USER_INPUT',
      'input.name',
    );
    await rejects(
      token,
      `mutation { updateDeal(input: { slug: "no-deal", status: AGREED }) { deal { slug } } }`,
      {},
      'NOT_FOUND',
      'input.slug',
    );
  });
});

describe('what a write costs', () => {
  it('upsertArticle writes in one batch, and an unchanged input writes nothing at all', async () => {
    const token = await createToken(ALL_SCOPES);
    const headers = { authorization: `Bearer ${token}`, 'x-debug-sql': '1' };
    const first = await gql(UPSERT, { input: articleInput({ slug: 'costed' }) }, { headers });
    const writes = (r: typeof first) => r.extensions!.d1!.log!.filter((s) => /^\s*(insert|update|delete)/i.test(s.sql));
    expect(first.errors).toBeUndefined();
    // article, byline, countries, equipment (deals empty): one batch, one round trip.
    expect(writes(first).map((s) => s.sql.split(' ').slice(0, 3).join(' ').toLowerCase())).toEqual([
      'insert into "articles"',
      'insert into "article_authors"',
      'insert into "article_countries"',
      'insert into "article_equipment"',
    ]);
    const second = await gql(UPSERT, { input: articleInput({ slug: 'costed' }) }, { headers });
    expect(second.data.upsertArticle.changed).toBe(false);
    expect(writes(second)).toEqual([]);
    // token, article state, one batch of reference lookups (5 statements), the payload's article.
    expect(second.extensions!.d1!.roundTrips).toBe(4);
    for (const s of second.extensions!.d1!.log!) expect(s.params).toBeLessThanOrEqual(100);
  });
});
