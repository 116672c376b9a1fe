// Facet keys (src/db/search-facets.ts): `article_facets`, kept by triggers, must
// equal the keys computed afresh from the links after every kind of write, and a
// search's facets (counted from those keys) must follow the story through its
// life: created, links replaced, linked and unlinked, its deal's kind changed,
// a junction row edited by hand, the story deleted outright.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { facetFreshSql, facetMigrationSql, tallyHits } from '../src/db/search-facets';
import { facetNamesMigrationSql } from '../src/db/facet-names';
import { ALL_SCOPES, articleInput, createToken, editorData } from './editor';
import { gql } from './helpers';

const migrations = import.meta.glob<string>('../drizzle/*_article_facet_triggers.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

type FacetRow = { article_id: number; keys: string } & Record<string, unknown>;
/** Every article's row, its keys as a sorted token list. */
const normalise = (rows: FacetRow[]) =>
  rows.map((r) => ({ ...r, keys: r.keys.split(' ').filter(Boolean).sort().join(' ') })).sort((a, b) => a.article_id - b.article_id);

/** The kept rows equal the rows computed afresh from articles and links, column for column. */
async function expectKeysExact() {
  const kept = (
    await env.DB.prepare('SELECT article_id, status, published_at, deleted_at, section_id, keys FROM article_facets').all<FacetRow>()
  ).results;
  const fresh = (await env.DB.prepare(facetFreshSql()).all<FacetRow>()).results;
  expect(normalise(kept)).toEqual(normalise(fresh));
  expect(kept.length).toBe(((await env.DB.prepare('SELECT count(*) AS n FROM articles').first()) as { n: number }).n);
}

const SEARCH = `query($q: String!) { search(query: $q, first: 5) { totalCount totalCountExact
  facets { exact countedHits sections { value count } countries { value name count } equipment { value count } dealKinds { value count } years { value count } } } }`;

async function facetsOf(q: string) {
  const res = await gql(SEARCH, { q });
  expect(res.errors).toBeUndefined();
  return res.data.search;
}

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id revision } } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { revision } } }`;
const LINK = `mutation($input: ArticleLinksInput!) { linkArticle(input: $input) { article { revision } } }`;
const UNLINK = `mutation($input: ArticleLinksInput!) { unlinkArticle(input: $input) { article { revision } } }`;

const namesMigrations = import.meta.glob<string>('../drizzle/*_facet_names_triggers.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

let token: string;
beforeAll(async () => {
  token = await createToken(ALL_SCOPES, 'facets-editor');
});

describe('facet keys', () => {
  it('the migration on disk is what src/db/search-facets.ts writes (scripts/facet-triggers.ts)', () => {
    const texts = Object.values(migrations);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(facetMigrationSql());
  });

  it('the seed graph has the keys the migration computed', async () => {
    await expectKeysExact();
    const count = (await env.DB.prepare("SELECT count(*) AS n FROM article_facets WHERE keys <> ''").first()) as { n: number };
    expect(count.n).toBeGreaterThan(0);
  });

  it("stay exact through a story's life, and the search facets follow", { timeout: 60_000 }, async () => {
    await editorData(
      token,
      `mutation { createDeal(input: { slug: "facets-deal", title: "Faceted deal", kind: ARMS_TRANSFER, parties: [{ country: "FR", role: SUPPLIER }, { country: "AM", role: RECIPIENT }] }) { __typename } }`,
    );
    const slug = 'facets-life';
    const word = 'zygofacetword';
    const base = articleInput({
      slug,
      title: `Zygofacetword Story`,
      body: [{ kind: 'PARAGRAPH', text: `The ${word} appears only here.` }],
      countries: ['AM', 'FR'],
      equipment: ['caesar'],
      deals: ['facets-deal'],
      publishedAt: '2024-03-01T10:00:00Z',
    });
    let revision = (await editorData(token, CREATE, { input: { ...base, status: 'PUBLISHED' } })).createArticle.article.revision as number;
    await expectKeysExact();
    let s = await facetsOf(word);
    expect(s.totalCount).toBe(1);
    expect(s.facets).toMatchObject({
      exact: true,
      countedHits: 1,
      sections: [{ value: 'war', count: 1 }],
      years: [{ value: 2024, count: 1 }],
    });
    expect(s.facets.countries.map((c: { value: string }) => c.value).sort()).toEqual(['AM', 'FR']);
    expect(s.facets.equipment).toEqual([{ value: 'caesar', count: 1 }]);
    expect(s.facets.dealKinds).toEqual([{ value: 'ARMS_TRANSFER', count: 1 }]);

    // Links replaced by an update: France and the deal go, Ukraine comes.
    revision = (await editorData(token, UPDATE, { input: { slug, revision, countries: ['AM', 'UA'], deals: [] } })).updateArticle.article
      .revision;
    await expectKeysExact();
    s = await facetsOf(word);
    expect(s.facets.countries.map((c: { value: string }) => c.value).sort()).toEqual(['AM', 'UA']);
    expect(s.facets.dealKinds).toEqual([]);

    // Linked and unlinked one at a time.
    revision = (await editorData(token, LINK, { input: { slug, revision, deals: ['facets-deal'] } })).linkArticle.article.revision;
    revision = (await editorData(token, UNLINK, { input: { slug, revision, equipment: ['caesar'] } })).unlinkArticle.article.revision;
    await expectKeysExact();
    s = await facetsOf(word);
    expect(s.facets.equipment).toEqual([]);
    expect(s.facets.dealKinds).toEqual([{ value: 'ARMS_TRANSFER', count: 1 }]);

    // The deal's kind changes: every story that links it is recounted.
    await editorData(token, `mutation { updateDeal(input: { slug: "facets-deal", kind: AID }) { __typename } }`);
    await expectKeysExact();
    expect((await facetsOf(word)).facets.dealKinds).toEqual([{ value: 'AID', count: 1 }]);

    // A junction row edited by hand goes through the same triggers.
    const id = ((await env.DB.prepare('SELECT id FROM articles WHERE slug = ?1').bind(slug).first()) as { id: number }).id;
    await env.DB.prepare(
      `UPDATE article_countries SET country_id = (SELECT id FROM countries WHERE code = 'US') WHERE article_id = ?1 AND country_id = (SELECT id FROM countries WHERE code = 'UA')`,
    )
      .bind(id)
      .run();
    await expectKeysExact();
    s = await facetsOf(word);
    expect(s.facets.countries.map((c: { value: string }) => c.value).sort()).toEqual(['AM', 'US']);

    // Unpublished, then soft-deleted: the row follows, and the search no longer finds it.
    const UNPUBLISH = `mutation($input: ArticleTargetInput!) { unpublishArticle(input: $input) { article { revision } } }`;
    const PUBLISH = `mutation($input: PublishArticleInput!) { publishArticle(input: $input) { article { revision } } }`;
    revision = (await editorData(token, UNPUBLISH, { input: { slug, revision } })).unpublishArticle.article.revision;
    await expectKeysExact();
    expect((await facetsOf(word)).totalCount).toBe(0);
    revision = (await editorData(token, PUBLISH, { input: { slug, revision } })).publishArticle.article.revision;
    await expectKeysExact();
    expect((await facetsOf(word)).totalCount).toBe(1);

    // A page past the last hit is empty; the total and facets still come (a second statement).
    const past = await gql(
      `query($q: String!, $after: String) { search(query: $q, first: 5, after: $after) { totalCount edges { cursor } facets { countries { value } } } }`,
      { q: word, after: btoa('search:[1000000000,0]') },
    );
    expect(past.data.search.edges).toEqual([]);
    expect(past.data.search.totalCount).toBe(1);
    expect(past.data.search.facets.countries.map((c: { value: string }) => c.value).sort()).toEqual(['AM', 'US']);
    expect(past.extensions?.d1?.statements).toBe(2);

    // Soft-deleted, then restored by hand; then deleted outright: no row left behind.
    await editorData(token, `mutation($input: ArticleTargetInput!) { deleteArticle(input: $input) { __typename } }`, {
      input: { slug, revision },
    });
    await expectKeysExact();
    expect((await facetsOf(word)).totalCount).toBe(0);
    await env.DB.prepare('UPDATE articles SET deleted_at = NULL WHERE id = ?1').bind(id).run();
    await expectKeysExact();
    expect((await facetsOf(word)).totalCount).toBe(1);
    await env.DB.prepare('DELETE FROM articles WHERE id = ?1').bind(id).run();
    await expectKeysExact();
    const left = await env.DB.prepare('SELECT count(*) AS n FROM article_facets WHERE article_id = ?1').bind(id).first();
    expect(left).toEqual({ n: 0 });
    expect((await facetsOf(word)).totalCount).toBe(0);
  });
});

describe('tallyHits', () => {
  it('counts sections, years and each kind of key; an empty section or year counts nowhere', () => {
    const t = tallyHits(['3 2024 c1 c2 e7 dAID', '3 2025 c1', ' 2025 dAID dARMS_TRANSFER', '4  e7']);
    expect([...t.sections]).toEqual([
      [3, 2],
      [4, 1],
    ]);
    expect([...t.years]).toEqual([
      [2024, 1],
      [2025, 2],
    ]);
    expect([...t.countries]).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect([...t.equipment]).toEqual([[7, 2]]);
    expect([...t.dealKinds]).toEqual([
      ['AID', 2],
      ['ARMS_TRANSFER', 1],
    ]);
  });
});

describe('facet names', () => {
  it('the migration on disk is what src/db/facet-names.ts writes (scripts/facet-names.ts)', () => {
    const texts = Object.values(namesMigrations);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(facetNamesMigrationSql());
  });

  it('are read only when a section, country or piece of equipment changed since the last search', async () => {
    const NAMES = `query($q: String!) { search(query: $q, first: 1) { edges { node { slug } }
      facets { sections { value name } countries { value name } equipment { value name } } } }`;
    const search = async () => {
      const res = await gql(NAMES, { q: 'caesar' });
      expect(res.errors).toBeUndefined();
      return { facets: res.data.search.facets, rows: res.extensions!.d1!.rowsRead as number };
    };
    const catalogue = (await env.DB.prepare(
      'SELECT (SELECT count(*) FROM sections) + (SELECT count(*) FROM countries) + (SELECT count(*) FROM equipment) AS n',
    ).first<{ n: number }>())!.n;
    const version = async () => (await env.DB.prepare('SELECT version FROM facet_names_version').first<{ version: string }>())!.version;
    // A change no isolate has seen yet (an earlier search may hold the seed's names).
    await env.DB.prepare("UPDATE sections SET name = name || '' WHERE id = (SELECT min(id) FROM sections)").run();
    const first = await search();
    expect(first.facets.countries.length).toBeGreaterThan(0);
    // The same names again: the answer is the same, and no catalogue row is read (the version row is, both times).
    const again = await search();
    expect(again.facets).toEqual(first.facets);
    const expectFull = (full: number, held: number) => expect(full - held).toBe(catalogue);
    expectFull(first.rows, again.rows);

    // Each kind of change is a new version, and the next search shows it.
    const before = await version();
    const country = first.facets.countries[0];
    await env.DB.prepare('UPDATE countries SET name = ?1 WHERE code = ?2').bind('Renamed Land', country.value).run();
    expect(await version()).not.toBe(before);
    const renamed = await search();
    expect(renamed.facets.countries.find((c: { value: string }) => c.value === country.value).name).toBe('Renamed Land');
    expectFull(renamed.rows, (await search()).rows);

    const equipment = first.facets.equipment[0];
    await env.DB.prepare('UPDATE equipment SET slug = ?1 WHERE slug = ?2').bind('renamed-gun', equipment.value).run();
    expect((await search()).facets.equipment.map((e: { value: string }) => e.value)).toContain('renamed-gun');

    const section = first.facets.sections[0];
    await env.DB.prepare('UPDATE sections SET name = ?1 WHERE slug = ?2').bind('Renamed Section', section.value).run();
    expect((await search()).facets.sections.find((x: { value: string }) => x.value === section.value).name).toBe('Renamed Section');

    // Adding and removing a row is a change too; a column no facet shows is not.
    for (const statement of [
      "INSERT INTO sections (slug, name) VALUES ('facet-names-new', 'New')",
      "DELETE FROM sections WHERE slug = 'facet-names-new'",
    ]) {
      const at = await version();
      await env.DB.prepare(statement).run();
      expect(await version()).not.toBe(at);
    }
  });
});
