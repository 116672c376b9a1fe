/**
 * Builds a deterministic synthetic corpus into a local D1 for the benchmark:
 *   npm run corpus -- --articles 100000 [--seed 1] [--force]
 * Prints the folder it wrote (.wrangler/bench/corpus-<n>-seed<seed>/); the same
 * seed and size always give the same rows. Sizes take k/M suffixes (100k, 1M).
 */
import { corpusDir, ensureCorpus, loadCorpus } from './load';

export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a count: ${text}`);
  const n = Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole count: ${text}`);
  return n;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = { articles: parseCount(arg('articles') ?? '1k'), seed: Number(arg('seed') ?? 1) };
  if (opts.articles > 1_000_000) throw new Error('at most 1M articles');
  const result = process.argv.includes('--force')
    ? { dir: corpusDir(opts), manifest: await loadCorpus(opts), reused: false }
    : await ensureCorpus(opts);
  console.log(`${result.reused ? 'up to date' : 'built'}: ${result.dir}`);
  console.log(JSON.stringify(result.manifest.rows));
}
