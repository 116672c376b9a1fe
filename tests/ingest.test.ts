// End to end, in workerd over HTTP: ingestion runs the same steps as
// `npm run ingest` (read the link targets through the API, parse, link,
// `upsertArticle` with an editor token), only the transport is the Worker's
// own fetch instead of the network.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import seedText from './fixtures/articles/new-deal-with-us-cements-russias-loss-of-longtime-ally.txt?raw';
import franceText from './fixtures/articles/france-sends-caesar-howitzers-to-ukraine.txt?raw';
import type { Scope } from '../src/auth/tokens';
import { fetchCatalog, httpClient, upsertArticle, type GraphQLClient } from '../src/ingest/api';
import { prepareArticle } from '../src/ingest/input';
import { createToken } from './editor';
import { data, SEED_SLUG } from './helpers';

/** Every field and link of an article that ingestion writes (not `id`: the row is new). */
const ARTICLE = /* GraphQL */ `
  query IngestedArticle($slug: String!) {
    article(slug: $slug) {
      slug title dek body bodyHtml publishedAt updatedAt wordCount readingTimeMinutes sourceAttribution
      section { slug name }
      authors { slug name }
      image { url caption credit }
      countries { code name }
      deals { slug title kind parties { role country { code } } }
      equipment { slug name }
    }
  }
`;

async function editorClient(scopes: Scope[]): Promise<GraphQLClient> {
  const token = await createToken(scopes, 'ingest test');
  return httpClient('http://example.com/graphql', token, (url, init) => exports.default.fetch(url, init));
}

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;

describe('ingestion through the API', () => {
  let client: GraphQLClient;
  beforeAll(async () => {
    client = await editorClient(['articles:write', 'entities:write']);
  });

  it('ingesting the seed article’s file yields the same article, fields and links, as the seed data', async () => {
    const seeded = (await data(ARTICLE, { slug: SEED_SLUG })).article;
    expect(seeded.deals).toHaveLength(6);

    // Start from the seed entities without the seed article.
    await env.DB.prepare('DELETE FROM articles WHERE slug = ?').bind(SEED_SLUG).run();
    expect((await data(ARTICLE, { slug: SEED_SLUG })).article).toBeNull();
    expect(await count('SELECT count(*) AS n FROM article_deals')).toBe(0);

    const prepared = prepareArticle(seedText, await fetchCatalog(client));
    expect(prepared.errors).toEqual([]);
    expect(prepared.parsed.warnings).toEqual([]);
    const result = await upsertArticle(client, prepared.input!);
    expect(result).toEqual({ created: true, changed: true, article: { slug: SEED_SLUG } });

    const ingested = (await data(ARTICLE, { slug: SEED_SLUG })).article;
    expect(ingested).toEqual(seeded);
  });

  it('ingesting the same file twice changes nothing', async () => {
    const catalog = await fetchCatalog(client);
    const first = await upsertArticle(client, prepareArticle(franceText, catalog).input!);
    expect(first).toMatchObject({ created: true, changed: true });
    const slug = first.article.slug;
    const before = (await data(ARTICLE, { slug })).article;
    const rows = await count('SELECT count(*) AS n FROM articles');

    const second = await upsertArticle(client, prepareArticle(franceText, await fetchCatalog(client)).input!);
    expect(second).toEqual({ created: false, changed: false, article: { slug } });
    expect((await data(ARTICLE, { slug })).article).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM articles')).toBe(rows);

    // The seed article, re-ingested over the seeded one, is unchanged too.
    expect(await upsertArticle(client, prepareArticle(seedText, catalog).input!)).toEqual({ created: false, changed: false, article: { slug: SEED_SLUG } });
  });

  it('stores what it parsed and linked from another shape, creating its authors and section', async () => {
    const { input } = prepareArticle(franceText, await fetchCatalog(client));
    await upsertArticle(client, input!);
    const a = (await data(ARTICLE, { slug: 'france-sends-more-caesar-howitzers-to-ukraine' })).article;
    expect(a).toMatchObject({
      title: 'France Sends More CAESAR Howitzers to Ukraine',
      dek: 'Paris promises a dozen more self-propelled guns before the end of the year.',
      publishedAt: '2024-06-18T07:30:00.000Z',
      updatedAt: '2024-06-19T07:00:00.000Z',
      section: { slug: 'europe', name: 'Europe' },
      authors: [
        { slug: 'claire-dubois', name: 'Claire Dubois' },
        { slug: 'tomas-novak', name: 'Tomas Novak' },
        { slug: 'jean-luc-martin', name: 'Jean-Luc Martin' },
      ],
      image: { url: null, caption: 'A CAESAR howitzer fires during an exercise in southern France.', credit: 'Jane Smith/AFP' },
      sourceAttribution: null,
      countries: [{ code: 'FR', name: 'France' }, { code: 'UA', name: 'Ukraine' }, { code: 'US', name: 'United States' }],
      deals: [],
      equipment: [{ slug: 'caesar', name: 'CAESAR' }],
    });
    expect(a.bodyHtml).toContain('<h2>Production Speeds Up</h2>');
  });

  it('is refused without a valid token, and writes nothing', async () => {
    const anonymous = httpClient('http://example.com/graphql', undefined, (url, init) => exports.default.fetch(url, init));
    const { input } = prepareArticle(franceText, await fetchCatalog(anonymous));
    const rows = await count('SELECT count(*) AS n FROM articles');
    await expect(upsertArticle(anonymous, input!)).rejects.toThrow(/UNAUTHENTICATED/);
    expect(await count('SELECT count(*) AS n FROM articles')).toBe(rows);
  });
});
