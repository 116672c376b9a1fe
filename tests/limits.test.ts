// The request pipeline's limits, with the defaults a deployment gets (src/config.ts
// DEFAULT_LIMITS, the same values as wrangler.toml, checked in tests/production/):
// each abusive operation of issue 10 is refused with 400, one error naming the
// limit, the value found and the maximum, a stable code, and no D1 statement.
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { DEFAULT_LIMITS } from '../src/config';
import { SEED_SLUG, graphqlPost } from './helpers';

/** This test Worker's env without its MAX_* overrides: the limits a deployment has. */
function envWith(overrides: Record<string, string> = {}): Env {
  const copy: Record<string, unknown> = { ...env };
  for (const key of Object.keys(copy)) if (key.startsWith('MAX_')) delete copy[key];
  return { ...copy, ...overrides } as unknown as Env;
}

interface Answer {
  status: number;
  body: {
    data?: any;
    errors?: { message: string; extensions?: { code?: string; limit?: { name: string; found: number; max: number } } }[];
    extensions?: { cost?: { requested: number; limit: number }; d1?: { statements: number } };
  };
}

async function post(
  query: string,
  variables?: Record<string, unknown>,
  e: Env = envWith(),
  headers: Record<string, string> = {},
): Promise<Answer> {
  const request = graphqlPost(query, variables, headers);
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], e, createExecutionContext());
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Fails unless `answer` is the refusal of `code`, with its numbers, and ran nothing. */
function expectRefused(answer: Answer, code: string, name: string, max: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect(error.extensions?.code).toBe(code);
  expect(error.extensions?.limit).toMatchObject({ name, max });
  expect(error.extensions!.limit!.found).toBeGreaterThan(max);
  expect(error.message).toContain(error.extensions!.limit!.found.toLocaleString('en-US'));
  expect(error.message).toContain(max.toLocaleString('en-US'));
  expect(answer.body.extensions?.d1?.statements).toBe(0);
}

const L = DEFAULT_LIMITS;

/** Fragments that each spread the previous one twice: 2^levels fields once expanded, from ~1 KB of text. */
function fragmentBomb(levels: number): string {
  const parts = ['query Bomb { article(slug: "x") { ...F' + levels + ' } }', 'fragment F0 on Article { slug }'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Article { ...F${i - 1} ...F${i - 1} }`);
  return parts.join('\n');
}

describe('the abusive operations of issue 10, refused before any D1 statement', () => {
  it('a fragment bomb (each fragment spreads the previous twice, 28 levels): MAX_FIELDS_EXCEEDED', async () => {
    const query = fragmentBomb(28);
    expect(query.length).toBeLessThan(1_500);
    const answer = await post(query);
    expectRefused(answer, 'MAX_FIELDS_EXCEEDED', 'fields', L.fields);
    expect(answer.body.errors![0].extensions!.limit!.found).toBe(2 ** 28 + 1);
  });

  it('articles(first: 100) → section → articles(first: 100), three times: MAX_COST_EXCEEDED', async () => {
    const query = `{ articles(first: 100) { edges { node { section { articles(first: 100) { edges { node { section {
      articles(first: 100) { edges { node { slug } } } } } } } } } } } }`;
    expectRefused(await post(query), 'MAX_COST_EXCEEDED', 'cost', L.cost);
  });

  it('related of related of related under 100 articles (under 100 characters): MAX_COST_EXCEEDED', async () => {
    const query = '{ articles(first:100) { edges { node { related { related { related { slug } } } } } } }';
    expect(query.length).toBeLessThan(100);
    expectRefused(await post(query), 'MAX_COST_EXCEEDED', 'cost', L.cost);
  });

  it('2,000 aliases of article: refused while parsing (MAX_TOKENS_EXCEEDED); 40 of them: MAX_ALIASES_EXCEEDED', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: article(slug: "x") { slug }`).join(' ')} }`;
    expectRefused(await post(aliases(2_000)), 'MAX_TOKENS_EXCEEDED', 'tokens', L.tokens);
    expectRefused(await post(aliases(40)), 'MAX_ALIASES_EXCEEDED', 'aliases', L.aliases);
  });

  it('5,000 nested braces: 400 while parsing, never a stack overflow', async () => {
    const answer = await post(`{ ${'a { '.repeat(5_000)} b ${'} '.repeat(5_000)} }`);
    expectRefused(answer, 'MAX_TOKENS_EXCEEDED', 'tokens', L.tokens);
  });

  it('50 to 200 levels of valid nesting: MAX_DEPTH_EXCEEDED, not a masked D1 error', async () => {
    for (const levels of [50, 200]) {
      let inner = 'slug';
      for (let i = 0; i < levels; i++)
        inner =
          i % 2
            ? `section { articles(first: 1) { edges { node { ${inner} } } } }`
            : `section { articles(first: 1) { edges { node { ${inner} } } } }`;
      const answer = await post(`{ article(slug: "${SEED_SLUG}") { ${inner} } }`);
      // Past the token limit for 200 levels; past depth for 50.
      const code = answer.body.errors?.[0].extensions?.code;
      expect(['MAX_DEPTH_EXCEEDED', 'MAX_TOKENS_EXCEEDED']).toContain(code);
      expectRefused(answer, code!, code === 'MAX_DEPTH_EXCEEDED' ? 'depth' : 'tokens', code === 'MAX_DEPTH_EXCEEDED' ? L.depth : L.tokens);
    }
    let inner = 'slug';
    for (let i = 0; i < 4; i++) inner = `section { articles(first: 1) { edges { node { ${inner} } } } }`;
    expectRefused(await post(`{ article(slug: "${SEED_SLUG}") { ${inner} } }`), 'MAX_DEPTH_EXCEEDED', 'depth', L.depth);
  });

  it('more root fields than allowed, fragments included: MAX_ROOT_FIELDS_EXCEEDED', async () => {
    const roots = [
      'sections { slug }',
      'countries { code }',
      'authors { edges { cursor } }',
      'deals { edges { cursor } }',
      'equipmentList { edges { cursor } }',
    ];
    const query = `query { ...R ${roots.join(' ')} } fragment R on Query { ${roots.map((r, i) => `r${i}: ${r}`).join(' ')} s: article(slug: "x") { slug } }`;
    expectRefused(await post(query), 'MAX_ROOT_FIELDS_EXCEEDED', 'rootFields', L.rootFields);
  });

  it('more directives than allowed: MAX_DIRECTIVES_EXCEEDED', async () => {
    const query = `{ article(slug: "${SEED_SLUG}") { ${Array.from({ length: L.directives + 1 }, () => 'slug @include(if: true)').join(' ')} } }`;
    expectRefused(await post(query), 'MAX_DIRECTIVES_EXCEEDED', 'directives', L.directives);
  });
});

describe('what the defaults let through', () => {
  const files = import.meta.glob<string>(['../schema/operations/*.graphql', '../bench/operations/*.graphql'], {
    query: '?raw',
    import: 'default',
    eager: true,
  });

  it('every operation an app ships and the bench runs, with its cost reported', async () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(7);
    for (const [path, query] of Object.entries(files)) {
      const variables = /\$code: String!/.test(query)
        ? { code: 'AM' }
        : /\$q(uery)?: String!/.test(query)
          ? { q: 'caesar', query: 'caesar' }
          : {};
      const answer = await post(query, variables);
      expect(answer.body.errors, path).toBeUndefined();
      expect(answer.body.extensions?.cost, path).toEqual({ requested: expect.any(Number), limit: L.cost });
      expect(answer.body.extensions!.cost!.requested, path).toBeLessThanOrEqual(L.cost / 2);
    }
  });

  it("the explorer's introspection query (GraphiQL 4's options)", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      schemaDescription: true,
      directiveIsRepeatable: true,
      specifiedByUrl: true,
    });
    const answer = await post(query);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('cost', () => {
  it('follows the model: a connection multiplies its page, scalars are free', async () => {
    const answer = await post(`{ articles(first: 10) { edges { node { title section { name } } } } }`);
    expect(answer.body.extensions?.cost).toEqual({ requested: 1 + 10 * 2, limit: L.cost });
  });

  it('prices a count once per connection, whatever its page size: `first: 0` does not make a count free', async () => {
    const count = await post(`{ articles(first: 0) { totalCount } }`);
    expect(count.body.extensions?.cost?.requested).toBe(1 + 100);
    const page = await post(`{ articles(first: 10) { totalCount edges { node { slug } } } }`);
    expect(page.body.extensions?.cost?.requested).toBe(1 + 100 + 10 * 1);
    // 100 articles, each of its countries' article count: 20 million rows read at 100k (bench/RESULTS.md), refused.
    const everyCount = '{ articles(first: 100) { edges { node { countries { articles(first: 0) { totalCount } } } } } }';
    expectRefused(await post(everyCount), 'MAX_COST_EXCEEDED', 'cost', L.cost);
  });

  it('reads `first` from the variables: the same document costs more with a larger page, and is refused above the budget', async () => {
    const query = `query($n: Int, $m: Int) { articles(first: $n) { edges { node { related { slug } section { articles(first: $m) { edges { node { slug } } } } } } } }`;
    const small = await post(query, { n: 2, m: 2 });
    const larger = await post(query, { n: 20, m: 2 });
    expect(small.body.errors).toBeUndefined();
    expect(larger.body.extensions!.cost!.requested).toBeGreaterThan(small.body.extensions!.cost!.requested);
    expectRefused(await post(query, { n: 100, m: 100 }), 'MAX_COST_EXCEEDED', 'cost', L.cost);
  });

  it('prices nodes(ids:) by the ids given, and a default page when first is absent', async () => {
    const one = await post(`{ nodes(ids: ["QXJ0aWNsZTox"]) { id } }`);
    const three = await post(`{ nodes(ids: ["QXJ0aWNsZTox", "QXJ0aWNsZToy", "QXJ0aWNsZToz"]) { id } }`);
    expect(three.body.extensions!.cost!.requested - 1).toBe(3 * (one.body.extensions!.cost!.requested - 1));
    const defaultPage = await post(`{ articles { edges { node { section { slug } } } } }`);
    expect(defaultPage.body.extensions!.cost!.requested).toBe(1 + 20 * 2);
  });

  it('a fast-lane request is priced with its own variables: over the budget it is refused like any other', async () => {
    const query = `query Lane($n: Int) { articles(first: $n) { edges { node { slug section { articles(first: $n) { edges { node { slug } } } } } } } }`;
    const e = envWith();
    expect((await post(query, { n: 2 }, e)).body.errors).toBeUndefined(); // learned by the lane
    const lane = await post(query, { n: 3 }, e);
    expect(lane.body.extensions?.cost?.requested).toBeGreaterThan(0);
    expectRefused(await post(query, { n: 100 }, e), 'MAX_COST_EXCEEDED', 'cost', L.cost);
  });

  it('each limit is a [vars] setting', async () => {
    const tight = envWith({ MAX_DEPTH: '3', MAX_COST: '10' });
    expectRefused(
      await post(`{ article(slug: "${SEED_SLUG}") { section { articles(first: 1) { edges { node { slug } } } } } }`, undefined, tight),
      'MAX_DEPTH_EXCEEDED',
      'depth',
      3,
    );
    expectRefused(await post(`{ articles(first: 20) { totalCount } }`, undefined, tight), 'MAX_COST_EXCEEDED', 'cost', 10);
    // A value that is not a positive integer keeps the default, never "no limit".
    const broken = envWith({ MAX_COST: 'lots' });
    expectRefused(
      await post('{ articles(first:100) { edges { node { related { related { related { slug } } } } } } }', undefined, broken),
      'MAX_COST_EXCEEDED',
      'cost',
      L.cost,
    );
  });
});
