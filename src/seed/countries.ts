/**
 * Every country of ISO 3166-1 (and Kosovo, XK), with the names ingestion links
 * by, from the `world-countries` package: the common name as the name, and as
 * aliases the official name, the English demonyms and the Latin-script
 * alternative spellings. Pure data; the seed loads it (src/seed/data.ts).
 *
 * An alias several countries share ("American": US and the Northern Mariana
 * Islands; "Indian": India and the British Indian Ocean Territory) stays only
 * with the one independent state that has it, and is dropped when none or
 * several do ("Congolese", "Dominican"): an ambiguous word links nothing
 * rather than the wrong country. Two-letter codes are never aliases ("IN",
 * "AM" and "NO" are words and clock times).
 */
import world from 'world-countries';
import type { SeedCountry } from './data';

/** English names newsrooms still use that the package lists under other spellings. */
const EXONYMS: Readonly<Record<string, string[]>> = {
  TR: ['Turkey'],
  CZ: ['Czech Republic'],
  CI: ["Côte d'Ivoire", 'Côte d’Ivoire'],
  SZ: ['Swaziland'],
  CV: ['Cabo Verde'],
  MM: ['Burma'],
  GB: ['Britain', 'UK'],
  NL: ['Holland'],
  VA: ['Holy See'],
};

const LATIN = /^[\p{Script=Latin}\s.'’()-]+$/u;

interface WorldCountry {
  cca2: string;
  independent?: boolean | null;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: Record<string, { m?: string; f?: string }>;
}

/**
 * The countries in `first` order (their extra aliases merged in), then every
 * other country by code.
 */
export function worldCountries(first: readonly SeedCountry[] = []): SeedCountry[] {
  const rows = world as unknown as WorldCountry[];
  const candidates = new Map<string, Set<string>>();
  for (const c of rows) {
    const eng = c.demonyms?.eng;
    const terms = [c.name.official, eng?.m, eng?.f, ...c.altSpellings, ...(EXONYMS[c.cca2] ?? [])].filter(
      (t): t is string => typeof t === 'string' && t.length >= 3 && t !== c.cca2 && LATIN.test(t) && t !== c.name.common,
    );
    candidates.set(c.cca2, new Set(terms));
  }
  // Who claims each term: names win; otherwise the one independent claimant.
  const claims = new Map<string, WorldCountry[]>();
  for (const c of rows) for (const t of candidates.get(c.cca2)!) claims.set(t, [...(claims.get(t) ?? []), c]);
  const names = new Set(rows.map((c) => c.name.common));
  const owner = (term: string): string | null => {
    if (names.has(term)) return null;
    const who = claims.get(term)!;
    if (who.length === 1) return who[0].cca2;
    const independent = who.filter((c) => c.independent);
    return independent.length === 1 ? independent[0].cca2 : null;
  };
  const byCode = new Map<string, SeedCountry>();
  for (const c of rows) {
    const aliases = [...candidates.get(c.cca2)!].filter((t) => owner(t) === c.cca2);
    byCode.set(c.cca2, { code: c.cca2, name: c.name.common, aliases });
  }
  const out: SeedCountry[] = [];
  for (const f of first) {
    const w = byCode.get(f.code);
    byCode.delete(f.code);
    out.push({ code: f.code, name: f.name, aliases: [...new Set([...(f.aliases ?? []), ...(w?.aliases ?? [])])] });
  }
  return [...out, ...[...byCode.values()].sort((a, b) => a.code.localeCompare(b.code))];
}
