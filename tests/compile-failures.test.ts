// A compiled plan (src/graphql/compile) that cannot answer a request is never
// run a second time: whether the request can run as the plan is decided before
// its statement is sent, a statement D1 fails is answered as an error (not run
// again by the resolvers), and a request the fast lane hands to yoga after
// running its plan goes straight to the resolvers. Counts are of the statements
// the Worker sent to the binding (tests/faulty-d1.ts), failed ones included.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaultyD1, post } from './faulty-d1';
import { SEED_SLUG } from './helpers';

const COMPILED = /^SELECT \(/;
const YOGA = { 'x-graphql-fast-lane': 'off' };
const RESOLVERS = { 'x-graphql-compile': 'off' };
const GOOD_DEAL = 'france-armenia-caesar-howitzers';
const BAD_DEAL = 'bad-kind-deal';

beforeAll(async () => {
  // A deal whose kind the schema's enum refuses: only the row tells, after the statement.
  await env.DB.prepare(
    `INSERT INTO deals (slug, title, kind, status, summary, aliases) SELECT ?1, title, 'NOT_A_KIND', status, summary, aliases FROM deals WHERE slug = ?2`,
  )
    .bind(BAD_DEAL, GOOD_DEAL)
    .run();
});

/** Statements one request sends, and its answer. */
async function run(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, faulty = new FaultyD1()) {
  const res = await post(faulty.binding(), query, variables, headers);
  return { ...res, sent: faulty.sent };
}

describe('a statement D1 fails is not answered again by the resolvers', () => {
  const REFUSED = 'D1_ERROR: too many SQL variables at offset 12: SQLITE_ERROR';

  it('in yoga: one statement, a masked 500', async () => {
    const res = await run(`{ article(slug: "${SEED_SLUG}") { title } }`, undefined, YOGA, new FaultyD1().fail(COMPILED, REFUSED));
    expect(res.sent).toHaveLength(1);
    expect(res.status).toBe(500);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(res.body.extensions.d1).toMatchObject({ statements: 1, compiled: true });
  });

  it('in the fast lane: one statement, the same answer as yoga, no second run in yoga', async () => {
    const query = `query Refused($slug: String!) { article(slug: $slug) { title } }`;
    await post(env.DB, query, { slug: SEED_SLUG }); // learned by the lane
    const lane = await run(query, { slug: SEED_SLUG }, {}, new FaultyD1().fail(COMPILED, REFUSED));
    expect(lane.headers.get('x-graphql-lane')).toBe('fast');
    expect(lane.sent).toHaveLength(1);
    const yoga = await run(query, { slug: SEED_SLUG }, YOGA, new FaultyD1().fail(COMPILED, REFUSED));
    expect({ status: lane.status, body: lane.body }).toEqual({ status: yoga.status, body: yoga.body });
  });
});

describe('decided before the statement is sent', () => {
  it('an operation whose statement would bind more than 100 parameters goes to the resolvers alone', async () => {
    const roots = Array.from({ length: 60 }, (_, i) => `a${i}: article(slug: "${SEED_SLUG}") { title }`).join(' ');
    const served = await run(`{ ${roots} }`, undefined, YOGA);
    const reference = await run(`{ ${roots} }`, undefined, RESOLVERS);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data).toEqual(reference.body.data);
    expect(served.sent.filter((s) => COMPILED.test(s))).toEqual([]);
    expect(served.sent).toHaveLength(reference.sent.length);
    expect(served.body.extensions.d1.compiled).toBe(false);
  });

  it('a page size the plan does not take: the lane hands it on without a statement of its own', async () => {
    const query = `query Page($first: Int) { articles(first: $first) { edges { node { title } } } }`;
    await post(env.DB, query, { first: 2 });
    const lane = await run(query, { first: 1000 });
    const reference = await run(query, { first: 1000 }, RESOLVERS);
    expect(lane.headers.get('x-graphql-lane')).toBeNull();
    expect(lane.body).toEqual({ ...reference.body, extensions: lane.body.extensions });
    expect(lane.sent).toEqual(reference.sent);
  });
});

describe('a row the schema refuses: the resolvers answer, and the plan ran once', () => {
  const query = `query DealKind($slug: String!) { deal(slug: $slug) { title kind } }`;

  it('in yoga: the compiled statement, then the resolvers', async () => {
    const reference = await run(query, { slug: BAD_DEAL }, RESOLVERS);
    expect(reference.body.errors).toHaveLength(1);
    const served = await run(query, { slug: BAD_DEAL }, YOGA);
    expect(served.body.errors).toEqual(reference.body.errors);
    expect(served.body.data).toEqual(reference.body.data);
    expect(served.sent).toEqual([expect.stringMatching(COMPILED), ...reference.sent]);
  });

  it('in the fast lane: the lane ran the plan, yoga only the resolvers', async () => {
    await post(env.DB, query, { slug: GOOD_DEAL }); // learned by the lane
    const reference = await run(query, { slug: BAD_DEAL }, RESOLVERS);
    const lane = await run(query, { slug: BAD_DEAL });
    expect(lane.body.errors).toEqual(reference.body.errors);
    expect(lane.sent).toEqual([expect.stringMatching(COMPILED), ...reference.sent]);
  });
});
