import { describe, expect, it } from 'vitest';
import { data } from './helpers';

describe('aliases', () => {
  it('serves the seed aliases of countries, equipment and deals', async () => {
    const d = await data(`{
      country(code: "US") { aliases }
      equipment(slug: "caesar") { aliases }
      deal(slug: "us-armenia-strategic-partnership-2025") { aliases }
      bastion: equipment(slug: "bastion") { aliases }
    }`);
    expect(d.country.aliases).toEqual(expect.arrayContaining(['U.S.', 'United States of America', 'American']));
    expect(d.equipment.aliases).toEqual(['Caesar']);
    expect(d.deal.aliases).toEqual(['strategic partnership']);
    expect(d.bastion.aliases).toEqual([]);
  });
});
