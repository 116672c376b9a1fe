import { describe, expect, it } from 'vitest';
import { data, SEED_SLUG } from './helpers';

describe('smoke', () => {
  it('serves the seed article', async () => {
    const d = await data(`query($slug: String!) { article(slug: $slug) { title } }`, { slug: SEED_SLUG });
    expect(d.article.title).toBe("New Deal With U.S. Cements Russia's Loss of Longtime Ally");
  });
  it('counts a many-to-many connection', async () => {
    const d = await data(`{ country(code: "AM") { deals { totalCount } articles { totalCount } } }`);
    expect(d.country.deals.totalCount).toBe(6);
    expect(d.country.articles.totalCount).toBe(1);
  });
});
