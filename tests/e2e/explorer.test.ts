// The explorer in a real browser: headless Chromium opens /graphql on a local
// Worker (wrangler, workerd, a migrated and seeded D1), runs the default
// operation, and must find the seed article's title in the result pane without
// a single request to any other host. Runs in Node (vitest project "e2e").
import { readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_startWorker } from 'wrangler';
import { seed } from '../../src/seed/data';
import { seedStatements } from '../../src/seed/sql';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configPath = join(root, 'wrangler.toml');
const artifacts = join(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TITLE = "New Deal With U.S. Cements Russia's Loss of Longtime Ally";

/** Migrates and seeds a fresh local D1 under `persistTo`, the way `npm start` does. */
async function prepareDatabase(persistTo: string) {
  const { env, dispose } = await getPlatformProxy<{ DB: D1Database }>({ configPath, persist: { path: join(persistTo, 'v3') } });
  try {
    for (const migration of await readD1Migrations(join(root, 'drizzle'))) {
      await env.DB.batch(migration.queries.map((q) => env.DB.prepare(q)));
    }
    await env.DB.batch(seedStatements(seed).map((s) => env.DB.prepare(s)));
  } finally {
    await dispose();
  }
}

describe('explorer in Chromium', () => {
  let worker: Awaited<ReturnType<typeof unstable_startWorker>>;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let persistTo: string;
  const requests: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` (as .ci/run does) or set CHROMIUM_PATH`);
    }
    persistTo = mkdtempSync(join(tmpdir(), 'news-graph-e2e-'));
    await prepareDatabase(persistTo);
    worker = await unstable_startWorker({
      config: configPath,
      dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: persistTo, watch: false, logLevel: 'warn' },
    });
    origin = (await worker.url).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    // Every request of the page and of any worker it might start.
    context.on('request', (request) => requests.push(request.url()));
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  });

  it('runs the default operation and shows the seed article, using only its own origin', async () => {
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: TITLE }).waitFor({ timeout: 20_000 });

    // The example operations are the tabs, the article page first.
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.map((t) => t.trim())).toEqual(expect.arrayContaining(['ArticlePage', 'SectionFront', 'CountryProfile']));
    expect(tabs[0].trim()).toBe('ArticlePage');

    // The documentation pane shows the schema's descriptions.
    await page.getByRole('button', { name: /show documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByRole('link', { name: 'Query' }).click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'One article by slug' }).waitFor({ timeout: 10_000 });

    // A dialog injects a <style> element: allowed only through the page's nonce.
    await page.getByRole('button', { name: /open settings dialog/i }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'explorer.png') });

    const httpRequests = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(httpRequests).toContain(`${origin}/explorer/graphiql.js`);
    expect(httpRequests).toContain(`${origin}/graphql`);
    expect(httpRequests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
