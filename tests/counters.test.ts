// Kept counts (src/db/counters.ts): `connection_counts`, kept by triggers, must
// equal a fresh count of the links after every kind of write, and `totalCount`
// read from it (the compiled path) must equal the resolvers' own count of the
// links (x-graphql-compile: off) and the truth computed here, at every step of
// a story's life: created as a draft, published, edited (links and section
// changed), scheduled for later, its time passing, unpublished, soft-deleted,
// deleted outright; and for deals: parties and equipment created, replaced,
// the deal deleted.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { COUNTERS, counterFreshSql, counterMigrationSql } from '../src/db/counters';
import { ALL_SCOPES, articleInput, createToken, editorData } from './editor';
import { gql } from './helpers';

const migrations = import.meta.glob<string>('../drizzle/*_connection_count_triggers.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

let token: string;
beforeAll(async () => {
  token = await createToken(ALL_SCOPES, 'counters-editor');
});

/** Every kept row against a fresh count of the rows (a GROUP BY over the links, run now); a row at 0 and no row are alike. */
async function expectKeptCountsExact() {
  const kept = (
    await env.DB.prepare('SELECT connection, parent_id, n FROM connection_counts WHERE n <> 0 ORDER BY connection, parent_id').all()
  ).results;
  const fresh: Record<string, unknown>[] = [];
  for (const select of counterFreshSql()) fresh.push(...(await env.DB.prepare(select).all()).results);
  fresh.sort((a, b) => String(a.connection).localeCompare(String(b.connection)) || Number(a.parent_id) - Number(b.parent_id));
  expect(kept).toEqual(fresh);
}

const COUNTS = `query Counts($code: String!, $section: String!, $author: String!, $equipment: String!, $deal: String!) {
  country(code: $code) { articles(first: 1) { totalCount edges { node { slug } } } deals(first: 1) { totalCount edges { node { slug } } } }
  section(slug: $section) { articles(first: 1) { totalCount } }
  author(slug: $author) { articles(first: 2) { totalCount } }
  equipment(slug: $equipment) { articles(first: 1) { totalCount } deals(first: 3) { totalCount edges { node { slug } } } }
  deal(slug: $deal) { articles(first: 1) { totalCount } }
}`;

interface Parents {
  code: string;
  section: string;
  author: string;
  equipment: string;
  deal: string;
}

/** The visible articles and the deals of each parent, counted from the links here (the truth). */
async function truth(p: Parents) {
  const now = Date.now();
  const visible = `a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= ${now}`;
  const one = async (sql: string, ...params: unknown[]) =>
    (
      (await env.DB.prepare(sql)
        .bind(...params)
        .first()) as { n: number }
    ).n;
  return {
    country: {
      articles: await one(
        `SELECT count(*) AS n FROM article_countries l JOIN articles a ON a.id = l.article_id WHERE l.country_id = (SELECT id FROM countries WHERE code = ?1) AND ${visible}`,
        p.code,
      ),
      deals: await one('SELECT count(*) AS n FROM deal_parties WHERE country_id = (SELECT id FROM countries WHERE code = ?1)', p.code),
    },
    section: await one(
      `SELECT count(*) AS n FROM articles a WHERE a.section_id = (SELECT id FROM sections WHERE slug = ?1) AND ${visible}`,
      p.section,
    ),
    author: await one(
      `SELECT count(*) AS n FROM article_authors l JOIN articles a ON a.id = l.article_id WHERE l.author_id = (SELECT id FROM authors WHERE slug = ?1) AND ${visible}`,
      p.author,
    ),
    equipment: {
      articles: await one(
        `SELECT count(*) AS n FROM article_equipment l JOIN articles a ON a.id = l.article_id WHERE l.equipment_id = (SELECT id FROM equipment WHERE slug = ?1) AND ${visible}`,
        p.equipment,
      ),
      deals: await one(
        'SELECT count(*) AS n FROM deal_equipment WHERE equipment_id = (SELECT id FROM equipment WHERE slug = ?1)',
        p.equipment,
      ),
    },
    deal: await one(
      `SELECT count(*) AS n FROM article_deals l JOIN articles a ON a.id = l.article_id WHERE l.deal_id = (SELECT id FROM deals WHERE slug = ?1) AND ${visible}`,
      p.deal,
    ),
  };
}

/** Compiled and resolver answers equal, both equal to the truth; the kept rows equal a fresh count. Returns the counts. */
async function expectExact(p: Parents) {
  const compiled = await gql(COUNTS, { ...p });
  const resolvers = await gql(COUNTS, { ...p }, { headers: { 'x-graphql-compile': 'off' } });
  expect(compiled.errors).toBeUndefined();
  expect((compiled.extensions?.d1 as { compiled?: boolean }).compiled).toBe(true);
  expect(compiled.extensions?.d1?.statements).toBe(1);
  expect((resolvers.extensions?.d1 as { compiled?: boolean }).compiled).toBe(false);
  expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(resolvers.data));
  const t = await truth(p);
  const d = compiled.data;
  expect({
    country: { articles: d.country.articles.totalCount, deals: d.country.deals.totalCount },
    section: d.section.articles.totalCount,
    author: d.author.articles.totalCount,
    equipment: { articles: d.equipment.articles.totalCount, deals: d.equipment.deals.totalCount },
    deal: d.deal.articles.totalCount,
  }).toEqual(t);
  await expectKeptCountsExact();
  return t;
}

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id revision } } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { revision } } }`;
const PUBLISH = `mutation($input: PublishArticleInput!) { publishArticle(input: $input) { article { revision } } }`;
const UNPUBLISH = `mutation($input: ArticleTargetInput!) { unpublishArticle(input: $input) { article { revision } } }`;
const DELETE = `mutation($input: ArticleTargetInput!) { deleteArticle(input: $input) { __typename } }`;
const LINK = `mutation($input: ArticleLinksInput!) { linkArticle(input: $input) { article { revision } } }`;
const UNLINK = `mutation($input: ArticleLinksInput!) { unlinkArticle(input: $input) { article { revision } } }`;

describe('kept counts', () => {
  it('the migration on disk is what src/db/counters.ts writes (scripts/counter-triggers.ts)', () => {
    const texts = Object.values(migrations);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(counterMigrationSql());
  });

  it('the seed graph is counted exactly by the migration', async () => {
    await expectKeptCountsExact();
    const kept = (await env.DB.prepare('SELECT DISTINCT connection FROM connection_counts').all<{ connection: string }>()).results.map(
      (r) => r.connection,
    );
    for (const key of kept) expect(Object.values(COUNTERS).map((c) => c.key)).toContain(key);
  });

  it("stay exact through a story's life, on the compiled path and the resolvers alike", { timeout: 60_000 }, async () => {
    const deal = ((await env.DB.prepare('SELECT slug FROM deals ORDER BY id LIMIT 1').first()) as { slug: string }).slug;
    const p: Parents = { code: 'AM', section: 'war', author: 'kathrine-frich', equipment: 'caesar', deal };
    const start = await expectExact(p);
    const slug = 'counters-life';
    const base = articleInput({ slug, countries: ['AM', 'FR'], equipment: ['caesar'], deals: [deal], publishedAt: '2025-03-01T10:00:00Z' });

    // A draft counts nowhere.
    let revision = (await editorData(token, CREATE, { input: { ...base, status: 'DRAFT' } })).createArticle.article.revision as number;
    expect(await expectExact(p)).toEqual(start);

    // Published: one more for each parent it names.
    revision = (await editorData(token, PUBLISH, { input: { slug, revision } })).publishArticle.article.revision;
    let now = await expectExact(p);
    expect(now.country.articles).toBe(start.country.articles + 1);
    expect(now.section).toBe(start.section + 1);
    expect(now.author).toBe(start.author + 1);
    expect(now.equipment.articles).toBe(start.equipment.articles + 1);
    expect(now.deal).toBe(start.deal + 1);

    // Edited while public: Armenia and the deal dropped, the section changed, then Armenia back by a link.
    await editorData(token, `mutation { createSection(input: { slug: "counters-elsewhere", name: "Elsewhere" }) { __typename } }`);
    revision = (
      await editorData(token, UPDATE, {
        input: { slug, revision, countries: ['FR'], deals: [], section: { slug: 'counters-elsewhere', name: 'Elsewhere' } },
      })
    ).updateArticle.article.revision;
    now = await expectExact(p);
    expect(now.country.articles).toBe(start.country.articles);
    expect(now.section).toBe(start.section);
    expect(now.deal).toBe(start.deal);
    expect(now.equipment.articles).toBe(start.equipment.articles + 1);
    revision = (await editorData(token, LINK, { input: { slug, revision, countries: ['AM'], deals: [deal] } })).linkArticle.article
      .revision;
    now = await expectExact(p);
    expect(now.country.articles).toBe(start.country.articles + 1);
    expect(now.deal).toBe(start.deal + 1);
    revision = (await editorData(token, UNLINK, { input: { slug, revision, equipment: ['caesar'] } })).unlinkArticle.article.revision;
    now = await expectExact(p);
    expect(now.equipment.articles).toBe(start.equipment.articles);

    // Scheduled for tomorrow: live for the triggers, not visible yet; the reader subtracts it.
    revision = (
      await editorData(token, UPDATE, { input: { slug, revision, section: { slug: 'war', name: 'War' }, equipment: ['caesar'] } })
    ).updateArticle.article.revision;
    revision = (await editorData(token, PUBLISH, { input: { slug, revision, at: new Date(Date.now() + 86_400_000).toISOString() } }))
      .publishArticle.article.revision;
    now = await expectExact(p);
    expect(now.country.articles).toBe(start.country.articles);
    expect(now.section).toBe(start.section);
    expect(now.author).toBe(start.author);
    const kept = (await env.DB.prepare(
      `SELECT n FROM connection_counts WHERE connection = 'country.articles' AND parent_id = (SELECT id FROM countries WHERE code = 'AM')`,
    ).first()) as { n: number };
    expect(kept.n).toBe(start.country.articles + 1); // the trigger counted it; the reader did not

    // Its time passes (the clock, not a write: no trigger fires): it counts.
    await env.DB.prepare('UPDATE articles SET published_at = ?1 WHERE slug = ?2')
      .bind(Date.now() - 1000, slug)
      .run();
    now = await expectExact(p);
    expect(now.country.articles).toBe(start.country.articles + 1);
    expect(now.section).toBe(start.section + 1);

    // Unpublished, published again, soft-deleted.
    revision = (await editorData(token, UNPUBLISH, { input: { slug, revision } })).unpublishArticle.article.revision;
    expect(await expectExact(p)).toEqual(start);
    revision = (await editorData(token, PUBLISH, { input: { slug, revision } })).publishArticle.article.revision;
    expect((await expectExact(p)).country.articles).toBe(start.country.articles + 1);
    await editorData(token, DELETE, { input: { slug, revision } });
    expect(await expectExact(p)).toEqual(start);

    // A second story deleted outright (no API does; a hand-run DELETE must not leave counts behind).
    await editorData(token, CREATE, { input: { ...base, slug: 'counters-hard-delete', status: 'PUBLISHED' } });
    expect((await expectExact(p)).country.articles).toBe(start.country.articles + 1);
    await env.DB.prepare('DELETE FROM articles WHERE slug = ?1').bind('counters-hard-delete').run();
    expect(await expectExact(p)).toEqual(start);

    // Hand-run writes to the junctions and to status go through the same triggers.
    const id = ((await env.DB.prepare('SELECT id FROM articles WHERE slug = ?1').bind(slug).first()) as { id: number }).id;
    await env.DB.prepare(`UPDATE articles SET deleted_at = NULL, status = 'published' WHERE id = ?1`).bind(id).run();
    expect((await expectExact(p)).country.articles).toBe(start.country.articles + 1);
    await env.DB.prepare(
      `UPDATE article_countries SET country_id = (SELECT id FROM countries WHERE code = 'US') WHERE article_id = ?1 AND country_id = (SELECT id FROM countries WHERE code = 'AM')`,
    )
      .bind(id)
      .run();
    expect((await expectExact(p)).country.articles).toBe(start.country.articles);
    await env.DB.prepare(`UPDATE articles SET status = 'draft' WHERE id = ?1`).bind(id).run();
    expect(await expectExact(p)).toEqual(start);
  });

  it('deals: parties and equipment created, replaced and deleted with the deal', async () => {
    const p: Parents = { code: 'AM', section: 'war', author: 'kathrine-frich', equipment: 'caesar', deal: 'counters-deal' };
    await editorData(
      token,
      `mutation { createDeal(input: { slug: "counters-deal", title: "Counted deal", kind: ARMS_TRANSFER, parties: [{ country: "FR", role: SUPPLIER }, { country: "AM", role: RECIPIENT }], equipment: ["caesar"] }) { __typename } }`,
    );
    const start = await expectExact(p);
    await editorData(
      token,
      `mutation { updateDeal(input: { slug: "counters-deal", parties: [{ country: "FR", role: SUPPLIER }, { country: "IN", role: RECIPIENT }], equipment: [] }) { __typename } }`,
    );
    let now = await expectExact(p);
    expect(now.country.deals).toBe(start.country.deals - 1);
    expect(now.equipment.deals).toBe(start.equipment.deals - 1);
    await editorData(
      token,
      `mutation { updateDeal(input: { slug: "counters-deal", parties: [{ country: "AM", role: RECIPIENT }], equipment: ["caesar"] }) { __typename } }`,
    );
    now = await expectExact(p);
    expect(now.country.deals).toBe(start.country.deals);
    // The deal deleted: its parties and equipment rows go by the foreign key's cascade, each through its trigger.
    await env.DB.prepare(`DELETE FROM deals WHERE slug = 'counters-deal'`).run();
    const after = await gql(COUNTS, { ...p, deal: 'us-aid-to-armenia' });
    expect(after.data.country.deals.totalCount).toBe(start.country.deals - 1);
    expect(after.data.equipment.deals.totalCount).toBe(start.equipment.deals - 1);
    await expectExact({ ...p, deal: 'us-aid-to-armenia' });
  });

  it('the compiled count reads the kept row, not the links', async () => {
    const res = await gql(
      COUNTS,
      { code: 'AM', section: 'war', author: 'kathrine-frich', equipment: 'caesar', deal: 'us-aid-to-armenia' },
      { headers: { 'x-debug-sql': '1' } },
    );
    const sql = (res.extensions?.d1?.log ?? []).map((s) => s.sql).join('\n');
    expect(sql).toContain('FROM connection_counts');
    // Not the count over the links (`count(*) FROM article_countries ct2_j`, `FROM articles ct5`), nor the capped one for the page's plan.
    expect(sql).not.toMatch(/SELECT count\(\*\) FROM \w+ ct\d+(_j)? /);
    expect(sql).not.toContain('LIMIT 5000');
  });
});
