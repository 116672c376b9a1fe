/**
 * The input rules of the mutations, as zod schemas with no GraphQL in them:
 * ./inputs.ts attaches them to the input fields (a failure is one
 * BAD_USER_INPUT naming the field), and ingestion's dry run checks a whole
 * `UpsertArticleInput` with `upsertArticleSchema` (src/ingest/validate.ts), so
 * "would submit" means the API would accept it by these same rules.
 */
import { z } from 'zod';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const rules = {
  slug: z.string().max(120, 'must be at most 120 characters').regex(SLUG_PATTERN, 'must be lower-case words joined by single hyphens, e.g. `caesar` or `tc-20`'),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  dek: z.string().trim().min(1, 'must not be empty (send null to clear it)').max(1000, 'must be at most 1000 characters'),
  blockText: z.string().trim().min(1, 'must not be empty').max(20000, 'must be at most 20000 characters'),
  countryCode: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as `AM`'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as `USD`'),
  url: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ''), 'must be an absolute http(s) URL'),
  shortText: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  longText: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  /** Instants from 1900 to 2100: anything else is a typo. */
  instant: z.date().min(new Date('1900-01-01T00:00:00Z'), 'must be after 1900').max(new Date('2100-01-01T00:00:00Z'), 'must be before 2100'),
  revision: z.number().int().min(1, 'must be 1 or more'),
  /** A day (`2025-01-19`) or a month (`2025-01`) that exists. */
  partialDate: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, 'must be an ISO 8601 date such as `2025-01-19` or a month such as `2025-01`')
    .refine((v) => v.length === 7 || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, 'is not a calendar date'),
};

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** A list of at most `max` distinct items, each checked by `item`. */
export function listOf<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max, `must have at most ${max} items`)
    .refine((l) => new Set(l.map((v) => (typeof v === 'string' ? v.toUpperCase() : JSON.stringify(v)))).size === l.length, 'must not repeat an item');
}

/** What the `DateTime` scalar accepts: ISO-8601 with a zone. */
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The rule of each field of a whole-article input (UpsertArticleInput, CreateArticleInput). */
export const articleRules = {
  slug: rules.slug,
  title: rules.title,
  dek: rules.dek,
  blockText: rules.blockText,
  body: z.array(z.any()).min(1, 'must have at least one block').max(500, 'must have at most 500 blocks'),
  publishedAt: rules.instant,
  updatedAt: rules.instant,
  authors: listOf(z.any(), 20),
  sourceAttribution: rules.shortText,
  sourceUrl: rules.url,
  sourceName: rules.shortText,
  wireCredit: rules.shortText,
  countries: listOf(rules.countryCode, 50),
  deals: listOf(rules.slug, 50),
  equipment: listOf(rules.slug, 50),
  note: rules.note,
};

const dateTime = z
  .string()
  .regex(ISO_DATETIME, 'must be an ISO-8601 date-time with a time zone')
  .transform((v) => new Date(v))
  .pipe(rules.instant);
const optional = <T extends z.ZodType>(t: T) => t.nullable().optional();
const ref = z.object({ slug: rules.slug, name: rules.name });

/**
 * A whole `UpsertArticleInput` as JSON (dates as strings), checked by the
 * rules above the way the API checks it field by field.
 */
export const upsertArticleSchema = z.object({
  slug: articleRules.slug,
  title: articleRules.title,
  dek: optional(articleRules.dek),
  body: z.array(z.object({ kind: z.enum(['PARAGRAPH', 'SUBHEADING']), text: articleRules.blockText })).pipe(articleRules.body),
  publishedAt: dateTime,
  updatedAt: optional(dateTime),
  section: optional(ref),
  authors: z.array(ref).pipe(articleRules.authors),
  image: optional(z.object({ url: optional(rules.url), caption: optional(rules.longText), credit: optional(rules.shortText) })),
  sourceAttribution: optional(articleRules.sourceAttribution),
  sourceUrl: optional(articleRules.sourceUrl),
  sourceName: optional(articleRules.sourceName),
  wireCredit: optional(articleRules.wireCredit),
  countries: optional(articleRules.countries),
  deals: optional(articleRules.deals),
  equipment: optional(articleRules.equipment),
  status: optional(z.enum(['DRAFT', 'PUBLISHED'])),
  note: optional(articleRules.note),
  force: optional(z.boolean()),
});
