/**
 * Ingests news pages (pasted text, saved HTML, or https URLs) through the GraphQL API:
 *
 *   npm run -s ingest -- <files, folders or URLs> [--endpoint URL] [--token T] [--dry-run] [--out FILE] ...
 *
 * Each file is parsed (src/ingest/parse.ts), linked to the countries,
 * equipment and deals the API knows by name and alias (src/ingest/link.ts),
 * and submitted with `upsertArticle`, so the same command works against
 * `npm start` and a deployed Worker. Submitting the same file twice changes
 * nothing. `--dry-run` prints the inputs it would submit (JSON, on stdout)
 * and needs no token; each is checked by the API's own input rules first, so
 * "would submit" means the API would accept it. Progress goes to stderr; the
 * report (what was linked, what could not be parsed) and a summary at the end
 * go to stdout (to stderr in a dry run, so stdout stays valid JSON: always an
 * array, one input per page; `--out FILE` writes it to a file instead).
 *
 * Exit code: 0 when every file was ingested (or would be), 1 otherwise.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchCatalog, httpClient, upsertArticle, type GraphQLClient } from '../src/ingest/api';
import { prepareArticle, validateInput, type PreparedArticle } from '../src/ingest/input';
import { parseDateline, zoneOffset } from '../src/ingest/dates';
import { readHtml } from '../src/ingest/html';
import { fetchSource, isUrl, readSource, type Source } from '../src/ingest/source';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8787/graphql';
const EXTENSIONS = /\.(txt|text|md|html?|xhtml)$/i;

const USAGE = `usage: npm run -s ingest -- <files, folders or https URLs> [options]

  --endpoint URL       GraphQL endpoint (default ${DEFAULT_ENDPOINT}, or env INGEST_ENDPOINT)
  --token T            editor token with articles:write (or env EDITOR_TOKEN; against
                       127.0.0.1 the local development token of .dev.vars is the default)
  --dry-run            print the inputs it would submit (a JSON array); submit nothing
  --out FILE           write that JSON array to FILE instead of stdout
  --title T            use T as the headline (one page only)
  --date D             use D as the publication time (one page only), e.g. "2025-01-19 21:17 CET"
  --date-order O       dmy or mdy: how to read all-numeric dates such as 06/07/2024 (default:
                       day first, unless an English page says it is American: a clock in a
                       US zone, a "US Edition" line)
  --source-name N      the outlet, when the page does not say (HTML pages declare it)
  --source-url URL     the address a saved or copied page came from (one page only): stored as
                       its sourceUrl; for copied text, its day, country domain and slug help
                       date the story, zone its times and find its headline
  --force              replace a different story that has the same slug
  --default-zone Z     zone of datelines that give none, e.g. CET or +02:00 (default: the
                       zone of the page's declared locale, US Eastern for en-US; else UTC)
  --quiet              only the summary
  -h, --help           this text

Folders are read recursively for .txt, .text, .md, .html and .htm files.
Use npm's -s (npm run -s ingest -- ...) so that npm's banner stays off stdout.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      token: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string' },
      title: { type: 'string' },
      date: { type: 'string' },
      'date-order': { type: 'string' },
      'source-name': { type: 'string' },
      'source-url': { type: 'string' },
      force: { type: 'boolean', default: false },
      'default-zone': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  const defaultZone = values['default-zone'];
  if (defaultZone !== undefined && zoneOffset(defaultZone) === undefined) {
    console.error(`unknown --default-zone ${JSON.stringify(defaultZone)}: use an abbreviation such as CET or an offset such as +02:00`);
    return 1;
  }
  const dateOrder = values['date-order']?.toUpperCase();
  if (dateOrder !== undefined && dateOrder !== 'DMY' && dateOrder !== 'MDY') {
    console.error(`--date-order must be dmy or mdy, not ${JSON.stringify(values['date-order'])}`);
    return 1;
  }
  if (values.date && !parseDateline(values.date, defaultZone ?? 'UTC', dateOrder ?? 'DMY')) {
    console.error(
      `--date ${JSON.stringify(values.date)} is not a date this tool reads: try "2025-01-19 21:17 CET" or "19 January 2025 21:17 CET"`,
    );
    return 1;
  }
  const endpoint = values.endpoint ?? process.env.INGEST_ENDPOINT ?? DEFAULT_ENDPOINT;
  const dryRun = values['dry-run']!;
  let token = values.token ?? process.env.EDITOR_TOKEN;
  if (!token && !dryRun && isLocal(endpoint)) {
    token = localDevToken();
    if (token) console.error('no --token or EDITOR_TOKEN: using the local development token (DEV_EDITOR_TOKEN, see .dev.vars.example)');
  }
  if (!dryRun && !token) {
    console.error('a token with articles:write is needed: pass --token T or set EDITOR_TOKEN (or use --dry-run)');
    return 1;
  }

  const files = positionals.flatMap((p) => (isUrl(p) ? [p] : collect(p)));
  if (!files.length) {
    console.error('no article files found');
    return 1;
  }
  if ((values.title || values.date || values['source-url']) && files.length > 1) {
    console.error('--title, --date and --source-url apply to one page: name only one');
    return 1;
  }
  if (values['source-url'] && !isUrl(values['source-url'])) {
    console.error(`--source-url must be an http(s) address, not ${JSON.stringify(values['source-url'])}`);
    return 1;
  }

  const client: GraphQLClient = httpClient(endpoint, token);
  let catalog;
  try {
    catalog = await fetchCatalog(client);
  } catch (error) {
    console.error(`could not read the link targets from ${endpoint}: ${(error as Error).message}`);
    return 1;
  }

  const progress = new Progress(files.length);
  const tally = { created: 0, updated: 0, unchanged: 0, wouldSubmit: 0, unparsable: 0, failed: 0, invalid: 0 };
  const inputs: unknown[] = [];
  // In a dry run stdout carries only the JSON inputs, so the report goes to stderr.
  const report = dryRun ? console.error : console.log;
  const log = (line = '') => progress.above(() => (values.quiet ? undefined : report(line)));

  for (const [n, file] of files.entries()) {
    const name = relative(process.cwd(), file) || file;
    progress.update(n, name);
    let prepared: PreparedArticle;
    try {
      const source: Source = isUrl(file) ? await fetchSource(file) : readSource(file);
      const common = { defaultZone, dateOrder: dateOrder as 'DMY' | 'MDY' | undefined, title: values.title, date: values.date };
      if (source.kind === 'html') {
        const page = readHtml(source.content, source.url ?? values['source-url'] ?? null);
        prepared = prepareArticle(page.text, catalog, {
          ...common,
          declared: values.title ? { ...page.declared, title: undefined } : page.declared,
          sourceUrl: page.sourceUrl,
          sourceName: values['source-name'] ?? page.sourceName,
        });
      } else {
        prepared = prepareArticle(source.content, catalog, {
          ...common,
          sourceUrl: source.url ?? values['source-url'] ?? null,
          sourceName: values['source-name'] ?? null,
        });
      }
    } catch (error) {
      tally.unparsable++;
      log(`✗ ${name}: ${(error as Error).message}`);
      continue;
    }
    const { parsed, links, input } = prepared;
    if (!input) {
      tally.unparsable++;
      log(`✗ ${name}: not ingested: ${prepared.errors.join('; ')}`);
      for (const w of parsed.warnings) log(`    warning: ${w}`);
      continue;
    }
    if (values.force) input.force = true;
    const invalid = validateInput(input);
    if (invalid.length) {
      tally.invalid++;
      log(`✗ ${name}: the API would refuse it: ${invalid.join('; ')}`);
      continue;
    }
    let outcome: string;
    if (dryRun) {
      inputs.push(input);
      tally.wouldSubmit++;
      outcome = 'would submit';
    } else {
      try {
        const result = await upsertArticle(client, input);
        if (result.created) tally.created++;
        else if (result.changed) tally.updated++;
        else tally.unchanged++;
        outcome = result.created ? 'created' : result.changed ? 'updated' : 'unchanged';
      } catch (error) {
        tally.failed++;
        const message = (error as Error).message;
        log(
          `✗ ${name}: the API refused it: ${message}${/^CONFLICT/.test(message) && !values.force ? ' (check the page; --force replaces the stored story)' : ''}`,
        );
        continue;
      }
    }
    log(`✓ ${name} → ${input.slug} (${outcome})`);
    log(
      `    ${input.body.length} blocks (${input.body.filter((b) => b.kind === 'SUBHEADING').length} subheadings), by ${input.authors.map((a) => a.name).join(', ') || '?'}, ${input.publishedAt}${input.section ? `, section ${input.section.name}` : ''}`,
    );
    log(`    countries: ${links.countries.map((c) => `${c.key} (${c.matched.join(', ')})`).join('; ') || 'none'}`);
    log(`    equipment: ${links.equipment.map((e) => `${e.key} (${e.matched.join(', ')})`).join('; ') || 'none'}`);
    log(`    deals: ${links.deals.map((d) => `${d.slug}: ${d.reason}`).join('; ') || 'none'}`);
    if (prepared.candidates.length) log(`    candidate equipment (not linked): ${prepared.candidates.join(', ')}`);
    if (input.sourceUrl || input.sourceName || input.wireCredit)
      log(`    source: ${[input.sourceName, input.sourceUrl, input.wireCredit && `wire ${input.wireCredit}`].filter(Boolean).join(', ')}`);
    if (parsed.removed.length) log(`    removed as furniture: ${parsed.removed.map((r) => JSON.stringify(r)).join(', ')}`);
    if (parsed.credits) log(`    trailer kept out of the body: ${parsed.credits}`);
    for (const w of parsed.warnings) log(`    warning: ${w}`);
  }
  progress.done();

  if (dryRun) {
    // Always an array, one input per page, whatever the number of pages.
    const json = JSON.stringify(inputs, null, 2) + '\n';
    if (values.out) writeFileSync(values.out, json);
    else {
      process.stdout.write(json);
      // npm wrote its "> news-graph ingest" banner to the same stdout before this script ran.
      if (process.env.npm_lifecycle_event && process.env.npm_config_loglevel !== 'silent' && !process.stdout.isTTY) {
        console.error(
          'note: npm printed its banner above the JSON on stdout; use `npm run -s ingest -- …` or `--out FILE` for a clean JSON file',
        );
      }
    }
  }
  const summary = dryRun
    ? `${files.length} page(s): ${tally.wouldSubmit} would be submitted, ${tally.invalid} would be refused by the API's input rules, ${tally.unparsable} could not be parsed (dry run: nothing written)${values.out ? `; inputs in ${values.out}` : ''}`
    : `${files.length} page(s): ${tally.created} created, ${tally.updated} updated, ${tally.unchanged} unchanged, ${tally.unparsable} could not be parsed, ${tally.invalid + tally.failed} refused by the API`;
  report(summary);
  return tally.unparsable || tally.failed || tally.invalid ? 1 : 0;
}

function isLocal(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** DEV_EDITOR_TOKEN from the environment, .dev.vars or .dev.vars.example: the token `npm start` stores, local-only. */
function localDevToken(): string | undefined {
  if (process.env.DEV_EDITOR_TOKEN) return process.env.DEV_EDITOR_TOKEN;
  for (const file of ['.dev.vars', '.dev.vars.example']) {
    if (!existsSync(file)) continue;
    const m = /^DEV_EDITOR_TOKEN\s*=\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(file, 'utf8'));
    if (m) return m[1];
  }
  return undefined;
}

/** Files named on the command line, and article files found in named folders (sorted, recursive). */
function collect(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`no such file or folder: ${path}`);
  }
  if (stat.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? collect(join(path, e.name)) : EXTENSIONS.test(e.name) ? [join(path, e.name)] : []));
}

/** A one-line progress bar on stderr, shown for more than one file when stderr is a terminal. */
class Progress {
  private readonly enabled: boolean;
  private line = '';
  constructor(private readonly total: number) {
    this.enabled = total > 1 && Boolean(process.stderr.isTTY);
  }
  update(done: number, label: string) {
    if (!this.enabled) return;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    this.line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${label}`.slice(
      0,
      (process.stderr.columns ?? 80) - 1,
    );
    process.stderr.write(`\r\x1b[2K${this.line}`);
  }
  /** Prints below-the-bar output without tearing the bar. */
  above(print: () => void) {
    if (this.enabled) process.stderr.write('\r\x1b[2K');
    print();
    if (this.enabled) process.stderr.write(this.line);
  }
  done() {
    if (this.enabled) process.stderr.write(`\r\x1b[2K[${'#'.repeat(24)}] ${this.total}/${this.total}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
