/**
 * Turns seed data into idempotent SQL: upserts keyed by slug or code, junction
 * rows keyed by their primary key, ids looked up by those natural keys. The
 * same statements run in the tests (`DB.batch`) and in `npm start`
 * (`wrangler d1 execute --file`), so both databases hold the same graph.
 */
import { blocksToHtml, blocksToText, countWords } from '../content/blocks';
import type { SeedData } from './data';

type Value = string | number | boolean | null;

/** An SQL literal. Strings are single-quoted with quotes doubled. */
export function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

function upsert(table: string, key: string, row: Record<string, Value>): string {
  const cols = Object.keys(row);
  const updates = cols.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`);
  return (
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => literal(row[c] ?? null)).join(', ')})` +
    ` ON CONFLICT (${key}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'};`
  );
}

const idOf = (table: string, key: string, value: string) => `(SELECT id FROM ${table} WHERE ${key} = ${literal(value)})`;
const articleId = (slug: string) => idOf('articles', 'slug', slug);
const countryId = (code: string) => idOf('countries', 'code', code);
const dealId = (slug: string) => idOf('deals', 'slug', slug);
const equipmentId = (slug: string) => idOf('equipment', 'slug', slug);

function link(table: string, cols: string[], values: string[], update?: string): string {
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT DO ${update ? `UPDATE SET ${update}` : 'NOTHING'};`;
}

export function seedStatements(data: SeedData): string[] {
  const out: string[] = [];
  for (const s of data.sections) out.push(upsert('sections', 'slug', { slug: s.slug, name: s.name }));
  for (const a of data.authors) out.push(upsert('authors', 'slug', { slug: a.slug, name: a.name }));
  for (const c of data.countries)
    out.push(upsert('countries', 'code', { code: c.code, name: c.name, aliases: JSON.stringify(c.aliases ?? []) }));
  for (const e of data.equipment) {
    out.push(
      upsert('equipment', 'slug', {
        slug: e.slug,
        name: e.name,
        aliases: JSON.stringify(e.aliases ?? []),
        kind: e.kind,
        caliber_mm: e.caliberMm,
        rate_of_fire_per_minute: e.rateOfFirePerMinute,
        range_km: e.rangeKm,
      }),
    );
    out.push(
      `UPDATE equipment SET origin_country_id = ${e.originCountry ? countryId(e.originCountry) : 'NULL'} WHERE slug = ${literal(e.slug)};`,
    );
    for (const op of e.operators) {
      out.push(link('equipment_operators', ['equipment_id', 'country_id'], [equipmentId(e.slug), countryId(op)]));
    }
  }
  for (const d of data.deals) {
    out.push(
      upsert('deals', 'slug', {
        slug: d.slug,
        title: d.title,
        aliases: JSON.stringify(d.aliases ?? []),
        kind: d.kind,
        status: d.status,
        announced_on: d.announcedOn,
        value_amount: d.value?.amount ?? null,
        value_currency: d.value?.currency ?? null,
        value_approximate: d.value?.approximate ?? false,
        summary: d.summary,
      }),
    );
    for (const party of d.parties) {
      out.push(
        link(
          'deal_parties',
          ['deal_id', 'country_id', 'role'],
          [dealId(d.slug), countryId(party.country), literal(party.role)],
          'role = excluded.role',
        ),
      );
    }
    for (const e of d.equipment) out.push(link('deal_equipment', ['deal_id', 'equipment_id'], [dealId(d.slug), equipmentId(e)]));
  }
  for (const a of data.articles) {
    const body = blocksToText(a.blocks);
    out.push(
      upsert('articles', 'slug', {
        slug: a.slug,
        title: a.title,
        dek: a.dek,
        body,
        body_html: blocksToHtml(a.blocks),
        word_count: countWords(body),
        status: 'published',
        published_at: Date.parse(a.publishedAt),
        updated_at: Date.parse(a.updatedAt),
        image_url: a.image?.url ?? null,
        image_caption: a.image?.caption ?? null,
        image_credit: a.image?.credit ?? null,
        source_attribution: a.sourceAttribution,
      }),
    );
    out.push(
      `UPDATE articles SET section_id = ${a.section ? idOf('sections', 'slug', a.section) : 'NULL'} WHERE slug = ${literal(a.slug)};`,
    );
    a.authors.forEach((author, position) => {
      out.push(
        link(
          'article_authors',
          ['article_id', 'author_id', 'position'],
          [articleId(a.slug), idOf('authors', 'slug', author), String(position)],
          'position = excluded.position',
        ),
      );
    });
    for (const c of a.countries) out.push(link('article_countries', ['article_id', 'country_id'], [articleId(a.slug), countryId(c)]));
    for (const d of a.deals) out.push(link('article_deals', ['article_id', 'deal_id'], [articleId(a.slug), dealId(d)]));
    for (const e of a.equipment) out.push(link('article_equipment', ['article_id', 'equipment_id'], [articleId(a.slug), equipmentId(e)]));
  }
  return out;
}
