// `npm run ingest` as a user runs it, in Node: pages fetched over HTTP from a
// local server this test starts (fixture pages, a 404, an image), link targets
// read from a real local Worker with a migrated and seeded D1 (wrangler), and
// the dry run's stdout parsed as JSON. Runs in the vitest project "e2e".
import { readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_startWorker } from 'wrangler';
import { catalogFromSeed } from '../../src/ingest/evaluate';
import { readHtml } from '../../src/ingest/html';
import { prepareArticle } from '../../src/ingest/input';
import { fetchSource } from '../../src/ingest/source';
import { seed } from '../../src/seed/data';
import { seedStatements } from '../../src/seed/sql';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = join(root, 'tests/fixtures/pages');
const configPath = join(root, 'wrangler.toml');

let server: Server;
let site: string;
let worker: Awaited<ReturnType<typeof unstable_startWorker>>;
let endpoint: string;
let persistTo: string;

/** The CLI, as `npm run -s ingest -- …` runs it (or with npm's banner when `silent` is false). */
async function ingest(args: string[], silent = true) {
  try {
    const { stdout, stderr } = await run('npm', ['run', ...(silent ? ['-s'] : []), 'ingest', '--', ...args], {
      cwd: root,
      env: { ...process.env, EDITOR_TOKEN: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent(req.url!.slice(1).split('?')[0]);
    if (name === 'photo.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end('PNG');
    try {
      const body = readFileSync(join(pages, name.replace(/[/\\]/g, '')), 'utf8');
      res.writeHead(200, { 'content-type': name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  persistTo = mkdtempSync(join(tmpdir(), 'news-graph-ingest-'));
  const { env, dispose } = await getPlatformProxy<{ DB: D1Database }>({ configPath, persist: { path: join(persistTo, 'v3') } });
  try {
    for (const migration of await readD1Migrations(join(root, 'drizzle')))
      await env.DB.batch(migration.queries.map((q) => env.DB.prepare(q)));
    await env.DB.batch(seedStatements(seed).map((s) => env.DB.prepare(s)));
  } finally {
    await dispose();
  }
  worker = await unstable_startWorker({
    config: configPath,
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: persistTo, watch: false, logLevel: 'warn' },
  });
  endpoint = `${(await worker.url).origin}/graphql`;
});

afterAll(async () => {
  await worker?.dispose();
  await new Promise((resolve) => server?.close(resolve));
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

describe('fetching pages', () => {
  it('reads an https-style URL: JSON-LD, OpenGraph-only and bare pages', async () => {
    const catalog = catalogFromSeed(seed);
    const fields = async (name: string) => {
      const source = await fetchSource(`${site}/${name}?utm_source=feed`);
      expect(source.kind).toBe('html');
      const page = readHtml(source.content, source.url);
      const { input } = prepareArticle(page.text, catalog, {
        declared: page.declared,
        sourceUrl: page.sourceUrl,
        sourceName: page.sourceName,
      });
      return {
        title: input!.title,
        publishedAt: input!.publishedAt,
        authors: input!.authors.map((a) => a.name),
        sourceUrl: input!.sourceUrl,
        sourceName: input!.sourceName,
      };
    };
    expect(await fields('21-jsonld.html')).toEqual({
      title: 'France Delivers Six More CAESAR Howitzers to Armenia',
      publishedAt: '2025-02-03T05:15:00.000Z',
      authors: ['Lusine Petrosyan'],
      sourceUrl: `${site}/21-jsonld.html?utm_source=feed`,
      sourceName: 'Caucasus Monitor',
    });
    // og:url names the page better than the address it was fetched from.
    expect(await fields('22-opengraph.html')).toMatchObject({
      sourceUrl: 'https://sdr.example/2024/07/india-tc-20-armenia',
      sourceName: 'Subcontinent Defence Review',
      authors: ['Rahul Iyer'],
    });
    expect(await fields('23-neither.html')).toMatchObject({
      title: 'Armenia Signs Deal for French Ground Master 200 Radars',
      publishedAt: '2024-06-18T08:40:00.000Z',
      sourceName: null,
    });
  });

  it('says why a URL gives no page', async () => {
    await expect(fetchSource(`${site}/missing.html`)).rejects.toThrow(`could not fetch ${site}/missing.html: HTTP 404`);
    await expect(fetchSource(`${site}/photo.png`)).rejects.toThrow('is not a page (content-type image/png)');
    await expect(fetchSource('http://127.0.0.1:1/nothing')).rejects.toThrow(/^could not fetch http:\/\/127\.0\.0\.1:1\/nothing: /);
  });
});

describe('npm run ingest --dry-run', () => {
  it('prints a JSON array on stdout, for one page or several, files and URLs alike', async () => {
    const one = await ingest([join(pages, '09-reuters-wire-caption.txt'), '--dry-run', '--endpoint', endpoint]);
    expect(one.code).toBe(0);
    const single = JSON.parse(one.stdout);
    expect(single).toHaveLength(1);
    expect(single[0]).toMatchObject({ slug: 'armenia-buys-indian-air-defence-systems', wireCredit: 'Reuters', countries: ['AM', 'IN'] });
    expect(one.stderr).toMatch(/1 page\(s\): 1 would be submitted/);

    const two = await ingest([`${site}/21-jsonld.html`, join(pages, '10-epa-photo-credit.txt'), '--dry-run', '--endpoint', endpoint]);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout).map((i: { slug: string }) => i.slug)).toEqual([
      'france-delivers-six-more-caesar-howitzers-to-armenia',
      'azerbaijan-and-armenia-agree-text-of-peace-treaty',
    ]);
  });

  it('writes the array to --out, and tells the user when npm put its banner on stdout', async () => {
    const out = join(persistTo, 'inputs.json');
    const r = await ingest([join(pages, '07-amt-zone.txt'), '--dry-run', '--out', out, '--endpoint', endpoint], false);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))[0]).toMatchObject({
      publishedAt: '2025-01-09T10:17:00.000Z',
      authors: [{ name: 'Lilit Grigoryan' }],
    });
    const noisy = await ingest([join(pages, '07-amt-zone.txt'), '--dry-run', '--endpoint', endpoint], false);
    expect(noisy.stdout).toMatch(/^\s*> news-graph@/);
    expect(noisy.stderr).toContain('use `npm run -s ingest');
  });

  it('refuses what it cannot read with a reason, and still prints valid JSON', async () => {
    const r = await ingest([`${site}/missing.html`, join(pages, '01-furniture-before-headline.txt'), '--dry-run', '--endpoint', endpoint]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    expect(r.stderr).toContain('HTTP 404');
    const bad = await ingest([join(pages, '01-furniture-before-headline.txt'), '--dry-run', '--date', 'soon', '--endpoint', endpoint]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--date "soon" is not a date this tool reads');
  });

  it('--source-url gives a copied page its address: stored, its domain zones the time, its slug names the headline', async () => {
    const copy = join(root, 'tests/fixtures/copied/promos-around-headline.txt');
    const url = 'https://www.hafenblatt.de/wirtschaft/2024/06/18/faehren-streichen-winterfahrplan-wegen-hoher-treibstoffkosten/';
    const r = await ingest([copy, '--dry-run', '--source-url', url, '--endpoint', endpoint]);
    expect(r.code).toBe(0);
    const [input] = JSON.parse(r.stdout);
    expect(input).toMatchObject({
      title: 'Fähren streichen Winterfahrplan wegen hoher Treibstoffkosten',
      sourceUrl: url,
      publishedAt: '2024-06-18T05:11:00.000Z',
    });
    const two = await ingest([copy, copy, '--dry-run', '--source-url', url, '--endpoint', endpoint]);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('--source-url apply to one page');
  });
});
