/**
 * Scores ingestion against pages whose right answers are written down
 * (tests/fixtures/pages/expected.json): one verdict per field and page, so
 * `npm run ingest:eval` can print accuracy per field and the tests can name
 * the page and field that went wrong. Pure.
 */
import type { SeedData } from '../seed/data';
import { readHtml } from './html';
import { prepareArticle, type PreparedArticle } from './input';
import type { Catalog } from './link';

export interface ExpectedPage {
  title: string;
  slug?: string;
  authors: string[];
  publishedAt: string;
  updatedAt?: string;
  section: string | null;
  /** The body's first words. */
  bodyStart: string;
  /** The body's last words. */
  bodyEnd: string;
  /** Strings of page furniture that must appear nowhere in the title, dek or body. */
  furniture: string[];
  countries: string[];
  equipment: string[];
  candidates?: string[];
  wireCredit?: string;
  sourceName?: string;
  sourceUrl?: string | null;
  image?: { caption: string; credit: string };
}

export const FIELDS = [
  'title',
  'authors',
  'date and time',
  'section',
  'body start',
  'body end',
  'furniture left',
  'countries',
  'equipment',
  'other',
] as const;
export type Field = (typeof FIELDS)[number];

export interface PageScore {
  page: string;
  prepared: PreparedArticle;
  /** Field → `null` when right, else what was found. */
  wrong: Partial<Record<Field, string>>;
}

/** The link targets of the seed data, as the API would list them. */
export function catalogFromSeed(seed: SeedData): Catalog {
  return {
    countries: seed.countries.map((c) => ({ code: c.code, name: c.name, aliases: c.aliases ?? [] })),
    equipment: seed.equipment.map((e) => ({ slug: e.slug, name: e.name, aliases: e.aliases ?? [] })),
    deals: seed.deals.map((d) => ({
      slug: d.slug,
      title: d.title,
      aliases: d.aliases ?? [],
      parties: d.parties.map((p) => ({ role: p.role, country: { code: p.country } })),
      equipment: d.equipment.map((slug) => ({ slug })),
      value: d.value,
    })),
  };
}

/** Prepares a page (text, or HTML by its name) as the CLI does. */
export function preparePage(name: string, content: string, catalog: Catalog): PreparedArticle {
  if (/\.html?$/i.test(name)) {
    const page = readHtml(content);
    return prepareArticle(page.text, catalog, { declared: page.declared, sourceUrl: page.sourceUrl, sourceName: page.sourceName });
  }
  return prepareArticle(content, catalog);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function scorePage(page: string, content: string, expected: ExpectedPage, catalog: Catalog): PageScore {
  const prepared = preparePage(page, content, catalog);
  const { parsed, input } = prepared;
  const wrong: PageScore['wrong'] = {};
  const check = (field: Field, ok: boolean, found: unknown) => {
    if (!ok) wrong[field] = (wrong[field] ? `${wrong[field]}; ` : '') + JSON.stringify(found);
  };
  const body = parsed.blocks.map((b) => b.text);
  check('title', parsed.title === expected.title && (!expected.slug || parsed.slug === expected.slug), {
    title: parsed.title,
    slug: parsed.slug,
  });
  check('authors', same(parsed.authors, expected.authors), parsed.authors);
  check('date and time', parsed.publishedAt === expected.publishedAt && (!expected.updatedAt || parsed.updatedAt === expected.updatedAt), {
    publishedAt: parsed.publishedAt,
    updatedAt: parsed.updatedAt,
  });
  check('section', parsed.section === expected.section, parsed.section);
  check('body start', (body[0] ?? '').startsWith(expected.bodyStart), body[0]);
  check('body end', (body.at(-1) ?? '').endsWith(expected.bodyEnd), body.at(-1));
  const all = [parsed.title, parsed.dek ?? '', ...body].join('\n');
  check(
    'furniture left',
    expected.furniture.every((f) => !all.includes(f)),
    expected.furniture.filter((f) => all.includes(f)),
  );
  check(
    'countries',
    same(prepared.links.countries.map((c) => c.key).sort(), [...expected.countries].sort()),
    prepared.links.countries.map((c) => c.key),
  );
  check(
    'equipment',
    same(prepared.links.equipment.map((e) => e.key).sort(), [...expected.equipment].sort()),
    prepared.links.equipment.map((e) => e.key),
  );
  if (expected.candidates)
    check(
      'other',
      expected.candidates.every((c) => prepared.candidates.includes(c)),
      { candidates: prepared.candidates },
    );
  if (expected.wireCredit !== undefined) check('other', parsed.wireCredit === expected.wireCredit, { wireCredit: parsed.wireCredit });
  if (expected.sourceName !== undefined) check('other', input?.sourceName === expected.sourceName, { sourceName: input?.sourceName });
  if (expected.sourceUrl !== undefined) check('other', (input?.sourceUrl ?? null) === expected.sourceUrl, { sourceUrl: input?.sourceUrl });
  if (expected.image)
    check('other', parsed.image?.caption === expected.image.caption && parsed.image?.credit === expected.image.credit, {
      image: parsed.image,
    });
  check('other', input !== null, { errors: prepared.errors });
  return { page, prepared, wrong };
}

/** Accuracy per field over the pages: right / pages that check that field. */
export function accuracy(scores: PageScore[]): { field: Field; right: number; total: number }[] {
  return FIELDS.map((field) => {
    const total = field === 'other' ? scores.length : scores.length;
    const right = scores.filter((s) => !(field in s.wrong)).length;
    return { field, right, total };
  });
}
