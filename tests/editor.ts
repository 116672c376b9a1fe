/** Test helpers for editorial writes: tokens inserted straight into D1, and whole-database snapshots. */
import { env } from 'cloudflare:workers';
import { generateToken, insertTokenSql, type Scope } from '../src/auth/tokens';
import { gql, type GraphQLResponse } from './helpers';

export const ALL_SCOPES: Scope[] = ['articles:write', 'drafts:read', 'entities:write'];

/** Creates a token with these scopes (as `npm run token -- create` does) and returns its secret. */
export async function createToken(
  scopes: Scope[],
  name = `test-${scopes.join('+') || 'none'}`,
  options: { localOnly?: boolean } = {},
): Promise<string> {
  const { token, id, secretHash } = await generateToken();
  await env.DB.prepare(
    insertTokenSql({ id, name, scopes, secretHash, localOnly: options.localOnly ?? false, createdAt: Date.now() }),
  ).run();
  return token;
}

/** `gql` with a bearer token. */
export function asEditor<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return gql<T>(query, variables, { headers: { authorization: `Bearer ${token}` } });
}

/** Like `asEditor`, but fails on any error and returns `data`. */
export async function editorData<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await asEditor<T>(token, query, variables);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** Every row of every application table, sorted: equal snapshots mean nothing was written. */
export async function snapshotDb(): Promise<Record<string, unknown[]>> {
  const tables = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 3) <> 'd1_' ORDER BY name`,
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables.results) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    out[name] = rows.results.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** A whole-article input like the seed article's, for mutations. */
export function articleInput(overrides: Record<string, unknown> = {}) {
  return {
    slug: 'armenia-test-story',
    title: 'Armenia Buys More Artillery',
    dek: 'A test story.',
    body: [
      { kind: 'PARAGRAPH', text: 'Armenia has bought more CAESAR howitzers from France.' },
      { kind: 'SUBHEADING', text: 'More to come' },
      { kind: 'PARAGRAPH', text: 'Officials said more deliveries would follow.' },
    ],
    publishedAt: '2025-02-01T10:00:00Z',
    section: { slug: 'war', name: 'War' },
    authors: [{ slug: 'kathrine-frich', name: 'Kathrine Frich' }],
    image: { url: 'https://example.com/caesar.jpg', caption: 'A CAESAR howitzer.', credit: 'Shutterstock' },
    sourceAttribution: 'WP',
    countries: ['AM', 'FR'],
    deals: [],
    equipment: ['caesar'],
    ...overrides,
  };
}

export const UPSERT = /* GraphQL */ `
  mutation ($input: UpsertArticleInput!) {
    upsertArticle(input: $input) {
      created
      changed
      article { id slug title revision status body bodyHtml wordCount authors { slug } section { slug } countries { code } equipment { slug } deals { slug } }
    }
  }
`;

/** POSTs an operation and also returns the response headers (for 401/403 checks). */
export async function post(query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string> = {}) {
  const { exports } = await import('cloudflare:workers');
  const response = await exports.default.fetch('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as {
      data?: any;
      errors?: { message: string; extensions?: { code?: string; field?: string; fields?: string[] } }[];
    },
  };
}
