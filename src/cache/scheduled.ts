/**
 * Scheduled stories: a story saved as published with a time in the future
 * becomes public when that time passes, with no write to purge the lists it
 * enters. A Cron Trigger (wrangler.toml `[triggers] crons`, every minute)
 * finds the stories whose publish time passed in the last `WINDOW_MS` and
 * purges what a write making each one public would have purged
 * (`storyWriteTags`, not public before, public after). Each story falls in
 * the window of two runs; purging it again is harmless.
 */
import { config } from '../config';
import { purge } from './purge';
import { storyWriteTags, type StoryLinks } from './tags';

/** How far back a run looks: two runs of a per-minute cron see each story. */
export const WINDOW_MS = 2 * 60_000;
/** Most stories one run reads (one D1 statement); more than this in two minutes is not a newsroom. */
const MAX_STORIES = 500;

interface Row {
  id: number;
  slug: string;
  published_at: number;
  section: string | null;
  authors: string;
  countries: string;
  deals: string;
  equipment: string;
}

/** One statement: the stories that became public in (from, to], with the natural keys of their links. */
const BECAME_PUBLIC = `
SELECT a.id, a.slug, a.published_at, s.slug AS section,
  (SELECT json_group_array(x.slug) FROM article_authors j JOIN authors x ON x.id = j.author_id WHERE j.article_id = a.id) AS authors,
  (SELECT json_group_array(x.code) FROM article_countries j JOIN countries x ON x.id = j.country_id WHERE j.article_id = a.id) AS countries,
  (SELECT json_group_array(x.slug) FROM article_deals j JOIN deals x ON x.id = j.deal_id WHERE j.article_id = a.id) AS deals,
  (SELECT json_group_array(x.slug) FROM article_equipment j JOIN equipment x ON x.id = j.equipment_id WHERE j.article_id = a.id) AS equipment
FROM articles a LEFT JOIN sections s ON s.id = a.section_id
WHERE a.status = 'published' AND a.published_at > ?1 AND a.published_at <= ?2 AND a.deleted_at IS NULL
ORDER BY a.published_at, a.id
LIMIT ?3`;

/** The tags of the stories that became public in (now − WINDOW_MS, now]. */
export async function scheduledTags(db: D1Database, now: number): Promise<{ stories: number; tags: string[] }> {
  const { results } = await db
    .prepare(BECAME_PUBLIC)
    .bind(now - WINDOW_MS, now, MAX_STORIES)
    .all<Row>();
  if (results.length === MAX_STORIES)
    console.warn(`edge-cache: more than ${MAX_STORIES} stories became public in one window; the rest wait for their lifetime`);
  const tags = new Set<string>();
  for (const row of results) {
    const after: StoryLinks = {
      slug: row.slug,
      public: true,
      publishedAt: row.published_at,
      section: row.section,
      authors: JSON.parse(row.authors) as string[],
      countries: JSON.parse(row.countries) as string[],
      deals: JSON.parse(row.deals) as string[],
      equipment: JSON.parse(row.equipment) as string[],
    };
    for (const tag of storyWriteTags(row.id, { ...after, public: false }, after, true)) tags.add(tag);
  }
  return { stories: results.length, tags: [...tags] };
}

/** The cron's work: purge the lists that stories whose time came now enter. */
export async function purgeScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  if (!config(env).edgeCache) return;
  // The run's nominal time, or later if it started late: a story public by now is purged now.
  const now = Math.max(controller.scheduledTime, Date.now());
  // At the primary (docs/replication.md): a copy behind it could miss a story that just entered.
  const { tags } = await scheduledTags(env.DB.withSession('first-primary') as unknown as D1Database, now);
  if (tags.length) await purge(env, ctx, tags);
}
