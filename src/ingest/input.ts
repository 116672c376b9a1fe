/**
 * From raw text to the `UpsertArticleInput` the API takes: parse, link, and
 * say what could not be done. This is the whole of ingestion except the I/O,
 * so the CLI and the end-to-end test run the same steps.
 *
 *   const prepared = prepareArticle(text, await fetchCatalog(client));
 *   if (prepared.input) await upsertArticle(client, prepared.input);
 */
import { linkEntities, type Catalog, type Links } from './link';
import { parseArticle, type ParseOptions, type ParsedArticle } from './parse';
import { slugify } from './slug';

/** Mirrors `input UpsertArticleInput` of the schema. */
export interface UpsertArticleInput {
  slug: string;
  title: string;
  dek: string | null;
  body: { kind: 'PARAGRAPH' | 'SUBHEADING'; text: string }[];
  publishedAt: string;
  updatedAt: string;
  section: { slug: string; name: string } | null;
  authors: { slug: string; name: string }[];
  image: { url: string | null; caption: string | null; credit: string | null } | null;
  sourceAttribution: string | null;
  countries: string[];
  deals: string[];
  equipment: string[];
  status: 'PUBLISHED' | 'DRAFT';
}

export interface PreparedArticle {
  parsed: ParsedArticle;
  links: Links;
  /** `null` when the text lacks what the API requires (a title, a dateline, a body). */
  input: UpsertArticleInput | null;
  /** Why `input` is null. */
  errors: string[];
}

export function prepareArticle(text: string, catalog: Catalog, options: ParseOptions = {}): PreparedArticle {
  const parsed = parseArticle(text, options);
  const searchable = [parsed.title, parsed.dek, ...parsed.blocks.map((b) => b.text), parsed.image?.caption].filter(Boolean).join('\n\n');
  const links = linkEntities(searchable, catalog);
  const errors: string[] = [];
  if (!parsed.title) errors.push('no title');
  if (!parsed.publishedAt) errors.push('no dateline, so no publishedAt');
  if (!parsed.blocks.length) errors.push('no body');
  if (errors.length) return { parsed, links, input: null, errors };
  return {
    parsed,
    links,
    errors,
    input: {
      slug: parsed.slug,
      title: parsed.title,
      dek: parsed.dek,
      body: parsed.blocks.map((b) => ({ kind: b.type === 'subheading' ? 'SUBHEADING' : 'PARAGRAPH', text: b.text })),
      publishedAt: parsed.publishedAt!,
      // A story never updated was last changed when it was published.
      updatedAt: parsed.updatedAt ?? parsed.publishedAt!,
      section: parsed.section ? { slug: slugify(parsed.section), name: parsed.section } : null,
      authors: parsed.authors.map((name) => ({ slug: slugify(name), name })),
      image: parsed.image,
      sourceAttribution: parsed.sourceAttribution,
      countries: links.countries.map((c) => c.key),
      deals: links.deals.map((d) => d.slug),
      equipment: links.equipment.map((e) => e.key),
      status: 'PUBLISHED',
    },
  };
}
