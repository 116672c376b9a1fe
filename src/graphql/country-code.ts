import { badUserInput } from './errors';

/** ISO 3166-1 alpha-2: two letters; lower case is accepted and upper-cased. */
export const COUNTRY_CODE = /^[A-Za-z]{2}$/;

/** The code upper-cased, or null when it cannot be a code (a lookup by it finds nothing). */
export function countryCodeOrNull(code: unknown): string | null {
  return typeof code === 'string' && COUNTRY_CODE.test(code) ? code.toUpperCase() : null;
}

/** The code upper-cased; BAD_USER_INPUT naming `field` when it cannot be a code. */
export function normalizeCountryCode(code: string, field: string): string {
  const normalized = countryCodeOrNull(code);
  if (normalized == null)
    throw badUserInput(`${field} must be an ISO 3166-1 alpha-2 code such as "AM"; got ${JSON.stringify(code)}`, field);
  return normalized;
}
