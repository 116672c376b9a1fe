// The recent full-text index (src/db/search-recent.ts): it holds every story
// among the newest RECENT_ARTICLES ids through inserts, edits and deletes; a
// search whose newest hits are all recent ranks them from it, and one that
// reaches further back ranks over the whole index, with the same hits either way.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RECENT_ARTICLES, RECENT_TABLE, recentMigrationSql } from '../src/db/search-recent';
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
});
