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
import { prepareArticle, validateInput } from '../src/ingest/input';
import { readHtml } from '../src/ingest/html';
import collisionA from './fixtures/pages/13-slug-collision-a.txt?raw';
import collisionB from './fixtures/pages/14-slug-collision-b.txt?raw';
import wireText from './fixtures/pages/09-reuters-wire-caption.txt?raw';
import peaceText from './fixtures/pages/10-epa-photo-credit.txt?raw';
import jsonLdPage from './fixtures/pages/21-jsonld.html?raw';
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
    expect(await upsertArticle(client, prepareArticle(seedText, catalog).input!)).toEqual({
      created: false,
      changed: false,
      article: { slug: SEED_SLUG },
    });
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
      countries: [
        { code: 'FR', name: 'France' },
        { code: 'UA', name: 'Ukraine' },
        { code: 'US', name: 'United States' },
      ],
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

  it("a dry run's JSON is accepted by the API byte for byte, and its source fields are queryable", async () => {
    const { input } = prepareArticle(wireText, await fetchCatalog(client), {
      sourceUrl: 'https://wire.example/armenia-akash',
      sourceName: 'Wire Example',
    });
    expect(validateInput(input!)).toEqual([]);
    const json = JSON.stringify([input], null, 2); // what `--dry-run` prints
    const body = JSON.stringify({
      query: 'mutation ($input: UpsertArticleInput!) { upsertArticle(input: $input) { created article { slug } } }',
      variables: { input: JSON.parse(json)[0] },
    });
    const token = await createToken(['articles:write', 'entities:write'], 'dry run test');
    const response = await exports.default.fetch('http://example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const result = (await response.json()) as {
      data: { upsertArticle: { created: boolean; article: { slug: string } } };
      errors?: unknown;
    };
    expect(result.errors).toBeUndefined();
    expect(result.data.upsertArticle).toEqual({ created: true, article: { slug: 'armenia-buys-indian-air-defence-systems' } });
    const a = (
      await data(
        `query ($slug: String!) { article(slug: $slug) { sourceUrl sourceName wireCredit sourceAttribution image { caption credit } countries { code } } }`,
        { slug: 'armenia-buys-indian-air-defence-systems' },
      )
    ).article;
    expect(a).toEqual({
      sourceUrl: 'https://wire.example/armenia-akash',
      sourceName: 'Wire Example',
      wireCredit: 'Reuters',
      sourceAttribution: 'Reuters',
      image: {
        caption: 'Soldiers stand guard near the border in Tavush province, Armenia, June 10, 2024.',
        credit: 'REUTERS/Vahram Baghdasaryan',
      },
      countries: [{ code: 'AM' }, { code: 'IN' }],
    });
  });

  it('never replaces a different story under the same slug: CONFLICT unless forced', async () => {
    const catalog = await fetchCatalog(client);
    const a = prepareArticle(collisionA, catalog, { sourceUrl: 'https://a.example/2023/deal' }).input!;
    const b = prepareArticle(collisionB, catalog, { sourceUrl: 'https://b.example/2024/deal' }).input!;
    expect(a.slug).toBe(b.slug);
    expect(await upsertArticle(client, a)).toMatchObject({ created: true });
    const before = (await data(ARTICLE, { slug: a.slug })).article;

    // Another source URL: another story.
    await expect(upsertArticle(client, b)).rejects.toThrow(
      /^CONFLICT: Slug armenia-and-france-sign-defence-deal belongs to a different story \(stored from https:\/\/a\.example\/2023\/deal/,
    );
    // No source URLs, but another headline and another publication time: another story too.
    const noUrl = { ...b, sourceUrl: null, title: 'Armenia and France Sign a Second Defence Deal' };
    await env.DB.prepare('UPDATE articles SET source_url = NULL WHERE slug = ?').bind(a.slug).run();
    await expect(upsertArticle(client, noUrl)).rejects.toThrow(/^CONFLICT/);
    await env.DB.prepare('UPDATE articles SET source_url = ? WHERE slug = ?').bind(a.sourceUrl, a.slug).run();
    expect((await data(ARTICLE, { slug: a.slug })).article).toEqual(before);

    // The same story corrected (same URL, new headline) is an update; --force replaces a different one.
    expect(await upsertArticle(client, { ...a, title: 'Armenia and France Sign Radar Deal' })).toMatchObject({
      created: false,
      changed: true,
    });
    expect(await upsertArticle(client, { ...b, force: true })).toMatchObject({ created: false, changed: true });
    expect((await data(ARTICLE, { slug: a.slug })).article).toMatchObject({
      title: 'Armenia and France Sign Defence Deal',
      publishedAt: '2024-06-18T10:00:00.000Z',
      authors: [{ slug: 'paul-girard', name: 'Paul Girard' }],
    });
  });

  it('links every country the story names, Azerbaijan included, from the whole ISO list', async () => {
    const { input } = prepareArticle(peaceText, await fetchCatalog(client));
    await upsertArticle(client, input!);
    const a = (await data(ARTICLE, { slug: input!.slug })).article;
    expect(a.countries.map((c: { code: string }) => c.code)).toEqual(['AM', 'AZ', 'RU', 'US']);
  });

  it('ingests an HTML page through the same API, with its declared metadata', async () => {
    const page = readHtml(jsonLdPage, 'https://caucasus-monitor.example/2025/02/caesar');
    const { input } = prepareArticle(page.text, await fetchCatalog(client), {
      declared: page.declared,
      sourceUrl: page.sourceUrl,
      sourceName: page.sourceName,
    });
    expect(await upsertArticle(client, input!)).toMatchObject({ created: true });
    const a = (
      await data(
        `query ($slug: String!) { article(slug: $slug) { title publishedAt updatedAt section { name } authors { name } image { url } sourceUrl sourceName equipment { slug } } }`,
        { slug: input!.slug },
      )
    ).article;
    expect(a).toEqual({
      title: 'France Delivers Six More CAESAR Howitzers to Armenia',
      publishedAt: '2025-02-03T05:15:00.000Z',
      updatedAt: '2025-02-03T07:00:00.000Z',
      section: { name: 'Defence' },
      authors: [{ name: 'Lusine Petrosyan' }],
      image: { url: 'https://caucasus-monitor.example/img/caesar.jpg' },
      sourceUrl: 'https://caucasus-monitor.example/2025/02/caesar',
      sourceName: 'Caucasus Monitor',
      equipment: [{ slug: 'caesar' }],
    });
  });
});
