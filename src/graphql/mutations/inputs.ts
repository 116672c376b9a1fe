/**
 * Input types and zod rules shared by the mutations. Each rule is attached to
 * its input field, so a failure is one BAD_USER_INPUT naming the field by its
 * path (`input.slug`, `input.body.0.text`).
 */
import { z } from 'zod';
import { builder } from '../builder';
import { DateTime } from '../types/scalars';
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

/** 1 to 500 blocks whose text, as stored, fits in a D1 row. */
const bodyBlocks = z
  .array(z.object({ kind: z.string(), text: z.string() }).loose())
  .min(1, 'must have at least one block')
  .max(500, 'must have at most 500 blocks')
  .superRefine((blocks, ctx) => {
    const bytes = articleTextBytes(blocks);
    if (bytes > MAX_ARTICLE_TEXT_BYTES)
      ctx.addIssue({
        code: 'custom',
        message: `is too large: the text and its HTML take ${bytes.toLocaleString('en-US')} bytes, at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} (D1's row limit is 2,000,000)`,
      });
  });

export const rules = {
  slug: z.string().max(120, 'must be at most 120 characters').regex(SLUG_PATTERN, 'must be lower-case words joined by single hyphens, e.g. `caesar` or `tc-20`'),
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

export const BodyBlockKind = builder.enumType('BodyBlockKind', {
  description: 'What a block of an article body is.',
  values: {
    PARAGRAPH: { description: 'A paragraph of text.' },
    SUBHEADING: { description: 'A subheading inside the body.' },
  } as const,
});

export const ArticleStatus = builder.enumType('ArticleStatus', {
  description: 'Whether a story is a draft or published. A published story with a future `publishedAt` is scheduled: public from that instant.',
  values: {
    DRAFT: { description: 'Not public; visible only to tokens with `drafts:read`.' },
    PUBLISHED: { description: 'Public once `publishedAt` has passed.' },
  } as const,
});

export const BodyBlockInput = builder.inputType('BodyBlockInput', {
  description: 'One block of an article body.',
  fields: (t) => ({
    kind: t.field({ type: BodyBlockKind, required: true, description: 'Paragraph or subheading.' }),
    text: t.string({ required: true, description: 'The text, plain (no HTML).', validate: rules.blockText }),
  }),
});

export const ArticleImageInput = builder.inputType('ArticleImageInput', {
  description: "An article's lead image. Fields left out are `null`.",
  fields: (t) => ({
    url: t.string({ description: 'Absolute http(s) URL of the image.', validate: rules.url }),
    caption: t.string({ description: 'Caption shown with the image.', validate: rules.longText }),
    credit: t.string({ description: 'Who holds the rights, e.g. "Shutterstock".', validate: rules.shortText }),
  }),
});

export const SectionRefInput = builder.inputType('SectionRefInput', {
  description: 'A section by slug, created with this name when missing (creating needs `entities:write`).',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Section slug, e.g. `war`.', validate: rules.slug }),
    name: t.string({ required: true, description: 'Display name, used only when the section is created.', validate: rules.name }),
  }),
});

export const AuthorRefInput = builder.inputType('AuthorRefInput', {
  description: 'An author by slug, created with this name when missing (creating needs `entities:write`).',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Author slug, e.g. `kathrine-frich`.', validate: rules.slug }),
    name: t.string({ required: true, description: 'Full name, used only when the author is created.', validate: rules.name }),
  }),
});

/** Field definitions shared by UpsertArticleInput and CreateArticleInput (which differ only in the default status). */
function articleFields(t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], defaultStatus: 'DRAFT' | 'PUBLISHED') {
  return {
    slug: t.string({ required: true, description: 'URL-safe unique name: lower-case words joined by hyphens.', validate: rules.slug }),
    title: t.string({ required: true, description: 'Headline.', validate: rules.title }),
    dek: t.string({ description: 'Standfirst: the sentence under the headline.', validate: rules.dek }),
    body: t.field({
      type: [BodyBlockInput],
      required: true,
      description: `The body as paragraphs and subheadings, in order (1 to 500 blocks; the text and its HTML at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} bytes).`,
      validate: bodyBlocks,
    }),
    publishedAt: t.field({ type: DateTime, required: true, description: 'When the story is (or was) published; a future instant schedules it.', validate: rules.instant }),
    updatedAt: t.field({ type: DateTime, description: 'When the story last changed at its source; defaults to `publishedAt`, or to now on a change.', validate: rules.instant }),
    section: t.field({ type: SectionRefInput, description: 'The desk the story belongs to.' }),
    authors: t.field({ type: [AuthorRefInput], required: true, description: 'The byline, in order (at most 20).', validate: listOf(z.any(), 20) }),
    image: t.field({ type: ArticleImageInput, description: 'Lead image.' }),
    sourceAttribution: t.string({ description: 'Agency or outlet the story credits, e.g. "WP".', validate: rules.shortText }),
    countries: t.stringList({ description: 'ISO codes of countries the story reports on; each must exist.', validate: listOf(rules.countryCode, 50) }),
    deals: t.stringList({ description: 'Slugs of deals the story reports; each must exist.', validate: listOf(rules.slug, 50) }),
    equipment: t.stringList({ description: 'Slugs of equipment the story mentions; each must exist.', validate: listOf(rules.slug, 50) }),
    status: t.field({ type: ArticleStatus, defaultValue: defaultStatus, description: `Draft or published (default ${defaultStatus}).` }),
    note: t.string({ description: "Editor's note on this change: kept with the revision, and shown to readers when it corrects a public story.", validate: rules.note }),
  };
}

export const UpsertArticleInput = builder.inputType('UpsertArticleInput', {
  description: 'A whole article, keyed by slug: created when new, replaced when it differs, left alone when it is the same.',
  fields: (t) => articleFields(t, 'PUBLISHED'),
});

export const CreateArticleInput = builder.inputType('CreateArticleInput', {
  description: 'A new article. Starts as a draft unless `status` says otherwise.',
  fields: (t) => articleFields(t, 'DRAFT'),
});

export const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Changes to an article. Fields left out stay as they are; `null` clears a nullable field; lists replace the whole list.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Slug of the article to change.', validate: rules.slug }),
    revision: t.int({ required: true, description: 'The revision this change is based on (`Article.revision`); a stale one is a CONFLICT.', validate: rules.revision }),
    title: t.string({ description: 'New headline.', validate: rules.title }),
    dek: t.string({ description: 'New standfirst.', validate: rules.dek }),
    body: t.field({
      type: [BodyBlockInput],
      description: `New body (1 to 500 blocks; the text and its HTML at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} bytes).`,
      validate: bodyBlocks,
    }),
    publishedAt: t.field({ type: DateTime, description: 'New publish time.', validate: rules.instant }),
    updatedAt: t.field({ type: DateTime, description: 'When the story changed; defaults to now.', validate: rules.instant }),
    section: t.field({ type: SectionRefInput, description: 'New section.' }),
    authors: t.field({ type: [AuthorRefInput], description: 'New byline, in order.', validate: listOf(z.any(), 20) }),
    image: t.field({ type: ArticleImageInput, description: 'New lead image.' }),
    sourceAttribution: t.string({ description: 'New source attribution.', validate: rules.shortText }),
    countries: t.stringList({ description: 'New list of country ISO codes.', validate: listOf(rules.countryCode, 50) }),
    deals: t.stringList({ description: 'New list of deal slugs.', validate: listOf(rules.slug, 50) }),
    equipment: t.stringList({ description: 'New list of equipment slugs.', validate: listOf(rules.slug, 50) }),
    note: t.string({ description: "Editor's note on this change (shown to readers as the correction note).", validate: rules.note }),
  }),
});

export const ArticleTargetInput = builder.inputType('ArticleTargetInput', {
  description: 'Which article a status change applies to.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    revision: t.int({ description: 'If given, the revision this change is based on; a stale one is a CONFLICT.', validate: rules.revision }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});

export const PublishArticleInput = builder.inputType('PublishArticleInput', {
  description: 'Publishes an article now or at a scheduled time.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    at: t.field({ type: DateTime, description: 'When it becomes public; defaults to now. A future instant schedules it.', validate: rules.instant }),
    revision: t.int({ description: 'If given, the revision this change is based on; a stale one is a CONFLICT.', validate: rules.revision }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});

export const ArticleLinksInput = builder.inputType('ArticleLinksInput', {
  description: 'Countries, deals and equipment to link to (or unlink from) an article. Each must exist.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    countries: t.stringList({ description: 'Country ISO codes.', validate: listOf(rules.countryCode, 50) }),
    deals: t.stringList({ description: 'Deal slugs.', validate: listOf(rules.slug, 50) }),
    equipment: t.stringList({ description: 'Equipment slugs.', validate: listOf(rules.slug, 50) }),
    revision: t.int({ description: 'If given, the revision this change is based on; a stale one is a CONFLICT.', validate: rules.revision }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});
