// A seeded random sequence over a generated corpus: writes through the API as
// an editor and reads from a pool of shapes with random arguments (drawn once,
// then read repeatedly, as clients do), mixed; every
// cached read that is a hit is compared with the uncached truth (a miss was
// just executed, so it is the truth). The seed is fixed and printed with any
// failure, with the steps that led to it.
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../scripts/corpus/prng';
import { ALL_SCOPES, createToken } from './editor';
import { loadGeneratedCorpus } from './fixtures';
import { cacheOn, isHit, send, stable, truth, write } from './cache-check';

const SEED = 20_261_127;
const STEPS = 520;
const e = cacheOn();
const rng = new Rng(SEED, 11);
let token: string;
const pool = {
  articles: [] as string[],
  sections: [] as string[],
  authors: [] as string[],
  countries: [] as string[],
  deals: [] as string[],
  equipment: [] as string[],
};

beforeAll(async () => {
  await loadGeneratedCorpus({ articles: 100, seed: 7 });
  token = await createToken(ALL_SCOPES, 'cache-random');
  const data = (await truth(
    `{ articles(first: 100) { edges { node { slug section { slug } authors { slug } countries { code } deals { slug } equipment { slug } } } } }`,
  )) as any;
  const add = (list: string[], v: string) => list.includes(v) || list.push(v);
  for (const { node } of data.articles.edges) {
    pool.articles.push(node.slug);
    if (node.section) add(pool.sections, node.section.slug);
    node.authors.forEach((a: { slug: string }) => add(pool.authors, a.slug));
    node.countries.forEach((c: { code: string }) => add(pool.countries, c.code));
    node.deals.forEach((d: { slug: string }) => add(pool.deals, d.slug));
    node.equipment.forEach((q: { slug: string }) => add(pool.equipment, q.slug));
  }
  // Few values, so reads repeat and hits happen.
  for (const k of Object.keys(pool) as (keyof typeof pool)[]) pool[k] = pool[k].slice(0, k === 'articles' ? 20 : 4);
}, 60_000);

const list = `totalCount edges { node { id slug title publishedAt } }`;
const q = JSON.stringify;

/** Read shapes with random arguments (drawn from small pools). */
const READS: (() => string)[] = [
  () =>
    `article(slug: ${q(rng.pick(pool.articles))}) { id title publishedAt section { id slug name } authors { id name } countries { id code name } deals { id title } equipment { id name } }`,
  () => `article(slug: ${q(rng.pick(pool.articles))}) { title section { name } }`,
  () => `section(slug: ${q(rng.pick(pool.sections))}) { id name articles(first: ${rng.pick([5, 10])}) { ${list} } }`,
  () =>
    `country(code: ${q(rng.pick(pool.countries))}) { id name articles(first: 5) { ${list} } deals(first: 5) { totalCount edges { node { id slug } } } operates { id slug } originOf { id slug } }`,
  () => `author(slug: ${q(rng.pick(pool.authors))}) { id name articles(first: 5) { ${list} } }`,
  () =>
    `deal(slug: ${q(rng.pick(pool.deals))}) { id title kind parties { role country { id code name } } equipment { id slug name } articles(first: 5) { ${list} } }`,
  () =>
    `equipment(slug: ${q(rng.pick(pool.equipment))}) { id name originCountry { id code } operators { id code } articles(first: 5) { totalCount } }`,
  () => `articles(first: ${rng.pick([5, 10])}, orderBy: ${rng.pick(['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC'])}) { ${list} }`,
  () => {
    const dims = ['section', 'author', 'country', 'deal', 'equipment'] as const;
    const pools = { section: pool.sections, author: pool.authors, country: pool.countries, deal: pool.deals, equipment: pool.equipment };
    const chosen = rng.chance(0.3) ? [rng.pick(dims), rng.pick(dims)] : [rng.pick(dims)];
    const filter = [...new Set(chosen)].map((d) => `${d}: ${q(rng.pick(pools[d]))}`);
    if (rng.chance(0.3)) filter.push(`publishedAfter: ${q(rng.pick(['2020-01-01T00:00:00Z', '2024-01-01T00:00:00Z']))}`);
    return `articles(first: 5, filter: { ${filter.join(', ')} }) { ${list} }`;
  },
  () =>
    `search(query: ${q(rng.pick(['defence', 'army', 'missile', 'deal', 'minister']))}, first: 5${rng.chance(0.5) ? `, filter: { section: ${q(rng.pick(pool.sections))} }` : ''}) { totalCount edges { node { id slug } } facets { sections { value name count } countries { value name count } } }`,
  () => `sections { id slug name }`,
  () => `countries { code name }`,
  () => `article(slug: ${q(rng.pick(pool.articles))}) { id related { id slug } }`,
  () => `articles(first: 5) { edges { node { title } } }`,
  () => `deals(first: 5) { edges { node { id slug parties { country { code } } } } }`,
];

const iso = (days: number) => new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString();
const some = <T>(items: T[], max: number) => [...new Set(Array.from({ length: rng.int(0, max) }, () => rng.pick(items)))];

/** Random writes through the API; each returns a description for the log. */
const WRITES: (() => Promise<string>)[] = [
  async () => {
    const slug = rng.pick(pool.articles);
    const current = (
      await send(e, `query($slug: String!) { article(slug: $slug) { revision } }`, { slug }, { authorization: `Bearer ${token}` })
    ).body.data.article;
    if (!current) return `skip ${slug} (deleted)`;
    const change = rng.pick([
      () => ({ title: `Retitled ${rng.int(0, 1e6)}` }),
      () => ({ section: { slug: rng.pick(pool.sections), name: 'x' } }),
      () => ({ countries: some(pool.countries, 3) }),
      () => ({ deals: some(pool.deals, 2) }),
      () => ({ equipment: some(pool.equipment, 2) }),
      () => ({ authors: some(pool.authors, 2).map((slug) => ({ slug, name: 'x' })) }),
      () => ({ publishedAt: iso(rng.int(-2000, 700)) }),
    ])();
    if ('authors' in change && !change.authors.length) return 'skip (no authors)';
    await write(e, token, `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id } } }`, {
      input: { slug, revision: current.revision, ...change },
    });
    return `updateArticle ${slug} ${q(change)}`;
  },
  async () => {
    const slug = rng.pick(pool.articles);
    const op = rng.pick(['publishArticle', 'unpublishArticle', 'deleteArticle', 'publishLater']);
    const name = op === 'publishLater' ? 'publishArticle' : op;
    const input = { slug, ...(op === 'publishLater' ? { at: new Date(Date.now() + 86_400_000).toISOString() } : {}) };
    const res = await send(
      e,
      `mutation($input: ${name === 'publishArticle' ? 'PublishArticleInput' : 'ArticleTargetInput'}!) { ${name}(input: $input) { __typename } }`,
      { input },
      { authorization: `Bearer ${token}` },
    );
    return `${op} ${slug}${res.body.errors ? ` (refused: ${res.body.errors[0].extensions?.code})` : ''}`;
  },
  async () => {
    const slug = rng.pick(pool.articles);
    const op = rng.pick(['linkArticle', 'unlinkArticle']);
    const input = { slug, countries: some(pool.countries, 2), equipment: some(pool.equipment, 1), deals: some(pool.deals, 1) };
    const res = await send(
      e,
      `mutation($input: ArticleLinksInput!) { ${op}(input: $input) { __typename } }`,
      { input },
      { authorization: `Bearer ${token}` },
    );
    return `${op} ${q(input)}${res.body.errors ? ` (refused: ${res.body.errors[0].extensions?.code})` : ''}`;
  },
  async () => {
    const slug = `random-${rng.int(0, 1e9)}`;
    const input = {
      slug,
      title: `Random story ${slug}`,
      body: [{ kind: 'PARAGRAPH', text: 'A random defence story about a deal.' }],
      publishedAt: iso(rng.int(0, 700)),
      section: { slug: rng.pick(pool.sections), name: 'x' },
      authors: [{ slug: rng.pick(pool.authors), name: 'x' }],
      countries: some(pool.countries, 2),
      deals: some(pool.deals, 1),
      equipment: some(pool.equipment, 2),
    };
    await write(e, token, `mutation($input: UpsertArticleInput!) { upsertArticle(input: $input) { created } }`, { input });
    pool.articles.push(slug);
    return `upsertArticle ${q(input)}`;
  },
  async () => {
    const kind = rng.pick(['Section', 'Country', 'Author', 'Equipment', 'Deal']);
    const name = `Renamed ${rng.int(0, 1e6)}`;
    const [mutation, input] =
      kind === 'Section'
        ? ['updateSection(input: { slug: $k, name: $n }) { __typename }', rng.pick(pool.sections)]
        : kind === 'Country'
          ? ['updateCountry(input: { code: $k, name: $n }) { __typename }', rng.pick(pool.countries)]
          : kind === 'Author'
            ? ['updateAuthor(input: { slug: $k, name: $n }) { __typename }', rng.pick(pool.authors)]
            : kind === 'Equipment'
              ? ['updateEquipment(input: { slug: $k, name: $n, operators: $c }) { __typename }', rng.pick(pool.equipment)]
              : ['updateDeal(input: { slug: $k, title: $n, parties: $p }) { __typename }', rng.pick(pool.deals)];
    const vars: Record<string, unknown> = { k: input, n: name };
    const decl = ['$k: String!', '$n: String!'];
    if (kind === 'Equipment') (vars.c = some(pool.countries, 2)), decl.push('$c: [String!]');
    if (kind === 'Deal')
      (vars.p = some(pool.countries, 2).map((country, i) => ({ country, role: i ? 'RECIPIENT' : 'SUPPLIER' }))),
        decl.push('$p: [DealPartyInput!]');
    await write(e, token, `mutation(${decl.join(', ')}) { ${mutation} }`, vars);
    return `update${kind} ${q(vars)}`;
  },
];

it(`seeded random sequence (seed ${SEED}): ${STEPS} steps of writes and reads, every cached read equals the truth`, {
  timeout: 120_000,
}, async () => {
  const log: string[] = [];
  let hits = 0;
  let misses = 0;
  let writes = 0;
  const started = Date.now();
  // A pool of concrete reads drawn once (every shape, random arguments), read again and again as clients do.
  const queries = Array.from({ length: 3 * READS.length }, (_, i) => `query CR { ${READS[i % READS.length]()} }`);
  for (let step = 0; step < STEPS; step++) {
    if (rng.chance(0.2)) {
      log.push(`${step} write ${await rng.pick(WRITES)()}`);
      writes++;
      continue;
    }
    const query = rng.pick(queries);
    log.push(`${step} read ${query}`);
    const cached = await send(e, query);
    expect(cached.body.errors, `seed ${SEED}, step ${step}: ${query}`).toBeUndefined();
    if (!isHit(cached)) {
      misses++;
      continue;
    }
    hits++;
    const now = await truth(query);
    if (stable(cached.body.data) !== stable(now)) {
      expect.fail(
        `stale answer: seed ${SEED}, step ${step}\n${query}\ncached ${stable(cached.body.data)}\ntruth  ${stable(now)}\nlast steps:\n${log.slice(-15).join('\n')}`,
      );
    }
  }
  console.log(
    `cache random (seed ${SEED}): ${STEPS} steps, ${writes} writes, ${hits + misses} reads: ${hits} hits (each equal to the truth), ${misses} misses, ${Date.now() - started} ms`,
  );
  expect(writes).toBeGreaterThan(STEPS / 10);
  expect(hits).toBeGreaterThan(STEPS / 10);
});
