import { exports } from 'cloudflare:workers';

export interface GraphQLResponse<T = any> {
  status: number;
  contentType: string | null;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: {
    d1?: { statements: number; roundTrips: number; rowsRead: number; log?: { sql: string; params: number; rowsRead: number | null }[] };
  };
}

/** POSTs an operation to the Worker over HTTP, as a client would. */
export async function gql<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  init: { headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await exports.default.fetch('http://example.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...init.headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'contentType'>;
  return { status: response.status, contentType: response.headers.get('content-type'), ...body };
}

/** Like `gql`, but fails the test on any GraphQL error and returns `data`. */
export async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(query, variables);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export const SEED_SLUG = 'new-deal-with-us-cements-russias-loss-of-longtime-ally';

/** A JSON POST of an operation with its Content-Length, as a client sends it: for tests that call the Worker's handler directly. */
export function graphqlPost(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Request {
  const body = JSON.stringify({ query, variables });
  return new Request('http://example.com/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'content-length': String(new TextEncoder().encode(body).byteLength),
      ...headers,
    },
    body,
  });
}
