/**
 * The one source of truth for seed data: the first article and every fact
 * the domain brief gives about it (tests/facts.test.ts asks each through the API). `npm start` and the tests load it through
 * `seedStatements()`; loading it again changes nothing.
 *
 * Facts the article leaves open stay null: it names France as the supplier of
 * the Ground Master 200 and Mistral, not as where they are made, so their
 * origin is unknown here.
 */
import type { Block } from '../content/blocks';
import { worldCountries } from './countries';

export type DealKind = 'STRATEGIC_PARTNERSHIP' | 'AID' | 'ARMS_TRANSFER' | 'DEFENCE_COOPERATION' | 'OTHER';
export type DealStatus = 'ANNOUNCED' | 'AGREED' | 'IN_PROGRESS' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED';
export type PartyRole = 'SUPPLIER' | 'RECIPIENT' | 'PARTNER' | 'DONOR';
export type EquipmentKind =
  | 'ARTILLERY'
  | 'SELF_PROPELLED_HOWITZER'
  | 'RADAR'
  | 'AIR_DEFENCE_MISSILE'
  | 'ARMOURED_VEHICLE'
  | 'AIRCRAFT'
  | 'SHIP'
  | 'OTHER';

export interface SeedSection {
  slug: string;
  name: string;
}
export interface SeedAuthor {
  slug: string;
  name: string;
}
export interface SeedCountry {
  code: string;
  name: string;
  aliases?: string[];
}
export interface SeedEquipment {
  slug: string;
  name: string;
  aliases?: string[];
  kind: EquipmentKind;
  originCountry: string | null;
  caliberMm: number | null;
  rateOfFirePerMinute: number | null;
  rangeKm: number | null;
  operators: string[];
}
export interface SeedDeal {
  slug: string;
  title: string;
  aliases?: string[];
  kind: DealKind;
  status: DealStatus | null;
  announcedOn: string | null;
  parties: { country: string; role: PartyRole }[];
  value: { amount: number; currency: string; approximate: boolean } | null;
  equipment: string[];
  summary: string | null;
}
export interface SeedArticle {
  slug: string;
  title: string;
  dek: string | null;
  blocks: Block[];
  publishedAt: string;
  updatedAt: string;
  section: string | null;
  authors: string[];
  image: { url: string | null; caption: string | null; credit: string | null } | null;
  sourceAttribution: string | null;
  countries: string[];
  deals: string[];
  equipment: string[];
}
export interface SeedData {
  sections: SeedSection[];
  authors: SeedAuthor[];
  countries: SeedCountry[];
  equipment: SeedEquipment[];
  deals: SeedDeal[];
  articles: SeedArticle[];
}

const MILE_KM = 1.609344;

const p = (text: string): Block => ({ type: 'paragraph', text });
const h = (text: string): Block => ({ type: 'subheading', text });

export const seed: SeedData = {
  sections: [{ slug: 'war', name: 'War' }],
  authors: [{ slug: 'kathrine-frich', name: 'Kathrine Frich' }],
  // Every ISO 3166-1 country (./countries.ts), the article's five first.
  countries: worldCountries([
    // Aliases are the other names ingestion links by (see src/ingest/link.ts):
    // short forms and demonyms. A capitalized alias matches only as written or
    // in capitals, so the pronoun "us" is never the United States.
    { code: 'AM', name: 'Armenia', aliases: ['Armenian'] },
    { code: 'RU', name: 'Russia', aliases: ['Russian', 'Russian Federation'] },
    { code: 'US', name: 'United States', aliases: ['U.S.', 'US', 'USA', 'U.S.A.', 'United States of America', 'American'] },
    { code: 'FR', name: 'France', aliases: ['French'] },
    { code: 'IN', name: 'India', aliases: ['Indian'] },
  ]),
  equipment: [
    {
      slug: 'caesar',
      name: 'CAESAR',
      aliases: ['Caesar'],
      kind: 'SELF_PROPELLED_HOWITZER',
      originCountry: 'FR',
      caliberMm: 155,
      rateOfFirePerMinute: 6,
      // "strike targets nearly 25 miles away"
      rangeKm: 25 * MILE_KM,
      operators: ['AM'],
    },
    {
      slug: 'atags',
      name: 'ATAGS',
      aliases: ['Advanced Towed Artillery Gun System'],
      kind: 'ARTILLERY',
      originCountry: 'IN',
      caliberMm: null,
      rateOfFirePerMinute: null,
      rangeKm: null,
      operators: ['AM'],
    },
    {
      slug: 'tc-20',
      name: 'TC-20',
      kind: 'ARTILLERY',
      originCountry: 'IN',
      caliberMm: null,
      rateOfFirePerMinute: null,
      rangeKm: null,
      operators: ['AM'],
    },
    {
      slug: 'ground-master-200',
      name: 'Ground Master 200',
      aliases: ['GM200', 'GM 200'],
      kind: 'RADAR',
      originCountry: null,
      caliberMm: null,
      rateOfFirePerMinute: null,
      rangeKm: null,
      operators: ['AM'],
    },
    {
      slug: 'mistral',
      name: 'Mistral',
      kind: 'AIR_DEFENCE_MISSILE',
      originCountry: null,
      caliberMm: null,
      rateOfFirePerMinute: null,
      rangeKm: null,
      operators: ['AM'],
    },
    {
      slug: 'bastion',
      name: 'Bastion',
      kind: 'ARMOURED_VEHICLE',
      originCountry: 'FR',
      caliberMm: null,
      rateOfFirePerMinute: null,
      rangeKm: null,
      operators: ['AM'],
    },
  ],
  deals: [
    {
      slug: 'us-armenia-strategic-partnership-2025',
      title: 'U.S.–Armenia strategic partnership',
      // Lower case: matches in any case. Linked only when both parties are named too.
      aliases: ['strategic partnership'],
      kind: 'STRATEGIC_PARTNERSHIP',
      status: 'AGREED',
      announcedOn: '2025-01',
      parties: [
        { country: 'US', role: 'PARTNER' },
        { country: 'AM', role: 'PARTNER' },
      ],
      value: null,
      equipment: [],
      summary:
        'The United States formalized a strategic partnership with Armenia in January 2025. American specialists will assist Armenia in strengthening its border security; further collaboration is expected in civilian nuclear technology.',
    },
    {
      slug: 'us-aid-to-armenia',
      title: 'U.S. aid to Armenia',
      aliases: ['U.S. aid to Armenia', 'American aid to Armenia'],
      kind: 'AID',
      status: 'IN_PROGRESS',
      announcedOn: null,
      parties: [
        { country: 'US', role: 'DONOR' },
        { country: 'AM', role: 'RECIPIENT' },
      ],
      value: { amount: 3_300_000_000, currency: 'USD', approximate: true },
      equipment: [],
      summary: 'The U.S. has invested around $3.3 billion in Armenia, supporting democratic reforms, economic growth and humanitarian aid.',
    },
    {
      slug: 'india-armenia-artillery',
      title: 'Indian artillery for Armenia',
      kind: 'ARMS_TRANSFER',
      status: 'DELIVERED',
      announcedOn: null,
      parties: [
        { country: 'IN', role: 'SUPPLIER' },
        { country: 'AM', role: 'RECIPIENT' },
      ],
      value: null,
      equipment: ['atags', 'tc-20'],
      summary: 'Armenia has been replacing Soviet-era equipment with Indian artillery systems such as ATAGS and TC-20.',
    },
    {
      slug: 'france-armenia-caesar-howitzers',
      title: 'French CAESAR howitzers for Armenia',
      kind: 'ARMS_TRANSFER',
      status: 'AGREED',
      announcedOn: null,
      parties: [
        { country: 'FR', role: 'SUPPLIER' },
        { country: 'AM', role: 'RECIPIENT' },
      ],
      value: null,
      equipment: ['caesar'],
      summary: 'A recent deal between Armenia and France will bring CAESAR self-propelled howitzers to the Armenian military.',
    },
    {
      slug: 'france-armenia-air-defence',
      title: 'French air defence for Armenia',
      kind: 'ARMS_TRANSFER',
      status: 'IN_PROGRESS',
      announcedOn: null,
      parties: [
        { country: 'FR', role: 'SUPPLIER' },
        { country: 'AM', role: 'RECIPIENT' },
      ],
      value: null,
      equipment: ['ground-master-200', 'mistral'],
      summary:
        'France is supplying Armenia with air defence systems, including Ground Master 200 radars and Mistral short-range missile systems.',
    },
    {
      slug: 'france-armenia-bastion-vehicles',
      title: 'French Bastion armoured vehicles for Armenia',
      kind: 'ARMS_TRANSFER',
      status: 'DELIVERED',
      announcedOn: null,
      parties: [
        { country: 'FR', role: 'SUPPLIER' },
        { country: 'AM', role: 'RECIPIENT' },
      ],
      value: null,
      equipment: ['bastion'],
      summary: 'Armenia has acquired French Bastion armoured vehicles.',
    },
  ],
  articles: [
    {
      slug: 'new-deal-with-us-cements-russias-loss-of-longtime-ally',
      title: "New Deal With U.S. Cements Russia's Loss of Longtime Ally",
      dek: 'The United States has now formalized a strategic partnership with them.',
      publishedAt: '2025-01-19T20:17:00.000Z',
      updatedAt: '2025-01-19T20:17:00.000Z',
      section: 'war',
      authors: ['kathrine-frich'],
      image: { url: null, caption: null, credit: 'Shutterstock' },
      sourceAttribution: 'WP',
      countries: ['AM', 'RU', 'US', 'FR', 'IN'],
      deals: [
        'us-armenia-strategic-partnership-2025',
        'us-aid-to-armenia',
        'india-armenia-artillery',
        'france-armenia-caesar-howitzers',
        'france-armenia-air-defence',
        'france-armenia-bastion-vehicles',
      ],
      equipment: ['caesar', 'atags', 'tc-20', 'ground-master-200', 'mistral', 'bastion'],
      blocks: [
        p('For years, Armenia was closely aligned with Russia, relying on its support for security and economic stability.'),
        p(
          'That dynamic is shifting. In recent years, Armenia has started looking toward the West, seeking new partnerships and diversifying its military resources.',
        ),
        p(
          'The change comes at a time of heightened geopolitical tensions in the region and a desire for greater independence from Moscow’s influence.',
        ),
        p(
          'The United States has now formalized a strategic partnership with Armenia, marking a significant step in bilateral relations, according to WP.',
        ),
        p(
          'Secretary of State Antony Blinken described the agreement as a foundation for deeper cooperation, saying it aligns with shared principles and will contribute to a more secure and stable South Caucasus.',
        ),
        h('Already Invested Billions'),
        p(
          'The U.S. has already invested around $3.3 billion in Armenia, supporting democratic reforms, economic growth, and humanitarian aid.',
        ),
        p('Under the new partnership, American specialists will assist Armenia in strengthening its border security.'),
        p('Further collaboration is expected in areas such as civilian nuclear technology.'),
        p(
          'Armenia’s move away from Russia has been evident for some time. In 2024, it announced plans to leave the Russia-led Collective Security Treaty Organization (CSTO).',
        ),
        p('In January 2025, the government took another step by approving legislation to begin the process of joining the European Union.'),
        p('This shift is also reflected in Armenia’s military strategy.'),
        p(
          'The country has been gradually phasing out Soviet-era equipment, initially replacing it with Indian artillery systems such as ATAGS and TC-20.',
        ),
        p('Now, Armenia is expanding its defense partnerships with NATO countries, particularly France.'),
        p('A recent deal between Armenia and France will bring Caesar self-propelled howitzers to the Armenian military.'),
        p('These advanced 155mm artillery systems can fire up to six rounds per minute and strike targets nearly 25 miles away.'),
        p(
          'The cooperation between Armenia and France goes beyond artillery. France is supplying Armenia with air defense systems, including Ground Master 200 radars and Mistral short-range missile systems.',
        ),
        p('Additionally, Armenia has acquired French Bastion armored vehicles.'),
        p(
          'With these agreements, Armenia continues to redefine its place in the region, moving closer to Western alliances while seeking greater security and military modernization.',
        ),
      ],
    },
  ],
};
