// The fixture pages (tests/fixtures/pages/, written in-house, one real-site
// layout each) against their right answers: every field of every page, so a
// regression names the page and the pattern it broke. `npm run ingest:eval`
// prints the same scores as a table.
import { describe, expect, it } from 'vitest';
import expected from './fixtures/pages/expected.json';
import { catalogFromSeed, scorePage, type ExpectedPage } from '../src/ingest/evaluate';
import { seed } from '../src/seed/data';
import { bylineNames, dateFromUrl, readHtml } from '../src/ingest/html';
import { checkMarkupTime, type PrintedStamp, stampsIn } from '../src/ingest/html-time';
import { prepareArticle } from '../src/ingest/input';

const pages = import.meta.glob('./fixtures/pages/*.{txt,html}', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;
const catalog = catalogFromSeed(seed);
const cases = Object.entries(expected as Record<string, ExpectedPage>);

describe('fixture pages', () => {
  it('are at least 30, text and HTML, each with its answers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(
      Object.keys(pages)
        .map((p) => p.split('/').pop())
        .sort(),
    ).toEqual(cases.map(([name]) => name).sort());
    expect(cases.filter(([name]) => name.endsWith('.html')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('%s: every field right', (name, answers) => {
    const score = scorePage(name, pages[`./fixtures/pages/${name}`], answers, catalog);
    expect(score.wrong).toEqual({});
  });
});

// Layouts real news sites use for their metadata, each reproduced in-house with
// invented text (tests/fixtures/html-patterns/); found by measuring ingestion
// on public test corpora of real pages (scripts/ingest-real-eval.ts).
const patterns = import.meta.glob('./fixtures/html-patterns/*.html', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;
const patternAnswers: Record<
  string,
  { title: string; authors: string[]; publishedAt: string; updatedAt?: string; from: Record<string, string> }
> = {
  // og:title is a social variant; the first <h1> is the site's logo, another is hidden; `author` names the publisher;
  // the day-only Dublin Core date gives way to the microdata's time, whose offset is written "-500".
  'social-title-logo-h1.html': {
    title: 'Port Authority Approves Night Ferry Trial',
    authors: ['Nadia Okafor'],
    publishedAt: '2024-03-05T14:40:00.000Z',
    from: { title: '<h1>', authors: 'meta article:author', publishedAt: 'itemprop datePublished' },
  },
  // The byline only in `<meta name="byl">` (article:author is a profile URL); an RFC 2822 publish-date with an offset.
  'byl-meta-rfc-date.html': {
    title: 'Rain Delays the Wheat Harvest in the North',
    authors: ['Ana Ruiz', 'Tom Becker'],
    publishedAt: '2024-05-07T02:06:07.000Z',
    from: { title: '<h1>', authors: 'meta byl', publishedAt: 'meta publish-date' },
  },
  // No metadata in the head: rel=author links in the byline (not those of a related story), the date printed by the headline.
  'marked-byline-visible-date.html': {
    title: 'City Library Opens Its Archive of Old Maps',
    authors: ['Mara Lindqvist', 'Owen Pike'],
    publishedAt: '2023-12-23T00:47:00.000Z',
    from: { title: '<h1>', authors: 'marked-up byline' },
  },
  // A headline without spaces whose og:title and <title> carry the site's name after a full-width colon.
  'cjk-title-suffix.html': {
    title: '港の夜間フェリー、試験運行を決定',
    authors: [],
    publishedAt: '2024-03-05T09:40:00.000Z',
    from: { title: '<h1>', defaultZone: "the page's locale", publishedAt: 'meta article:published_time' },
  },
  // JSON-LD wrapped in a CDATA section, the story as a WebPage's mainEntity; the printed date is in Portuguese.
  'jsonld-cdata-main-entity.html': {
    title: 'Prefeitura amplia linha de barcas até a ilha',
    authors: ['Lúcia Prado'],
    publishedAt: '2023-04-12T13:05:00.000Z',
    from: { title: '<h1>', authors: 'JSON-LD author', publishedAt: 'JSON-LD datePublished', urlDate: "the page's <title>" },
  },
  // A US page (og:locale en_US) declares its time without a zone: US Eastern (EDT in July), not UTC.
  'en-us-zoneless-time.html': {
    title: 'County Opens Two New Cooling Centers',
    authors: ['Priya Chandran'],
    publishedAt: '2023-07-14T20:20:00.000Z',
    from: { title: '<h1>', authors: 'meta author', defaultZone: "the page's locale", publishedAt: 'meta article:published_time' },
  },
  // The head declares the day only; the stamp by the headline ("Mar 2nd 2024 1:05PM", no zone, an en-US page) gives the time.
  'day-meta-printed-time.html': {
    title: 'Volunteers Rebuild the Old Footbridge',
    authors: ['Evan Holt'],
    publishedAt: '2024-03-02T18:05:00.000Z',
    from: { title: '<h1>', authors: 'meta author', defaultZone: "the page's locale", publishedAt: 'dateline printed by the headline' },
  },
  // Nothing dates the story but its address (/2015/03/18/): that day.
  'date-in-address-only.html': {
    title: 'Harbor Board Delays Vote on Dredging Plan',
    authors: ['Rachel Moss'],
    publishedAt: '2015-03-18T00:00:00.000Z',
    from: { title: '<h1>', authors: 'byline element', urlDate: "the page's address" },
  },
  // Nothing dates the story but the day its <title> prints beside the headline ("Headline - 07.12.2017 - Site").
  'date-in-title-only.html': {
    title: 'Una tregua para los pescadores del sur',
    authors: [],
    publishedAt: '2017-12-07T00:00:00.000Z',
    from: { title: '<h1>', urlDate: "the page's <title>" },
  },
  // "By <span>NAME</span>", the outlet and the time in blocks of one byline element whose text reads glued
  // ("By Dana WhitfieldMETRO LEDGERDec 16, 2016 at 1:38 pm").
  'byline-element-glued.html': {
    title: 'School Board Approves Later Start Times',
    authors: ['Dana Whitfield'],
    publishedAt: '2016-12-16T18:38:00.000Z',
    from: { title: '<h1>', authors: 'byline element', defaultZone: "the page's locale" },
  },
  // The only author the page declares is the outlet itself: an institutional byline, kept.
  'outlet-as-author.html': {
    title: 'Rail Strike Called Off After Late Talks',
    authors: ['Northern Wire'],
    publishedAt: '2024-02-09T21:15:00.000Z',
    from: {
      title: '<h1>',
      authors: 'the outlet, credited as author',
      defaultZone: "the page's locale",
      publishedAt: 'JSON-LD datePublished',
    },
  },
  // One marked-up name, co-authors after it in parentheses: "(avec Paul Girard et Inès Roux)".
  'coauthors-in-parentheses.html': {
    title: 'Le conseil municipal adopte le budget des écoles',
    authors: ['Hélène Marchand', 'Paul Girard', 'Inès Roux'],
    publishedAt: '2023-11-21T17:30:00.000Z',
    from: { title: '<h1>', authors: 'marked-up byline', publishedAt: '<time datetime>' },
  },
  // No date in the head; by the headline, the day alone ("This story is from …"), then the time on an "Updated:" line
  // whose zone is glued to the next button.
  'printed-day-then-updated-time.html': {
    title: 'Metro Line Extension Gets Final Approval',
    authors: [],
    publishedAt: '2019-10-09T05:35:00.000Z',
    from: { title: '<h1>' },
  },
  // <body>'s classes name the site's logo ("…-large-logo-nav…"): that is the page, not the <h1> inside it.
  'body-class-logo.html': {
    title: "Counting the Town's Last Wooden Barns",
    authors: ['Iris Calloway'],
    publishedAt: '2022-09-26T14:04:22.000Z',
    from: { title: '<h1>', authors: 'meta article:author', defaultZone: "the page's locale", publishedAt: 'meta article:published_time' },
  },
  // The byline's rel=author links sit in an <aside> column beside the story (a related box's are not read); <body>'s
  // class says "recirc"; article:author holds profile URLs; a <link rel=author> in the head.
  'byline-in-aside-column.html': {
    title: 'Protesters Hold Out at the River Camp',
    authors: ['Ruth Keller', 'Omar Haddad'],
    publishedAt: '2016-11-29T20:26:06.000Z',
    from: { title: '<h1>', authors: 'marked-up byline', publishedAt: 'meta article:published_time' },
  },
  // Generated class names; "By" in a span of its own and again in the names' ("Byby A, B and C"), the date after them;
  // the headline in two spans; `author` names the outlet.
  'byline-blocks-no-classes.html': {
    title: 'Council Votes to Keep the Night Buses',
    authors: ['Joanna Reeds', 'David Khan', 'Peter Oyelaran'],
    publishedAt: '2016-12-16T21:19:00.000Z',
    from: { title: '<h1>', authors: 'byline element', defaultZone: "the page's locale", publishedAt: 'meta article:published_time' },
  },
  // A Chinese name in `author`; the day-only `publishdate` takes the time printed by the headline.
  'byline-card-name-cjk.html': {
    title: '航天员在太空中如何睡觉',
    authors: ['林晓华'],
    publishedAt: '2017-03-10T09:12:00.000Z',
    from: { title: '<h1>', authors: 'meta author', publishedAt: 'dateline printed by the headline' },
  },
  // A German page (Central European time); its date only in an <aside> column of metadata beside the story, a related
  // box's date after it; "Von" for "By".
  'date-in-aside-meta-column.html': {
    title: 'Botanik: Warum die Moorlilie so selten blüht',
    authors: ['Lena Brandt'],
    publishedAt: '2022-07-18T22:00:00.000Z',
    from: { title: '<h1>', authors: 'byline element', defaultZone: "the page's locale" },
  },
  // An author card: the name in an element classed "…author…__name", a handle and a role beside it.
  'author-card-name.html': {
    title: 'Can the New Mayor Win Over the Council?',
    authors: ['Sam Ortega'],
    publishedAt: '2016-11-28T21:23:00.000Z',
    from: { title: '<h1>', authors: 'marked-up byline', defaultZone: "the page's locale", publishedAt: 'meta article:published_time' },
  },
  // Local time labelled UTC: article:published_time and <time datetime> say 09:15 +00:00, the <time> prints
  // "9:15AM ET" (the page's locale, plain `en`, gives no zone): the markup's clock in US Eastern.
  'utc-labelled-local-time.html': {
    title: 'Ferry Fares to Rise in the Spring',
    authors: ['Colm Ashby'],
    publishedAt: '2021-02-10T14:15:00.000Z',
    from: {
      title: '<h1>',
      authors: 'meta author',
      publishedAt: 'meta article:published_time, checked: its clock in the printed zone (ET)',
    },
  },
  // A zone-less Dublin Core time (no locale); the header prints a later stamp, the story's foot "First published …
  // 6:10 AM ET", the markup's clock: read in ET, with the markup's seconds.
  'zoneless-meta-first-published.html': {
    title: 'Grain Prices Slip as Harvest Forecasts Improve',
    authors: ['Hana Petrov'],
    publishedAt: '2019-03-04T11:10:22.000Z',
    from: { title: '<h1>', authors: 'meta author', publishedAt: 'meta dc.date.issued, checked: its clock in the printed zone (ET)' },
  },
  // A <time> whose text prints "2:20 pm PST" (right for December) and whose attribute says 15:20-08:00: the printed
  // instant at the summer offset labelled with the winter one, an hour off. The text wins.
  'time-element-dst-hour.html': {
    title: 'Tablet Maker Said to Plan a Smaller Stylus',
    authors: ['Rhea Lindgren'],
    publishedAt: '2018-12-05T22:20:00.000Z',
    from: {
      title: '<h1>',
      authors: 'meta author',
      defaultZone: "the page's locale",
      publishedAt: '<time datetime>, checked: the time its element prints (PST; the attribute is an hour off)',
    },
  },
  // A <time> printing "Posted: … 10:12 AM ET | Last Updated: 3 hours ago" whose attribute is later (19:05Z): the
  // attribute is the update, the printed time the publication.
  'posted-and-updated-stamp.html': {
    title: 'Home Sales Cool for a Fifth Month',
    authors: ['Greta Fosse'],
    publishedAt: '2021-11-03T14:12:00.000Z',
    updatedAt: '2021-11-03T19:05:41.000Z',
    from: {
      title: '<h1>',
      authors: 'Readability byline',
      defaultZone: "the page's locale",
      publishedAt: '<time datetime>, checked: the printed "published" time (the markup\'s is the update)',
      updatedAt: '<time datetime> (an update)',
    },
  },
  // article:published_time is the revision the metadata column prints (16.40 EST); under it "First published on …
  // 09.05 EST": that is the publication. The declared modification time stays the update.
  'first-published-in-aside.html': {
    title: 'Tenants Win Delay in Tower Demolition',
    authors: ['Ivo Marsh'],
    publishedAt: '2019-11-12T14:05:00.000Z',
    updatedAt: '2020-01-08T10:02:44.000Z',
    from: {
      title: '<h1>',
      authors: 'marked-up byline',
      publishedAt: 'meta article:published_time, checked: the printed "first published" time (the markup\'s is the update)',
      updatedAt: 'meta article:modified_time',
    },
  },
  // The head gives the day; the stamp by the headline "Apr 3rd 2019 2:10PM" has no zone, and the locale (plain `en`)
  // none either: written the American way, it is US Eastern, as in pasted text.
  'american-clock-no-locale.html': {
    title: 'Volunteers Clean Up the River Trail',
    authors: ['Dale Rourke'],
    publishedAt: '2019-04-03T18:10:00.000Z',
    from: { title: '<h1>', authors: 'meta author', publishedAt: 'dateline printed by the headline' },
  },
  // "Por A, B y C", each name in a span of its own and only the last classed as the byline: the whole line is read.
  'byline-last-name-classed.html': {
    title: 'El puerto amplía el horario de los transbordadores',
    authors: ['Ana Ruiz', 'Luis Mora', 'Pilar Soto'],
    publishedAt: '2022-05-17T11:30:00.000Z',
    from: { title: '<h1>', authors: 'byline element', publishedAt: 'meta article:published_time' },
  },
  // article:author is only a profile's address; the byline is a link (to another path of the same profile) whose text
  // spells the address's last part; another editor's link further down does not.
  'author-profile-url-link.html': {
    title: 'Scooter Service Extends Free Rides for Nurses',
    authors: ['Noor Albrecht'],
    publishedAt: '2020-04-24T18:41:44.000Z',
    from: {
      title: '<h1>',
      authors: 'link to the declared profile',
      defaultZone: "the page's locale",
      publishedAt: 'meta article:published_time',
    },
  },
};

describe('HTML metadata as real sites write it', () => {
  it('has a fixture for each pattern', () => {
    expect(
      Object.keys(patterns)
        .map((p) => p.split('/').pop())
        .sort(),
    ).toEqual(Object.keys(patternAnswers).sort());
  });

  it.each(Object.entries(patternAnswers))('%s: headline, byline and date', (name, answer) => {
    const page = readHtml(patterns[`./fixtures/html-patterns/${name}`]);
    expect(page.from).toEqual(answer.from);
    const prepared = prepareArticle(page.text, catalog, { declared: page.declared, sourceName: page.sourceName });
    expect(prepared.errors).toEqual([]);
    expect({ title: prepared.parsed.title, authors: prepared.parsed.authors, publishedAt: prepared.parsed.publishedAt }).toEqual({
      title: answer.title,
      authors: answer.authors,
      publishedAt: answer.publishedAt,
    });
    if (answer.updatedAt) expect(prepared.parsed.updatedAt).toBe(answer.updatedAt);
  });
});

describe('checkMarkupTime: the markup against the times the page prints', () => {
  const stamp = (iso: string, zone: string, label: PrintedStamp['label'] = null, updatedToo = false): PrintedStamp => ({
    iso,
    zone,
    label,
    updatedToo,
  });
  it('reads a UTC-labelled clock in the printed zone only when the printed clock is the same', () => {
    const markup = { raw: '2021-02-10T09:15:00Z', iso: '2021-02-10T09:15:00.000Z' };
    expect(checkMarkupTime(markup, [stamp('2021-02-10T14:15:00.000Z', 'ET')], [], null).iso).toBe('2021-02-10T14:15:00.000Z');
    // The page prints the same instant in its zone (04:15 ET is 09:15Z): the markup was right.
    expect(checkMarkupTime(markup, [stamp('2021-02-10T09:15:00.000Z', 'ET')], [], null)).toEqual({
      iso: '2021-02-10T09:15:00.000Z',
      why: null,
      updatedAt: null,
    });
    // A markup offset other than UTC is the zone it says.
    const offset = { raw: '2021-02-10T09:15:00+01:00', iso: '2021-02-10T08:15:00.000Z' };
    expect(checkMarkupTime(offset, [stamp('2021-02-10T14:15:00.000Z', 'ET')], [], null).iso).toBe('2021-02-10T08:15:00.000Z');
  });
  it("takes the element's time an hour off only as daylight saving explains it", () => {
    const markup = { raw: '2018-12-05T15:20:09-08:00', iso: '2018-12-05T23:20:09.000Z' };
    expect(checkMarkupTime(markup, [], [stamp('2018-12-05T22:20:00.000Z', 'PST')], null).iso).toBe('2018-12-05T22:20:00.000Z');
    // "PDT" in December is no right name for the date; an hour the other way is no summer offset; and elsewhere on the
    // page than the element itself, an hour's difference is another time.
    expect(checkMarkupTime(markup, [], [stamp('2018-12-05T22:20:00.000Z', 'PDT')], null).why).toBeNull();
    expect(checkMarkupTime(markup, [], [stamp('2018-12-06T00:20:00.000Z', 'PST')], null).why).toBeNull();
    expect(checkMarkupTime(markup, [stamp('2018-12-05T22:20:00.000Z', 'PST')], [], null).why).toBeNull();
  });
  it('takes an earlier printed publication over a markup time that is the update', () => {
    const markup = { raw: '2021-11-03T19:05:41Z', iso: '2021-11-03T19:05:41.000Z' };
    const posted = stamp('2021-11-03T14:12:00.000Z', 'ET', 'published');
    // No sign the markup is the update: it stays.
    expect(checkMarkupTime(markup, [posted], [], null).why).toBeNull();
    // The declared modification time, a printed "Updated", or "Updated" on the "Posted" line: the markup is the update.
    for (const [stamps, modified] of [
      [[posted], '2021-11-03T19:05:41.000Z'],
      [[posted, stamp('2021-11-03T19:05:00.000Z', 'ET', 'updated')], null],
      [[{ ...posted, updatedToo: true }], null],
    ] as [PrintedStamp[], string | null][])
      expect(checkMarkupTime(markup, stamps, [], modified)).toMatchObject({ iso: posted.iso, updatedAt: markup.iso });
    // "First published" needs no other sign; a later "first published" changes nothing.
    expect(checkMarkupTime(markup, [stamp(posted.iso, 'EST', 'first')], [], null).iso).toBe(posted.iso);
    expect(checkMarkupTime(markup, [stamp('2021-11-03T20:00:00.000Z', 'ET', 'first')], [], null).why).toBeNull();
  });
  it('reads the stamps a page prints, with their labels', () => {
    expect(
      stampsIn([
        'Posted: Nov 3, 2021 10:12 AM ET | Last Updated: 3 hours ago',
        'First published',
        'Tue 12 Nov 2019 09.05 EST',
        '12.11.2019',
      ]),
    ).toEqual([stamp('2021-11-03T14:12:00.000Z', 'ET', 'published', true), stamp('2019-11-12T14:05:00.000Z', 'EST', 'first')]);
  });
});

describe('bylineNames', () => {
  it.each([
    ['By Jane Doe and John Roe', [], ['Jane Doe', 'John Roe']],
    ['Mike Carver | mcarver@site.example', [], ['Mike Carver']],
    ['By Sara Lind, CNN', [], ['Sara Lind']],
    ['Howard Kemp Staff Writer', [], ['Howard Kemp']],
    ['Sam Stone Senior Politics Editor, The Daily Ledger', [], ['Sam Stone']],
    ['JOSH HALE, DANA CRUZ and PAT REEVE', [], ['Josh Hale', 'Dana Cruz', 'Pat Reeve']],
    ['Harbor Ledger', ['Harbor Ledger'], []],
    ['https://site.example/staff/jane-doe', [], []],
    ['@janedoe', [], []],
    ['Par Claire Martin et Luc Besson', [], ['Claire Martin', 'Luc Besson']],
    ['Por Ana Ruiz, Luis Mora y Pilar Soto', [], ['Ana Ruiz', 'Luis Mora', 'Pilar Soto']],
    ['Von Lena Brandt und Jonas Weber', [], ['Lena Brandt', 'Jonas Weber']],
    ['Di Marco Ferri e Giulia Neri', [], ['Marco Ferri', 'Giulia Neri']],
    ['Door Anne de Wit en Joost Bakker', [], ['Anne de Wit', 'Joost Bakker']],
    ['Av Karin Lind och Per Holm', [], ['Karin Lind', 'Per Holm']],
    ['Av Karin Lind og Per Holm', [], ['Karin Lind', 'Per Holm']],
    ['Jordi Puig i Marta Soler', [], ['Jordi Puig', 'Marta Soler']],
    // "en" and "i" are also "in": not before a place, not after "Por"/"Par" ("en") or "Av" ("i").
    ['Por Ana Ruiz en Buenos Aires', [], []],
    ['Av Karin Lind i Lund', [], []],
    ['Av Karin Lind i Nya Lund', [], []],
    ['Updated 18 June 2024', [], []],
    ['Marie Lenoir (avec Paul Girard et Inès Roux)', [], ['Marie Lenoir', 'Paul Girard', 'Inès Roux']],
    ['Bruno (Henrique Souza) Lima', [], ['Bruno (Henrique Souza) Lima']],
    ['肖春芳', [], ['肖春芳']],
    ['山田 太郎', [], ['山田 太郎']],
  ] as [string, string[], string[]][])('%s', (text, outlets, names) => {
    expect(bylineNames(text, outlets)).toEqual(names);
  });
});

describe('dateFromUrl', () => {
  it.each([
    ['https://news.example/world/story-title/2015/03/18/6a1f_story.html', '2015-03-18'],
    ['https://news.example/2016/12/15/gadgets/', '2016-12-15'],
    ['https://mag.example/hidden-heroines-of-the-lab-20190520/', '2019-05-20'],
    ['https://news.example/hl?a=20170309-35097838-sci', '2017-03-09'],
    ['https://news.example/2024-06-18/talks-resume', '2024-06-18'],
    ['https://news.example/article/138859/fantastic-beasts', null],
    ['https://news.example/2016/13/45/nope', null],
    ['not a url', null],
  ])('%s', (url, day) => {
    expect(dateFromUrl(url)).toBe(day);
  });
});
