/**
 * An article body as blocks: paragraphs and subheadings. Writers (seed,
 * ingestion, mutations) store both renderings, so reads never re-render:
 * `body` is plain text with blocks separated by blank lines, `bodyHtml` is
 * escaped HTML with `<p>` and `<h2>`.
 */
export type Block = { type: 'paragraph' | 'subheading'; text: string };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map((b) => b.text.trim()).join('\n\n');
}

export function blocksToHtml(blocks: readonly Block[]): string {
  return blocks
    .map((b) => (b.type === 'subheading' ? `<h2>${escapeHtml(b.text.trim())}</h2>` : `<p>${escapeHtml(b.text.trim())}</p>`))
    .join('\n');
}

/** Words are runs of letters or digits (with inner apostrophes, dots, hyphens). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Reading speed used for `readingTimeMinutes`. */
export const WORDS_PER_MINUTE = 230;

export function readingTimeMinutes(wordCount: number): number {
  return Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE));
}
