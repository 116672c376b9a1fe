/**
 * Outlet names the linker must not read as countries ("France 24"), and the model
 * designations it reports as candidate equipment for an editor (src/ingest/input.ts).
 */

/** Outlet names whose country words are not a country the story is about ("France 24", "Voice of America"). */
export const OUTLET_NAMES = [
  'France 24',
  'Radio France',
  'Agence France-Presse',
  'Voice of America',
  'Radio Free Europe',
  'Radio Liberty',
  'Russia Today',
  'Sputnik Armenia',
  'Times of India',
  'The Times of India',
  'Hindustan Times',
  'India Today',
  'Press Trust of India',
  'The Moscow Times',
  'Kyiv Independent',
  'The Kyiv Independent',
  'Kyiv Post',
  'Ukrainska Pravda',
  'China Daily',
  'Japan Times',
  'The Japan Times',
  'Korea Herald',
  'Times of Israel',
  'The Times of Israel',
  'Jerusalem Post',
  'Arab News',
  'Gulf News',
  'Daily Sabah',
  'Hürriyet Daily News',
  'Azerbaijan State News Agency',
  'Armenian Weekly',
  'The Armenian Weekly',
  'Armenian Mirror-Spectator',
  'Public Radio of Armenia',
  'Armenia Public Television',
  'Georgia Today',
  'Deutsche Welle',
  'Euronews',
  'South China Morning Post',
  'Washington Post',
  'The Washington Post',
  'New York Times',
  'The New York Times',
  'Turkish Minute',
  'Caspian News',
  'Eurasianet',
  'CivilNet',
  'News.am',
  'Armenpress',
  'Asbarez',
  'Anadolu Agency',
  'Press TV',
  'Al Arabiya',
  'Australian Broadcasting Corporation',
  'Canadian Press',
  'American Forces Press Service',
];

/** Words that look like model designations but name no equipment. */
export const NOT_EQUIPMENT =
  /^(?:COVID-19|G-?\d{1,2}|B-?20|P5|Q[1-4]|H[12]|FY\d{2,4}|\d+G|MH-?17|Article-?\d+|E-?\d{1,2}|UN-?\d+|COP-?\d{1,2}|SARS-CoV-2|Windows-?\d+|iPhone-?\d+|Section-?\d+|[A-Z]{2,3}-?\d{4})$/i;

/**
 * Capitalised model designations in `text` ("Su-30SM", "S-400", "M777", "TB2",
 * "HIMARS") not among `known` (lower case), in order of first mention: for an
 * editor to consider as new equipment.
 */
export function candidateEquipment(text: string, known: Set<string>): string[] {
  const found = new Map<string, number>();
  const re = /(?<![\p{L}\p{N}-])((?:\p{Lu}[\p{L}]{0,6}-?\d{1,4}[\p{Lu}\p{Ll}]{0,3}(?:-\d{1,3})?)|(?:\p{Lu}{5,8}))(?![\p{L}\p{N}-])/gu;
  for (const m of text.matchAll(re)) {
    const term = m[1];
    if (NOT_EQUIPMENT.test(term) || known.has(term.toLowerCase())) continue;
    if (
      /^\p{Lu}+$/u.test(term) &&
      !/^(?:HIMARS|ATACMS|NASAMS|IRIS-T|PATRIOT|STINGER|JAVELIN|BAYRAKTAR|AKASH|PINAKA|BRAHMOS|TOPHAT)$/.test(term)
    )
      continue;
    if (/^\d/.test(term) || (!/\d/.test(term) && !/^\p{Lu}+$/u.test(term))) continue;
    if (/^[A-Z][a-z]+-?\d{1,2}$/.test(term) && !/^(?:Su|Mi|Ka|Tu|Il|Yak|An|Be)-\d+/.test(term)) continue; // "Article 5", "June-18"
    found.set(term, Math.min(found.get(term) ?? Infinity, m.index!));
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t);
}
