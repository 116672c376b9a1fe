import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, articleInput, createToken } from './editor';
import { FaultyD1 } from './faulty-d1';
import { insertArticles, manyArticles } from './fixtures';
import { SEED_SLUG } from './helpers';
import { allowedMiss, cacheOn, isHit, isStored, send, stable, storyFacts, tagsOf, truth, write, type WriteFacts } from './cache-check';

/** The coarse cases a purge of an unchanged answer may fall under (the reasons `allowedMiss` gives), and nothing else. */
const ALLOWANCES = [
  'search: every search is one tag',
  'related: every related list is one tag',
  'articles/multi: lists on several subjects, when a write has more than 256 combinations',
  'list:<Type>: every list of an entity type is one tag',
  'Article (or the entity type): objects shown without id or key',
  'the object written (tags name objects, not fields)',
  'a list the story entered, left or moved in (window, order and page are not in the tag)',
];

const S = 'cc-story';
const D = 'cc-draft';
const P = 'cc-published';
const e = cacheOn();
let token: string;
const ids: Record<string, string> = {};

interface Shape {
  name: string;
  query: string;
}

const list = `totalCount edges { node { id slug } }`;

/** Every cached shape, with the ids known so far. */
function shapes(): Shape[] {
  const s: [string, string][] = [
    [
      'storyPage',
      `article(slug: "${S}") { id slug title dek publishedAt section { id slug name } authors { id slug name } countries { id code name } deals { id slug title } equipment { id slug name } }`,
    ],
    ['seedPage', `article(slug: "${SEED_SLUG}") { id slug title section { id slug name } countries { id code name } }`],
    ['seedPageNoIds', `article(slug: "${SEED_SLUG}") { title section { name } countries { name } }`],
    ['draftLookup', `article(slug: "${D}") { id title }`],
    ['sectionWar', `section(slug: "war") { id name articles(first: 10) { totalCount edges { node { id slug title } } } }`],
    ['sectionDesk', `section(slug: "cc-desk") { id name articles(first: 10) { ${list} } }`],
    ...['AM', 'IN'].map((c): [string, string] => [
      `country${c}`,
      `country(code: "${c}") { id name articles(first: 10) { ${list} } deals(first: 10) { totalCount edges { node { id slug title } } } operates { id slug name } originOf { id slug } }`,
    ]),
    ['countryQZ', `country(code: "QZ") { id name }`],
    ['authorPage', `author(slug: "kathrine-frich") { id name articles(first: 10) { ${list} } }`],
    ['authorNew', `author(slug: "cc-writer") { id name articles(first: 5) { totalCount } }`],
    [
      'dealPage',
      `deal(slug: "france-armenia-caesar-howitzers") { id title kind parties { role country { id code name } } equipment { id slug name } articles(first: 5) { ${list} } }`,
    ],
    ['dealNew', `deal(slug: "cc-deal") { id title parties { role country { id code } } equipment { id slug } }`],
    ...['caesar'].map((q): [string, string] => [
      `equipment-${q}`,
      `equipment(slug: "${q}") { id name originCountry { id code name } operators { id code } deals(first: 5) { edges { node { id slug } } } articles(first: 5) { ${list} } }`,
    ]),
    ['equipmentNew', `equipment(slug: "cc-gun") { id name originCountry { id code } operators { id code } }`],
    ['newest', `articles(first: 10) { totalCount edges { node { id slug publishedAt } } }`],
    ['oldest', `articles(first: 10, orderBy: PUBLISHED_AT_ASC) { edges { node { id slug } } }`],
    ['bySection', `articles(first: 10, filter: { section: "war" }) { ${list} }`],
    ['byAuthor', `articles(first: 10, filter: { author: "kathrine-frich" }) { ${list} }`],
    ['byCountry', `articles(first: 10, filter: { country: "FR" }) { ${list} }`],
    ['byDeal', `articles(first: 10, filter: { deal: "france-armenia-caesar-howitzers" }) { ${list} }`],
    ['byEquipment', `articles(first: 10, filter: { equipment: "bastion" }) { ${list} }`],
    ['byCountrySection', `articles(first: 10, filter: { country: "AM", section: "war" }) { ${list} }`],
    ['byCountryEquipment', `articles(first: 10, filter: { country: "IN", equipment: "caesar" }) { ${list} }`],
    ['windowOld', `articles(first: 10, filter: { publishedBefore: "2020-01-01T00:00:00Z" }) { ${list} }`],
    [
      'windowSection',
      `articles(first: 10, filter: { section: "war", publishedAfter: "2024-12-01T00:00:00Z", publishedBefore: "2024-12-20T00:00:00Z" }) { ${list} }`,
    ],
    [
      'nestedCounts',
      `article(slug: "${SEED_SLUG}") { id countries { id code articles(first: 2) { totalCount } } equipment { id slug articles(first: 2) { totalCount } } }`,
    ],
    ['nestedNoKey', `node(id: "${ids.war}") { id ... on Section { articles(first: 3) { totalCount edges { node { id } } } } }`],
    [
      'search',
      `search(query: "armenia", first: 5) { totalCount edges { node { id slug } } facets { sections { value name count } countries { value name count } equipment { value name count } dealKinds { value count } } }`,
    ],
    ['searchFiltered', `search(query: "defence", first: 5, filter: { section: "war" }) { totalCount edges { node { id slug } } }`],
    ['nodeSeed', `node(id: "${ids.seed}") { id ... on Article { title } }`],
    [
      'nodes',
      `nodes(ids: ["${ids.seed}", "${ids.war}", "${ids.AM}"]) { id ... on Article { title } ... on Section { name } ... on Country { name } }`,
    ],
    ['sections', `sections { id slug name }`],
    ['sectionsNoIds', `sections { name }`],
    ['countries', `countries { id code name }`],
    ['related', `article(slug: "${SEED_SLUG}") { id related { id slug } }`],
    ['listNoIds', `articles(first: 5) { edges { node { title } } }`],
    ['authors', `authors(first: 10) { edges { node { id slug name } } }`],
    ['deals', `deals(first: 10) { totalCount edges { node { id slug } } }`],
    ['dealsByCountry', `deals(first: 10, filter: { country: "AM" }) { edges { node { id slug } } }`],
    ['equipmentByOperator', `equipmentList(first: 10, filter: { operator: "AM" }) { edges { node { id slug } } }`],
  ];
  if (ids.story) s.push(['nodeStory', `node(id: "${ids.story}") { id ... on Article { title } }`]);
  return s.map(([name, body]) => ({ name, query: `query CC_${name.replace(/-/g, '_')} { ${body} }` }));
}

/** One write kind: what it does, and which objects it writes (for the allowances). */
interface WriteKind {
  name: string;
  /** Runs the write; returns the facts the allowances need. */
  run: () => Promise<WriteFacts>;
}

const revisionOf = async (slug: string) =>
  (await send(e, `query($slug: String!) { article(slug: $slug) { id revision } }`, { slug }, { authorization: `Bearer ${token}` })).body
    .data.article as { id: string; revision: number };

const dbKey = (globalId: string) => atob(globalId).split(':')[1];

/** A write to one story through `mutation`, with its facts before and after. */
function storyWrite(name: string, slug: string, mutation: string, input: (revision: number) => Record<string, unknown>): WriteKind {
  return {
    name,
    run: async () => {
      const before = await storyFacts(token, slug);
      const current = before ? await revisionOf(slug) : null;
      await write(e, token, mutation, { input: input(current?.revision ?? 0) });
      const after = await storyFacts(token, slug, before);
      const id = current?.id ?? (await revisionOf(slug)).id;
      return { objects: [`Article:${dbKey(id)}`, `Article/slug=${slug}`], stories: [{ before, after }], entityTypes: [] };
    },
  };
}

const UPSERT = `mutation($input: UpsertArticleInput!) { upsertArticle(input: $input) { article { id } } }`;
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id } } }`;
const PUBLISH = `mutation($input: PublishArticleInput!) { publishArticle(input: $input) { article { id } } }`;
const UNPUBLISH = `mutation($input: ArticleTargetInput!) { unpublishArticle(input: $input) { article { id } } }`;
const DELETE = `mutation($input: ArticleTargetInput!) { deleteArticle(input: $input) { slug } }`;
const LINK = `mutation($input: ArticleLinksInput!) { linkArticle(input: $input) { article { id } } }`;
const UNLINK = `mutation($input: ArticleLinksInput!) { unlinkArticle(input: $input) { article { id } } }`;

const storyInput = (overrides: Record<string, unknown> = {}) =>
  articleInput({
    slug: S,
    title: 'Cache check story',
    publishedAt: '2025-06-01T10:00:00Z',
    countries: ['AM', 'FR'],
    equipment: ['caesar'],
    deals: [],
    ...overrides,
  });
const createInput = (slug: string, status?: string) => ({
  ...articleInput({ slug, title: `Story ${slug}`, publishedAt: '2025-05-01T10:00:00Z', countries: ['IN'] }),
  ...(status ? { status } : {}),
});

/** A write to an entity: its type, global id from the payload, natural key. */
function entityWrite(name: string, type: string, key: string, mutation: string, input: Record<string, unknown>): WriteKind {
  return {
    name,
    run: async () => {
      const data = await write(e, token, mutation, { input });
      const payload = Object.values(data)[0] as Record<string, { id: string }>;
      const id = Object.values(payload)[0].id;
      const keyName = type === 'Country' ? 'code' : 'slug';
      return { objects: [`${type}:${dbKey(id)}`, `${type}/${keyName}=${key}`], stories: [], entityTypes: [type] };
    },
  };
}

const WRITES: WriteKind[] = [
  storyWrite('upsertArticle (create)', S, UPSERT, () => storyInput()),
  storyWrite('upsertArticle (update)', S, UPSERT, () => storyInput({ title: 'Cache check story, corrected' })),
  storyWrite('createArticle (draft)', D, CREATE, () => createInput(D)),
  storyWrite('createArticle (published)', P, CREATE, () => createInput(P, 'PUBLISHED')),
  entityWrite(
    'createSection',
    'Section',
    'cc-desk',
    `mutation($input: SectionInput!) { createSection(input: $input) { section { id } } }`,
    { slug: 'cc-desk', name: 'Cache desk' },
  ),
  entityWrite('updateSection', 'Section', 'war', `mutation($input: SectionInput!) { updateSection(input: $input) { section { id } } }`, {
    slug: 'war',
    name: 'War and conflict',
  }),
  entityWrite('createAuthor', 'Author', 'cc-writer', `mutation($input: AuthorInput!) { createAuthor(input: $input) { author { id } } }`, {
    slug: 'cc-writer',
    name: 'Cache Writer',
  }),
  entityWrite(
    'updateAuthor',
    'Author',
    'kathrine-frich',
    `mutation($input: AuthorInput!) { updateAuthor(input: $input) { author { id } } }`,
    { slug: 'kathrine-frich', name: 'Kathrine Frich-Olsen' },
  ),
  entityWrite('createCountry', 'Country', 'QZ', `mutation($input: CountryInput!) { createCountry(input: $input) { country { id } } }`, {
    code: 'QZ',
    name: 'Cacheland',
  }),
  entityWrite('updateCountry', 'Country', 'FR', `mutation($input: CountryInput!) { updateCountry(input: $input) { country { id } } }`, {
    code: 'FR',
    name: 'French Republic',
  }),
  entityWrite('createDeal', 'Deal', 'cc-deal', `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } } }`, {
    slug: 'cc-deal',
    title: 'Cache deal',
    kind: 'ARMS_TRANSFER',
    parties: [
      { country: 'FR', role: 'SUPPLIER' },
      { country: 'AM', role: 'RECIPIENT' },
    ],
    equipment: ['caesar'],
  }),
  entityWrite(
    'updateDeal (parties)',
    'Deal',
    'cc-deal',
    `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { deal { id } } }`,
    {
      slug: 'cc-deal',
      parties: [
        { country: 'FR', role: 'SUPPLIER' },
        { country: 'IN', role: 'RECIPIENT' },
      ],
    },
  ),
  entityWrite(
    'updateDeal (equipment)',
    'Deal',
    'cc-deal',
    `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { deal { id } } }`,
    { slug: 'cc-deal', equipment: ['bastion'] },
  ),
  entityWrite(
    'updateDeal (kind)',
    'Deal',
    'france-armenia-caesar-howitzers',
    `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { deal { id } } }`,
    {
      slug: 'france-armenia-caesar-howitzers',
      kind: 'DEFENCE_COOPERATION',
    },
  ),
  entityWrite(
    'createEquipment',
    'Equipment',
    'cc-gun',
    `mutation($input: CreateEquipmentInput!) { createEquipment(input: $input) { equipment { id } } }`,
    {
      slug: 'cc-gun',
      name: 'Cache gun',
      kind: 'ARTILLERY',
      originCountry: 'FR',
      operators: ['IN'],
    },
  ),
  entityWrite(
    'updateEquipment (operators)',
    'Equipment',
    'cc-gun',
    `mutation($input: UpdateEquipmentInput!) { updateEquipment(input: $input) { equipment { id } } }`,
    { slug: 'cc-gun', operators: ['AM', 'US'] },
  ),
  entityWrite(
    'updateEquipment (origin)',
    'Equipment',
    'cc-gun',
    `mutation($input: UpdateEquipmentInput!) { updateEquipment(input: $input) { equipment { id } } }`,
    { slug: 'cc-gun', originCountry: 'IN' },
  ),
  entityWrite(
    'updateEquipment (name)',
    'Equipment',
    'caesar',
    `mutation($input: UpdateEquipmentInput!) { updateEquipment(input: $input) { equipment { id } } }`,
    { slug: 'caesar', name: 'CAESAR howitzer' },
  ),
  storyWrite('updateArticle (text)', S, UPDATE, (revision) => ({
    slug: S,
    revision,
    title: 'Cache check story, retitled',
    body: [{ kind: 'PARAGRAPH', text: 'A new body about defence.' }],
  })),
  storyWrite('updateArticle (section)', S, UPDATE, (revision) => ({ slug: S, revision, section: { slug: 'cc-desk', name: 'Cache desk' } })),
  storyWrite('updateArticle (authors)', S, UPDATE, (revision) => ({
    slug: S,
    revision,
    authors: [{ slug: 'cc-writer', name: 'Cache Writer' }],
  })),
  storyWrite('updateArticle (countries)', S, UPDATE, (revision) => ({ slug: S, revision, countries: ['AM', 'IN'] })),
  storyWrite('updateArticle (deals)', S, UPDATE, (revision) => ({ slug: S, revision, deals: ['france-armenia-caesar-howitzers'] })),
  storyWrite('updateArticle (equipment)', S, UPDATE, (revision) => ({ slug: S, revision, equipment: ['caesar', 'bastion'] })),
  storyWrite('updateArticle (publishedAt)', S, UPDATE, (revision) => ({ slug: S, revision, publishedAt: '2024-06-01T10:00:00Z' })),
  storyWrite('updateArticle (section back)', S, UPDATE, (revision) => ({
    slug: S,
    revision,
    section: { slug: 'war', name: 'War' },
    publishedAt: '2025-06-01T10:00:00Z',
  })),
  storyWrite('publishArticle (now)', D, PUBLISH, (revision) => ({ slug: D, revision })),
  storyWrite('publishArticle (scheduled)', P, PUBLISH, (revision) => ({
    slug: P,
    revision,
    at: new Date(Date.now() + 3_600_000).toISOString(),
  })),
  storyWrite('linkArticle', S, LINK, (revision) => ({ slug: S, revision, countries: ['US'], equipment: ['atags'] })),
  storyWrite('unlinkArticle', S, UNLINK, (revision) => ({ slug: S, revision, countries: ['AM'] })),
  storyWrite('unpublishArticle', S, UNPUBLISH, (revision) => ({ slug: S, revision })),
  storyWrite('deleteArticle', D, DELETE, (revision) => ({ slug: D, revision })),
];

interface Filled {
  shape: Shape;
  before: string;
  tags: string[];
}

const tally = { hits: 0, allowedMisses: 0, changedMisses: 0, reasons: new Map<string, number>() };

/**
 * Truths read by the last check, valid until the next write: nothing writes
 * between one write's check and the next fill, so the fill need not read them again.
 */
const verified = new Map<string, string>();

/** Fills the cache with every shape and records each one's truth and tags. */
async function fill(): Promise<Filled[]> {
  const out: Filled[] = [];
  const known = new Map(verified);
  verified.clear();
  for (const shape of shapes()) {
    const cached = await send(e, shape.query);
    expect(cached.body.errors, shape.name).toBeUndefined();
    // A miss was just executed (it is the truth) and must have been stored; a hit
    // (kept from the previous write) must equal the truth: never stale, also across the fill.
    const now = isHit(cached) ? (known.get(shape.name) ?? stable(await truth(shape.query))) : stable(cached.body.data);
    if (isHit(cached)) expect(stable(cached.body.data), `${shape.name} stale before the write`).toBe(now);
    else expect(isStored(cached), `${shape.name}: ${cached.headers.get('cache-status')}`).toBe(true);
    out.push({ shape, before: now, tags: tagsOf(cached) });
  }
  return out;
}

/** After a write: never stale; a shape whose truth did not change is a hit unless an allowance explains it. */
async function check(label: string, filled: Filled[], facts: WriteFacts | null) {
  const stale: string[] = [];
  const overPurged: string[] = [];
  for (const f of filled) {
    const cached = await send(e, f.shape.query);
    // A miss is answered by execution: only a hit can be stale, and only a hit needs the uncached read.
    const now = isHit(cached) ? stable(await truth(f.shape.query)) : stable(cached.body.data);
    verified.set(f.shape.name, now);
    if (stable(cached.body.data) !== now) stale.push(`${f.shape.name}\n   cached ${stable(cached.body.data)}\n   truth  ${now}`);
    if (isHit(cached)) {
      tally.hits++;
      continue;
    }
    if (now !== f.before) {
      tally.changedMisses++;
      continue;
    }
    const reason = facts ? allowedMiss(f.tags, facts) : null;
    if (reason) {
      tally.allowedMisses++;
      expect(ALLOWANCES, `${f.shape.name}: an allowance not listed`).toContain(reason);
      tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    } else overPurged.push(`${f.shape.name} [${f.tags.join(' ')}]`);
  }
  expect(stale, `${label}: stale answers`).toEqual([]);
  expect(overPurged, `${label}: purged though the write cannot change them`).toEqual([]);
}

beforeAll(async () => {
  token = await createToken(ALL_SCOPES, 'cache-correctness');
  // Depth for the lists: a dozen stories older than the seed's, written before anything is cached.
  await insertArticles(manyArticles(12, 'cc-fixture'));
  const known = (await truth(`{ article(slug: "${SEED_SLUG}") { id } section(slug: "war") { id } country(code: "AM") { id } }`)) as any;
  ids.seed = known.article.id;
  ids.war = known.section.id;
  ids.AM = known.country.id;
});

describe('every write kind × every cached shape: never stale, never over-purged', () => {
  it(`${WRITES.length} write kinds, each after filling every shape`, { timeout: 300_000 }, async () => {
    for (const w of WRITES) {
      const filled = await fill();
      const facts = await w.run();
      if (!ids.story) {
        const story = (await truth(`{ article(slug: "${S}") { id } }`)) as { article: { id: string } | null };
        if (story.article) ids.story = story.article.id;
      }
      await check(w.name, filled, facts);
    }
    console.log(
      `cache correctness: ${WRITES.length} write kinds × ${shapes().length} shapes; after the writes ${tally.hits} hits, ${tally.changedMisses} misses of changed answers, ${tally.allowedMisses} allowed misses of unchanged answers`,
      Object.fromEntries(tally.reasons),
      '\nallowances:',
      ALLOWANCES,
    );
  });
});

describe('writes that purge what they should and nothing else', () => {
  const republish = async () => {
    const facts = await storyWrite('republish', S, PUBLISH, (revision) => ({ slug: S, revision })).run();
    return facts;
  };

  it('several mutations in one operation: each one purges what it changed', { timeout: 120_000 }, async () => {
    await republish();
    const filled = await fill();
    const before = await storyFacts(token, S);
    const { revision, id } = await revisionOf(S);
    const data = await write(
      e,
      token,
      `mutation($story: UpdateArticleInput!, $country: CountryInput!) {
        a: updateArticle(input: $story) { article { id } }
        b: updateCountry(input: $country) { country { id } }
      }`,
      {
        story: { slug: S, revision, section: { slug: 'cc-desk', name: 'Cache desk' }, title: 'Two at once' },
        country: { code: 'IN', name: 'Republic of India' },
      },
    );
    const after = await storyFacts(token, S);
    await check('two mutations', filled, {
      objects: [`Article:${dbKey(id)}`, `Article/slug=${S}`, `Country:${dbKey(data.b.country.id)}`, 'Country/code=IN'],
      stories: [{ before, after }],
      entityTypes: ['Country'],
    });
  });

  it('a write that fails purges nothing: every answer is still a hit', { timeout: 120_000 }, async () => {
    const filled = await fill();
    const { revision } = await revisionOf(S);
    // Refused before anything is written: a stale revision, a missing country.
    for (const [query, input] of [
      [UPDATE, { slug: S, revision: revision - 1, title: 'Lost update' }],
      [LINK, { slug: S, revision, countries: ['ZX'] }],
    ] as const) {
      const res = await send(e, query, { input }, { authorization: `Bearer ${token}` });
      expect(res.body.errors?.[0]?.extensions?.code).toMatch(/CONFLICT|NOT_FOUND/);
    }
    // The batch itself fails in D1: nothing is committed.
    const d1 = new FaultyD1().fail(/article_revisions/i, 'D1_ERROR: Network connection lost.');
    const failed = await send(
      cacheOn(d1.binding()),
      UPDATE,
      { input: { slug: S, revision, title: 'Never written' } },
      { authorization: `Bearer ${token}` },
    );
    expect(failed.body.errors?.length).toBeGreaterThan(0);
    expect(d1.count(/article_revisions/i)).toBeGreaterThan(0);
    expect((await revisionOf(S)).revision).toBe(revision);
    await check('failed writes', filled, null);
    for (const f of filled) expect(isHit(await send(e, f.shape.query)), f.shape.name).toBe(true);
  });

  it('an operation whose first mutation commits and second fails: the first is purged', { timeout: 120_000 }, async () => {
    const filled = await fill();
    const before = await storyFacts(token, S);
    const { revision, id } = await revisionOf(S);
    const res = await send(
      e,
      `mutation($a: UpdateArticleInput!, $b: ArticleLinksInput!) { a: updateArticle(input: $a) { article { id } } b: linkArticle(input: $b) { article { id } } }`,
      { a: { slug: S, revision, title: 'First one counts' }, b: { slug: S, countries: ['ZX'] } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.body.data.a.article.id).toBe(id);
    expect(res.body.errors?.[0]?.path).toEqual(['b']);
    const after = await storyFacts(token, S);
    await check('one of two', filled, {
      objects: [`Article:${dbKey(id)}`, `Article/slug=${S}`],
      stories: [{ before, after }],
      entityTypes: [],
    });
    const page = await send(e, shapes().find((s) => s.name === 'storyPage')!.query);
    expect(page.body.data.article.title).toBe('First one counts');
  });
});

describe('the tag index outlives every answer it lists', () => {
  it('a short-lived answer stored after a long-lived one with the same tag does not shorten the index entry', async () => {
    const { store, indexKey } = await import('../src/cache/store');
    const tag = 'Article:cc-index-lifetime';
    const day = 86_400;
    await store('https://edge-cache.news-graph.invalid/answer/cc-long', new Response('{}'), [tag], day);
    await store('https://edge-cache.news-graph.invalid/answer/cc-short', new Response('{}'), [tag], 60);
    const index = await (await caches.open('graphql')).match(indexKey(tag));
    expect(index).toBeDefined();
    expect(await index!.json()).toEqual([
      'https://edge-cache.news-graph.invalid/answer/cc-long',
      'https://edge-cache.news-graph.invalid/answer/cc-short',
    ]);
    // Before, the second store set max-age=60: after a minute the long answer could no longer be purged.
    expect(Number(/max-age=(\d+)/.exec(index!.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThan(day - 60);
  });
});
