/**
 * From raw text to the `UpsertArticleInput` the API takes: parse, link, and
 * say what could not be done. This is the whole of ingestion except the I/O,
 * so the CLI and the end-to-end test run the same steps.
 *
 *   const prepared = prepareArticle(text, await fetchCatalog(client));
 *   if (prepared.input) await upsertArticle(client, prepared.input);
 */
import { upsertArticleSchema } from '../graphql/mutations/rules';
import { parseDateline } from './dates';
import { linkEntities, type Catalog, type Links } from './link';
import { candidateEquipment, OUTLET_NAMES } from './outlets';
import { parseArticle, type ParseOptions, type ParsedArticle } from './parse';
import { slugify } from './slug';
import { urlHints } from './url-hints';

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
  sourceUrl: string | null;
  sourceName: string | null;
  wireCredit: string | null;
  countries: string[];
  deals: string[];
  equipment: string[];
  status: 'PUBLISHED' | 'DRAFT';
  /** Replace a different story under the same slug (the CLI's `--force`). */
  force?: boolean;
}

/** What a page tells about itself beyond its text (HTML metadata, the CLI's overrides). */
export interface PrepareOptions extends ParseOptions {
  /** `--date`: the publication time, overriding the page's (any form `parseDateline` reads). */
  date?: string;
  sourceUrl?: string | null;
  sourceName?: string | null;
  /** Metadata an HTML page declares (JSON-LD, OpenGraph); fills what the text lacks, and wins for title, authors and dates. */
  declared?: Partial<Pick<ParsedArticle, 'title' | 'authors' | 'publishedAt' | 'updatedAt' | 'section' | 'dek'>> & {
    imageUrl?: string | null;
    /** The zone of the page's zone-less times, from its declared locale (`zoneForLocale`); `defaultZone` beats it. */
    defaultZone?: string;
    /** The publication day the page's address (or its <title>) carries: used only when nothing else dates the story. */
    urlDate?: string | null;
  };
}

export interface PreparedArticle {
  parsed: ParsedArticle;
  links: Links;
  /** `null` when the text lacks what the API requires (a title, a dateline, a body). */
  input: UpsertArticleInput | null;
  /** Why `input` is null. */
  errors: string[];
  /** Capitalised model designations the linker could not link: candidate equipment for an editor. */
  candidates: string[];
}

export function prepareArticle(text: string, catalog: Catalog, options: PrepareOptions = {}): PreparedArticle {
  // Text with its address (`--source-url`): the address's day, its country's zone and its slug (src/ingest/url-hints.ts).
  const hints = options.declared ? null : urlHints(options.sourceUrl);
  const declared = options.declared ?? (hints ? { defaultZone: hints.defaultZone, urlDate: hints.urlDate } : {});
  const parsed = parseArticle(text, {
    ...options,
    defaultZone: options.defaultZone ?? declared.defaultZone,
    slugWords: options.slugWords ?? hints?.slugWords,
  });
  const errors: string[] = [];
  if (declared.title && !options.title) {
    parsed.title = declared.title;
    parsed.slug = slugify(declared.title);
  }
  // Names the page declares (JSON-LD, meta tags, marked-up bylines) beat a byline read from its text.
  if (declared.authors?.length) parsed.authors = declared.authors;
  if (declared.section && !parsed.section) parsed.section = declared.section;
  if (declared.dek && !parsed.dek) parsed.dek = declared.dek;
  // A date the page declares in machine form beats one read from its text.
  if (declared.publishedAt) parsed.publishedAt = declared.publishedAt;
  if (declared.updatedAt) parsed.updatedAt = declared.updatedAt;
  if (declared.imageUrl)
    parsed.image = { url: declared.imageUrl, caption: parsed.image?.caption ?? null, credit: parsed.image?.credit ?? null };
  if (options.date) {
    const d = parseDateline(options.date, options.defaultZone ?? declared.defaultZone ?? 'UTC', options.dateOrder ?? 'DMY');
    if (d) parsed.publishedAt = d.iso;
    else errors.push(`--date ${JSON.stringify(options.date)} is not a date this tool reads`);
  }
  // The day in the page's address (/2015/03/18/) dates a story that prints and declares no date; an "Updated:" time
  // of that same day is the closer reading of it.
  const urlDay = declared.urlDate ? Date.parse(declared.urlDate) : NaN;
  const updatedSameDay =
    parsed.updatedAt !== null && Date.parse(parsed.updatedAt) - urlDay >= 0 && Date.parse(parsed.updatedAt) - urlDay < 86_400_000;
  if (!parsed.publishedAt && declared.urlDate && !updatedSameDay) {
    parsed.publishedAt = declared.urlDate;
    parsed.warnings.push('only the address gives a date: publishedAt is that day');
  }
  // "Updated:" alone still dates the story: it was published no later than that.
  if (!parsed.publishedAt && parsed.updatedAt) {
    parsed.publishedAt = parsed.updatedAt;
    parsed.warnings.push('only an "Updated:" time: used as publishedAt too');
  }
  // Only the story links: its headline and cleaned body, with outlet names ("France 24") blanked out.
  const outlets = [...OUTLET_NAMES, ...(options.sourceName ? [options.sourceName] : [])];
  const searchable = blankOutlets([parsed.title, ...parsed.blocks.map((b) => b.text)].filter(Boolean).join('\n\n'), outlets);
  const links = linkEntities(searchable, catalog);
  const known = new Set(links.equipment.flatMap((e) => [e.key, e.name.toLowerCase(), ...e.matched.map((m) => m.toLowerCase())]));
  const candidates = candidateEquipment(searchable, known);
  if (!parsed.title) errors.push('no title');
  if (!parsed.publishedAt) errors.push('no dateline, so no publishedAt (give one with --date)');
  if (!parsed.blocks.length) errors.push('no body');
  if (!parsed.slug) errors.push('the headline gives no slug');
  if (errors.length) return { parsed, links, input: null, errors, candidates };
  return {
    parsed,
    links,
    errors,
    candidates,
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
      sourceUrl: options.sourceUrl ?? null,
      sourceName: options.sourceName ?? null,
      wireCredit: parsed.wireCredit,
      countries: links.countries.map((c) => c.key),
      deals: links.deals.map((d) => d.slug),
      equipment: links.equipment.map((e) => e.key),
      status: 'PUBLISHED',
    },
  };
}

function blankOutlets(text: string, outlets: string[]): string {
  let out = text;
  for (const o of outlets) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
    out = out.replace(re, (m) => ' '.repeat(m.length));
  }
  return out;
}

/**
 * The API's own rules (src/graphql/mutations/rules.ts) applied to an input:
 * the messages it would answer with, by field path; empty when it would be
 * accepted as far as input rules go (references are checked against the
 * catalog the links came from).
 */
export function validateInput(input: UpsertArticleInput): string[] {
  const result = upsertArticleSchema.safeParse(JSON.parse(JSON.stringify(input)));
  if (result.success) return [];
  return result.error.issues.map((i) => `input.${i.path.join('.')}: ${i.message}`);
}
