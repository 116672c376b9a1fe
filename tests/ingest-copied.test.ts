// Whole-page copies (the text a reader gets by selecting a news page and
// copying it): the shapes real sites give their bylines, dates and headlines
// once the page's markup is gone. Each test is a pattern, written in-house.
import { describe, expect, it } from 'vitest';
import { parseArticle, splitNames } from '../src/ingest/parse';

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
