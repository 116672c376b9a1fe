import { describe, expect, it } from 'vitest';
import { data, SEED_SLUG } from './helpers';

describe('smoke', () => {
  it('serves the seed article', async () => {
    const d = await data(`query($slug: String!) { article(slug: $slug) { title } }`, { slug: SEED_SLUG });
    expect(d.article.title).toBe("New Deal With U.S. Cements Russia's Loss of Longtime Ally");
  });
});
