/**
 * The trusted documents' manifest (schema/persisted-operations.json): each
 * schema/operations/*.graphql printed as graphql-codegen's client preset
 * prints a persisted document (@graphql-tools/documents: no comments, one
 * line, selections sorted), keyed by the sha256 (hex) of that text. The same
 * text and hash as clients/typescript/persisted-documents.json, so a client
 * built with `npm run codegen` and one that hashes the printed document both
 * find it. Used by scripts/persisted-operations.ts and by the test that
 * checks the committed file.
 */
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse } from 'graphql';

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `files`: operation file name -> its text. Entries in file-name order, so the JSON is stable. */
export async function buildManifest(files: Record<string, string>): Promise<Record<string, string>> {
  const manifest: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) {
    const printed = printExecutableGraphQLDocument(parse(files[name]));
    manifest[await sha256Hex(printed)] = printed;
  }
  return manifest;
}

export const serialize = (manifest: Record<string, string>) => `${JSON.stringify(manifest, null, 2)}\n`;
