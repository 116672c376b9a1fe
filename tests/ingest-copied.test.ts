// Whole-page copies (the text a reader gets by selecting a news page and
// copying it): the shapes real sites give their bylines, dates and headlines
// once the page's markup is gone. Each test is a pattern, written in-house.
import { describe, expect, it } from 'vitest';
import { americanClock, parseDateline, zoneForLanguage, zoneForScript } from '../src/ingest/dates';
import { catalogFromSeed } from '../src/ingest/evaluate';
import { prepareArticle } from '../src/ingest/input';
import { parseArticle, splitNames } from '../src/ingest/parse';
import { relativeDays } from '../src/ingest/relative';
import { urlHints } from '../src/ingest/url-hints';
import { seed } from '../src/seed/data';
import copy from './fixtures/copied/promos-around-headline.txt?raw';

const catalog = catalogFromSeed(seed);
const story =
  'The council voted on Tuesday to reopen the old bridge to traffic after two years of repairs, the mayor said in a statement.\n\n' +
  'Engineers replaced the deck and the railings, and the cost came in under the budget agreed last spring, officials said.';

describe('bylines as a copy prints them', () => {
  it('"By" on a line of its own, the linked name on the next; "Author:" the same', () => {
    const page = (label: string) =>
      `Bridge Reopens After Two Years of Repairs\n\n${label}\nJane Doe\n\nMarch 3, 2024 10:15 AM EST\n\n${story}`;
    expect(parseArticle(page('By')).authors).toEqual(['Jane Doe']);
    expect(parseArticle(page('Author:')).authors).toEqual(['Jane Doe']);
    expect(parseArticle(page('By')).title).toBe('Bridge Reopens After Two Years of Repairs');
  });

  it('"by: NAME", a label printed twice ("Byby NAME"), names in capitals', () => {
    expect(parseArticle(`Bridge Reopens After Two Years of Repairs\nby:  Jane Doe\n18 June 2024 14:00 CET\n\n${story}`).authors).toEqual([
      'Jane Doe',
    ]);
    const twice = parseArticle(
      `Bridge Reopens After Two Years of Repairs\n\nByby JANE DOE and JOHN ROE\n\nJune 18, 2024, 4:19 PM EDT\n\n${story}`,
    );
    expect(twice.authors).toEqual(['JANE DOE', 'JOHN ROE']);
    expect(twice.title).toBe('Bridge Reopens After Two Years of Repairs');
  });

  it('a handle after a comma, a place in parentheses glued to the name, a bullet after a bare name', () => {
    expect(splitNames('Jane Doe, @janedoe')).toEqual(['Jane Doe']);
    expect(splitNames('Claire Martin(Bruxelles, bureau européen)')).toEqual(['Claire Martin']);
    expect(splitNames('Richard (R.J.) Roe')).toEqual(['Richard (R.J.) Roe']);
    expect(parseArticle(`Bridge Reopens After Two Years of Repairs\n\nCity Wire•\nOctober 3, 2016 09:00 UTC\n\n${story}`).authors).toEqual([
      'City Wire',
    ]);
  });
});

describe('dates as European and US pages print them', () => {
  it('month names of French, Spanish, Portuguese, German and Italian pages, with "à", "às", "um … Uhr" and "13h59"', () => {
    const at = (t: string) => parseDateline(t, 'UTC')?.iso;
    expect(at('30 avril 2015 à 07:19')).toBe('2015-04-30T07:19:00.000Z');
    expect(at('21.dez.2018 às 12h55')).toBe('2018-12-21T12:55:00.000Z');
    expect(at('15. Mai 2020 um 07:11 Uhr')).toBe('2020-05-15T07:11:00.000Z');
    expect(at('7 de mayo de 2019, 13:59')).toBe('2019-05-07T13:59:00.000Z');
    expect(at('jeudi 30 avril 2015')).toBe('2015-04-30T00:00:00.000Z');
    expect(at('12 settembre 2023 alle 10:05')).toBe('2023-09-12T10:05:00.000Z');
    // Only next to a day and a year: "out" and "set" stay English words.
    expect(at('out 2015')).toBeUndefined();
  });

  it('all-numeric dates with a two-digit year: "12/16/16 12:21pm"', () => {
    expect(parseDateline('12/16/16 12:21pm', 'UTC')?.iso).toBe('2016-12-16T12:21:00.000Z');
    expect(parseDateline('18.06.24 14:17 CET', 'UTC')?.iso).toBe('2024-06-18T13:17:00.000Z');
  });

  it('"Publié le … - Mis à jour le …" on one line; an outlet printed bare before it gives way to "Par NAME"', () => {
    const page = parseArticle(
      `Le pont rouvre après deux ans de travaux\n\nLa Gazette |\n04.05.2015 à 13h36\n• Mis à jour le\n05.05.2015 à 20h13\n|  Par  Claire Martin (avec Paul Girard)\n\n${story}`,
      { defaultZone: 'CET/CEST' },
    );
    expect(page.title).toBe('Le pont rouvre après deux ans de travaux');
    expect(page.authors).toEqual(['Claire Martin', 'Paul Girard']);
    expect(page.publishedAt).toBe('2015-05-04T11:36:00.000Z');
    const one = parseArticle(
      `Le pont rouvre après deux ans de travaux\n\nPar Claire Martin\n\nPublié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019 à 09h03\n\n${story}`,
      { defaultZone: 'CET/CEST' },
    );
    expect([one.publishedAt, one.updatedAt]).toEqual(['2019-05-07T11:59:00.000Z', '2019-05-08T07:03:00.000Z']);
  });
});

describe('the headline among a whole page', () => {
  const menu = ['Home', 'City', 'Transport', 'Housing', 'Schools', 'Sport', 'Weather'].join('\n');
  const login =
    'Log in with your Harbour Ledger account to create or edit your custom homepage and manage your newsletter settings.\n' +
    'Register for a free account to save stories for later and follow the topics you care about most.';

  it('the story is the densest run of prose: two sentences of a login box before the headline are not it', () => {
    const page = parseArticle(
      `${login}\n\n${menu}\n\nBridge Reopens After Two Years of Repairs\n\nBy Jane Doe\nMarch 3, 2024 10:15 AM EST\n\n${story}\n\n${story}`,
    );
    expect(page.title).toBe('Bridge Reopens After Two Years of Repairs');
  });

  it('a list of other stories under "Related Coverage" is not the headline, even when the story goes on after it', () => {
    const related =
      'Related Coverage\n\nCouncil Approves New Ferry Terminal Design\nJANUARY 9, 2025\n\nFuel Prices Push Bus Fares Higher Across the Region\nJANUARY 3, 2025';
    const page = parseArticle(
      `${login}\n\n${menu}\n\nBridge Reopens After Two Years of Repairs\n\nBy Jane Doe\nMarch 3, 2024 10:15 AM EST\n\n${story.split('\n\n')[0]}\n\n${related}\n\n${story}\n\n${story}\n\n${story}`,
    );
    expect(page.title).toBe('Bridge Reopens After Two Years of Repairs');
  });

  it('the date under the headline is the headline\'s: a label after it ("From the section US & Canada") is not', () => {
    const page = parseArticle(
      `${menu}\n\nBridge reopens after two years of repairs\n24 July 2015\nFrom the section US & Canada\n\n${story}`,
    );
    expect(page.title).toBe('Bridge reopens after two years of repairs');
  });

  it('never a headline: a caption with its credit, a list of tags glued together', () => {
    const caption = (c: string) => parseArticle(`${menu}\n\n${c}\n\nBridge Reopens After Two Years of Repairs\n\n${story}`).title;
    expect(caption('Main image: The bridge at dawn. Photograph: Tomas Berg for the Ledger')).toBe(
      'Bridge Reopens After Two Years of Repairs',
    );
    expect(caption('The bridge is barely visible on a cloudy day over the river. ABC/DEFG')).toBe(
      'Bridge Reopens After Two Years of Repairs',
    );
    expect(caption('The bridge over the river in Lyon Jane Doe/Reuters')).toBe('Bridge Reopens After Two Years of Repairs');
    expect(caption('bridgestransportcity councilrepairsall topics')).toBe('Bridge Reopens After Two Years of Repairs');
  });
});

describe('the zone of a zone-less time, from how it is written', () => {
  it('month first with a 12-hour clock is the American way: US Eastern, with its daylight time', () => {
    expect(americanClock('December 16, 2016, 4:19 PM')).toBe(true);
    expect(americanClock('Dec. 22, 2016, 6:47 p.m.')).toBe(true);
    expect(americanClock('12/16/16 12:21pm')).toBe(true);
    expect(americanClock('Dec 1st 2016 1:01PM')).toBe(true);
    expect(americanClock('16 December 2016, 4:19 pm')).toBe(false);
    expect(americanClock('December 16, 2016 16:19')).toBe(false);
    expect(americanClock('06/07/2024 4:19 PM')).toBe(false); // the order is not certain
    const at = (line: string, options = {}) =>
      parseArticle(`Bridge Reopens After Two Years of Repairs\n${line}\n\n${story}`, options).publishedAt;
    expect(at('December 16, 2016, 4:19 PM')).toBe('2016-12-16T21:19:00.000Z');
    expect(at('June 18, 2024 2:31 PM')).toBe('2024-06-18T18:31:00.000Z');
    // A zone written, or one the caller gives, wins; a 24-hour clock stays in the default zone.
    expect(at('June 18, 2024 2:31 PM CET')).toBe('2024-06-18T13:31:00.000Z');
    expect(at('June 18, 2024 2:31 PM', { defaultZone: 'UTC' })).toBe('2024-06-18T14:31:00.000Z');
    expect(at('18 June 2024 14:31')).toBe('2024-06-18T14:31:00.000Z');
  });
});

describe("a copy with the page's address (--source-url)", () => {
  const address = 'https://www.hafenblatt.de/wirtschaft/article2291/faehren-streichen-winterfahrplan-wegen-hoher-treibstoffkosten.html';

  it('reads the day in the path, the zone of a country domain and the slug', () => {
    expect(urlHints(address)).toEqual({
      defaultZone: 'CET/CEST',
      urlDate: null,
      slugWords: ['faehren', 'streichen', 'winterfahrplan', 'wegen', 'hoher', 'treibstoffkosten'],
    });
    expect(urlHints('https://news.example.com/politics/2016/12/16/trump-hits-emblem-of-power/')).toEqual({
      defaultZone: undefined,
      urlDate: '2016-12-16T00:00:00.000Z',
      slugWords: ['trump', 'hits', 'emblem', 'of', 'power'],
    });
    expect(urlHints('https://www.example.co.jp/articles/ASM2Q5HKNM2QUCVL02D.html')).toMatchObject({ defaultZone: 'JST', slugWords: [] });
    expect(urlHints('not an address')).toEqual({ urlDate: null, slugWords: [] });
  });

  it('the slug names the headline among promos shaped like it; the domain zones the time', () => {
    const alone = prepareArticle(copy, catalog).parsed;
    const withUrl = prepareArticle(copy, catalog, { sourceUrl: address });
    expect(withUrl.parsed.title).toBe('Fähren streichen Winterfahrplan wegen hoher Treibstoffkosten');
    expect(withUrl.parsed.authors).toEqual(['Anna Becker']);
    expect(withUrl.parsed.publishedAt).toBe('2024-06-18T05:11:00.000Z');
    expect(withUrl.input?.sourceUrl).toBe(address);
    // Alone, the copy says nothing of its zone (the time is read as UTC), and a promo above the headline wins.
    expect(alone.publishedAt).toBe('2024-06-18T07:11:00.000Z');
    expect(alone.title).toBe('Neue Brücke über die Elbe: Bauarbeiten beginnen im Herbst');
  });

  it('the day in the path dates a copy that prints no date; a date printed wins', () => {
    const undated = copy.replace('18.06.2024, 07:11\n', '');
    const url = 'https://www.hafenblatt.de/wirtschaft/2024/06/18/faehren-streichen-winterfahrplan/';
    expect(prepareArticle(undated, catalog).input).toBeNull();
    const dated = prepareArticle(undated, catalog, { sourceUrl: url });
    expect(dated.input?.publishedAt).toBe('2024-06-17T22:00:00.000Z');
    expect(dated.parsed.warnings).toContain('only the address gives a date: publishedAt is that day');
    expect(prepareArticle(copy, catalog, { sourceUrl: url }).input?.publishedAt).toBe('2024-06-18T05:11:00.000Z');
  });
});

describe('the headline against its neighbours', () => {
  const menu = ['Home', 'City', 'Transport', 'Housing', 'Schools', 'Sport', 'Weather'].join('\n');

  it('a kicker of a few words above the headline is not the headline; a sentence-case dek under a Title Case headline is not', () => {
    expect(parseArticle(`${menu}\n\nCourts and crime\n\nBridge contractor fined over safety breaches\n\n${story}`).title).toBe(
      'Bridge contractor fined over safety breaches',
    );
    const dek = parseArticle(
      `${menu}\n\nBridge Reopens After Two Years of Repairs Ahead of Schedule\n\nThe council says the new deck will carry twice the traffic of the old one\n\nBy Jane Doe March 3, 2024 10:15 AM EST\n\n${story}`,
    );
    expect(dek.title).toBe('Bridge Reopens After Two Years of Repairs Ahead of Schedule');
  });

  it("a line under the byline is the byline's (the writer's role), and names alone are never the headline", () => {
    const role = parseArticle(
      `${menu}\n\nOpinions\n\nEnough delays: open the bridge\n\n(Jane Roe/City Photos)\n\nBy Jane Doe\n\nJane Doe\nColumnist writing about the city and its streets\n\nMarch 3, 2024\n\n${story}`,
    );
    expect(role.title).toBe('Enough delays: open the bridge');
    const names = parseArticle(
      `${menu}\n\nThis article is more than 5 years old\nBridge reopens after two years of repairs\nThis article is more than 5 years old\n\nThe council says the new deck will carry twice the traffic of the old one, and the mayor wants it open by spring\n\nJane Doe and John Roe\n\nTue 29 Nov 2016 15.26 EST\n\n${story}`,
    );
    expect(names.title).toBe('Bridge reopens after two years of repairs');
    expect(names.authors).toEqual(['Jane Doe', 'John Roe']);
  });

  it('a relative date ("1 day ago") marks the byline under the headline, and the headline above it', () => {
    const page = parseArticle(
      `${menu}\n\nBridge reopens after two years of repairs\nCity Insider\nJane Doe\n1 day ago\n\nShare\n\n${story}`,
    );
    expect(page.title).toBe('Bridge reopens after two years of repairs');
    expect(page.authors).toEqual(['Jane Doe']);
    expect(page.publishedAt).toBeNull();
  });
});

describe('bylines and dates sharing a line, or a label between them', () => {
  const head = 'Bridge Reopens After Two Years of Repairs';

  it('"Jane Doe / TNN / Updated: Oct 9, 2019, 11:05 IST": a name and an agency code in capitals beside the date', () => {
    const page = prepareArticle(`${head}\n\nJane Doe / TNN / Updated: Oct 9, 2019, 11:05 IST\n\n${story}`, catalog);
    expect(page.parsed.authors).toEqual(['Jane Doe']);
    // Only an update time: it dates the story too.
    expect([page.input?.publishedAt, page.input?.updatedAt]).toEqual(['2019-10-09T05:35:00.000Z', '2019-10-09T05:35:00.000Z']);
  });

  it('"By NAME" followed by a date the parser cannot read (no year) still names the author', () => {
    const page = parseArticle(`${head}\n\nBy Jane Doe March 18 at 12:22 PM Follow @janedoe\n\n${story}`);
    expect(page.authors).toEqual(['Jane Doe']);
    expect(page.publishedAt).toBeNull();
  });

  it('the section after the date ("11.03.17 in Transport"), and a section between the byline and the date', () => {
    const filed = parseArticle(`${head}\n\nJane Doe, @janedoe\n11.03.17 in Transport\n\n${story}`);
    expect(filed.authors).toEqual(['Jane Doe']);
    expect(filed.publishedAt).toBe('2017-03-11T00:00:00.000Z');
    const above = parseArticle(`Home\nCity\n\nJane Doe\nTransport\nSep 30, 2016 7:00 AM\n${head}\n\n${story}`);
    expect(above.title).toBe(head);
    expect(above.authors).toEqual(['Jane Doe']);
  });

  it('a bare-name byline under a dek sentence and a caption, just above the date', () => {
    const page = parseArticle(
      `${head}\n\nThe council says the new deck will carry twice the traffic of the old one, and the mayor wants it open by the spring.\n\nThe bridge at dawn on Tuesday – video City Ledger\n\nJane Doe and John Roe\n\nTue 29 Nov 2016 15.26 EST\n\n${story}`,
    );
    expect(page.authors).toEqual(['Jane Doe', 'John Roe']);
    expect(page.publishedAt).toBe('2016-11-29T20:26:00.000Z');
  });

  it("a wire story's byline: the reporter's name, the agency under it, then the date", () => {
    const page = parseArticle(`${head}\n\nJANE DOE\n\nAssociated Press\nDecember 2, 2016\n\n${story}`);
    expect(page.authors).toEqual(['JANE DOE']);
  });
});

describe("the zone a copy's script tells", () => {
  it('Japanese is read in Japan time, Korean in Korea time, Chinese at UTC+8; others not at all', () => {
    const ja = 'バルセロナは本拠地で行われた試合で、相手に先制点を許さず、最後まで落ち着いた守備を見せた。'.repeat(3);
    const zh = '宇航员在太空中执行任务时面临巨大的压力，科学家正在研究如何帮助他们放松心情并保持健康的生活。'.repeat(4);
    const ko = '정부는 오늘 새로운 교량이 다음 달부터 차량 통행을 재개한다고 발표했으며 시민들은 환영했다.'.repeat(3);
    expect(zoneForScript(ja)).toBe('JST');
    expect(zoneForScript(ko)).toBe('KST');
    expect(zoneForScript(zh)).toBe('+08:00');
    expect(zoneForScript(story)).toBeNull();
    const page = parseArticle(`バルセロナが先勝、準々決勝第1戦\n\n2019年3月1日13時16分\n\n${ja}`);
    expect(page.publishedAt).toBe('2019-03-01T04:16:00.000Z');
  });
});

describe("the zone a copy's language tells", () => {
  it('German is read in Central European time (summer time by the date); English and French are not', () => {
    const de =
      'Der Stadtrat hat am Dienstag beschlossen, die alte Brücke nach zwei Jahren wieder für den Verkehr zu öffnen. ' +
      'Die Kosten sind unter dem Budget geblieben, das im Frühjahr vereinbart wurde, und auch die Geländer sind neu. ' +
      'Über die Brücke fahren bald wieder Busse, sagt die Bürgermeisterin, und sie wird bei der Eröffnung sprechen. ' +
      'Noch ist nicht klar, ob die Maut bleibt; sie wird über eine Abstimmung zum Haushalt entschieden, die im Herbst ansteht. ';
    const fr =
      'Le conseil municipal a voté mardi la réouverture du vieux pont à la circulation après deux ans de travaux, ' +
      'et le coût des réparations est resté sous le budget prévu au printemps, selon les services de la ville. ';
    expect(zoneForLanguage(de.repeat(2))).toBe('CET/CEST');
    expect(zoneForLanguage(fr.repeat(4))).toBeNull();
    expect(zoneForLanguage(story.repeat(4))).toBeNull();
    // "15.05.2020, 07:11" in May is summer time (UTC+2); a day alone is midnight there.
    const page = (date: string) => parseArticle(`Brücke wieder offen\n\n${date}\n\n${de}\n\n${de}`);
    expect(page('15.05.2020, 07:11').publishedAt).toBe('2020-05-15T05:11:00.000Z');
    expect(page('19.07.2022').publishedAt).toBe('2022-07-18T22:00:00.000Z');
    expect(page('03.02.2021, 09:30').publishedAt).toBe('2021-02-03T08:30:00.000Z');
  });
});

describe('a dateline with labels after it', () => {
  it('is never the headline, and dates the story: "2017-03-10 09:58 来源：Outlet", "12 May 2024 10:00 Source: Outlet"', () => {
    const zh = '宇航员在太空中执行任务时面临巨大的压力，科学家正在研究如何帮助他们放松心情并保持健康的生活。'.repeat(4);
    const page = parseArticle(
      `首页 新闻 科技\n\n宇航员在太空中喝酒会怎么样\n\n2017-03-10 09:58 来源：科学频道\n\n2017-03-10 09:58:03来源：科学频道作者：王明\n\n${zh}`,
    );
    expect(page.title).toBe('宇航员在太空中喝酒会怎么样');
    expect(page.publishedAt).toBe('2017-03-10T01:58:00.000Z');
    const en = parseArticle(`Bridge Reopens After Two Years of Repairs\n\n12 May 2024 10:00 Source: City Ledger\n\n${story}`);
    expect(en.publishedAt).toBe('2024-05-12T10:00:00.000Z');
  });
});

describe('bylines with more than the name', () => {
  const head = 'Bridge Reopens After Two Years of Repairs';

  it('a role after the name, with the outlet ("NAME Senior Politics Editor, The Daily") or a sentence ("NAME, a deputy editor …")', () => {
    expect(splitNames('Jane Doe Senior Politics Editor, The City Ledger')).toEqual(['Jane Doe']);
    expect(splitNames('Jane Doe, Staff Writer')).toEqual(['Jane Doe']);
    expect(splitNames('Jane Doe, a deputy editor who has covered the city council for a decade.')).toEqual(['Jane Doe']);
    const page = parseArticle(
      `${head}\n\n11/28/2016 04:23 pm ET\n\n1k\n\nJane Doe     Senior Transport Reporter, The City Ledger\n\n${story}`,
    );
    expect(page.authors).toEqual(['Jane Doe']);
    const by = parseArticle(
      `${head}\n\nBy  Jane Doe, a deputy editor and the author of the Commute newsletter.\n\nJun 7, 2023, 8:54 PM UTC\n\n${story}`,
    );
    expect(by.authors).toEqual(['Jane Doe']);
  });

  it('co-authors joined by "y" or "e"; agencies "(with inputs from …)" are none', () => {
    expect(splitNames('Ana Ruiz, Luis Gómez y Marta Vidal')).toEqual(['Ana Ruiz', 'Luis Gómez', 'Marta Vidal']);
    expect(splitNames('Mario Rossi e Luca Bianchi')).toEqual(['Mario Rossi', 'Luca Bianchi']);
    expect(splitNames('Jane Doe (with inputs from agencies)')).toEqual(['Jane Doe']);
  });

  it('blocks glued by the copy: "SectionEdited by NAME (with inputs…)Updated: DATE"; the editor is the byline where no writer is', () => {
    const page = prepareArticle(
      `${head}\n\nCity NewsEdited by Jane Doe (with inputs from agencies)Updated: April 07, 2020 03:49 pm IST\n\n${story}`,
      catalog,
    );
    expect(page.parsed.authors).toEqual(['Jane Doe']);
    expect(page.input?.publishedAt).toBe('2020-04-07T10:19:00.000Z');
    const both = parseArticle(`${head}\n\nBy John Roe | Edited by Jane Doe | April 07, 2020 03:49 pm IST\n\n${story}`);
    expect(both.authors).toEqual(['John Roe']);
  });

  it('a "Comments" button and a gallery counter above the byline end nothing: "Resize Text" / "Comments" / "By NAME …" / "1 of 24"', () => {
    const page = parseArticle(
      `${head}\n\nShare via Email\n\nResize Text\n\nPrint Article\n\nComments\n\nBy Jane Doe March 18 at 3:57 PM\n\n1 of 24\n\n${story}`,
    );
    expect(page.authors).toEqual(['Jane Doe']);
    expect(page.blocks[0].text).toMatch(/^The council voted/);
  });
});

describe('Chinese credit lines', () => {
  const zh = '宇航员在太空中执行任务时面临巨大的压力，科学家正在研究如何帮助他们放松心情并保持健康的生活。'.repeat(4);

  it('"来源：Outlet作者：NAME" glued after the time: the writer is the byline', () => {
    const page = parseArticle(`宇航员在太空中喝酒会怎么样\n\n2017-03-10 09:58:03来源：科学频道作者：王明责任编辑：李华\n\n${zh}`);
    expect(page.authors).toEqual(['王明']);
    expect(page.publishedAt).toBe('2017-03-10T01:58:00.000Z');
  });

  it('"作者：" left empty, "责任编辑：NAME": the editor responsible is the only credit, so the byline', () => {
    const page = parseArticle(`宇航员在太空中喝酒会怎么样\n\n2017-03-10 09:58:03来源：科学频道作者：责任编辑：李华\n\n${zh}`);
    expect(page.authors).toEqual(['李华']);
  });
});

describe('lines next to the headline that are not it', () => {
  const head = 'Bridge Reopens After Two Years of Repairs';

  it('a notice sending the reader elsewhere ("… please visit …") above the headline', () => {
    const page = parseArticle(
      `We're no longer maintaining this page.\n\nFor the latest city news and traffic data, please visit City Ledger Metro\n\n${head}\n\nby Jane Doe   @janedoe   November 29, 2016: 3:42 PM ET\n\n${story}`,
    );
    expect(page.title).toBe(head);
    expect(page.authors).toEqual(['Jane Doe']);
  });

  it('a related story under a French label ("Sur le même sujet"), with its own byline, is not the headline', () => {
    const page = parseArticle(
      `Accueil\n›\nVille\n\nLe pont rouvre après deux ans de travaux\n\nAFP\n30 avril 2015 à 07:19\n\nSur le même sujet\n\nReportage\n\nA Lyon, la circulation sous pression\n\nPar Jean Moreau\n\n${story}`,
    );
    expect(page.title).toBe('Le pont rouvre après deux ans de travaux');
  });

  it("a name alone under the dek, over the lead picture's credit, is the byline", () => {
    const page = parseArticle(
      `${head}\n\n19.07.2022\n\n${head}\n\nThe council says the new deck will carry twice the traffic of the old one, and the mayor wants it open by spring.\n\nJane Doe\n\n© Maria Roe / picture agency (detail)\n\nThe bridge at dawn.\n\n${story}`,
    );
    expect(page.authors).toEqual(['Jane Doe']);
  });
});

describe('Chinese and Japanese headlines among a whole page', () => {
  const zh = '宇航员在太空中执行任务时面临巨大的压力，科学家正在研究如何帮助他们放松心情并保持健康的生活。'.repeat(4);
  const ja = 'バルセロナは本拠地で行われた試合で、相手に先制点を許さず、最後まで落ち着いた守備を見せた。'.repeat(3);

  it('a headline opening with a Latin name, the outlet glued before the date ("Outlet2016年10月14日07:17"), share buttons under it', () => {
    const page = parseArticle(
      `首页\n新闻\n科技\n动漫 读书 儿童 星座 精品课 全部频道\n\nNASA新飞船已可自动对接 太空探索迈上新台阶\n科学频道2016年10月14日07:17\n我要分享\n\n微博\nQQ空间\n微信好友\n\n科学频道 10月14日报道\n\n${zh}\n\n${zh}`,
    );
    expect(page.title).toBe('NASA新飞船已可自动对接 太空探索迈上新台阶');
    expect(page.publishedAt).toBe('2016-10-13T23:17:00.000Z');
  });

  it('a picture\'s caption ending "＝Agency" is no headline; "1 時間前" under the headline is its date', () => {
    const page = parseArticle(
      `ニュース\n\nスポーツ\n\nバルセロナが先勝、準々決勝第1戦\n\n1 時間前\n\n無断転載禁止\n\n先制点が決まり、喜ぶバルセロナの選手たち（左）＝ロイター\n\n${ja}\n\n${ja}`,
    );
    expect(page.title).toBe('バルセロナが先勝、準々決勝第1戦');
  });
});

describe('toolbar lines between the headline and its dek', () => {
  it('"New, 203 comments" and "Share All sharing options for: …" are furniture', () => {
    const head = 'The city just declared war on cheap parking (and us)';
    const page = parseArticle(
      `US & World\n\n${head}\n\nNew,    203  comments\n\n‘Park Smarter’ sounds like a threat now\n\nBy  J.D. Roe\nNov 29, 2016, 10:00am EST\n\nShare All sharing options for: ${head}\n\n${story}`,
    );
    expect(page.title).toBe(head);
    expect(page.authors).toEqual(['J.D. Roe']);
  });
});

describe('a list of related stories inside the story', () => {
  it('breaks its prose: the headline is the one over the byline, above the shorter first run', () => {
    const p = (s: string) => `${s} The council said the works would go on through the spring and that traffic would be diverted meanwhile.`;
    const page = parseArticle(
      [
        'Bridge Reopens After Two Years of Repairs',
        'By  JANE DOE',
        'JULY 29, 2016',
        'Photo',
        p('The old bridge reopened on Tuesday.'),
        p('Engineers replaced the deck and the railings.'),
        p('The cost came in under the budget.'),
        'Related Coverage',
        'Council Approves Plan to Repair the Old Bridge',
        'JULY 26, 2016',
        'Bridge Repairs Run Into a Second Winter',
        'JULY 24, 2016',
        'Mayor Says Bridge Will Reopen by Summer',
        'JULY 22, 2016',
        ...Array.from({ length: 10 }, (_, k) => p(`Paragraph ${k + 1} of the story goes on here.`)),
      ].join('\n\n'),
    );
    expect(page.title).toBe('Bridge Reopens After Two Years of Repairs');
    expect(page.authors).toEqual(['JANE DOE']);
  });
});

describe('a list of promo headlines just above the headline', () => {
  it('does not make the headline read as the dek of the last promo (promos the page lists again at its foot)', () => {
    // A box of facts between the byline and the story: the headline stands far from the prose.
    const specs = [
      'Length 420 m',
      'Lanes 4',
      'Opened 1932',
      'Cost $80m',
      'Spans 6',
      'Height 38 m',
      'Deck Steel',
      'Railings Cast iron',
      'Traffic 40,000 a day',
      'Tolls None',
      'Owner City',
      'Works 2022-24',
    ].join('\n');
    const page = parseArticle(
      `Login\n\nCity says ferry fares will rise in the spring\nMuseum reopens its west wing after a long refit\nNew tram line runs late on its very first day\nRepair review: A bridge that keeps up with traffic\nBut only commuters will notice it.\nJane Doe, @janedoe\n11.03.17 in Transport\nComments\n\nBridge facts\n${specs}\n\n${story}\n\nMore stories\n\nCity says ferry fares will rise in the spring\nNew tram line runs late on its very first day`,
    );
    expect(page.title).toBe('Repair review: A bridge that keeps up with traffic');
    expect(page.authors).toEqual(['Jane Doe']);
  });
});

describe('the date above the headline, the name under its dek', () => {
  it('"date" / headline / dek / "Jane Doe", under a row of promos that carry their writers\' names', () => {
    const head = 'The bridge economy is a myth: tolls, traffic and the truth about repairs';
    const page = parseArticle(
      [
        'Council backs a new tram line to the airport   John Roe',
        'Why the ferry is late again this winter   Ann Poe',
        'The quest to save the old market hall   Tom Hale',
        'Log out   Sign in',
        'Sunday, Feb 1, 2015 11:57 AM UTC',
        head,
        'The city talks a good game about repairs. The bridge is really just a toll road in disguise',
        'Jane Doe',
        'Share',
        story,
      ].join('\n\n'),
    );
    expect(page.title).toBe(head);
    expect(page.authors).toEqual(['Jane Doe']);
    expect(page.publishedAt).toBe('2015-02-01T11:57:00.000Z');
  });

  it('but a name with the date above the headline stays the byline ("Jane Doe/" / date / headline / dek / picture credit)', () => {
    const page = parseArticle(
      `Jane Doe/\nNovember 18, 2016\n\nBridge Reopens After Two Years of Repairs\n\nThe new deck is wider, and the railings are back.\n\nCity Archive Ltd.\n\n${story}`,
    );
    expect(page.authors).toEqual(['Jane Doe']);
  });
});

describe("a relative date, and the page's date of today above the headline", () => {
  const page = (today: string, age: string, footer = '© 2019-2021 City Press') =>
    parseArticle(
      ['News', 'Sport', 'Weather', today, 'Bridge Reopens After Two Years of Repairs', 'Jane Doe', age, story, footer].join('\n\n'),
    );

  it('dates the story that day, less the age: "3. 2. Blanka" (a name day after it) / headline / name / "2 hours ago"', () => {
    const p = page('3. 2.  Blanka', '2 hours ago');
    expect(p.publishedAt).toBe('2021-02-03T00:00:00.000Z');
    expect(p.authors).toEqual(['Jane Doe']);
    expect(p.dek).toBeNull();
    expect(p.warnings.join('\n')).toMatch(/only a relative date/);
    expect(page('Wed 3. 2.', '3 days ago').publishedAt).toBe('2021-01-31T00:00:00.000Z');
    expect(page('Wednesday, 3 February', 'yesterday').publishedAt).toBe('2021-02-02T00:00:00.000Z');
  });

  it("takes the year from the page's latest full date where no copyright line gives it", () => {
    const p = page('3. 2.', 'před 2 hodinami', 'Posted by the council on January 30, 2021');
    expect(p.publishedAt).toBe('2021-02-03T00:00:00.000Z');
  });

  it('dates nothing without the date of today, nor with an age in months', () => {
    expect(page('Login', '2 hours ago').publishedAt).toBeNull();
    expect(page('3. 2.', '2 months ago').publishedAt).toBeNull();
  });

  it('dates a month and day printed without a year with the page\'s year: "By NAME March 18 at 3:57 PM"', () => {
    const byline = (line: string, footer = '© 1996-2015 The Daily Example') =>
      parseArticle(['Home', 'World', 'Bridge Reopens After Two Years of Repairs', line, story, footer].join('\n\n'));
    // A US clock without a zone is US Eastern (daylight time from March 8, 2015).
    const p = byline('By Jane Doe March 18 at 3:57 PM    Follow @janedoe');
    expect(p.publishedAt).toBe('2015-03-18T19:57:00.000Z');
    expect(p.authors).toEqual(['Jane Doe']);
    expect(p.warnings.join('\n')).toMatch(/a date without its year \("March 18 at 3:57 PM"\): the year is the page's, 2015/);
    expect(byline('Jane Doe · 18 March, 15:57 CET').publishedAt).toBe('2015-03-18T14:57:00.000Z');
    expect(byline('By Jane Doe Dec. 2').publishedAt).toBe('2015-12-02T00:00:00.000Z');
    // A byline's line further down, past a row of share buttons.
    const shares = Array.from({ length: 12 }, (_, i) => `Share on Network ${i}`).join('\n\n');
    expect(byline(`${shares}\n\nBy Jane Doe March 18 at 3:57 PM`).publishedAt).toBe('2015-03-18T19:57:00.000Z');
    // The year from the page's latest full date where no copyright line gives it.
    expect(byline('By Jane Doe March 18 at 3:57 PM', 'Related: Ferry strike ends (March 2, 2014)').publishedAt).toBe(
      '2014-03-18T19:57:00.000Z',
    );
  });

  it('dates nothing from a month and day without any year on the page, nor from a month and year', () => {
    expect(
      parseArticle(['Home', 'Bridge Reopens After Two Years of Repairs', 'By Jane Doe March 18', story].join('\n\n')).publishedAt,
    ).toBeNull();
    const monthYear = parseArticle(
      ['Home', 'Bridge Reopens After Two Years of Repairs', 'By Jane Doe, March 2015', story, '© 2015 The Daily'].join('\n\n'),
    );
    expect(monthYear.publishedAt).not.toBe('2015-03-20T00:00:00.000Z');
  });

  it('reads the age in the languages the parser knows', () => {
    expect(relativeDays('1 時間前')).toBe(0);
    expect(relativeDays('vor 2 Tagen')).toBe(2);
    expect(relativeDays('il y a 3 heures')).toBe(0);
    expect(relativeDays('hace 1 semana')).toBe(7);
    expect(relativeDays('2시간 전')).toBe(0);
    expect(relativeDays('1:39 PM ET')).toBeNull();
  });
});

describe('"First published" under a later date', () => {
  it('is the publication time; the date by the byline or the headline is the update', () => {
    const cnnLike = parseArticle(
      `Bridge Reopens After Two Years of Repairs\n\nby Jane Doe   @janedoe   November 29, 2016: 3:42 PM ET\n\n${story}\n\nCity Desk (Springfield)  First published November 29, 2016: 3:33 AM ET`,
    );
    expect(cnnLike.publishedAt).toBe('2016-11-29T08:33:00.000Z');
    expect(cnnLike.updatedAt).toBe('2016-11-29T20:42:00.000Z');
    const summary = parseArticle(
      `Bridge Reopens After Two Years of Repairs\n\nJane Doe\n\nTue 29 Nov 2016 15.26 EST\n\nFirst published on Tue 29 Nov 2016 07.46 EST\n\n${story}`,
    );
    expect(summary.publishedAt).toBe('2016-11-29T12:46:00.000Z');
    expect(summary.updatedAt).toBe('2016-11-29T20:26:00.000Z');
    expect(summary.blocks.map((b) => b.text).join('\n')).not.toMatch(/First published/);
  });
});

describe('a time before the date, and the weekday after it', () => {
  it('"Updated 11:22 PM EST, Tue November 29, 2016" is read whole, not as the day alone', () => {
    expect(parseDateline('11:22 PM EST, Tue November 29, 2016')?.iso).toBe('2016-11-30T04:22:00.000Z');
    const page = parseArticle(
      `Bridge Reopens After Two Years of Repairs\n\nBy Jane Doe\n\nUpdated 11:22 PM EST, Tue November 29, 2016\n\n${story}`,
    );
    expect(page.updatedAt).toBe('2016-11-30T04:22:00.000Z');
  });
});

describe('headlines among look-alikes', () => {
  const body = `${story}\n\nThe work was paid for by the county and the state, which split the cost evenly under a deal signed in 2022.`;

  it('a row of share links that open alike is neither the headline nor a headline above it', () => {
    const page = parseArticle(
      [
        'Follow the Gazette',
        'Outside link, opens the Gazette page on Bluesky',
        'Outside link, opens the Gazette page on Mastodon',
        'Outside link, opens the Gazette page on Threads',
        'Outside link, opens the Gazette RSS feed',
        'Mayor says she was wrong to close the old bridge in 2020',
        'At the time, the council had voted to keep the crossing open to buses',
        'Copy link',
        'The old bridge over the river, seen from the east bank - Ann Poe/City Archive',
        '21.dez.2024 às 12h55',
        body,
      ].join('\n\n'),
    );
    expect(page.title).toBe('Mayor says she was wrong to close the old bridge in 2020');
  });

  it('a headline the header prints twice wins over the series name printed once above it and the dek under its photo', () => {
    const page = parseArticle(
      [
        'Crossings: the state of our bridges',
        "'What is the river telling us?': towns fearful over bridge closures",
        'Engineer Ann Poe. Photograph: John Roe for the Gazette',
        'Towns along the valley worry that heavier lorries are behind the spike in cracked bridge decks',
        'by Jane Doe (reporting) and John Roe (photography)',
        "'What is the river telling us?': towns fearful over bridge closures",
        'Thu 3 Jan 2019 02.00 EST',
        body,
        'Crossings: the state of our bridges',
      ].join('\n\n'),
    );
    expect(page.title).toBe("'What is the river telling us?': towns fearful over bridge closures");
  });

  it('a video title printed twice, one over the other, above the headline is the video’s', () => {
    const page = parseArticle(
      [
        'Subscribe',
        'Rovers vs. United: Will the new signings keep the captain on the bench?',
        'Rovers vs. United: Will the new signings keep the captain on the bench?',
        'A Son Rises: the club’s heir steps out of the shadow cast by his father',
        'How did the club end two decades of mediocrity and top the table? Start with the one man who will stand up to its owner',
        'Author:',
        'Jane Doe',
        'Publish date:',
        'Jan 12, 2017',
        body,
      ].join('\n\n'),
    );
    expect(page.title).toBe('A Son Rises: the club’s heir steps out of the shadow cast by his father');
  });

  it('the kicker and headline in one line, above the two printed apart, is the whole headline', () => {
    const page = parseArticle(
      [
        'Home',
        "Jane Doe's $20K Diamond Gala Necklace -- GONE!!!",
        'Jane Doe',
        '$20K Diamond Gala Necklace ... GONE!!!!',
        '2/26/2015 7:11 AM PST BY GAZETTE STAFF',
        body,
      ].join('\n\n'),
    );
    expect(page.title).toBe("Jane Doe's $20K Diamond Gala Necklace -- GONE!!!");
  });
});

describe('all-numeric dates on a page that says it is American', () => {
  const longStory =
    'The council voted on Tuesday to reopen the old bridge to traffic after two years of repairs, the mayor said in a statement to the press.\n\n' +
    'Engineers replaced the deck and the railings of the span, and the cost came in under the budget that the council agreed last spring, officials said.\n\n' +
    'The bridge is the oldest of the three that cross the river, and it carries more traffic than any other road into the centre of the town.';
  const page = (...lines: string[]) => lines.join('\n\n');

  it('a "US Edition" line, and no other edition, reads "11.04.17" month first; a page listing several editions does not', () => {
    const at = (edition: string[]) =>
      parseArticle(page('Home', ...edition, 'Bridge Reopens After Two Years of Repairs', 'Jane Doe', '11.04.17 in Transport', longStory))
        .publishedAt;
    expect(at(['US Edition'])).toBe('2017-11-04T00:00:00.000Z');
    expect(at([])).toBe('2017-04-11T00:00:00.000Z');
    expect(at(['US edition', 'UK edition', 'International edition'])).toBe('2017-04-11T00:00:00.000Z');
    expect(at(['Digital Edition'])).toBe('2017-04-11T00:00:00.000Z');
  });

  it('a clock in a US zone makes "04/05/2024" April 5; a date written day first elsewhere, or an order given, outweighs it', () => {
    const dateline = '04/05/2024 09:30 AM EDT';
    expect(parseArticle(page('Bridge Reopens After Two Years of Repairs', 'By Jane Doe', dateline, longStory)).publishedAt).toBe(
      '2024-04-05T13:30:00.000Z',
    );
    const dayFirst = `${longStory}\n\nThe bridge first opened on 12 March 1931.`;
    expect(parseArticle(page('Bridge Reopens After Two Years of Repairs', 'By Jane Doe', dateline, dayFirst)).publishedAt).toBe(
      '2024-05-04T13:30:00.000Z',
    );
    expect(
      parseArticle(page('Bridge Reopens After Two Years of Repairs', 'By Jane Doe', dateline, longStory), { dateOrder: 'DMY' }).publishedAt,
    ).toBe('2024-05-04T13:30:00.000Z');
  });

  it("a quoted post's date is not the page's; a text in another language stays day first", () => {
    const quoted = `${longStory}\n\nThe bridge is open at last!\n— Jane Roe (@janeroe) 4 April 2024`;
    expect(
      parseArticle(page('Bridge Reopens After Two Years of Repairs', 'By Jane Doe', '04/05/2024 09:30 AM EDT', quoted)).publishedAt,
    ).toBe('2024-04-05T13:30:00.000Z');
    const french =
      'Le conseil a voté mardi la réouverture du vieux pont à la circulation après deux ans de travaux, a dit le maire dans un communiqué.\n\n' +
      'Les ingénieurs ont remplacé le tablier et les garde-corps, et le coût est resté sous le budget voté au printemps dernier.';
    expect(parseArticle(page('US Edition', 'Le pont rouvre après deux ans de travaux', 'Jane Doe', '11.04.17', french)).publishedAt).toBe(
      '2017-04-11T00:00:00.000Z',
    );
  });
});

describe('a wire agency alone by the date', () => {
  it('is the byline: "AFP" / date, date / "Reuters", "The Associated Press", "Reuters and AFP"', () => {
    const by = (...header: string[]) => parseArticle(['Bridge Reopens After Two Years of Repairs', ...header, story].join('\n\n')).authors;
    expect(by('AFP\n30 avril 2015 à 07:19')).toEqual(['AFP']);
    expect(by('March 3, 2024 10:15 AM EST', 'Reuters')).toEqual(['Reuters']);
    expect(by('The Associated Press', 'March 3, 2024')).toEqual(['Associated Press']);
    expect(by('Reuters and AFP', '3 March 2024')).toEqual(['Reuters', 'AFP']);
    // "AFP/Reuters" alone is a picture's credit.
    expect(by('AFP/Reuters', '3 March 2024')).toEqual([]);
  });

  it("gives way to a writer's byline, and is not read away from the date", () => {
    const page = (...header: string[]) => parseArticle(['Bridge Reopens After Two Years of Repairs', ...header, story].join('\n\n'));
    expect(page('AFP', '3 March 2024', 'By Jane Doe').authors).toEqual(['Jane Doe']);
    expect(page('3 March 2024', 'The council said on Monday the bridge would reopen.', 'AFP').authors).toEqual([]);
  });
});

describe("a breadcrumb's label for the page it stands on", () => {
  it('"Current page:" / "Aktuelle Seite:": the line after it is the breadcrumb\'s short title, not the headline', () => {
    const page = (label: string) =>
      parseArticle(
        [
          'Home',
          'Transport',
          label,
          'Roads: The Old Bridge Reopens to Traffic',
          'To listen to this article, please sign in.',
          'Background',
          '12.03.2024',
          '5 min read',
          'Bookmark',
          'Send',
          'Roads: The Old Bridge Reopens After Two Years of Repairs',
          'Engineers replaced the deck and the railings, and the work came in under budget. Some details are still open.',
          'Jane Doe',
          '© Town Archive',
          'The old bridge at dawn: it carries more traffic than any other road into the town.',
          story,
        ].join('\n\n'),
      );
    expect(page('Current page:').title).toBe('Roads: The Old Bridge Reopens After Two Years of Repairs');
    expect(page('Aktuelle Seite:').title).toBe('Roads: The Old Bridge Reopens After Two Years of Repairs');
  });
});
