// Every fact of docs/domain.md about the seed article, asked through the API.
import { describe, expect, it } from 'vitest';
import { data, SEED_SLUG } from './helpers';

const ARTICLE = `query($slug: String!) {
  article(slug: $slug) {
    id slug title dek body bodyHtml publishedAt updatedAt wordCount readingTimeMinutes sourceAttribution
    section { slug name }
    authors { slug name }
    image { url caption credit }
    countries { code name }
    deals { slug kind status announcedOn summary value { amount currency approximate } parties { role country { code } } equipment { slug } }
    equipment { slug }
  }
}`;

describe('the seed article', () => {
  it('has its title, byline, section, dates, dek, image credit and attribution', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    expect(article.slug).toBe(SEED_SLUG);
    expect(article.title).toBe("New Deal With U.S. Cements Russia's Loss of Longtime Ally");
    expect(article.authors).toEqual([{ slug: 'kathrine-frich', name: 'Kathrine Frich' }]);
    expect(article.section).toEqual({ slug: 'war', name: 'War' });
    expect(article.publishedAt).toBe('2025-01-19T20:17:00.000Z');
    expect(article.updatedAt).toBe('2025-01-19T20:17:00.000Z');
    expect(article.dek).toBe('The United States has now formalized a strategic partnership with them.');
    expect(article.image).toEqual({ url: null, caption: null, credit: 'Shutterstock' });
    expect(article.sourceAttribution).toBe('WP');
  });

  it('keeps the subheading as a subheading and leaves page furniture out of the body', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    expect(article.bodyHtml).toContain('<h2>Already Invested Billions</h2>');
    expect(article.body).toContain('\n\nAlready Invested Billions\n\n');
    expect(article.body.startsWith('For years, Armenia was closely aligned with Russia')).toBe(true);
    expect(article.body.endsWith('while seeking greater security and military modernization.')).toBe(true);
    for (const furniture of ['Trending Now', 'TRENDING NOW', 'Photo: Shutterstock']) expect(article.body).not.toContain(furniture);
    expect(article.body).not.toMatch(/\bWar\s*$/);
    // paragraphs are separated by blank lines, and the HTML escapes the text
    expect(article.body.split('\n\n')).toHaveLength(19);
    expect(article.bodyHtml).toContain('<p>The U.S. has already invested around $3.3 billion in Armenia');
    expect(article.bodyHtml).not.toContain("'");
  });

  it('counts its words and reading time', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    const words = article.body.split(/\s+/).filter((w: string) => /[\p{L}\p{N}]/u.test(w)).length;
    expect(article.wordCount).toBe(words);
    expect(article.readingTimeMinutes).toBe(Math.ceil(words / 230));
  });

  it('reports on Armenia, Russia, the United States, France and India', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    expect(article.countries.map((c: { code: string }) => c.code).sort()).toEqual(['AM', 'FR', 'IN', 'RU', 'US']);
    expect(article.countries.find((c: { code: string }) => c.code === 'US').name).toBe('United States');
  });

  it('mentions the six pieces of equipment', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    expect(article.equipment.map((e: { slug: string }) => e.slug).sort()).toEqual(
      ['atags', 'bastion', 'caesar', 'ground-master-200', 'mistral', 'tc-20'].sort(),
    );
  });

  it('reports the six deals with their kinds, parties and equipment', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    const deals = article.deals as {
      slug: string;
      kind: string;
      announcedOn: string | null;
      summary: string;
      value: { amount: number; currency: string; approximate: boolean } | null;
      parties: { role: string; country: { code: string } }[];
      equipment: { slug: string }[];
    }[];
    expect(deals).toHaveLength(6);
    const shape = (d: (typeof deals)[number]) => ({
      kind: d.kind,
      parties: d.parties.map((p) => `${p.country.code}:${p.role}`).sort(),
      equipment: d.equipment.map((e) => e.slug).sort(),
    });
    expect(deals.map(shape)).toEqual(
      expect.arrayContaining([
        { kind: 'STRATEGIC_PARTNERSHIP', parties: ['AM:PARTNER', 'US:PARTNER'], equipment: [] },
        { kind: 'AID', parties: ['AM:RECIPIENT', 'US:DONOR'], equipment: [] },
        { kind: 'ARMS_TRANSFER', parties: ['AM:RECIPIENT', 'IN:SUPPLIER'], equipment: ['atags', 'tc-20'] },
        { kind: 'ARMS_TRANSFER', parties: ['AM:RECIPIENT', 'FR:SUPPLIER'], equipment: ['caesar'] },
        { kind: 'ARMS_TRANSFER', parties: ['AM:RECIPIENT', 'FR:SUPPLIER'], equipment: ['ground-master-200', 'mistral'] },
        { kind: 'ARMS_TRANSFER', parties: ['AM:RECIPIENT', 'FR:SUPPLIER'], equipment: ['bastion'] },
      ]),
    );
    const partnership = deals.find((d) => d.kind === 'STRATEGIC_PARTNERSHIP')!;
    expect(partnership.announcedOn).toBe('2025-01');
    expect(partnership.summary).toMatch(/border security/);
    expect(partnership.summary).toMatch(/civilian nuclear technology/);
    const aid = deals.find((d) => d.kind === 'AID')!;
    expect(aid.value).toEqual({ amount: 3_300_000_000, currency: 'USD', approximate: true });
    expect(deals.filter((d) => d.kind !== 'AID').every((d) => d.value === null)).toBe(true);
  });

  it('states the CSTO exit and the EU legislation in its text', async () => {
    const { article } = await data(ARTICLE, { slug: SEED_SLUG });
    expect(article.body).toContain('In 2024, it announced plans to leave the Russia-led Collective Security Treaty Organization (CSTO).');
    expect(article.body).toContain(
      'In January 2025, the government took another step by approving legislation to begin the process of joining the European Union.',
    );
  });
});

describe('countries', () => {
  it('names France, India and the United States as Armenia’s counterparties', async () => {
    const d = await data(
      `{ country(code: "AM") { name deals(first: 20) { totalCount edges { node { parties { role country { code name } } } } } } }`,
    );
    expect(d.country.name).toBe('Armenia');
    expect(d.country.deals.totalCount).toBe(6);
    const counterparties = new Set<string>();
    for (const { node } of d.country.deals.edges)
      for (const p of node.parties) if (p.country.code !== 'AM') counterparties.add(p.country.name);
    expect([...counterparties].sort()).toEqual(['France', 'India', 'United States']);
  });

  it('knows what Armenia operates and where things are made', async () => {
    const d = await data(`{
      am: country(code: "am") { operates { slug } originOf { slug } }
      fr: country(code: "FR") { originOf { slug } operates { slug } }
      in: country(code: "IN") { originOf { slug } }
      ru: country(code: "RU") { deals { totalCount } articles { totalCount } }
    }`);
    expect(d.am.operates.map((e: { slug: string }) => e.slug).sort()).toEqual([
      'atags',
      'bastion',
      'caesar',
      'ground-master-200',
      'mistral',
      'tc-20',
    ]);
    expect(d.am.originOf).toEqual([]);
    expect(d.fr.originOf.map((e: { slug: string }) => e.slug).sort()).toEqual(['bastion', 'caesar']);
    expect(d.fr.operates).toEqual([]);
    expect(d.in.originOf.map((e: { slug: string }) => e.slug).sort()).toEqual(['atags', 'tc-20']);
    expect(d.ru).toEqual({ deals: { totalCount: 0 }, articles: { totalCount: 1 } });
  });

  it("lists every ISO 3166-1 country, the article's five among them", async () => {
    const d = await data(`{ countries { code } }`);
    const codes = d.countries.map((c: { code: string }) => c.code);
    expect(codes).toHaveLength(250);
    expect(codes).toEqual(expect.arrayContaining(['AM', 'FR', 'IN', 'RU', 'US', 'AZ', 'UA']));
  });
});

describe('equipment', () => {
  it('CAESAR: 155 mm self-propelled howitzer, 6 rounds a minute, about 25 miles, from France', async () => {
    const d = await data(`{ equipment(slug: "caesar") {
      name kind caliberMm rateOfFirePerMinute miles: range(unit: MILES) km: range(unit: KILOMETERS) default: range
      originCountry { code } operators { code } deals { totalCount edges { node { slug } } } articles { totalCount }
    } }`);
    const e = d.equipment;
    expect(e).toMatchObject({
      name: 'CAESAR',
      kind: 'SELF_PROPELLED_HOWITZER',
      caliberMm: 155,
      rateOfFirePerMinute: 6,
      originCountry: { code: 'FR' },
    });
    expect(e.miles).toBeCloseTo(25, 0);
    expect(e.km).toBeCloseTo(40.2, 1);
    expect(e.default).toBe(e.km);
    expect(e.operators).toEqual([{ code: 'AM' }]);
    expect(e.deals.edges.map((x: { node: { slug: string } }) => x.node.slug)).toEqual(['france-armenia-caesar-howitzers']);
    expect(e.articles.totalCount).toBe(1);
  });

  it('knows the kinds and origins the article states, and null for what it does not', async () => {
    const d = await data(`{ equipmentList(first: 20) { totalCount edges { node { slug kind originCountry { code } caliberMm range } } } }`);
    const bySlug = Object.fromEntries(d.equipmentList.edges.map((x: { node: { slug: string } }) => [x.node.slug, x.node]));
    expect(d.equipmentList.totalCount).toBe(6);
    expect(bySlug['atags']).toMatchObject({ kind: 'ARTILLERY', originCountry: { code: 'IN' }, caliberMm: null, range: null });
    expect(bySlug['tc-20']).toMatchObject({ kind: 'ARTILLERY', originCountry: { code: 'IN' } });
    expect(bySlug['ground-master-200']).toMatchObject({ kind: 'RADAR', originCountry: null });
    expect(bySlug['mistral']).toMatchObject({ kind: 'AIR_DEFENCE_MISSILE', originCountry: null });
    expect(bySlug['bastion']).toMatchObject({ kind: 'ARMOURED_VEHICLE', originCountry: { code: 'FR' } });
  });

  it('filters by kind, origin and operator', async () => {
    const d = await data(`{
      radars: equipmentList(filter: { kind: RADAR }) { edges { node { slug } } }
      french: equipmentList(filter: { originCountry: "fr" }) { edges { node { slug } } }
      armenian: equipmentList(filter: { operator: "AM", originCountry: "IN" }) { edges { node { slug } } }
    }`);
    const slugs = (c: { edges: { node: { slug: string } }[] }) => c.edges.map((e) => e.node.slug);
    expect(slugs(d.radars)).toEqual(['ground-master-200']);
    expect(slugs(d.french)).toEqual(['bastion', 'caesar']);
    expect(slugs(d.armenian)).toEqual(['atags', 'tc-20']);
  });
});

describe('deals, sections and authors', () => {
  it('filters deals by party, role, kind and equipment', async () => {
    const d = await data(`{
      all: deals(first: 50) { totalCount }
      fr: deals(filter: { supplier: "FR" }) { totalCount }
      toAm: deals(filter: { recipient: "AM" }) { totalCount }
      us: deals(filter: { country: "US" }) { edges { node { slug } } }
      aid: deals(filter: { kind: AID }) { edges { node { slug value { amount } } } }
      mistral: deals(filter: { equipment: "mistral", supplier: "FR" }) { edges { node { slug } } }
      none: deals(filter: { supplier: "AM" }) { totalCount }
    }`);
    expect(d.all.totalCount).toBe(6);
    expect(d.fr.totalCount).toBe(3);
    expect(d.toAm.totalCount).toBe(5);
    expect(d.us.edges.map((e: { node: { slug: string } }) => e.node.slug).sort()).toEqual([
      'us-aid-to-armenia',
      'us-armenia-strategic-partnership-2025',
    ]);
    expect(d.aid.edges).toEqual([{ node: { slug: 'us-aid-to-armenia', value: { amount: 3.3e9 } } }]);
    expect(d.mistral.edges).toEqual([{ node: { slug: 'france-armenia-air-defence' } }]);
    expect(d.none.totalCount).toBe(0);
  });

  it('finds the article from its section, its author and its deals', async () => {
    const d = await data(`{
      section(slug: "war") { name articles { totalCount edges { node { slug } } } }
      sections { slug }
      author(slug: "kathrine-frich") { name articles { totalCount edges { node { slug } } } }
      authors { totalCount edges { node { slug } } }
      deal(slug: "us-aid-to-armenia") { title articles { edges { node { slug } } } }
    }`);
    expect(d.section.articles.edges[0].node.slug).toBe(SEED_SLUG);
    expect(d.section.articles.totalCount).toBe(1);
    expect(d.sections).toEqual([{ slug: 'war' }]);
    expect(d.author.articles.edges[0].node.slug).toBe(SEED_SLUG);
    expect(d.authors.totalCount).toBe(1);
    expect(d.deal.articles.edges[0].node.slug).toBe(SEED_SLUG);
  });
});
