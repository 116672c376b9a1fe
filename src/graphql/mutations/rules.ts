/**
 * The input rules of the mutations, as zod schemas with no GraphQL in them:
 * the input types (src/graphql/types/article-inputs.ts, and each entity's inputs) attach them to the input fields (a failure is one
 * BAD_USER_INPUT naming the field), and ingestion's dry run checks a whole
 * `UpsertArticleInput` with `upsertArticleSchema` (src/ingest/validate.ts), so
 * "would submit" means the API would accept it by these same rules.
 */
import { z } from 'zod';
import { blocksToHtml, blocksToText, type Block } from '../../content/blocks';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Text that may be stored: a NUL character (U+0000) is refused. SQLite keeps it, but
 * C strings, FTS5's tokenizer and most clients end the text there, so what was
 * stored would not be what is read back or searched.
 */
function storable<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((v) => !v.includes('\u0000'), 'must not contain NUL characters (U+0000)');
}

/**
 * D1's largest row or string is 2,000,000 bytes. An article's row holds the body twice
 * (`body` and `body_html`), and its revision snapshot holds both again as JSON: so the
 * two renderings, JSON-escaped, must fit in this, leaving 100 KB for the other fields
 * (each capped far below that). Past it the write failed inside D1 (SQLITE_TOOBIG).
 */
export const MAX_ARTICLE_TEXT_BYTES = 1_900_000;

/** UTF-8 size of the body's two renderings as a revision snapshot stores them. */
export function articleTextBytes(blocks: readonly { kind: string; text: string }[]): number {
  const b: Block[] = blocks.map((x) => ({ type: x.kind === 'SUBHEADING' ? 'subheading' : 'paragraph', text: x.text }));
  const encoder = new TextEncoder();
  return encoder.encode(JSON.stringify(blocksToText(b))).byteLength + encoder.encode(JSON.stringify(blocksToHtml(b))).byteLength;
}

export const rules = {
  slug: z
    .string()
    .max(120, 'must be at most 120 characters')
    .regex(SLUG_PATTERN, 'must be lower-case words joined by single hyphens, e.g. `caesar` or `tc-20`'),
  name: storable(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')),
  title: storable(z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters')),
  dek: storable(z.string().trim().min(1, 'must not be empty (send null to clear it)').max(1000, 'must be at most 1000 characters')),
  blockText: storable(z.string().trim().min(1, 'must not be empty').max(20000, 'must be at most 20000 characters')),
  countryCode: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as `AM`'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as `USD`'),
  url: storable(
    z
      .string()
      .max(2000, 'must be at most 2000 characters')
      .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ''), 'must be an absolute http(s) URL'),
  ),
  shortText: storable(z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters')),
  longText: storable(z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters')),
  note: storable(z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters')),
  /** Instants from 1900 to 2100: anything else is a typo. */
  instant: z
    .date()
    .min(new Date('1900-01-01T00:00:00Z'), 'must be after 1900')
    .max(new Date('2100-01-01T00:00:00Z'), 'must be before 2100'),
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
    .refine(
      (l) => new Set(l.map((v) => (typeof v === 'string' ? v.toUpperCase() : JSON.stringify(v)))).size === l.length,
      'must not repeat an item',
    );
}

/** What the `DateTime` scalar accepts: ISO-8601 with a zone (and `isRealDateTime` says it exists). */
export const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether an ISO_DATETIME string names a real calendar instant. `Date` rolls
 * what does not exist into what does (`2024-02-30` is 1 March, `T24:00` the
 * next day), so a typo would be stored as another day: each field is checked.
 */
export function isRealDateTime(value: string): boolean {
  const m = ISO_DATETIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = [
    m[1],
    m[2],
    m[3],
    m[4],
    m[5],
    m[6],
    m[7],
    m[8],
  ].map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/** The rule of each field of a whole-article input (UpsertArticleInput, CreateArticleInput). */
export const articleRules = {
  slug: rules.slug,
  title: rules.title,
  dek: rules.dek,
  blockText: rules.blockText,
  /** 1 to 500 blocks whose text, as stored, fits in a D1 row. */
  body: z
    .array(z.any())
    .min(1, 'must have at least one block')
    .max(500, 'must have at most 500 blocks')
    .superRefine((blocks, ctx) => {
      const bytes = articleTextBytes(blocks as { kind: string; text: string }[]);
      if (bytes > MAX_ARTICLE_TEXT_BYTES)
        ctx.addIssue({
          code: 'custom',
          message: `is too large: the text and its HTML take ${bytes.toLocaleString('en-US')} bytes, at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} (D1's row limit is 2,000,000)`,
        });
    }),
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
  .refine(isRealDateTime, 'is not a date-time that exists')
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
