/**
 * What news pages print around a story, as copied text: navigation, clocks,
 * language switchers, share and comment furniture, related headlines. The
 * parser (./parse.ts) uses these to find the headline among the furniture
 * (./headline.ts) and to end the body where the story ends. Pure.
 */

/** Bullets and bars pages put in front of dates and sections ("• World", "| 18 Jun 2024"). */
export function stripBullet(line: string): string {
  return line.replace(/^(?:[•·▪►»›|]\s*)+/, '').trim();
}

const LANGUAGES = new Set([
  'en',
  'eng',
  'ru',
  'rus',
  'hy',
  'arm',
  'am',
  'fr',
  'de',
  'es',
  'ar',
  'ua',
  'uk',
  'az',
  'tr',
  'fa',
  'ka',
  'geo',
  'english',
  'русский',
  'հայերեն',
  'français',
  'deutsch',
  'español',
  'українська',
  'türkçe',
  'azərbaycan',
  'ქართული',
  'العربية',
]);
const ICONS = new Set([
  'search',
  'menu',
  'close',
  'facebook',
  'twitter',
  'x',
  'telegram',
  'whatsapp',
  'instagram',
  'youtube',
  'linkedin',
  'email',
  'e-mail',
  'print',
  'rss',
  'share',
  'copy link',
  'tiktok',
  'vk',
  'reddit',
  'pinterest',
  'home',
  'login',
  'log in',
  'sign in',
  'subscribe',
  'account',
  'live',
  'tv',
  'radio',
  'podcasts',
  'newsletters',
  'weather',
  'toggle navigation',
  'open menu',
  'main menu',
  'navigation',
  'more',
  // A media block's label, copied in place of its picture or player.
  'image',
  'photo',
  'video',
  'audio',
  'gallery',
  'play video',
  'watch video',
]);
/** Words of a site's navigation bar. */
const NAV = new Set([
  'home',
  'news',
  'world',
  'politics',
  'business',
  'economy',
  'sport',
  'sports',
  'opinion',
  'culture',
  'video',
  'videos',
  'live',
  'tech',
  'technology',
  'science',
  'health',
  'region',
  'society',
  'menu',
  'search',
  'subscribe',
  'login',
  'more',
  'analysis',
  'photos',
  'podcasts',
  'newsletters',
  'europe',
  'asia',
  'africa',
  'americas',
  'lifestyle',
  'entertainment',
  'weather',
  'markets',
  'defence',
  'defense',
  'military',
  'security',
  'interviews',
  'features',
  'multimedia',
  'about',
  'contact',
  'local',
  'national',
  'international',
  'diplomacy',
  'war',
  'travel',
  'climate',
]);

const FURNITURE: RegExp[] = [
  /^skip to (?:main )?content$/i,
  /^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s+[A-Z]{2,5})?$/i, // a clock
  /^(?:home|news)\s*(?:[>›»/]\s*[\p{L}\p{N} &'’-]+){1,5}$/iu, // a breadcrumb
  /^news ?feed$/i,
  /^(?:breaking(?: news)?|exclusive|just in|developing(?: story)?|live updates?)$/i,
  /^follow us(?:\s+on\b.*)?$/i,
  /^(?:join|subscribe to) (?:us|our) .{0,60}$/i,
  /^tags?\s*:.*$/i,
  /^\d+\s*min(?:ute)?s?\s+read$/i,
  /^(?:👁\s*)?\d[\d.,]*\s*[KkMm]?\s*(?:views?|reads?)$/u,
  /^\d{1,6}(?:\s+\d{1,6}){0,4}$/, // share counters: "11 0"
  /^\d{1,3}(?:[.,]\d)?\s?[KkMm]$/, // a share counter in thousands: "1k", "2.4K"
  /^\d{1,3} of \d{1,3}$/, // a gallery's counter: "1 of 24"
  /^(?:#[\p{L}\p{N}_]+[\s,]*)+$/u, // hashtags
  /^(?:your email address will not be published\.?.*|required fields are marked.*|comment\s*\*?|name\s*\*|email\s*\*|website|post comment|save my name, email.*|cancel reply)$/i,
  /^(?:copy link|print|share on \w+|share via \w+|social sharing|share this (?:article|story))$/i,
  /^(?:all rights reserved|©|copyright\b).{0,120}$/i,
  // Buttons and prompts of a page's toolbars, as a whole-page copy prints them.
  /^(?:continue reading(?: the main story)?|(?:show|hide|view) (?:more|less|all)\b.{0,30}|click to \w+.{0,60}|enlarge this image|(?:sign|log) (?:in|up|out)\b.{0,30}|skip to .{0,40}|download (?:our|the) app|turn on (?:desktop )?notifications.{0,80}|(?:your )?account|manage .{0,30}account|\d+ with \d+ posters participating|\d+ reader comments|reader comments|comments?|share (?:this|on|via) .{0,30}|(?:link )?copied!?|copy link.{0,20}|more options|resize text|print (?:this )?(?:article|story|page)|new,\s*\d+\s+comments?|share all sharing options\b.{0,200})$/i,
];

/** The last crumb of a breadcrumb ("Home > World > Caucasus" → "Caucasus"); `null` when the line is none. */
export function breadcrumbSection(text: string): string | null {
  if (!/^(?:home|news)\s*(?:[>›»/]\s*[\p{L}\p{N} &'’-]+){1,5}$/iu.test(text)) return null;
  return (
    text
      .split(/\s*[>›»/]\s*/)
      .at(-1)!
      .trim() || null
  );
}

/** A line that is only page furniture. */
export function isFurnitureLine(text: string): boolean {
  if (FURNITURE.some((re) => re.test(text))) return true;
  const parts = text.split(/\s*[|/·•]\s*|\s+/).filter(Boolean);
  const lower = parts.map((p) => p.toLowerCase());
  if (parts.length >= 2 && lower.every((p) => LANGUAGES.has(p))) return true; // "EN | RU | HY"
  if (ICONS.has(text.toLowerCase())) return true;
  if (text.split(/\s*[|·•]\s*/).every((p) => ICONS.has(p.toLowerCase()))) return true;
  // A navigation bar: four or more words, every one a section name.
  if (parts.length >= 4 && lower.every((p) => NAV.has(p))) return true;
  return false;
}

/** Labels over a list of other stories: "Related Coverage", "Most Read", "Next In World". */
export const RELATED_LABELS: RegExp[] = [
  /^related(?:\s+(?:videos?|articles?|stories|news|posts|content|coverage|topics))?\s*:?$/i,
  /^next in\s+\p{L}[\p{L} &-]*$/iu,
  // As French, German, Spanish, Portuguese and Italian pages label them.
  /^(?:sur le même sujet|dans la même rubrique|articles? liés?|mehr zum thema|das könnte sie auch interessieren|te puede interesar|noticias relacionadas|notícias relacionadas|potrebbe interessarti|ti potrebbe interessare)\s*:?$/iu,
  /^(?:you (?:may|might) (?:also )?like|read next|more (?:stories|news|on this story)|more from\s+.{1,40}|also read|see also|read also|recommended(?: for you)?|most (?:read|popular|viewed)|latest (?:news|stories)|top stories|editor'?s picks)\s*:?$/i,
];
/** Lines after which the page, not the story, goes on: related headlines, videos, comments. */
export const BODY_END: RegExp[] = [...RELATED_LABELS, /^leave a (?:reply|comment)$/i, /^comments?(?:\s*\(\d+\))?$/i, /^\d+\s+comments?$/i];

/** Wire agencies whose credit opens a story: "YEREVAN, June 18 (Reuters) -". */
export const WIRE_AGENCIES = [
  'Reuters',
  'AP',
  'AFP',
  'Bloomberg',
  'dpa',
  'ANI',
  'PTI',
  'IANS',
  'Xinhua',
  'TASS',
  'Anadolu',
  'UNI',
  'EFE',
  'ANSA',
  'Kyodo',
  'Yonhap',
  'Interfax',
  'Armenpress',
  'Ukrinform',
];

/**
 * A caption that ends with its credit: "Soldiers at a parade. REUTERS/Jane Smith",
 * "The president in Yerevan. Photo – EPA", "(AP Photo/John Roe)".
 */
export const CAPTION_TAIL =
  /^(.{0,400}?)\s*[([]?(?:(?<=^|[\s.([])((?:REUTERS|Reuters|AFP|AP(?: Photo)?|EPA(?:-EFE)?|Getty Images|Anadolu(?: Agency)?|TASS|Sputnik|Xinhua)\/[\p{L} .'’-]{2,60}?)|(?<=[.!?”"]\s)(\p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){1,2}\/(?:REUTERS|Reuters|AFP|AP|EPA|Getty Images|Bloomberg|Anadolu|TASS|Sputnik|Xinhua|Redux|Shutterstock|Alamy))|(?:photo(?:graph)?|image|picture|foto|credit)\s*[-–—:]\s*([\p{L}\p{N} ./&'’-]{2,60}?))[)\]]?\.?$/iu;

/** Shaped like a headline: a few words (or a run of non-Latin text), not a sentence of the body, not a label. */
export function isHeadlineShaped(text: string): boolean {
  if (text.length < 12 || text.length > 220) return false;
  const words = text.split(/\s+/);
  // A Chinese or Japanese headline may open with a Latin name ("DeepMind新电脑…"): its words are not spaced.
  const latin = /\p{Script=Latin}/u.test(text) && (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length < 4;
  if (latin && words.length < 3) return false;
  if (!/^[\p{Lu}\p{N}"“‘'(\p{Lo}]/u.test(text) && !/^\p{L}/u.test(text)) return false;
  if (/[.:;,]$/.test(text) && !/\b[A-Z]\.$/.test(text)) return false; // sentences and labels end so; "U.S." may
  if (latin && words.length >= 4 && words.every((w) => NAV.has(w.toLowerCase()))) return false;
  return true;
}

/** A sentence of a story: long, several words, ending as sentences end. */
export function isProseLine(text: string): boolean {
  // Title Case is a headline's, however long and whatever it ends with ("…: 'I Wore It Four Times and Didn't Notice!'").
  const long = text.match(/\p{L}[\p{L}'’-]{3,}/gu) ?? [];
  if (long.length >= 5 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.75 * long.length) return false;
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu) ?? []).length;
  if (cjk >= 20) return text.length >= 40 && /[。！？」”』）.!?]$/.test(text);
  return text.length >= 90 && text.split(/\s+/).length >= 12 && /[.!?"”’')\]…]$/.test(text);
}
