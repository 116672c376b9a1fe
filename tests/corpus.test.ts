// Unit tests of the benchmark's corpus generator (pure: no database). The
// benchmark's comparisons between runs rest on it giving the same rows for a seed.
import { describe, expect, it } from 'vitest';
import { articleRange, CORPUS_END, CORPUS_START, referenceData } from '../scripts/corpus/generate';
import { Rng } from '../scripts/corpus/prng';

const opts = { articles: 400, seed: 7 };

describe('corpus generator', () => {
  it('gives the same rows for the same seed, whatever the chunking', () => {
    const ref = referenceData(opts);
    const whole = articleRange(opts, ref, 0, 400);
    const a = articleRange(opts, referenceData(opts), 0, 150);
    const b = articleRange(opts, referenceData(opts), 150, 400);
    expect([...a.articles, ...b.articles]).toEqual(whole.articles);
    expect([...a.articleCountries, ...b.articleCountries]).toEqual(whole.articleCountries);
    expect(referenceData(opts)).toEqual(ref);
  });

  it('gives different rows for another seed', () => {
    const one = articleRange(opts, referenceData(opts), 0, 5).articles.map((a) => a.title);
    const other = articleRange({ ...opts, seed: 8 }, referenceData({ ...opts, seed: 8 }), 0, 5).articles.map((a) => a.title);
    expect(other).not.toEqual(one);
  });

  it('writes bodies of 300 to 1,500 words over ten years, each linked to at least one author and country', () => {
    const chunk = articleRange(opts, referenceData(opts), 0, 400);
    for (const a of chunk.articles) {
      expect(a.word_count as number).toBeGreaterThanOrEqual(300);
      expect(a.word_count as number).toBeLessThanOrEqual(1500);
      expect(a.published_at as number).toBeGreaterThanOrEqual(CORPUS_START);
      expect(a.published_at as number).toBeLessThanOrEqual(CORPUS_END);
    }
    const ids = new Set(chunk.articles.map((a) => a.id));
    expect(new Set(chunk.articleAuthors.map((r) => r.article_id))).toEqual(ids);
    expect(new Set(chunk.articleCountries.map((r) => r.article_id))).toEqual(ids);
    expect(new Set(chunk.articles.map((a) => a.slug)).size).toBe(400);
  });

  it('spreads coverage unevenly, as news does: the top country appears far more than the median one', () => {
    const chunk = articleRange(opts, referenceData(opts), 0, 400);
    const perCountry = new Map<unknown, number>();
    for (const r of chunk.articleCountries) perCountry.set(r.country_id, (perCountry.get(r.country_id) ?? 0) + 1);
    const counts = [...perCountry.values()].sort((x, y) => y - x);
    expect(counts[0]).toBeGreaterThan(4 * counts[Math.floor(counts.length / 2)]);
  });

  it('keeps its PRNG reproducible (sfc32 seeded by splitmix32)', () => {
    const r = new Rng(42);
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    const again = new Rng(42);
    expect([again.nextU32(), again.nextU32(), again.nextU32()]).toEqual(first);
    expect(new Rng(42, 1).nextU32()).not.toBe(first[0]);
  });
});
