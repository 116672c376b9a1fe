/**
 * The trusted documents, bundled with the Worker: schema/persisted-operations.json
 * (written by `npm run persisted` from schema/operations/*.graphql), the sha256
 * (hex) of each document's text -> the text. Reachable by APQ hash and by
 * `documentId=sha256:<hex>`; with TRUSTED_DOCUMENTS_ONLY = "on" the only
 * documents anonymous requests may run.
 */
import manifest from '../../schema/persisted-operations.json';

const byHash = new Map<string, string>(Object.entries(manifest as Record<string, string>));
const texts = new Set(byHash.values());

/** The trusted document with this sha256 (lower-case hex), if any. */
export function trustedDocument(hash: string): string | undefined {
  return byHash.get(hash);
}

/** Whether this exact text is a trusted document. */
export function isTrustedText(text: string): boolean {
  return texts.has(text);
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** `documentId` as the GraphQL over HTTP persisted-documents proposal writes it: `sha256:<hex>`. */
export const DOCUMENT_ID = /^sha256:([0-9a-f]{64})$/;
