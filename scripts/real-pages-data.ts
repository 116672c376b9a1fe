/**
 * Builds the real-page evaluation set (for scripts/ingest-real-eval.ts) from
 * two public test corpora whose pages and expected metadata were written by
 * other people: Mozilla Readability's test pages and Postlight Parser's
 * fixtures. Nothing of them is kept in this repository: the pages and the
 * expected values go to OUT, outside it.
 *
 *   # bare clones (or the snapshots the session's fetch tool brings)
 *   git clone --bare https://github.com/mozilla/readability /tmp/readability.git
 *   git clone --bare https://github.com/postlight/parser /tmp/parser.git
 *   npx tsx scripts/real-pages-data.ts --readability /tmp/readability.git --postlight /tmp/parser.git --out /work/realpages-data
 *
 * OUT gets one `<id>.html` per page and `expected.json`: for each page its
 * corpus, outlet, URL and the title, byline (split into names), publication
 * time as that corpus's own tests expect them (`null` where they expect none).
 * Only news articles are taken (the lists below); blogs, docs, wikis, recipes
 * and test-only pages are left out.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RealExpected {
  corpus: 'readability' | 'postlight';
  outlet: string;
  url: string | null;
  title: string | null;
  /** Names as the corpus gives the byline, split on commas and "and"; `null` when it gives none. */
  authors: string[] | null;
  /** The byline as the corpus wrote it. */
  byline: string | null;
  /** As the corpus wrote it (ISO, with or without zone); `null` when it expects none. */
  publishedAt: string | null;
  /** Fields whose corpus value the page itself shows wrong, replaced (see CORRECTED). */
  corrected?: ('authors' | 'publishedAt')[];
}

/** Readability test pages that are news stories, with their outlet. */
const READABILITY: Record<string, string> = {
  aktualne: 'Aktuálně.cz',
  'ars-1': 'Ars Technica',
  'bbc-1': 'BBC News',
  breitbart: 'Breitbart',
  'buzzfeed-1': 'BuzzFeed',
  'citylab-1': 'CityLab',
  cnet: 'CNET',
  cnn: 'CNN',
  engadget: 'Engadget',
  folha: 'Folha de S.Paulo',
  'guardian-1': 'The Guardian',
  heise: 'heise online',
  'herald-sun-1': 'Herald Sun',
  'la-nacion': 'La Nación',
  'lemonde-1': 'Le Monde',
  'liberation-1': 'Libération',
  msn: 'MSN',
  'nytimes-1': 'The New York Times',
  'nytimes-2': 'The New York Times',
  'nytimes-3': 'The New York Times',
  'nytimes-4': 'The New York Times',
  'nytimes-5': 'The New York Times',
  'salon-1': 'Salon',
  'seattletimes-1': 'The Seattle Times',
  telegraph: 'The Telegraph',
  theverge: 'The Verge',
  'tmz-1': 'TMZ',
  'wapo-1': 'The Washington Post',
  'wapo-2': 'The Washington Post',
  'yahoo-2': 'Yahoo News',
  'yahoo-4': 'Yahoo News',
  'quanta-1': 'Quanta Magazine',
  gmw: 'Guangming Daily',
  qq: 'QQ News',
  medicalnewstoday: 'Medical News Today',
};

/** Postlight fixtures that are news stories, with their outlet. */
const POSTLIGHT: Record<string, string> = {
  'abcnews.go.com': 'ABC News',
  'arstechnica.com': 'Ars Technica',
  'deadline.com': 'Deadline',
  'fortune.com': 'Fortune',
  'forward.com': 'The Forward',
  'gothamist.com': 'Gothamist',
  'money.cnn.com': 'CNN Money',
  'newrepublic.com': 'The New Republic',
  'nymag.com': 'New York Magazine',
  'observer.com': 'Observer',
  'pagesix.com': 'Page Six',
  'people.com': 'People',
  'pitchfork.com': 'Pitchfork',
  'qz.com': 'Quartz',
  'sandiegouniontribune.com': 'San Diego Union-Tribune',
  'timesofindia.indiatimes.com': 'The Times of India',
  'www.al.com': 'AL.com',
  'www.aol.com': 'AOL',
  'www.bloomberg.com--news': 'Bloomberg',
  'www.bloomberg.com': 'Bloomberg',
  'www.cbc.ca': 'CBC',
  'www.chicagotribune.com': 'Chicago Tribune',
  'www.cnbc.com': 'CNBC',
  'www.cnn.com': 'CNN',
  'www.eonline.com': 'E! Online',
  'www.fastcompany.com': 'Fast Company',
  'www.huffingtonpost.com': 'HuffPost',
  'www.latimes.com': 'Los Angeles Times',
  'www.lemonde.fr': 'Le Monde',
  'www.miamiherald.com': 'Miami Herald',
  'www.msnbc.com': 'MSNBC',
  'www.nationalgeographic.com': 'National Geographic',
  'www.nbcnews.com': 'NBC News',
  'www.ndtv.com': 'NDTV',
  'www.newyorker.com': 'The New Yorker',
  'www.npr.org': 'NPR',
  'www.nydailynews.com': 'New York Daily News',
  'www.nytimes.com': 'The New York Times',
  'www.politico.com': 'Politico',
  'www.reuters.com': 'Reuters',
  'www.rollingstone.com': 'Rolling Stone',
  'www.slate.com': 'Slate',
  'www.theatlantic.com': 'The Atlantic',
  'www.theguardian.com': 'The Guardian',
  'www.theverge.com': 'The Verge',
  'www.today.com': 'Today',
  'www.usmagazine.com': 'Us Weekly',
  'www.vox.com': 'Vox',
  'www.washingtonpost.com': 'The Washington Post',
  'www.wired.com': 'Wired',
  'www.yahoo.com': 'Yahoo',
  'www.abendblatt.de': 'Hamburger Abendblatt',
  'www.spektrum.de': 'Spektrum',
  'www.cbssports.com': 'CBS Sports',
  'www.si.com': 'Sports Illustrated',
  'www.sbnation.com': 'SB Nation',
  'www.rawstory.com': 'Raw Story',
  'www.inquisitr.com': 'Inquisitr',
  'www.asahi.com': 'Asahi Shimbun',
  'www.yomiuri.co.jp': 'Yomiuri Shimbun',
  'ici.radio-canada.ca': 'Radio-Canada',
  'www.macrumors.com': 'MacRumors',
  'www.engadget.com': 'Engadget',
  'www.cnet.com': 'CNET',
  'deadspin.com': 'Deadspin',
};

/**
 * "By Jane Doe and John Roe" → names; a name with "&" in it ("Mac & i", a
 * magazine) stays whole. "By" in other languages ("Par Jane Doe") goes too, and
 * co-authors credited in parentheses ("Jane Doe (avec John Roe et Ann Poe)")
 * are names of their own.
 */
export function splitByline(byline: string | null): string[] | null {
  if (!byline?.trim()) return null;
  const names = byline
    .replace(/^\s*(?:by|par|por|door)\s+/i, '')
    .replace(/\s*\((?:avec|with|mit|con|com|met)\s+([^()]+)\)/i, (_, co: string) => `, ${co.replace(/\s+(?:et|und|y|e)\s+/g, ' and ')}`)
    .split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/i)
    .map((n) => n.trim())
    .filter(Boolean);
  // A credit after the names, in capitals ("John Doe, TIME": the magazine the story came from), names no one.
  if (
    names.length > 1 &&
    /^\p{Lu}{2,}$/u.test(names.at(-1)!) &&
    names.slice(0, -1).every((n) => /\p{Ll}/u.test(n)) &&
    /,\s*\S+\s*$/.test(byline)
  )
    names.pop();
  return names.length > 1 && names.some((n) => !n.includes(' ')) && /&/.test(byline) && !byline.includes(',')
    ? [byline.replace(/^\s*by\s+/i, '').trim()]
    : names;
}

/**
 * Values a corpus expects that are evidently not the field (a date or a URL
 * where the byline should be, the site's name where the headline should be):
 * not scored, rather than replaced by a value of ours.
 */
const NOT_THE_FIELD: Record<string, ('title' | 'authors' | 'publishedAt')[]> = {
  'readability-breitbart.html': ['authors'], // "by Lucas Nolan22 Dec 2016651": name, date and a counter glued
  'readability-seattletimes-1.html': ['authors'], // the dateline
  'readability-yahoo-4.html': ['authors'], // "個人" ("individual"), a label
  'readability-yahoo-2.html': ['title'], // "Yahoo News - Latest News & Headlines", the site's title
  'readability-nytimes-5.html': ['title'], // "The New York Times en Español", the site's name
  'postlight-www.asahi.com.html': ['authors'], // a Facebook URL
};

/**
 * Values a corpus expects that the page itself shows to be wrong, replaced by
 * what the page states, with the evidence. Only where the page is unambiguous.
 * An `authors` value is the byline's names (one string, or the list when the
 * page credits several); a `publishedAt` value is the time as printed, in the
 * zone printed (ET is -05:00 in winter, -04:00 in summer), seconds only where
 * the page's own markup gives the same minute with them.
 */
const CORRECTED: Record<string, { field: 'authors' | 'publishedAt'; value: string | string[]; why: string }[]> = {
  'readability-herald-sun-1.html': [
    {
      field: 'authors',
      value: 'Laurie Oakes',
      why: 'the story header\'s byline (<cite class="author">) and meta article:author; "JOE HILDEBRAND" bylines a related teaser further down',
    },
  ],
  'readability-salon-1.html': [
    {
      field: 'authors',
      value: 'Richard (R.J.) Eskow',
      why: 'the rel=author byline under the headline and the analytics tag naming this pageTitle\'s author; "Joanna Rothkopf" bylines a teaser at the top of the page',
    },
  ],
  'postlight-www.al.com.html': [
    {
      field: 'publishedAt',
      value: '2016-12-22T18:47:31-06:00',
      why: 'article:published_time 2016-12-23T00:47:31Z, printed "Dec. 22, 2016, 6:47 p.m." in Alabama (Central); the corpus\'s extractor reads that time as EST',
    },
  ],
  'postlight-www.nbcnews.com.html': [
    {
      field: 'publishedAt',
      value: '2016-12-13T12:31:48Z',
      why: 'printed "Dec. 13, 2016, 12:31 PM UTC / Updated Dec. 13, 2016, 6:06 PM UTC" and meta datePublished 12:31:48Z; the corpus reads the update time, 18:06 GMT, as New York time',
    },
  ],
  'postlight-money.cnn.com.html': [
    {
      field: 'publishedAt',
      value: '2016-11-29T03:33:08-05:00',
      why: 'printed "First published November 29, 2016: 3:33 AM ET" (meta date 2016-11-29 03:33:08, no zone); the corpus reads that New York time as UTC',
    },
  ],
  'postlight-www.rollingstone.com.html': [
    {
      field: 'publishedAt',
      value: '2016-12-09T14:50:00-05:00',
      why: 'printed "December 9, 2016 2:50PM ET"; the markup (article:published_time, <time datetime>) labels that New York time +00:00, which the corpus takes',
    },
  ],
  'postlight-www.macrumors.com.html': [
    {
      field: 'publishedAt',
      value: '2017-01-18T10:44:00-08:00',
      why: 'printed "Wednesday January 18, 2017 10:44 am PST"; the <time datetime> the corpus takes says 11:44:11-08:00, an hour later',
    },
  ],
  'postlight-www.cbc.ca.html': [
    {
      field: 'publishedAt',
      value: '2022-10-14T09:27:00-04:00',
      why: 'printed "Posted: Oct 14, 2022 9:27 AM ET | Last Updated: 24 minutes ago"; the corpus takes the <time datetime> 16:20:52Z (12:20 ET), the update',
    },
  ],
  'postlight-www.theguardian.com.html': [
    {
      field: 'publishedAt',
      value: '2016-11-29T07:46:00-05:00',
      why: 'printed "Tue 29 Nov 2016 15.26 EST" then "First published on Tue 29 Nov 2016 07.46 EST"; the corpus (and article:published_time, 20:26:06Z) has 15.26 EST, the modification',
    },
  ],
  'readability-nytimes-5.html': [
    {
      field: 'authors',
      value: ['Steven Lee Myers', 'Keith Bradsher', 'Tariq Panja'],
      why: 'the lead story is printed "Por Steven Lee Myers, Keith Bradsher y Tariq Panja"; the corpus keeps the last name only',
    },
  ],
  'readability-liberation-1.html': [
    {
      field: 'authors',
      value: 'AFP',
      why: 'the story is credited "AFP" under its headline (itemprop author, article:author …/auteur/2005-afp); "Par Sébastien Farcis" bylines a related report\'s teaser ("Sur le même sujet") inside the story',
    },
  ],
};

/**
 * Postlight's fixtures were saved by its own tool, which renames each meta
 * tag's `content` to `value` (and `property` to `name`). Real pages use
 * `content`: put it back, so the pages read as they were served.
 */
export function restoreMeta(html: string): string {
  return html.replace(/<meta\b[^>]*>/gi, (tag) => (/\scontent\s*=/i.test(tag) ? tag : tag.replace(/(\s)value(\s*=)/i, '$1content$2')));
}

function main() {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const k = args.indexOf(name);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const out = arg('--out');
  const readability = arg('--readability');
  const postlight = arg('--postlight');
  if (!out || (!readability && !postlight)) {
    console.error('usage: tsx scripts/real-pages-data.ts --readability GITDIR --postlight GITDIR --out DIR');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  const show = (gitDir: string, path: string) =>
    execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 }).toString('utf8');
  const expected: Record<string, RealExpected> = {};

  if (readability) {
    for (const [name, outlet] of Object.entries(READABILITY)) {
      const meta = JSON.parse(show(readability, `test/test-pages/${name}/expected-metadata.json`)) as Record<string, string | null>;
      const id = `readability-${name}.html`;
      writeFileSync(join(out, id), show(readability, `test/test-pages/${name}/source.html`));
      expected[id] = {
        corpus: 'readability',
        outlet,
        url: null,
        title: meta.title ?? null,
        byline: meta.byline ?? null,
        authors: splitByline(meta.byline ?? null),
        publishedAt: meta.publishedTime ?? null,
      };
    }
  }
  if (postlight) {
    for (const [site, outlet] of Object.entries(POSTLIGHT)) {
      const dirName = site.replace(/--.*$/, '');
      let test: string;
      try {
        test = show(postlight, `src/extractors/custom/${dirName}/index.test.js`);
      } catch {
        console.error(`no test for ${site}`);
        continue;
      }
      // One test file may cover several fixtures: read the block that loads this one.
      const blocks = test.split(/(?=readFileSync\()/);
      const block = blocks.find((b) =>
        b.startsWith(`readFileSync(\n`) || b.startsWith('readFileSync(')
          ? new RegExp(`^readFileSync\\(\\s*['"\`]\\./fixtures/${site.replace(/[.]/g, '\\.')}\\.html['"\`]`).test(b)
          : false,
      );
      if (!block) {
        console.error(`no fixture block for ${site}`);
        continue;
      }
      // The URL is set just before the fixture is read.
      const before = blocks[blocks.indexOf(block) - 1] ?? '';
      const url = /url\s*=\s*['"`]([^'"`]+)['"`]/.exec([...before.matchAll(/url\s*=\s*['"`][^'"`]+['"`]/g)].at(-1)?.[0] ?? '')?.[1] ?? null;
      const value = (field: string): string | null | undefined => {
        const m = new RegExp(`assert\\.equal\\(\\s*${field}\\s*,\\s*(?:(null)|(['"\`])((?:\\\\.|(?!\\2)[\\s\\S])*)\\2)`).exec(block);
        if (!m) return undefined;
        if (m[1]) return null;
        return m[3]
          .replace(/\\x([0-9a-f]{2})|\\u([0-9a-f]{4})/gi, (_, x, u) => String.fromCharCode(parseInt(x ?? u, 16)))
          .replace(/\\(['"`\\])/g, '$1')
          .replace(/\s+/g, ' ')
          .trim();
      };
      const title = value('title');
      const author = value('author');
      const date = value('date_published');
      if (title === undefined) {
        console.error(`no title expected for ${site}`);
        continue;
      }
      const id = `postlight-${site}.html`;
      writeFileSync(join(out, id), restoreMeta(show(postlight, `fixtures/${site}.html`)));
      expected[id] = {
        corpus: 'postlight',
        outlet,
        url,
        title,
        byline: author ?? null,
        authors: author === undefined ? null : splitByline(author),
        publishedAt: date ?? null,
      };
    }
  }
  for (const [id, fields] of Object.entries(NOT_THE_FIELD)) {
    const e = expected[id];
    if (!e) continue;
    for (const f of fields) {
      if (f === 'authors') e.byline = e.authors = null;
      else e[f] = null;
    }
  }
  for (const [id, fixes] of Object.entries(CORRECTED)) {
    const e = expected[id];
    if (!e) continue;
    for (const { field, value } of fixes) {
      if (field === 'authors') {
        e.authors = Array.isArray(value) ? value : [value];
        e.byline = e.authors.join(', ');
      } else e.publishedAt = String(value);
    }
    e.corrected = fixes.map((f) => f.field);
  }
  writeFileSync(join(out, 'expected.json'), JSON.stringify(expected, null, 2));
  const outlets = new Set(Object.values(expected).map((e) => e.outlet));
  console.log(`${Object.keys(expected).length} pages from ${outlets.size} outlets written to ${out}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').at(-1)!)) main();
