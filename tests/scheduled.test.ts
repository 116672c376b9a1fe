// Scheduled stories (src/cache/scheduled.ts, the Cron Trigger in wrangler.toml):
// a story saved with a future publish time enters lists when that time passes,
// with no write to purge them. Run through the Worker's `scheduled` handler as
// Miniflare runs it, with the edge cache on: a cached list that lacked the
// story shows it after its time passes and the handler runs; answers it does
// not change stay hits; with the zone API configured the stand-in receives
// exactly the tags of the story becoming public.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import wranglerToml from '../wrangler.toml?raw';
import { scheduledTags, WINDOW_MS } from '../src/cache/scheduled';
import { storyWriteTags } from '../src/cache/tags';
import worker from '../src/index';
import { ALL_SCOPES, articleInput, createToken } from './editor';
import { FaultyD1 } from './faulty-d1';

const cachedEnv = (extra: Record<string, unknown> = {}) => ({ ...env, EDGE_CACHE: 'on', ...extra }) as unknown as Env;

async function post(e: Env, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await worker.fetch(
    new Request('http://example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    }) as Parameters<typeof worker.fetch>[0],
    e,
    createExecutionContext(),
  );
  const body = (await response.json()) as any;
  return { status: response.headers.get('cache-status'), body };
}

const truth = async (query: string) => (await post({ ...env, EDGE_CACHE: 'off' } as unknown as Env, query)).body.data;

async function runCron(e: Env, scheduledTime = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime, cron: '* * * * *' }), e, ctx);
  await waitOnExecutionContext(ctx);
}

let token: string;
beforeAll(async () => {
  token = await createToken(ALL_SCOPES, 'scheduled-editor');
});

const UPSERT = `mutation($input: UpsertArticleInput!) { upsertArticle(input: $input) { article { id slug status } } }`;
async function schedule(slug: string, at: number, extra: Record<string, unknown> = {}) {
  const res = await post(
    cachedEnv(),
    UPSERT,
    { input: articleInput({ slug, title: `Scheduled ${slug}`, publishedAt: new Date(at).toISOString(), ...extra }) },
    { authorization: `Bearer ${token}` },
  );
  expect(res.body.errors).toBeUndefined();
  return Number(atob(res.body.data.upsertArticle.article.id).split(':')[1]);
}
/** The publish time moved straight in D1, as the clock passing it would: no write, no purge. */
const moveTo = (slug: string, at: number) => env.DB.prepare('UPDATE articles SET published_at = ?1 WHERE slug = ?2').bind(at, slug).run();
// Each test's stories leave the cron's window when it ends (a day earlier), so the next test's run sees only its own.
afterEach(async () => {
  const now = Date.now();
  await env.DB.prepare('UPDATE articles SET published_at = published_at - 86400000 WHERE published_at > ?1')
    .bind(now - 2 * WINDOW_MS)
    .run();
});

describe('the cron trigger', () => {
  it('wrangler.toml runs it every minute', () => {
    expect(wranglerToml).toMatch(/\[triggers\]\s*\ncrons = \["\* \* \* \* \*"\]/);
  });
});

describe('a scheduled story entering the lists', () => {
  it('a cached list that lacked it shows it once its time passed and the handler ran; other answers stay hits', async () => {
    const slug = 'scheduled-enters-lists';
    const e = cachedEnv();
    await schedule(slug, Date.now() + 60 * 60_000, { section: { slug: 'sched-desk', name: 'Sched desk' } });

    const newest = `{ articles(first: 3) { edges { node { slug } } } }`;
    const bySection = `{ section(slug: "sched-desk") { articles(first: 3) { totalCount edges { node { slug } } } } }`;
    const byCountry = `{ articles(first: 3, filter: { country: "AM" }) { edges { node { slug } } } }`;
    const page = `{ article(slug: "${slug}") { slug title } }`;
    const entering = [newest, bySection, byCountry, page];
    const unrelated = [
      `{ country(code: "IN") { id name } }`,
      `{ articles(first: 3, filter: { section: "politics" }) { edges { node { slug } } } }`,
      `{ sections { slug } }`,
    ];
    for (const q of [...entering, ...unrelated]) await post(e, q);
    for (const q of [...entering, ...unrelated]) expect((await post(e, q)).status, q).toMatch(/^news-graph; hit(; detail=memory)?$/);
    for (const q of entering) expect(JSON.stringify((await post(e, q)).body.data), q).not.toContain(slug);

    // Its time passes: the cached answers do not know it yet.
    await moveTo(slug, Date.now() - 1_000);
    const stale = await post(e, newest);
    expect(stale.status).toMatch(/^news-graph; hit(; detail=memory)?$/);
    expect(JSON.stringify(stale.body.data)).not.toContain(slug);
    expect(JSON.stringify(await truth(newest))).toContain(slug);

    await runCron(e);
    for (const q of entering) {
      const after = await post(e, q);
      expect(after.status, q).toMatch(/fwd=miss/);
      expect(after.body.data, q).toEqual(await truth(q));
      expect(JSON.stringify(after.body.data), q).toContain(slug);
    }
    for (const q of unrelated) expect((await post(e, q)).status, q).toMatch(/^news-graph; hit(; detail=memory)?$/);
  });

  it('with the zone API configured, the stand-in receives exactly the tags of the story becoming public', async () => {
    const slug = 'scheduled-purged-remotely';
    const at = Date.now() + 60 * 60_000;
    const id = await schedule(slug, at, { countries: ['UA'], equipment: [] });
    const now = Date.now();
    await moveTo(slug, now - 500);
    const zone = `zone-scheduled-${now}`;
    await runCron(cachedEnv({ CF_ZONE_ID: zone, CF_PURGE_TOKEN: 'cron-token' }), now);

    const links = {
      slug,
      publishedAt: now - 500,
      section: 'war',
      authors: ['kathrine-frich'],
      countries: ['UA'],
      deals: [],
      equipment: [],
    };
    const expected = storyWriteTags(id, { ...links, public: false }, { ...links, public: true }, true);
    const got = (await (await env.PURGE_API.fetch(`http://stand-in/__requests/${zone}`)).json()) as {
      path: string;
      authorization: string;
      body: { tags: string[] };
    }[];
    expect(got).toHaveLength(1);
    expect(got[0].path).toBe(`/client/v4/zones/${zone}/purge_cache`);
    expect(got[0].authorization).toBe('Bearer cron-token');
    expect(got[0].body.tags.sort()).toEqual([...expected].sort());
  });

  it('only stories that became public in the window: not older ones, drafts, deleted or future stories; one D1 statement; the same on a second run', async () => {
    const now = Date.now();
    const inWindow = await schedule('window-in', now + 3_600_000);
    await moveTo('window-in', now - WINDOW_MS + 1_000);
    await schedule('window-old', now + 3_600_000);
    await moveTo('window-old', now - WINDOW_MS - 1_000);
    await schedule('window-future', now + 30_000);
    await schedule('window-draft', now + 3_600_000, { status: 'DRAFT' });
    await moveTo('window-draft', now - 1_000);
    await schedule('window-deleted', now + 3_600_000);
    await moveTo('window-deleted', now - 1_000);
    await env.DB.prepare('UPDATE articles SET deleted_at = ?1 WHERE slug = ?2').bind(now, 'window-deleted').run();

    const d1 = new FaultyD1();
    const first = await scheduledTags(d1.binding(), now);
    expect(d1.sent).toHaveLength(1);
    expect(first.stories).toBe(1);
    expect(first.tags).toContain(`Article:${inWindow}`);
    expect(first.tags).toContain('Article/slug=window-in');
    expect(first.tags.filter((t) => /window-(old|future|draft|deleted)/.test(t))).toEqual([]);
    expect(await scheduledTags(env.DB, now)).toEqual(first);
  });

  it('with the edge cache off the handler reads nothing', async () => {
    const d1 = new FaultyD1();
    await runCron({ ...env, EDGE_CACHE: 'off', DB: d1.binding() } as unknown as Env);
    expect(d1.sent).toEqual([]);
  });
});
