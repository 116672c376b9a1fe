/**
 * Editor API tokens: how they look, how they are hashed, and how a request's
 * `Authorization: Bearer …` header becomes a principal. Runs in the Worker and
 * in Node (scripts/token.ts, scripts/seed.ts): WebCrypto only.
 *
 * A token is `ngt_<id>_<secret>`: `id` (12 lower-case hex characters) is
 * public and finds the row; `secret` is 32 random bytes, base64url. D1 keeps
 * only the SHA-256 of the whole token. A fast hash is enough here because the
 * secret has 256 bits of entropy: there is no dictionary to try (passwords
 * would need a slow KDF). The stored and computed digests are compared in
 * constant time, and the token itself is never logged or stored.
 */

export const SCOPES = ['articles:write', 'drafts:read', 'entities:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who made a request, once its token is verified. Resolvers see only this. */
export interface Principal {
  tokenId: string;
  name: string;
  scopes: ReadonlySet<Scope>;
}

const TOKEN = /^ngt_([0-9a-z]{12})_([A-Za-z0-9_-]{20,128})$/;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Parses `a,b` or `a b` into scopes; throws on an unknown one. */
export function parseScopes(list: string): Scope[] {
  const scopes = list.split(/[\s,]+/).filter(Boolean);
  for (const s of scopes) if (!isScope(s)) throw new Error(`unknown scope ${JSON.stringify(s)}; scopes are ${SCOPES.join(', ')}`);
  return [...new Set(scopes as Scope[])].sort();
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** SHA-256 of the whole token, lower-case hex: what D1 stores. */
export async function hashToken(token: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))));
}

/** A new random token and the row to store for it (without name/scopes). */
export async function generateToken(): Promise<{ token: string; id: string; secretHash: string }> {
  const id = hex(crypto.getRandomValues(new Uint8Array(6)));
  const token = `ngt_${id}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { token, id, secretHash: await hashToken(token) };
}

/** The public id of a well-formed token, or null. */
export function tokenId(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

/**
 * Equal-length strings compared without an early exit, so the time taken
 * does not reveal how many leading characters matched. (Workers have
 * `crypto.subtle.timingSafeEqual`, Node's WebCrypto does not; this runs in both.)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The bearer token of an Authorization header; undefined when there is no header, null when it is not a bearer token. */
export function bearerToken(header: string | null): string | null | undefined {
  if (header == null) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export interface TokenRow {
  id: string;
  name: string;
  scopes: string;
  secretHash: string;
  localOnly: boolean;
  revokedAt: number | null;
}

/**
 * Verifies a presented token against its row: well-formed, not revoked, hash
 * equal, and (in production) not a local-only development token.
 */
export async function verifyToken(
  token: string,
  findRow: (id: string) => Promise<TokenRow | undefined | null>,
  options: { production: boolean },
): Promise<Principal | null> {
  const id = tokenId(token);
  if (!id) return null;
  const row = await findRow(id);
  const hash = await hashToken(token);
  if (!row || row.revokedAt != null || (row.localOnly && options.production)) return null;
  if (!constantTimeEqual(hash, row.secretHash)) return null;
  return { tokenId: row.id, name: row.name, scopes: new Set(row.scopes.split(' ').filter(isScope)) };
}

/** SQL inserting a token row (for `wrangler d1 execute` and the seed). Values are quoted here, never interpolated raw. */
export function insertTokenSql(row: {
  id: string;
  name: string;
  scopes: readonly Scope[];
  secretHash: string;
  localOnly: boolean;
  createdAt: number;
}): string {
  const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
  return (
    `INSERT INTO api_tokens (id, name, scopes, secret_hash, local_only, created_at) VALUES (` +
    `${q(row.id)}, ${q(row.name)}, ${q(row.scopes.join(' '))}, ${q(row.secretHash)}, ${row.localOnly ? 1 : 0}, ${Math.floor(row.createdAt)})` +
    ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, scopes = excluded.scopes, secret_hash = excluded.secret_hash, local_only = excluded.local_only, revoked_at = NULL;`
  );
}
