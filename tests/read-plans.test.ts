// Reads that find articles by key must read by index, whatever the archive's size:
// `Article.related` and `node(id:)` / `nodes(ids:)` once walked every published
// article (articles_status_published_at_id_idx). The SQL checked here is the SQL the
// Worker ran for the request, captured by its own instrumentation (x-debug-sql),
// and its plan is asked of the same D1.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, SEED_SLUG } from './helpers';
import { insertArticles, manyArticles } from './fixtures';
import { createToken } from './editor';

interface Logged {
  sql: string;
  params: number;
  rowsRead: number | null;
}

/** Runs an operation and returns the statements the Worker ran for it. */
async function statementsOf(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await gql(query, variables, { headers: { 'x-debug-sql': '1', ...headers } });
  expect(res.errors).toBeUndefined();
  // Statements on articles only (a bearer token is verified by one more, on api_tokens).
  return { data: res.data, log: (res.extensions!.d1!.log as Logged[]).filter((s) => /\barticles\b/.test(s.sql)) };
}

/** SQLite's plan of one logged statement; parameters bound as NULL (the plan does not depend on their values here). */
async function planOf(statement: Logged): Promise<string[]> {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...Array<null>(statement.params).fill(null))
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** The aliases a statement gives the articles table (`"articles" as "d0"`, `articles o`). */
function articleAliases(sql: string): string[] {
  return [...sql.matchAll(/\barticles"?\s+(?:as\s+)?"?([a-z]\w*)"?/gi)]
    .map((m) => m[1])
    .filter((alias) => !/^(as|on|where|indexed|join|cross|left|inner|using)$/i.test(alias));
}

/** Every read of `articles` in the plan is a key look-up: no SCAN, never the status/published_at index. */
function expectArticlesByKey(statement: Logged, plan: string[]) {
  const aliases = articleAliases(statement.sql);
  expect(aliases.length, statement.sql).toBeGreaterThan(0);
  const text = plan.join('\n');
  expect(text, text).not.toContain('articles_status_published_at_id_idx');
  for (const alias of aliases) {
    const reads = plan.filter((line) => new RegExp(`^(SCAN|SEARCH) ${alias}\\b`).test(line));
    expect(reads.length, `${alias} in\n${text}`).toBeGreaterThan(0);
    for (const line of reads)
      expect(line, text).toMatch(/^SEARCH \w+ USING (INTEGER PRIMARY KEY|(COVERING )?INDEX \w+) \((rowid|id|slug)=\?\)$/);
  }
}

let token: string;

beforeAll(async () => {
  // 300 stories on the seed's countries, deals and equipment: a related read that scored
  // every story sharing a subject would read all of them.
  await insertArticles(manyArticles(300, 'plan'));
  token = await createToken(['drafts:read']);
});

const relatedQuery = `query($slug: String!) { article(slug: $slug) { related { id slug title } } }`;

describe('Article.related', () => {
  it.each([
    ['public', {}],
    ['with drafts:read', () => ({ authorization: `Bearer ${token}` })],
  ] as [string, Record<string, string> | (() => Record<string, string>)][])('reads the archive by index (%s)', async (_name, headers) => {
    const { data, log } = await statementsOf(relatedQuery, { slug: 'plan-150' }, typeof headers === 'function' ? headers() : headers);
    expect(data.article.related).toHaveLength(5);
    // The article with its related ids, then one load of the related stories by id.
    expect(log).toHaveLength(2);
    for (const statement of log) expectArticlesByKey(statement, await planOf(statement));
  });

  it('reads a bounded number of rows however many stories share its subjects', async () => {
    const { log } = await statementsOf(relatedQuery, { slug: 'plan-150' });
    // Its countries are each on ~120 of these stories, its deal on ~50 and its equipment on
    // ~100 each. Scoring all of them, with each candidate found through the status index,
    // read 153,432 rows here.
    expect(log[0].rowsRead).toBeLessThan(1_000);
  });

  it('ranks the stories sharing most first, then the newest', async () => {
    const { data } = await statementsOf(relatedQuery, { slug: 'plan-150' });
    const slugs: string[] = data.article.related.map((r: { slug: string }) => r.slug);
    expect(slugs).not.toContain('plan-150');
    // Each story's score against plan-150, computed here by brute force over the junction tables.
    const scored = await env.DB.prepare(
      `SELECT o.slug AS slug, o.published_at AS at,
         3 * (SELECT count(*) FROM article_deals x JOIN article_deals y ON y.deal_id = x.deal_id WHERE x.article_id = o.id AND y.article_id = t.id)
       + 2 * (SELECT count(*) FROM article_equipment x JOIN article_equipment y ON y.equipment_id = x.equipment_id WHERE x.article_id = o.id AND y.article_id = t.id)
       +     (SELECT count(*) FROM article_countries x JOIN article_countries y ON y.country_id = x.country_id WHERE x.article_id = o.id AND y.article_id = t.id) AS score
       FROM articles o, articles t WHERE t.slug = 'plan-150' AND o.id <> t.id`,
    ).all<{ slug: string; at: number; score: number }>();
    const bySlug = new Map(scored.results.map((r) => [r.slug, r]));
    const got = slugs.map((s) => bySlug.get(s)!);
    // The stories next to it (within every window) include the best matches: the first has the top score among them.
    const near = scored.results.filter((r) => /^plan-\d+$/.test(r.slug) && Math.abs(Number(r.slug.slice(5)) - 150) <= 10);
    expect(got[0].score).toBe(Math.max(...near.map((r) => r.score)));
    // Near stories fall inside every subject's window, so none left out may share more than one kept.
    const left = near.filter((r) => !slugs.includes(r.slug));
    expect(Math.max(...left.map((r) => r.score))).toBeLessThanOrEqual(Math.min(...got.map((r) => r.score)));
    // Among equal shares (here the first two: the same deal, equipment and one country), the newest first.
    expect(got[0].score).toBe(got[1].score);
    expect(got[0].at).toBeGreaterThan(got[1].at);
  });
});

describe('node and nodes', () => {
  it('node(id:) reads the article by its key', async () => {
    const { data, log } = await statementsOf(`query($id: ID!) { node(id: $id) { id ... on Article { title } } }`, {
      id: btoa('Article:2'),
    });
    expect(data.node.title).toBeTruthy();
    expect(log).toHaveLength(1);
    expectArticlesByKey(log[0], await planOf(log[0]));
  });

  it('nodes(ids:) and a drafts reader read by key too', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => btoa(`Article:${i + 1}`));
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const { data, log } = await statementsOf(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, headers);
      expect(data.nodes.filter(Boolean).length).toBeGreaterThan(40);
      expect(log).toHaveLength(1);
      expectArticlesByKey(log[0], await planOf(log[0]));
    }
  });

  it('the article page still finds its article by slug (the check would see a scan)', async () => {
    const { log } = await statementsOf(`{ article(slug: "${SEED_SLUG}") { title } }`, undefined, { 'x-graphql-compile': 'off' });
    expectArticlesByKey(log[0], await planOf(log[0]));
    // A list is a walk of the index, by design: the check must refuse it.
    const list = await statementsOf(`{ articles(first: 5) { edges { node { title } } } }`, undefined, { 'x-graphql-compile': 'off' });
    expect(() => expectArticlesByKey(list.log[0], [])).toThrow();
    await expect(planOf(list.log[0]).then((plan) => expectArticlesByKey(list.log[0], plan))).rejects.toThrow();
  });
});
