/**
 * URL slugs from headlines and names, as the seed writes them:
 *   slugify("New Deal With U.S. Cements Russia's Loss of Longtime Ally")
 *     → 'new-deal-with-us-cements-russias-loss-of-longtime-ally'
 * Accents are dropped, apostrophes vanish (so "Russia's" → `russias`), dots
 * inside abbreviations vanish (so "U.S." → `us`), any other run of
 * non-alphanumerics becomes one hyphen.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/(?<=\b[a-z])\.(?=[a-z]\b|\s|$)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
