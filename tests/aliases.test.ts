// Editors can set the aliases ingestion links by, on every entity that has them.
import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, createToken, editorData } from './editor';
import { data } from './helpers';

describe('aliases through mutations', () => {
  it('creates and replaces aliases of countries, equipment and deals', async () => {
    const token = await createToken(ALL_SCOPES);
    await editorData(
      token,
      `mutation { createCountry(input: { code: "XA", name: "Freedonia", aliases: [" Freedonian ", "Tbilisi"] }) { country { code } } }`,
    );
    await editorData(
      token,
      `mutation { createEquipment(input: { slug: "pinaka", name: "Pinaka", kind: ARTILLERY, aliases: ["Pinaka MBRL"] }) { equipment { slug } } }`,
    );
    await editorData(
      token,
      `mutation { createDeal(input: { slug: "ge-deal", title: "A deal", kind: OTHER, aliases: ["the Tbilisi accord"] }) { deal { slug } } }`,
    );
    let d = await data(`{ country(code: "XA") { aliases } equipment(slug: "pinaka") { aliases } deal(slug: "ge-deal") { aliases } }`);
    expect(d).toEqual({
      country: { aliases: ['Freedonian', 'Tbilisi'] },
      equipment: { aliases: ['Pinaka MBRL'] },
      deal: { aliases: ['the Tbilisi accord'] },
    });

    await editorData(
      token,
      `mutation { updateCountry(input: { code: "XA", name: "Freedonia", aliases: ["Freedonian"] }) { country { code } } }`,
    );
    await editorData(token, `mutation { updateEquipment(input: { slug: "pinaka", aliases: null }) { equipment { slug } } }`);
    // A change that leaves aliases out keeps them.
    await editorData(token, `mutation { updateDeal(input: { slug: "ge-deal", title: "The deal" }) { deal { slug } } }`);
    d = await data(`{ country(code: "XA") { aliases } equipment(slug: "pinaka") { aliases } deal(slug: "ge-deal") { title aliases } }`);
    expect(d).toEqual({
      country: { aliases: ['Freedonian'] },
      equipment: { aliases: [] },
      deal: { title: 'The deal', aliases: ['the Tbilisi accord'] },
    });
  });
});
