/**
 * Which line of a page is its headline: a whole page copied from a browser
 * prints it once or twice among menus, promos, captions and related
 * headlines, so every line is weighed (see `chooseTitle`). Pure.
 */
import { findDateline } from './dates';
import { CAPTION_TAIL, isHeadlineShaped, isProseLine, RELATED_LABELS } from './page';
import { slugMatch } from './url-hints';

/** A link to another story behind a label ("Read next: …", "Watch: …", "Also read: …"), or a call to go elsewhere. */
const promo = (text: string) =>
  /^(?:(?:read|watch|see|listen)(?: (?:next|more|also))?|also (?:read|see)|more|related|recommended|up next)\s*:\s|^up next\s/i.test(
    text,
  ) ||
  // A call to go elsewhere: "For the latest news, please visit …", "Click here to …".
  /\b(?:please visit|click here|tap here|visit our|download our app)\b/i.test(text);

/**
 * Lines of a page that are never its headline, whatever their shape: a label
 * cut off before its link or logo ("This section is sponsored by", "Mis à jour
 * le"), a breadcrumb ending in the headline ("Site > News > 2015 > Headline"),
 * a topics list, a picture's caption with its credit.
 */
function notHeadline(text: string): boolean {
  if (
    /\s(?:by|of|the|a|an|to|for|with|about|from|on|in|at|and|or|le|la|les|de|du|des|par|et|von|der|die|das|und|el|los|por|para|y|do|da|em)$/i.test(
      text,
    )
  )
    return true;
  if (/(?:\s[>›»]\s.*){2,}/.test(text) || (text.match(/\s*[>›»]\s*/g) ?? []).length >= 3) return true;
  if (/^(?:topics?|tags?|filed under|categories|keywords|themen|sujets?)\s*:/i.test(text)) return true;
  // A line that opens with a full date is a dateline with labels after it ("2017-03-10 09:58 Source: …").
  if (findDateline(text)?.start === 0) return true;
  // A caption: its picture's label or credit ("Main image: …", "Photograph: Jane Doe"), or a credit of agencies in
  // capitals ("… plains. SIA/EFAK"), or a photographer and agency ("… in Paris Jane Doe/Reuters").
  if (/(?:^|\s)(?:main image|photograph|photo|image|picture|illustration)\s*:\s*\S/i.test(text)) return true;
  if (/\s\p{Lu}{2,}(?:\/\p{Lu}{2,})+$/u.test(text)) return true;
  // A Japanese caption's credit after "＝": "…喜ぶ選手たち＝ロイター", "…＝共同".
  if (/[^\s＝]＝[^\s＝]{1,20}$/u.test(text)) return true;
  if (/\s\p{Lu}[\p{L}.'’-]+ \p{Lu}[\p{L}'’-]+\/(?:Reuters|AFP|AP|EPA|Getty Images|Bloomberg|Anadolu|TASS|Xinhua)$/u.test(text)) return true;
  return CAPTION_TAIL.test(text);
}

/**
 * A breadcrumb's label for the page it stands on ("Aktuelle Seite:", "Current page:", "You are here:"), printed for
 * screen readers: the line after it is the breadcrumb's last item, a short title of the page, not the headline.
 */
const CURRENT_PAGE =
  /^(?:current page|you are here|aktuelle seite|sie sind hier|vous êtes ici|page actuelle|página actual|está aquí|pagina corrente|sei qui)\s*:?$/i;

const latin = (text: string) => /\p{Script=Latin}/u.test(text);
const cjkCount = (text: string) => (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
/** Most words capitalised: "Ryan Gosling's Feelings About Fatherhood Will Make Your Heart Sing". */
const titleCase = (text: string) => {
  const long = text.match(/\p{L}[\p{L}'’-]{3,}/gu) ?? [];
  return long.length >= 3 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.75 * long.length;
};

/** A short line of a menu, a footer or a toolbar: a few words, no sentence. */
const isShortItem = (text: string) => text.length <= 28 && text.split(/\s+/).length <= 4 && !/[.!?]$/.test(text);

const firstWords = (text: string, n: number) => text.toLowerCase().split(/\s+/).slice(0, n).join(' ');

/**
 * Lines of a row of links that open alike ("Link to us on X", "Link to us on
 * Y", "Link to us by RSS"): three or more within a few lines sharing their
 * first three words, not the same line printed again. Share buttons and menus
 * read so; neither headlines nor a list of other stories' headlines do.
 */
function alikeRun(content: { t: string }[]): boolean[] {
  return content.map(({ t }, n) => {
    if (t.split(/\s+/).length < 4) return false;
    const head = firstWords(t, 3);
    const near = content.slice(Math.max(0, n - 3), n + 4).filter((c) => c.t !== t && firstWords(c.t, 3) === head);
    return near.length >= 2;
  });
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The line at `n` is its kicker and headline in one ("Jane Doe's Bridge
 * Reopens -- At Last!"), printed above the two apart: a short kicker line
 * whose words open it, then a line most of whose words it has.
 */
function joinsNextTwo(content: { t: string }[], n: number): boolean {
  const [t, kicker, headline] = [content[n]?.t, content[n + 1]?.t, content[n + 2]?.t];
  if (!t || !kicker || !headline || kicker.split(/\s+/).length > 4) return false;
  const [tw, kw, hw] = [words(t), words(kicker), words(headline)];
  if (kw.length === 0 || hw.length < 3 || !kw.every((w, j) => tw[j] === w || (j === kw.length - 1 && tw[j]?.startsWith(w)))) return false;
  return hw.filter((w) => tw.includes(w)).length >= 0.6 * hw.length && tw.length > hw.length;
}

/**
 * The index of the headline in a page; -1 for a page with no text. A whole
 * page copied from a browser has a hundred lines of menus before its
 * headline, so every line is weighed, not only the first ones:
 * - the story's start is the first line that opens a run of prose (two
 *   sentences-long lines among six); the headline is above it and near it;
 * - the byline or date follows the headline within four lines (a dek may sit
 *   between), or a date stands just above it;
 * - the page repeats its headline (breadcrumbs, share boxes, a second heading);
 * - a line in a run of short items (a menu, a footer, a toolbar) is not the
 *   headline, nor is one that starts with "by" (a byline that lost its shape);
 * - headlines are a few words to a couple of dozen.
 * - the page's address, when known, has most of the headline's words in its slug;
 * With no metadata and no prose, the first headline-shaped line wins; with no
 * headline-shaped line, the first that is not furniture.
 */
export function chooseTitle(
  lines: string[],
  isFurniture: (t: string) => boolean,
  isMeta: (t: string) => boolean,
  slug: string[] = [],
  isName: (t: string) => boolean = () => false,
): number {
  const content = lines.map((t, k) => ({ t, k })).filter(({ t }) => t !== '' && !isFurniture(t));
  if (!content.length) return lines.findIndex((t) => t !== '');
  const meta = content.map(({ t }) => isMeta(t));
  const prose = content.map(({ t }) => isProseLine(t));
  // The story is the page's densest run of prose: a login box or a row of promos may have two sentences, the story more.
  const density = content.map((_, n) => (prose[n] ? prose.slice(n, n + 10).filter(Boolean).length : 0));
  const densest = Math.max(0, ...density);
  let storyAt = content.findIndex(
    (_, n) => density[n] >= Math.max(2, Math.ceil(0.6 * densest)) && prose.slice(n, n + 6).filter(Boolean).length >= 2,
  );
  if (storyAt < 0) storyAt = content.findIndex((_, n) => prose[n]);
  // A shorter run of prose just under a byline or a date, above the densest one, is the story's start: a list of
  // related headlines inside the story broke its run.
  const opened = content.findIndex(
    (_, n) =>
      n < storyAt &&
      prose[n] &&
      prose.slice(n, n + 6).filter(Boolean).length >= 2 &&
      meta.slice(Math.max(0, n - 8), n).some(Boolean) &&
      !prose.slice(Math.max(0, n - 8), n).some(Boolean),
  );
  if (opened >= 0) storyAt = opened;
  const doubled = (n: number) => n >= 0 && (content[n - 1]?.t === content[n].t || content[n + 1]?.t === content[n].t);
  // A video's title, never the headline: a video player prints it twice, one over the other, above the story's
  // headline.
  const mediaTitle = (n: number) => {
    if (!doubled(n)) return false;
    let j = n + 1;
    while (content[j]?.t === content[n].t) j++;
    return content[j] !== undefined && !meta[j] && isHeadlineShaped(content[j].t) && !notHeadline(content[j].t);
  };
  // How often the page prints a line (breadcrumbs, share boxes, a second heading repeat the headline), in all and
  // above the story's first paragraphs.
  const counts = new Map<string, number>();
  const aboveStory = new Map<string, number>();
  content.forEach(({ t }, n) => {
    if (mediaTitle(n)) return;
    counts.set(t, (counts.get(t) ?? 0) + 1);
    if (storyAt < 0 || n < storyAt) aboveStory.set(t, (aboveStory.get(t) ?? 0) + 1);
  });
  const alike = alikeRun(content);
  /** The metadata just above line `n` belongs to a headline-shaped line standing above it: "Headline" / "date" / `n`. */
  const claimedAbove = (n: number) => {
    let j = n - 1;
    while (j >= 0 && !meta[j]) j--;
    while (j > 0 && meta[j - 1]) j--;
    return content.slice(Math.max(0, j - 2), j).some((c) => isHeadlineShaped(c.t) && !promo(c.t) && !notHeadline(c.t));
  };
  let best = -1;
  let bestScore = -Infinity;
  let related = -Infinity; // where a list of other stories began
  for (let n = 0; n < content.length; n++) {
    const { t, k } = content[n];
    // Under "Related Coverage", "Most Read" and the like, up to the next sentence, are other stories' headlines.
    if (lines.slice(n > 0 ? content[n - 1].k + 1 : 0, k + 1).some((l) => RELATED_LABELS.some((re) => re.test(l)))) related = n;
    else if (prose[n] || n - related > 12) related = -Infinity;
    if (meta[n] || prose[n] || promo(t) || notHeadline(t) || alike[n] || mediaTitle(n) || CURRENT_PAGE.test(content[n - 1]?.t ?? ''))
      continue;
    if (storyAt >= 0 && n > storyAt) break;
    // A hard-wrapped sentence goes on in lower case on the next line; a headline does not.
    if (/^\p{Ll}/u.test(lines[k + 1] ?? '')) continue;
    // Metadata within the next four content lines (a dek may sit between).
    let metaAfter = meta.slice(n + 1, n + 5).indexOf(true);
    // A short headline ("Talks Resume") counts when the byline or date follows it at once.
    const metaBefore = n > 0 && meta.slice(Math.max(0, n - 2), n).includes(true);
    // The date just above a headline of some words, a name alone under it or under its dek: "date" / headline / dek / "Jane Doe".
    if (metaAfter < 0 && n > 0 && meta[n - 1] && t.split(/\s+/).length >= 5)
      metaAfter = content.slice(n + 1, n + 3).findIndex((c) => isName(c.t));
    const shaped = isHeadlineShaped(t);
    if (!shaped && !(!metaBefore && metaAfter >= 0 && metaAfter <= 1 && t.length >= 3 && t.length <= 220 && !/[.,;:]$/.test(t))) continue;
    let score = -0.01 * n - (shaped ? 0 : 1);
    if (metaAfter >= 0) score += 4 - metaAfter * 0.5;
    if (metaBefore) score += metaAfter >= 0 ? 1 : claimedAbove(n) ? 0 : 2.5;
    if ((counts.get(t) ?? 0) > 1) score += 2;
    // Body sentences are long and end with a full stop; headlines rarely exceed 20 words.
    // The page's address names its story: a line with most of the slug's words is the headline.
    const match = slugMatch(t, slug);
    if (match >= 0.5) score += 8 * match;
    // Chinese and Japanese do not space their words: count one for every two characters.
    const words = cjkCount(t) >= 4 ? Math.ceil(t.length / 2) : t.split(/\s+/).length;
    if (words > 20) score -= 3;
    else if (words >= 5 && t.length >= 30) score += 2;
    else if (words <= 3) score -= 1;
    // A dek follows its headline: a headline-shaped line right after another is the second (a kicker of a few
    // words is not a headline); in sentence case under a Title Case one, all the more.
    // Not when that line is the last of a list of headlines (promos) standing above the story's.
    const above = n > 0 ? content[n - 1].t : '';
    const inList =
      n > 2 &&
      [n - 2, n - 3].every((j) => !meta[j] && !alike[j] && isHeadlineShaped(content[j].t) && content[j].t.split(/\s+/).length >= 4);
    if (
      n > 0 &&
      !meta[n - 1] &&
      !alike[n - 1] &&
      !inList &&
      // Not under a video's title, nor when the page's header prints this line again and the one above once: that
      // one is a kicker or a series' name, this the headline.
      !mediaTitle(n - 1) &&
      !((aboveStory.get(t) ?? 0) > 1 && aboveStory.get(above) === 1) &&
      isHeadlineShaped(above) &&
      !promo(above) &&
      above.split(/\s+/).length >= 5 &&
      latin(above) === latin(t)
    )
      score -= titleCase(above) && !titleCase(t) ? 3 : 1.5;
    // Under "Related Coverage" and the like: another story's headline.
    if (related >= 0) score -= 3;
    // A line under a byline ("By Jane Doe" / "Opinion writer …") is the byline's; the headline stands above it.
    if (content.slice(Math.max(0, n - 3), n).some((c) => /^(?:by|par|por|von)\s+\p{Lu}/iu.test(c.t))) score -= 3;
    // Names alone are a byline ("Jane Doe and John Roe"), not a headline.
    if (isName(t)) score -= 3;
    // One of a list of headlines (related stories): headline-shaped lines on both sides.
    const listed = (j: number) =>
      content[j] !== undefined &&
      !alike[j] &&
      isHeadlineShaped(content[j].t) &&
      !notHeadline(content[j].t) &&
      !isMeta(content[j].t) &&
      content[j].t.split(/\s+/).length >= 4;
    if (listed(n - 1) && listed(n + 1)) score -= 1.5;
    // The kicker and the headline in one line, above the two printed apart: the whole headline.
    if (joinsNextTwo(content, n)) score += 3;
    // Latin headlines start with a capital or a digit ("iPhone" aside); a lower-case start is a tag list or a fragment.
    if (latin(t) && /^\p{Ll}(?!\p{Lu})/u.test(t)) score -= 4;
    if (/[。．]$/.test(t)) score -= 3;
    if (/^(?:by|par|por)\b/i.test(t) || /@\w/.test(t) || /^\(.*\)$/.test(t)) score -= 4;
    // Nearness to the story: the headline is among the few lines above its first paragraphs.
    if (storyAt >= 0) score += Math.max(0, 3 - 0.25 * (storyAt - n));
    // Inside a menu: most of its neighbours are short items.
    const around = [...content.slice(Math.max(0, n - 3), n), ...content.slice(n + 1, n + 4)].filter(
      (c, _j, all) => all.length > 0 && !isMeta(c.t),
    );
    if (words < 5 && around.length >= 4 && around.filter((c) => isShortItem(c.t)).length >= around.length - 1) score -= 2;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best >= 0 ? best : content[0].k;
}
