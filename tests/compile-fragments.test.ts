// Fragments in the operation compiler (src/graphql/compile): each fragment is
// expanded once per selection set, as graphql-js does, so planning stays linear
// in the document. A chain of fragments that each spread the previous one twice
// used to be expanded 2^n times (28 levels: ~14 s and a restarted isolate).
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_PLANNED_FIELDS, planOperation } from '../src/graphql/compile/compile';
import { schema } from '../src/graphql/schema';
import { gql, SEED_SLUG } from './helpers';

/** `fragment Fn on T { ...F(n-1) ...F(n-1) <extra> }`: 2^n spreads when expanded naively. */
function chain(levels: number, type: string, base: string, extra: (n: number) => string = () => ''): string {
  const fragments = [`fragment F0 on ${type} { ${base} }`];
  for (let n = 1; n <= levels; n++) fragments.push(`fragment F${n} on ${type} { ...F${n - 1} ...F${n - 1} ${extra(n)} }`);
  return fragments.join('\n');
}

/** Sibling fields spreading the same fragment: the RESPONSE doubles per level, whatever the planner does. */
function doubling(levels: number): string {
  const fragments = [`fragment S0 on Section { name }`];
  for (let n = 1; n <= levels; n++) {
    fragments.push(
      `fragment S${n} on Section { articles(first: 1) { edges { node { a: section { ...S${n - 1} } b: section { ...S${n - 1} } } } } }`,
    );
  }
  return `query Bomb { sections { ...S${levels} } }\n${fragments.join('\n')}`;
}

function timedPlan(text: string) {
  const document = parse(text);
  const started = performance.now();
  const plan = planOperation(schema, document, 'Bomb');
  return { plan, ms: performance.now() - started };
}

describe('planning a document with fragments', () => {
  it('plans a 60-level chain of double spreads at once (naively 2^60 expansions)', () => {
    const { plan, ms } = timedPlan(`query Bomb { ...F60 }\n${chain(60, 'Query', 'sections { name }')}`);
    expect(plan).not.toBeNull();
    expect(ms).toBeLessThan(250);
  });

  it(`gives up on a response that doubles per level once it passes ${MAX_PLANNED_FIELDS} fields, quickly`, () => {
    const small = timedPlan(doubling(4));
    expect(small.plan).not.toBeNull();
    const big = timedPlan(doubling(40));
    expect(big.plan).toBeNull();
    expect(big.ms).toBeLessThan(1000);
  });
});

describe('a large but bounded fragment chain through the Worker', () => {
  // 20 levels, each adding one aliased field: 21 fields answered, 2^20 spreads if expanded naively.
  // (The request limits refuse such documents in production, by their expanded size: this test
  // runs with the raised limits of the correctness suites, to reach the compiler.)
  const query = `query($slug: String!) { article(slug: $slug) { ...F20 } }\n${chain(20, 'Article', 'id', (n) => `t${n}: title`)}`;

  it('answers compiled, in one statement, exactly as the resolvers do', async () => {
    const started = Date.now();
    const compiled = await gql(query, { slug: SEED_SLUG }, { headers: { 'x-graphql-fast-lane': 'off' } });
    const elapsed = Date.now() - started;
    const reference = await gql(query, { slug: SEED_SLUG }, { headers: { 'x-graphql-compile': 'off' } });
    expect(compiled.errors).toBeUndefined();
    expect(compiled.data).toEqual(reference.data);
    expect(Object.keys(compiled.data.article)).toHaveLength(21);
    expect(compiled.extensions?.d1).toMatchObject({ statements: 1, compiled: true });
    expect(elapsed).toBeLessThan(2000);
  });
});
