/**
 * Test-only helpers for checking the edge cache against the truth: requests
 * through the real Worker with the cache on (and the Cache API it keeps), the
 * same request with the cache off (the truth), and the rules that say when a
 * purge of an answer whose truth did not change is allowed (the coarse cases
 * src/cache/tags.ts documents) rather than over-purging.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../src/index';

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export const cacheOn = (db?: D1Database) => ({ ...env, EDGE_CACHE: 'on', ...(db ? { DB: db } : {}) }) as unknown as Env;
const cacheOff = { ...env, EDGE_CACHE: 'off' } as unknown as Env;

export async function send(
  e: Env,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const request = new Request('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], e, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export const isHit = (a: Answer) => /^news-graph; hit(; detail=memory)?$/.test(a.headers.get('cache-status') ?? '');
export const isStored = (a: Answer) => /fwd=(miss|stale); stored$/.test(a.headers.get('cache-status') ?? '');
export const tagsOf = (a: Answer) => (a.headers.get('cache-tag') ?? '').split(',').filter(Boolean);

/** The same request with the cache off: what a cached answer must equal. */
export async function truth(query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const res = await send(cacheOff, query, variables);
  if (res.body?.errors) throw new Error(`truth failed: ${JSON.stringify(res.body.errors)}\n${query}`);
  return res.body.data;
}

/** A write as an editor (the cache bypassed, its purge run): fails on any error. */
export async function write(e: Env, token: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await send(e, query, variables, { authorization: `Bearer ${token}` });
  if (res.body?.errors) throw new Error(`write failed: ${JSON.stringify(res.body.errors)}\n${query}`);
  return res.body.data;
}

/** Where a story is listed, as the public sees it. */
export interface StoryFacts {
  public: boolean;
  publishedAt: number;
  section: string[];
  author: string[];
  country: string[];
  deal: string[];
  equipment: string[];
}

const STORY = `query($slug: String!) { article(slug: $slug) { status publishedAt section { slug } authors { slug } countries { code } deals { slug } equipment { slug } } }`;

/** A story's facts as an editor sees them (drafts too); a deleted story is not public, its links as they were. */
export async function storyFacts(token: string, slug: string, previous?: StoryFacts | null): Promise<StoryFacts | null> {
  const res = await send(cacheOff, STORY, { slug }, { authorization: `Bearer ${token}` });
  const a = res.body?.data?.article;
  if (!a) return previous ? { ...previous, public: false } : null;
  const publishedAt = Date.parse(a.publishedAt);
  return {
    public: a.status === 'PUBLISHED' && publishedAt <= Date.now(),
    publishedAt,
    section: a.section ? [a.section.slug] : [],
    author: a.authors.map((x: { slug: string }) => x.slug),
    country: a.countries.map((x: { code: string }) => x.code),
    deal: a.deals.map((x: { slug: string }) => x.slug),
    equipment: a.equipment.map((x: { slug: string }) => x.slug),
  };
}

/** What a write changed, for deciding whether an answer's purge was one the design allows. */
export interface WriteFacts {
  /** Tags of the objects written (type:id, type/key=value): tags name objects, not fields. */
  objects: string[];
  /** Stories written: before and after. */
  stories: { before: StoryFacts | null; after: StoryFacts | null }[];
  /** Entity types written (their whole lists are one tag, `list:Type`, and the bare type tag their coarse one). */
  entityTypes: string[];
}

type Dim = 'section' | 'author' | 'country' | 'deal' | 'equipment';

/** Whether a story is in the (unwindowed) list an `articles…` tag names. */
function inList(tag: string, s: StoryFacts | null): boolean {
  if (!s?.public) return false;
  for (const part of tag.split('/').slice(1)) {
    const [dim, value] = part.split('=') as [Dim, string];
    const have = s[dim];
    if (value === '*' ? have.length === 0 : !have.includes(value)) return false;
  }
  return true;
}

/**
 * Why a cached answer whose truth the write did not change may still have
 * been purged, or null when nothing allows it (over-purging). The allowances
 * are the coarse cases documented in src/cache/tags.ts.
 */
export function allowedMiss(tags: string[], w: WriteFacts): string | null {
  for (const t of tags) if (w.objects.includes(t)) return 'the object written (tags name objects, not fields)';
  for (const t of tags) {
    if (t !== 'articles' && !t.startsWith('articles/')) continue;
    for (const { before, after } of w.stories) {
      const was = inList(t, before);
      const is = inList(t, after);
      if (was !== is || (was && is && before!.publishedAt !== after!.publishedAt))
        return 'a list the story entered, left or moved in (window, order and page are not in the tag)';
    }
  }
  for (const t of tags) {
    if (t === 'search') return 'search: every search is one tag';
    if (t === 'related' && w.stories.length) return 'related: every related list is one tag';
    if (t === 'articles/multi' && w.stories.some(manyCombinations))
      return 'articles/multi: lists on several subjects, when a write has more than 256 combinations';
    if (t.startsWith('list:') && w.entityTypes.includes(t.slice(5))) return 'list:<Type>: every list of an entity type is one tag';
    if (t === 'Article' && w.stories.length) return 'Article (or the entity type): objects shown without id or key';
    if (w.entityTypes.includes(t)) return 'Article (or the entity type): objects shown without id or key';
  }
  return null;
}

/** Whether a story write names more list combinations than src/cache/tags.ts purges one by one (256). */
function manyCombinations({ before, after }: WriteFacts['stories'][number]): boolean {
  let n = 1;
  for (const d of ['section', 'author', 'country', 'deal', 'equipment'] as Dim[])
    n *= new Set([...(before?.[d] ?? []), ...(after?.[d] ?? [])]).size + 1;
  return n > 256;
}

export const stable = (v: unknown) => JSON.stringify(v);
