/**
 * The GraphQL side of ingestion: what it reads (the link targets) and what it
 * writes (`upsertArticle`). Transport-agnostic, so the CLI posts over the
 * network with `fetch` and the tests post to the Worker in-process; both run
 * exactly these operations.
 */
import type { Catalog, CatalogCountry, CatalogDeal, CatalogEquipment } from './link';
import type { UpsertArticleInput } from './input';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** Sends one operation and returns the GraphQL response body. */
export type GraphQLClient = <T = unknown>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;

/**
 * A client for an HTTP endpoint; `token` becomes a Bearer header. It sends back
 * the last `D1-Bookmark` the API answered with, so each request reads at least
 * what the previous ones wrote (docs/replication.md).
 */
export function httpClient(
  endpoint: string,
  token?: string,
  fetchImpl: (input: string, init: RequestInit) => Promise<Response> = fetch,
): GraphQLClient {
  let bookmark: string | null = null;
  return async <T>(query: string, variables?: Record<string, unknown>) => {
    const response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(bookmark ? { 'd1-bookmark': bookmark } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    bookmark = response.headers.get('d1-bookmark') ?? bookmark;
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphQLResult<T>;
    } catch {
      throw new Error(`${endpoint} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
  };
}

/** Throws on GraphQL errors, naming their codes; returns `data`. */
export async function request<T>(client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await client<T>(query, variables);
  if (result.errors?.length) {
    const message = result.errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; ');
    throw new GraphQLRequestError(message, result.errors);
  }
  if (!result.data) throw new Error('the response has no data');
  return result.data;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: NonNullable<GraphQLResult<unknown>['errors']>,
  ) {
    super(message);
  }
}

const PAGE = 100;

interface Page<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

const CATALOG_QUERY = /* GraphQL */ `
  query IngestCatalog($first: Int!, $equipmentAfter: String, $dealsAfter: String, $withCountries: Boolean!, $withEquipment: Boolean!, $withDeals: Boolean!) {
    countries @include(if: $withCountries) { code name aliases }
    equipmentList(first: $first, after: $equipmentAfter) @include(if: $withEquipment) {
      pageInfo { hasNextPage endCursor }
      edges { node { slug name aliases } }
    }
    deals(first: $first, after: $dealsAfter) @include(if: $withDeals) {
      pageInfo { hasNextPage endCursor }
      edges { node { slug title aliases parties { role country { code } } equipment { slug } value { amount currency } } }
    }
  }
`;

/** Every country, equipment and deal with its names and aliases, page by page. */
export async function fetchCatalog(client: GraphQLClient): Promise<Catalog> {
  const catalog: Catalog = { countries: [], equipment: [], deals: [] };
  let equipmentAfter: string | null = null;
  let dealsAfter: string | null = null;
  let withCountries = true;
  let withEquipment = true;
  let withDeals = true;
  while (withCountries || withEquipment || withDeals) {
    const data: {
      countries?: CatalogCountry[];
      equipmentList?: Page<CatalogEquipment>;
      deals?: Page<CatalogDeal>;
    } = await request(client, CATALOG_QUERY, { first: PAGE, equipmentAfter, dealsAfter, withCountries, withEquipment, withDeals });
    if (data.countries) catalog.countries.push(...data.countries);
    withCountries = false;
    if (data.equipmentList) {
      catalog.equipment.push(...data.equipmentList.edges.map((e) => e.node));
      withEquipment = data.equipmentList.pageInfo.hasNextPage;
      equipmentAfter = data.equipmentList.pageInfo.endCursor;
    }
    if (data.deals) {
      catalog.deals.push(...data.deals.edges.map((e) => e.node));
      withDeals = data.deals.pageInfo.hasNextPage;
      dealsAfter = data.deals.pageInfo.endCursor;
    }
  }
  return catalog;
}

const UPSERT = /* GraphQL */ `
  mutation IngestArticle($input: UpsertArticleInput!) {
    upsertArticle(input: $input) { created changed article { slug } }
  }
`;

export interface UpsertResult {
  created: boolean;
  changed: boolean;
  article: { slug: string };
}

/** Submits one article; idempotent on the server side (same input twice: `changed: false`). */
export async function upsertArticle(client: GraphQLClient, input: UpsertArticleInput): Promise<UpsertResult> {
  const data = await request<{ upsertArticle: UpsertResult }>(client, UPSERT, { input });
  return data.upsertArticle;
}
