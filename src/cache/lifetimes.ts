/**
 * How long an answer may be kept, declared in the schema where a type or field
 * is defined (`extensions: cacheFor(...)`), and the smallest of everything in
 * an answer wins. `maxAge` is the browser's lifetime, `sMaxAge` the edge's
 * (purged by tag when a write changes it, so it can be long), and
 * `staleWhileRevalidate` how long past that the edge may answer while it
 * refreshes in the background.
 */
import type { GraphQLField, GraphQLNamedType } from 'graphql';

export interface CacheHint {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
}

/** What an answer of types that declare nothing gets. */
export const DEFAULT_HINT: CacheHint = { maxAge: 60, sMaxAge: 3600, staleWhileRevalidate: 60 };

/** The `extensions` that declare a lifetime on a type or field. */
export function cacheFor(hint: Partial<CacheHint>): { cacheControl: CacheHint } {
  return { cacheControl: { ...DEFAULT_HINT, ...hint } };
}

/** The lifetime a type (or one of its fields, when given) declares; null when it declares none. */
export function hintOf(type: GraphQLNamedType, field: GraphQLField<unknown, unknown> | undefined): CacheHint | null {
  const declared = field ? field.extensions?.cacheControl : type.extensions?.cacheControl;
  return (declared as CacheHint | undefined) ?? null;
}

/** The smaller of two lifetimes, each part on its own; null (nothing declared) gives way. */
export function smallest(a: CacheHint | null, b: CacheHint | null): CacheHint | null {
  if (!a || !b) return a ?? b;
  return {
    maxAge: Math.min(a.maxAge, b.maxAge),
    sMaxAge: Math.min(a.sMaxAge, b.sMaxAge),
    staleWhileRevalidate: Math.min(a.staleWhileRevalidate, b.staleWhileRevalidate),
  };
}

/** The `Cache-Control` of a public answer with this lifetime. */
export function cacheControl(hint: CacheHint): string {
  return `public, max-age=${hint.maxAge}, s-maxage=${hint.sMaxAge}, stale-while-revalidate=${hint.staleWhileRevalidate}`;
}

/** Stories: a browser keeps one a minute, the edge a day unless a write purges it first. */
export const ARTICLE_CACHE = cacheFor({ maxAge: 60, sMaxAge: 86_400, staleWhileRevalidate: 300 });
/** Sections, authors, countries, deals, equipment: they change rarely. */
export const ENTITY_CACHE = cacheFor({ maxAge: 300, sMaxAge: 86_400, staleWhileRevalidate: 3_600 });
/** A search: any story's change purges every search, so it is kept shorter. */
export const SEARCH_CACHE = cacheFor({ maxAge: 30, sMaxAge: 600, staleWhileRevalidate: 60 });
