import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { seed } from '../src/seed/data';
import { literal, seedStatements } from '../src/seed/sql';

const TABLES = [
  'sections',
  'authors',
  'countries',
  'equipment',
  'deals',
  'articles',
  'article_authors',
  'article_countries',
  'article_deals',
  'article_equipment',
  'deal_parties',
  'deal_equipment',
  'equipment_operators',
];

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()).results;
  return out;
}

describe('seed', () => {
  it('loads every entity the seed data lists', async () => {
    const before = await snapshot();
    expect(before.articles).toHaveLength(seed.articles.length);
    expect(before.deals).toHaveLength(seed.deals.length);
    expect(before.equipment).toHaveLength(seed.equipment.length);
    expect(before.countries).toHaveLength(seed.countries.length);
    expect(before.deal_parties).toHaveLength(seed.deals.reduce((n, d) => n + d.parties.length, 0));
  });

  it('changes nothing when loaded twice', async () => {
    const before = await snapshot();
    await env.DB.batch(seedStatements(seed).map((s) => env.DB.prepare(s)));
    expect(await snapshot()).toEqual(before);
  });

  it('quotes SQL literals safely', () => {
    expect(literal("Russia's")).toBe("'Russia''s'");
    expect(literal(null)).toBe('NULL');
    expect(literal(true)).toBe('1');
    expect(() => literal(Number.NaN)).toThrow();
  });
});
