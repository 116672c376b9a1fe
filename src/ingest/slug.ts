import anyAscii from 'any-ascii';

/**
 * URL slugs from headlines and names, as the seed writes them:
 *   slugify("New Deal With U.S. Cements Russia's Loss of Longtime Ally")
 *     → 'new-deal-with-us-cements-russias-loss-of-longtime-ally'
 * Accents are dropped, apostrophes vanish (so "Russia's" → `russias`), dots
 * inside abbreviations vanish (so "U.S." → `us`), any other run of
 * non-alphanumerics becomes one hyphen. Other scripts are transliterated
 * first (any-ascii), so "Հայաստան" → `hayastan`, never an empty slug; the
 * slug is cut at a word boundary to the API's 120 characters.
 */
export function slugify(text: string): string {
  const slug = anyAscii(text.replace(/[‘’]/g, "'"))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/(?<=\b[a-z])\.(?=[a-z]\b|\s|$)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length <= 120 ? slug : slug.slice(0, 121).replace(/-[^-]*$/, '');
}
