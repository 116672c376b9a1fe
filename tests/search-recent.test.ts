// The recent full-text index (src/db/search-recent.ts): it holds every story
// among the newest RECENT_ARTICLES ids through inserts, edits and deletes; a
// search ranks its recent hits there, and the older hits of a window that
// reaches further back over the whole index, with every hit found once.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RECENT_ARTICLES, RECENT_TABLE, recentMigrationSql } from '../src/db/search-recent';
import { WORD_RANK_SPAN_MAX } from '../src/graphql/types/search';
import { insertArticles } from './fixtures';
import { gql } from './helpers';

const migrations = import.meta.glob<string>('../drizzle/*_article_search_recent.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const ids = async (index: string, word: string) =>
  (
    await env.DB.prepare(`SELECT rowid AS id FROM ${index} WHERE ${index} MATCH ?1 ORDER BY rowid`).bind(word).all<{ id: number }>()
  ).results.map((r) => r.id);

const SEARCH = `query($q: String!) { search(query: $q, first: 50) { totalCount edges { score node { slug } } } }`;

describe('recent full-text index', () => {
  it('the migration on disk is what src/db/search-recent.ts writes (scripts/search-recent.ts)', () => {
    const texts = Object.values(migrations);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(recentMigrationSql());
  });

  it('holds the recent stories through inserts, edits and deletes; older ones leave it', async () => {
    await insertArticles(
      Array.from({ length: 6 }, (_, i) => ({ slug: `recent-${i}`, title: `Quokkarecent story ${i}`, body: 'The quokkarecent word.' })),
    );
    const mine = (await env.DB.prepare("SELECT id FROM articles WHERE slug LIKE 'recent-%' ORDER BY id").all<{ id: number }>()).results.map(
      (r) => r.id,
    );
    expect(await ids(RECENT_TABLE, 'quokkarecent')).toEqual(mine);
    expect(await ids('article_search', 'quokkarecent')).toEqual(mine);

    // An edit re-indexes: the old words leave, the new ones come.
    await env.DB.prepare("UPDATE articles SET title = 'Wombatrecent story', body = 'Another word.' WHERE id = ?1").bind(mine[0]).run();
    expect(await ids(RECENT_TABLE, 'quokkarecent')).toEqual(mine.slice(1));
    expect(await ids(RECENT_TABLE, 'wombatrecent')).toEqual([mine[0]]);
    // A deleted story leaves.
    await env.DB.prepare('DELETE FROM articles WHERE id = ?1').bind(mine[1]).run();
    expect(await ids(RECENT_TABLE, 'quokkarecent')).toEqual(mine.slice(2));

    // A story RECENT_ARTICLES ids ahead pushes every story here out of the recent range.
    const ahead = mine.at(-1)! + RECENT_ARTICLES + 10;
    await env.DB.prepare(
      `INSERT INTO articles (id, slug, title, body, body_html, word_count, status, published_at, updated_at) VALUES (?1, 'recent-ahead', 'Far ahead', 'Nothing here.', '<p>Nothing here.</p>', 2, 'published', 1, 1)`,
    )
      .bind(ahead)
      .run();
    expect(await ids(RECENT_TABLE, 'quokkarecent')).toEqual([]);
    expect(await ids(RECENT_TABLE, 'ahead')).toEqual([ahead]);
    // An edit of a story out of the range does not bring it back.
    await env.DB.prepare("UPDATE articles SET title = 'Quokkarecent again' WHERE id = ?1").bind(mine[2]).run();
    expect(await ids(RECENT_TABLE, 'quokkarecent')).toEqual([]);

    // Search still finds them, from the whole index, ranked as bm25 over the whole index ranks them.
    const res = await gql(SEARCH, { q: 'quokkarecent' });
    expect(res.errors).toBeUndefined();
    const expected = (
      await env.DB.prepare(
        `SELECT a.slug FROM article_search JOIN articles a ON a.id = article_search.rowid WHERE article_search MATCH 'quokkarecent' ORDER BY rank, a.id`,
      ).all<{ slug: string }>()
    ).results.map((r) => r.slug);
    expect(res.data.search.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(expected);
    expect(res.data.search.totalCount).toBe(4);
    await env.DB.prepare('DELETE FROM articles WHERE id = ?1').bind(ahead).run();
  });

  it('a window across both indexes holds every hit once: recent ones ranked in the recent index, older ones in the whole', async () => {
    const story = (slug: string, title: string, body: string) => ({ slug, title, body });
    await insertArticles([
      story('mix-old-1', 'Quokkamix harbour', 'The quokkamix harbour quokkamix mix report, by a zebra crossing.'),
      story('mix-old-2', 'Harbour', 'A long story about a harbour, quokkamix once, and a quokka mix.'),
      story('mix-old-4', 'Apart', 'A quokka and a mix, never together; a zebra and a crossing too.'),
      story('mix-old-3', 'Quokkamix', 'Quokkamix quokkamix quokkamix, and quokka mix twice: quokka mix.'),
    ]);
    const last = (await env.DB.prepare("SELECT max(id) AS id FROM articles WHERE slug LIKE 'mix-old-%'").first<{ id: number }>())!.id;
    const insert = (id: number, slug: string, title: string, body: string) =>
      env.DB.prepare(
        `INSERT INTO articles (id, slug, title, body, body_html, word_count, status, published_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4, 2, 'published', 1, 1)`,
      )
        .bind(id, slug, title, body)
        .run();
    // An older story far from the others: the older hits of `"zebra crossing"` span more ids than WORD_RANK_SPAN_MAX.
    const far = last + WORD_RANK_SPAN_MAX + 500;
    await insert(far, 'mix-old-far', 'Zebra crossing', 'The zebra crossing, far back.');
    const ahead = far + RECENT_ARTICLES + 10;
    await insert(ahead, 'mix-ahead', 'Far ahead', 'Nothing here.');
    await insertArticles([
      story('mix-new-1', 'Harbour news', 'Quokkamix at the harbour, a quokka mix.'),
      story('mix-new-2', 'Quokkamix quokkamix', 'Quokkamix quokkamix, the quokkamix quokka mix.'),
      story('mix-new-3', 'Other', 'Once: quokkamix, among many other words of a long and winding story about a zebra crossing.'),
    ]);
    const ranked = async (index: string, expression: string, older: boolean) =>
      (
        await env.DB.prepare(
          `SELECT a.slug, ${index}.rank AS r, a.id FROM ${index} JOIN articles a ON a.id = ${index}.rowid WHERE ${index} MATCH ?1
             AND ${index}.rowid ${older ? '<=' : '>'} (SELECT max(id) - ${RECENT_ARTICLES} FROM articles)`,
        )
          .bind(expression)
          .all<{ slug: string; r: number; id: number }>()
      ).results;
    const page = `query($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) {
      totalCount totalCountExact facets { countedHits } pageInfo { hasNextPage endCursor } edges { score node { slug } } } }`;
    // A phrase's recent hits are ranked by the phrase; its older ones by its words (toRankQuery) when they
    // are dense, by the phrase when they are not.
    for (const [q, recentBy, olderBy, hits] of [
      ['quokkamix', 'quokkamix', 'quokkamix', 6],
      ['"quokka mix"', '"quokka mix"', '("quokka" "mix")', 4],
      ['"zebra crossing"', '"zebra crossing"', '"zebra crossing"', 3],
    ] as const) {
      const phraseHits = new Set((await ranked('article_search', q, true)).map((h) => h.slug));
      const expected = [
        ...(await ranked(RECENT_TABLE, recentBy, false)),
        ...(await ranked('article_search', olderBy, true)).filter((h) => phraseHits.has(h.slug)),
      ]
        .filter((h) => h.slug.startsWith('mix-'))
        .sort((x, y) => x.r - y.r || x.id - y.id);
      expect(expected).toHaveLength(hits);
      expect(expected.some((h) => h.slug.startsWith('mix-old')) && expected.some((h) => h.slug.startsWith('mix-new'))).toBe(true);
      const all = await gql(page, { q, first: 50 });
      expect(all.errors).toBeUndefined();
      expect(all.extensions?.d1?.statements).toBe(1);
      const s = all.data.search;
      expect({ total: s.totalCount, exact: s.totalCountExact, counted: s.facets.countedHits }).toEqual({
        total: hits,
        exact: true,
        counted: hits,
      });
      expect(s.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(expected.map((h) => h.slug));
      s.edges.forEach((e: { score: number }, i: number) => expect(e.score).toBeCloseTo(-expected[i].r, 9));
      // Paging two at a time visits every hit once, in the same order.
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i++) {
        const p: { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
          await gql(page, { q, first: 2, after })
        ).data.search;
        seen.push(...p.edges.map((e: { node: { slug: string } }) => e.node.slug));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected.map((h) => h.slug));
    }
    await env.DB.prepare('DELETE FROM articles WHERE id IN (?1, ?2)').bind(ahead, far).run();
  });
});
