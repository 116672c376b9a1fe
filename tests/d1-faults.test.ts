// D1 faults (src/db/retry.ts): a read that meets a transient D1 error is tried
// again, at most three times in all; a write never is; when D1 stays down the
// answer is 503 with Retry-After and SERVICE_UNAVAILABLE. The Worker runs on a
// binding that fails chosen statements (tests/faulty-d1.ts) around the real D1,
// through every path: the resolvers, a compiled plan in yoga, and the fast lane.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { D1Unavailable, isReadOnlySql, isTransientD1Error, retryReads } from '../src/db/retry';
import { createToken } from './editor';
import { FaultyD1, post } from './faulty-d1';
import { SEED_SLUG } from './helpers';

const LOST = 'D1_ERROR: Network connection lost.';
const RESET = 'D1_ERROR: Internal error in D1 DB storage caused object to be reset.';
const ARTICLE = `query($slug: String!) { article(slug: $slug) { title } }`;
/** The resolvers' read of the article (drizzle writes lower case). */
const RESOLVER_READ = /^select .*from "articles"/;
/** The compiled statement (src/graphql/compile). */
const COMPILED = /^SELECT \(/;
const RESOLVERS = { 'x-graphql-compile': 'off' };
const YOGA_COMPILED = { 'x-graphql-fast-lane': 'off' };

describe('what counts as a read, and as transient', () => {
  it.each([
    ['select 1', true],
    [`SELECT (SELECT json_array(t1.title, t1.updated_at, t1.deleted_at) FROM articles t1 WHERE t1.slug = ?1) AS r0`, true],
    [`with x as (select 1) select * from x`, true],
    [`select * from "articles" where "title" = 'delete me'`, true],
    [`insert into "authors" ("slug") values (?)`, false],
    [`with x as (select 1) delete from articles where id in (select * from x)`, false],
    [`update "articles" set "title" = ?`, false],
    [`PRAGMA foreign_keys`, false],
  ])('%s -> read %s', (sql, read) => {
    expect(isReadOnlySql(sql)).toBe(read);
  });

  it('retries the messages Cloudflare documents as retryable, and nothing else', () => {
    for (const m of [
      LOST,
      RESET,
      'D1_ERROR: D1 DB reset because its code was updated.',
      'D1_ERROR: Cannot resolve D1 DB due to transient issue on remote node.',
      'D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.',
    ])
      expect(isTransientD1Error(new Error(m)), m).toBe(true);
    for (const m of ['D1_ERROR: no such column: x', 'D1_ERROR: UNIQUE constraint failed: authors.slug', 'D1_ERROR: too many SQL variables'])
      expect(isTransientD1Error(new Error(m)), m).toBe(false);
  });
});

describe('the wrapper around the real binding', () => {
  it('tries a failing read three times, then throws D1Unavailable; a write once', async () => {
    const faulty = new FaultyD1().fail(/./, LOST);
    const db = retryReads(faulty.binding(), { sleep: async () => {} });
    await expect(db.prepare('select 1').first()).rejects.toBeInstanceOf(D1Unavailable);
    expect(faulty.sent).toHaveLength(3);
    await expect(db.prepare(`insert into sections (slug, name) values ('x', 'x')`).run()).rejects.toMatchObject({
      attempts: 1,
      write: true,
    });
    expect(faulty.sent).toHaveLength(4);
    // A batch is a read only when every statement in it is.
    await expect(db.batch([db.prepare('select 1'), db.prepare(`delete from sections where slug = 'x'`)])).rejects.toMatchObject({
      attempts: 1,
    });
    await expect(db.batch([db.prepare('select 1'), db.prepare('select 2')])).rejects.toMatchObject({ attempts: 3 });
  });

  it('does not retry an error that is not transient', async () => {
    const faulty = new FaultyD1().fail(/./, 'D1_ERROR: no such column: x', 1);
    const db = retryReads(faulty.binding(), { sleep: async () => {} });
    await expect(db.prepare('select 1').all()).rejects.toThrow(/no such column/);
    expect(faulty.sent).toHaveLength(1);
    expect(await db.prepare('select 1 as one').first('one')).toBe(1);
  });
});

describe('a read that fails twice, then succeeds, answers 200', () => {
  it('through the resolvers; the retries show in extensions.d1.statements', async () => {
    const faulty = new FaultyD1().fail(RESOLVER_READ, LOST, 2);
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, RESOLVERS);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.article.title).toMatch(/Russia/);
    expect(faulty.count(RESOLVER_READ)).toBe(3);
    expect(res.body.extensions.d1).toMatchObject({ statements: 3, compiled: false });
  });

  it('as a compiled statement in yoga', async () => {
    const faulty = new FaultyD1().fail(COMPILED, RESET, 2);
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, YOGA_COMPILED);
    expect(res.status).toBe(200);
    expect(res.body.data.article.title).toMatch(/Russia/);
    expect(faulty.sent).toHaveLength(3);
    expect(res.body.extensions.d1).toMatchObject({ statements: 3, compiled: true });
  });

  it('in the fast lane', async () => {
    const query = `query FaultLane($slug: String!) { article(slug: $slug) { title slug } }`;
    await post(env.DB, query, { slug: SEED_SLUG }); // yoga answers it first, and the lane learns it
    const faulty = new FaultyD1().fail(COMPILED, LOST, 2);
    const res = await post(faulty.binding(), query, { slug: SEED_SLUG });
    expect(res.headers.get('x-graphql-lane')).toBe('fast');
    expect(res.status).toBe(200);
    expect(res.body.data.article.slug).toBe(SEED_SLUG);
    expect(faulty.sent).toHaveLength(3);
    expect(res.body.extensions.d1).toMatchObject({ statements: 3, compiled: true });
  });
});

describe('when D1 stays down: 503, Retry-After, SERVICE_UNAVAILABLE, after three attempts', () => {
  function expectUnavailable(res: Awaited<ReturnType<typeof post>>) {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body.errors[0].extensions.http).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/D1_ERROR|Network/);
  }

  it('through the resolvers', async () => {
    const faulty = new FaultyD1().fail(RESOLVER_READ, LOST);
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, RESOLVERS);
    expectUnavailable(res);
    expect(faulty.count(RESOLVER_READ)).toBe(3);
  });

  it('as a compiled statement in yoga (and the resolvers do not run it again)', async () => {
    const faulty = new FaultyD1().fail(COMPILED, LOST);
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, YOGA_COMPILED);
    expectUnavailable(res);
    expect(faulty.sent).toHaveLength(3);
    expect(res.body.extensions.d1).toMatchObject({ statements: 3, compiled: true });
  });

  it('in the fast lane (answered there: yoga does not try three more times)', async () => {
    const query = `query FaultLaneDown($slug: String!) { article(slug: $slug) { title } }`;
    await post(env.DB, query, { slug: SEED_SLUG });
    const faulty = new FaultyD1().fail(COMPILED, LOST);
    const res = await post(faulty.binding(), query, { slug: SEED_SLUG });
    expect(res.headers.get('x-graphql-lane')).toBe('fast');
    expectUnavailable(res);
    expect(faulty.sent).toHaveLength(3);
    // The same answer yoga gives for it.
    const viaYoga = await post(new FaultyD1().fail(COMPILED, LOST).binding(), query, { slug: SEED_SLUG }, YOGA_COMPILED);
    expect({ status: viaYoga.status, body: viaYoga.body, retryAfter: viaYoga.headers.get('retry-after') }).toEqual({
      status: res.status,
      body: res.body,
      retryAfter: res.headers.get('retry-after'),
    });
  });

  it('while the bearer token is read, before any resolver', async () => {
    const token = await createToken(['drafts:read']);
    const faulty = new FaultyD1().fail(/from "api_tokens"/, LOST);
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, { authorization: `Bearer ${token}` });
    expectUnavailable(res);
    expect(faulty.count(/from "api_tokens"/)).toBe(3);
  });

  it('when D1 says it is overloaded, at once (retrying adds load)', async () => {
    const faulty = new FaultyD1().fail(COMPILED, 'D1_ERROR: D1 DB is overloaded. Too many requests queued.');
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, YOGA_COMPILED);
    expectUnavailable(res);
    expect(faulty.sent).toHaveLength(1);
  });
});

describe('writes are never retried', () => {
  it('a failing insert is attempted exactly once, answered 503, and nothing is written', async () => {
    const token = await createToken(['entities:write']);
    const faulty = new FaultyD1().fail(/^insert into "authors"/, LOST);
    const res = await post(
      faulty.binding(),
      `mutation { createAuthor(input: { name: "Fault Tolerant", slug: "fault-tolerant" }) { author { slug } } }`,
      undefined,
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(faulty.count(/^insert into "authors"/)).toBe(1);
    expect(res.status).toBe(503);
    expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(await env.DB.prepare(`select count(*) as n from authors where slug = 'fault-tolerant'`).first('n')).toBe(0);
  });

  it('a read error that is not transient is not retried either, and stays masked', async () => {
    const faulty = new FaultyD1().fail(RESOLVER_READ, 'D1_ERROR: no such column: nope');
    const res = await post(faulty.binding(), ARTICLE, { slug: SEED_SLUG }, RESOLVERS);
    expect(faulty.count(RESOLVER_READ)).toBe(1);
    expect(res.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res.body)).not.toMatch(/nope/);
  });
});
