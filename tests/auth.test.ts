import { env } from 'cloudflare:workers';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { bearerToken, constantTimeEqual, generateToken, parseScopes, tokenId, verifyToken } from '../src/auth/tokens';
import { schema } from '../src/graphql/schema';
import { createToken, post, snapshotDb } from './editor';

/** A value of `type` that passes the input rules, so only authorization can stop the request. */
function sample(type: GraphQLInputType, name: string): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType, name);
  if (type instanceof GraphQLList) return [sample(type.ofType, name)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (f.type instanceof GraphQLNonNull && f.defaultValue === undefined) out[f.name] = sample(f.type, f.name);
    return out;
  }
  const scalar = (type as GraphQLScalarType).name;
  if (scalar === 'Int' || scalar === 'Float') return 1;
  if (scalar === 'Boolean') return false;
  if (scalar === 'DateTime') return '2025-01-01T00:00:00Z';
  if (/^(code|country|countries|originCountry|operators)$/.test(name)) return 'ZZ';
  if (name === 'currency') return 'USD';
  return 'zz-test';
}

/** One operation per Mutation field, with every required argument as a variable. */
function operationFor(field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull);
  const defs = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type, a.name)]));
  return { query: `mutation${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} { __typename } }`, variables };
}

const mutationFields = Object.values(schema.getMutationType()!.getFields());

describe('editor tokens', () => {
  it('enumerates the Mutation fields from the schema', () => {
    // A guard on the enumeration itself: the tests below cover each of these.
    expect(mutationFields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['upsertArticle', 'updateArticle', 'createDeal', 'deleteArticle']),
    );
    expect(mutationFields.length).toBeGreaterThanOrEqual(18);
  });

  it.each(mutationFields.map((f) => [f.name, f] as const))(
    '%s rejects a request without a token (401) and writes nothing',
    async (_name, field) => {
      const { query, variables } = operationFor(field);
      const before = await snapshotDb();
      const res = await post(query, variables);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(res.body.data ?? null).toBeNull();
      expect(await snapshotDb()).toEqual(before);
    },
  );

  it.each(mutationFields.map((f) => [f.name, f] as const))('%s rejects an invalid token (401) and writes nothing', async (_name, field) => {
    const { query, variables } = operationFor(field);
    const valid = await createToken(['articles:write', 'entities:write', 'drafts:read']);
    const tampered = valid.slice(0, -4) + (valid.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const before = await snapshotDb();
    for (const header of [`Bearer ${tampered}`, 'Bearer not-a-token', `Basic ${valid}`]) {
      const res = await post(query, variables, { authorization: header });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toContain(valid.slice(4));
    }
    expect(await snapshotDb()).toEqual(before);
  });

  it.each(mutationFields.map((f) => [f.name, f] as const))(
    '%s rejects a token without its scope (403) and writes nothing',
    async (_name, field) => {
      const { query, variables } = operationFor(field);
      const token = await createToken(['drafts:read']);
      const before = await snapshotDb();
      const res = await post(query, variables, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(403);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await snapshotDb()).toEqual(before);
    },
  );

  it('rejects a revoked token', async () => {
    const token = await createToken(['entities:write']);
    const ok = await post(`mutation { createSection(input: { slug: "revocation", name: "Revocation" }) { section { slug } } }`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(ok.status).toBe(200);
    await env.DB.prepare(`UPDATE api_tokens SET revoked_at = ? WHERE id = ?`).bind(Date.now(), tokenId(token)).run();
    const res = await post(`mutation { updateSection(input: { slug: "revocation", name: "Revoked" }) { section { name } } }`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a token with the scope through', async () => {
    const token = await createToken(['entities:write']);
    const res = await post(
      `mutation { createSection(input: { slug: "politics", name: "Politics" }) { section { slug name } } }`,
      undefined,
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.createSection.section).toEqual({ slug: 'politics', name: 'Politics' });
  });

  it('stores only a hash of the token', async () => {
    const token = await createToken(['drafts:read'], 'hash-check');
    const row = await env.DB.prepare(`SELECT * FROM api_tokens WHERE name = 'hash-check'`).first<Record<string, unknown>>();
    // ngt_<id>_<secret>: the secret is base64url, which may itself contain `_`.
    const secret = token.slice(`ngt_${row!.id}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves public queries without a token alone', async () => {
    const res = await post(`{ sections { slug } }`, undefined);
    expect(res.status).toBe(200);
    expect(res.body.data.sections).toContainEqual({ slug: 'war' });
  });
});

describe('token helpers', () => {
  it('reads only well-formed bearer headers', () => {
    expect(bearerToken(null)).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });

  it('compares in constant time only equal-length strings', () => {
    expect(constantTimeEqual('abcd', 'abcd')).toBe(true);
    expect(constantTimeEqual('abcd', 'abce')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('parses scopes and refuses unknown ones', () => {
    expect(parseScopes('drafts:read,articles:write')).toEqual(['articles:write', 'drafts:read']);
    expect(() => parseScopes('articles:write,admin')).toThrow(/unknown scope/);
  });

  it('never accepts a local-only token in production', async () => {
    const { token, id, secretHash } = await generateToken();
    const row = { id, name: 'dev', scopes: 'articles:write', secretHash, localOnly: true, revokedAt: null };
    expect(await verifyToken(token, async () => row, { production: false })).toMatchObject({ tokenId: id });
    expect(await verifyToken(token, async () => row, { production: true })).toBeNull();
    expect(await verifyToken(token, async () => ({ ...row, localOnly: false }), { production: true })).toMatchObject({ tokenId: id });
    expect(await verifyToken(token, async () => ({ ...row, revokedAt: 1 }), { production: false })).toBeNull();
  });
});
