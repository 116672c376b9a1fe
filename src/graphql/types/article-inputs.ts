/**
 * Input types and zod rules shared by the mutations. Each rule is attached to
 * its input field, so a failure is one BAD_USER_INPUT naming the field by its
 * path (`input.slug`, `input.body.0.text`).
 */
import { builder } from '../builder';
import { DateTime } from './scalars';
import { articleRules as ar, MAX_ARTICLE_TEXT_BYTES, rules } from '../mutations/rules';

export const BodyBlockKind = builder.enumType('BodyBlockKind', {
  description: 'What a block of an article body is.',
  values: {
    PARAGRAPH: { description: 'A paragraph of text.' },
    SUBHEADING: { description: 'A subheading inside the body.' },
  } as const,
});

export const ArticleStatus = builder.enumType('ArticleStatus', {
  description:
    'Whether a story is a draft or published. A published story with a future `publishedAt` is scheduled: public from that instant.',
  values: {
    DRAFT: { description: 'Not public; visible only to tokens with `drafts:read`.' },
    PUBLISHED: { description: 'Public once `publishedAt` has passed.' },
  } as const,
});

export const BodyBlockInput = builder.inputType('BodyBlockInput', {
  description: 'One block of an article body.',
  fields: (t) => ({
    kind: t.field({ type: BodyBlockKind, required: true, description: 'Paragraph or subheading.' }),
    text: t.string({ required: true, description: 'The text, plain (no HTML).', validate: ar.blockText }),
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
    slug: t.string({ required: true, description: 'URL-safe unique name: lower-case words joined by hyphens.', validate: ar.slug }),
    title: t.string({ required: true, description: 'Headline.', validate: ar.title }),
    dek: t.string({ description: 'Standfirst: the sentence under the headline.', validate: ar.dek }),
    body: t.field({
      type: [BodyBlockInput],
      required: true,
      description: `The body as paragraphs and subheadings, in order (1 to 500 blocks; the text and its HTML at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} bytes).`,
      validate: ar.body,
    }),
    publishedAt: t.field({
      type: DateTime,
      required: true,
      description: 'When the story is (or was) published; a future instant schedules it.',
      validate: ar.publishedAt,
    }),
    updatedAt: t.field({
      type: DateTime,
      description: 'When the story last changed at its source; defaults to `publishedAt`, or to now on a change.',
      validate: ar.updatedAt,
    }),
    section: t.field({ type: SectionRefInput, description: 'The desk the story belongs to.' }),
    authors: t.field({ type: [AuthorRefInput], required: true, description: 'The byline, in order (at most 20).', validate: ar.authors }),
    image: t.field({ type: ArticleImageInput, description: 'Lead image.' }),
    sourceAttribution: t.string({ description: 'Agency or outlet the story credits, e.g. "WP".', validate: ar.sourceAttribution }),
    sourceUrl: t.string({ description: 'The page the story was taken from (absolute http(s) URL).', validate: ar.sourceUrl }),
    sourceName: t.string({ description: 'The outlet that published that page, e.g. "France 24".', validate: ar.sourceName }),
    wireCredit: t.string({
      description: 'The wire agency the text credits in its opening, e.g. "Reuters" for "(Reuters) -".',
      validate: ar.wireCredit,
    }),
    countries: t.stringList({ description: 'ISO codes of countries the story reports on; each must exist.', validate: ar.countries }),
    deals: t.stringList({ description: 'Slugs of deals the story reports; each must exist.', validate: ar.deals }),
    equipment: t.stringList({ description: 'Slugs of equipment the story mentions; each must exist.', validate: ar.equipment }),
    status: t.field({ type: ArticleStatus, defaultValue: defaultStatus, description: `Draft or published (default ${defaultStatus}).` }),
    note: t.string({
      description: "Editor's note on this change: kept with the revision, and shown to readers when it corrects a public story.",
      validate: ar.note,
    }),
  };
}

export const UpsertArticleInput = builder.inputType('UpsertArticleInput', {
  description:
    'A whole article, keyed by slug: created when new, replaced when it differs, left alone when it is the same. A different story under the same slug (another source URL, or another title and publication time) is a CONFLICT unless `force` is true.',
  fields: (t) => ({
    ...articleFields(t, 'PUBLISHED'),
    force: t.boolean({ defaultValue: false, description: 'Replace the article under this slug even when it is a different story.' }),
  }),
});

export const CreateArticleInput = builder.inputType('CreateArticleInput', {
  description: 'A new article. Starts as a draft unless `status` says otherwise.',
  fields: (t) => articleFields(t, 'DRAFT'),
});

export const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Changes to an article. Fields left out stay as they are; `null` clears a nullable field; lists replace the whole list.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Slug of the article to change.', validate: rules.slug }),
    revision: t.int({
      required: true,
      description: 'The revision this change is based on (`Article.revision`); a stale one is a CONFLICT.',
      validate: rules.revision,
    }),
    title: t.string({ description: 'New headline.', validate: rules.title }),
    dek: t.string({ description: 'New standfirst.', validate: rules.dek }),
    body: t.field({
      type: [BodyBlockInput],
      description: `New body (1 to 500 blocks; the text and its HTML at most ${MAX_ARTICLE_TEXT_BYTES.toLocaleString('en-US')} bytes).`,
      validate: ar.body,
    }),
    publishedAt: t.field({ type: DateTime, description: 'New publish time.', validate: rules.instant }),
    updatedAt: t.field({ type: DateTime, description: 'When the story changed; defaults to now.', validate: rules.instant }),
    section: t.field({ type: SectionRefInput, description: 'New section.' }),
    authors: t.field({ type: [AuthorRefInput], description: 'New byline, in order.', validate: ar.authors }),
    image: t.field({ type: ArticleImageInput, description: 'New lead image.' }),
    sourceAttribution: t.string({ description: 'New source attribution.', validate: rules.shortText }),
    sourceUrl: t.string({ description: 'New source page URL.', validate: rules.url }),
    sourceName: t.string({ description: 'New source outlet name.', validate: rules.shortText }),
    wireCredit: t.string({ description: 'New wire credit.', validate: rules.shortText }),
    countries: t.stringList({ description: 'New list of country ISO codes.', validate: ar.countries }),
    deals: t.stringList({ description: 'New list of deal slugs.', validate: ar.deals }),
    equipment: t.stringList({ description: 'New list of equipment slugs.', validate: ar.deals }),
    note: t.string({ description: "Editor's note on this change (shown to readers as the correction note).", validate: rules.note }),
  }),
});

export const ArticleTargetInput = builder.inputType('ArticleTargetInput', {
  description: 'Which article a status change applies to.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    revision: t.int({
      description: 'If given, the revision this change is based on; a stale one is a CONFLICT.',
      validate: rules.revision,
    }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});

export const PublishArticleInput = builder.inputType('PublishArticleInput', {
  description: 'Publishes an article now or at a scheduled time.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    at: t.field({
      type: DateTime,
      description: 'When it becomes public; defaults to now. A future instant schedules it.',
      validate: rules.instant,
    }),
    revision: t.int({
      description: 'If given, the revision this change is based on; a stale one is a CONFLICT.',
      validate: rules.revision,
    }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});

export const ArticleLinksInput = builder.inputType('ArticleLinksInput', {
  description: 'Countries, deals and equipment to link to (or unlink from) an article. Each must exist.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The article slug.', validate: rules.slug }),
    countries: t.stringList({ description: 'Country ISO codes.', validate: ar.countries }),
    deals: t.stringList({ description: 'Deal slugs.', validate: ar.deals }),
    equipment: t.stringList({ description: 'Equipment slugs.', validate: ar.deals }),
    revision: t.int({
      description: 'If given, the revision this change is based on; a stale one is a CONFLICT.',
      validate: rules.revision,
    }),
    note: t.string({ description: "Editor's note on this change.", validate: rules.note }),
  }),
});
