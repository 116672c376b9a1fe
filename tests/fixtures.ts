/**
 * Extra articles for tests that need more than the seed's one story: each is
 * published (or a draft), in the seed's War section, bylined by the seed
 * author, and linked to the seed's countries, deals and equipment in turn, so
 * nested selections have something to load. Written through D1 directly, like
 * an ingestion job would, so the FTS triggers run.
 */
import { env } from 'cloudflare:workers';
import { seed } from '../src/seed/data';
import { articleRange, insertStatements, referenceData } from '../scripts/corpus/generate';

export interface FixtureArticle {
  slug: string;
  title: string;
  dek?: string | null;
  body: string;
  status?: 'published' | 'draft';
  publishedAt?: number;
  countries?: string[];
  deals?: string[];
  equipment?: string[];
  section?: string | null;
  authors?: string[];
}

const COUNTRIES = seed.countries.map((c) => c.code);
const DEALS = seed.deals.map((d) => d.slug);
const EQUIPMENT = seed.equipment.map((e) => e.slug);

/** `n` generic published articles, one a day back from 2024-12-31, each linked to two countries, a deal and two equipment. */
export function manyArticles(n: number, prefix = 'fixture'): FixtureArticle[] {
  return Array.from({ length: n }, (_, i) => ({
    slug: `${prefix}-${i}`,
    title: `Fixture story ${i} about regional security`,
    dek: `Standfirst ${i}.`,
    body: `Paragraph one of story ${i}.\n\nParagraph two mentions defence cooperation.`,
    publishedAt: Date.UTC(2024, 11, 31) - i * 86_400_000,
    countries: [COUNTRIES[i % 5], COUNTRIES[(i + 1) % 5]],
    deals: [DEALS[i % DEALS.length]],
    equipment: [EQUIPMENT[i % 6], EQUIPMENT[(i + 2) % 6]],
  }));
}

export async function insertArticles(articles: FixtureArticle[]): Promise<void> {
  const db = env.DB;
  const stmts: D1PreparedStatement[] = [];
  for (const a of articles) {
    const at = a.publishedAt ?? Date.UTC(2024, 0, 1);
    const words = a.body.split(/\s+/).filter(Boolean).length;
    stmts.push(
      db
        .prepare(
          `INSERT INTO articles (slug, title, dek, body, body_html, word_count, status, published_at, updated_at, section_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM sections WHERE slug = ?))`,
        )
        .bind(
          a.slug,
          a.title,
          a.dek ?? null,
          a.body,
          `<p>${a.body}</p>`,
          words,
          a.status ?? 'published',
          at,
          at,
          a.section === undefined ? 'war' : a.section,
        ),
    );
    (a.authors ?? ['kathrine-frich']).forEach((author, position) =>
      stmts.push(
        db
          .prepare(
            `INSERT INTO article_authors (article_id, author_id, position) VALUES ((SELECT id FROM articles WHERE slug = ?), (SELECT id FROM authors WHERE slug = ?), ?)`,
          )
          .bind(a.slug, author, position),
      ),
    );
    const link = (table: string, col: string, other: string, key: string, value: string) =>
      db
        .prepare(
          `INSERT INTO ${table} (article_id, ${col}) VALUES ((SELECT id FROM articles WHERE slug = ?), (SELECT id FROM ${other} WHERE ${key} = ?))`,
        )
        .bind(a.slug, value);
    for (const c of a.countries ?? []) stmts.push(link('article_countries', 'country_id', 'countries', 'code', c));
    for (const d of a.deals ?? []) stmts.push(link('article_deals', 'deal_id', 'deals', 'slug', d));
    for (const e of a.equipment ?? []) stmts.push(link('article_equipment', 'equipment_id', 'equipment', 'slug', e));
  }
  await db.batch(stmts);
}

/** Tables in an order that deletes children before their parents. */
const TABLES_CHILD_FIRST = [
  'article_authors',
  'article_countries',
  'article_deals',
  'article_equipment',
  'article_revisions',
  'articles',
  'deal_parties',
  'deal_equipment',
  'equipment_operators',
  'deals',
  'equipment',
  'authors',
  'sections',
  'countries',
];

/**
 * Replaces the seed with a generated corpus (scripts/corpus/generate.ts): the
 * same rows `npm run corpus` loads for the benchmark, at a test's size.
 */
export async function loadGeneratedCorpus(corpus: { articles: number; seed: number }): Promise<void> {
  await env.DB.batch(TABLES_CHILD_FIRST.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  const ref = referenceData(corpus);
  const chunk = articleRange(corpus, ref, 0, corpus.articles);
  const tables: [string, Record<string, string | number | null>[]][] = [
    ['sections', ref.sections],
    ['authors', ref.authors],
    ['countries', ref.countries],
    ['equipment', ref.equipment],
    ['equipment_operators', ref.equipmentOperators],
    ['deals', ref.deals],
    ['deal_parties', ref.dealParties],
    ['deal_equipment', ref.dealEquipment],
    ['articles', chunk.articles],
    ['article_authors', chunk.articleAuthors],
    ['article_countries', chunk.articleCountries],
    ['article_deals', chunk.articleDeals],
    ['article_equipment', chunk.articleEquipment],
  ];
  const statements = tables.flatMap(([table, rows]) => insertStatements(table, rows));
  for (let i = 0; i < statements.length; i += 50)
    await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s.sql).bind(...s.params)));
}
