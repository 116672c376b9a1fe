import { americanClock, findDateline, parseDateline } from './dates';
import { type Json, str, visibleLines, bylineNames } from './html-meta';

/** The language and region a page declares: the first with a region (`en-US`) of `<html lang>`, `og:locale`, meta tags, JSON-LD. */
export function pageLocale(document: Document, meta: (key: string) => string | null, ld: Json | null): string | null {
  const declared = [
    document.documentElement?.getAttribute('lang'),
    meta('og:locale'),
    meta('language'),
    meta('content-language'),
    document.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content'),
    str(ld?.inLanguage),
    meta('inlanguage'),
  ];
  const tokens = declared.flatMap((v) => (v ?? '').match(/(?<![\p{L}])[a-z]{2,3}(?:[-_][a-z]{2})?(?![\p{L}])/giu) ?? []);
  return tokens.find((t) => /[-_]/.test(t)) ?? tokens[0] ?? null;
}

/**
 * Inside a footer, a menu, a related-stories box or a hidden element (and,
 * with `asides`, any <aside>); up to <body>, whose classes describe the whole
 * page ("blog-recirc-group"), not this element.
 */
export function offStory(el: Element, asides: boolean): boolean {
  for (let e: Element | null = el; e && !/^(?:BODY|HTML)$/i.test(e.tagName); e = e.parentElement) {
    if (/^(?:FOOTER|NAV)$/i.test(e.tagName) || (asides && /^ASIDE$/i.test(e.tagName)) || e.hasAttribute('hidden')) return true;
    if (/related|recirc|promo/i.test(e.getAttribute('class') ?? '')) return true;
  }
  return false;
}

/** Tags whose text is not the story's: menus, footers, asides, related-story boxes, controls. */
export const OFF_STORY = /^(?:SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|BUTTON|SELECT|NAV|FOOTER|ASIDE|IFRAME|FORM)$/i;
export const OFF_STORY_CLASS = /related|recirc|promo|newsletter|trending|most-?popular/i;

/**
 * The page's visible text, a line per block, without menus, footers, asides and related-story boxes (with `asides`,
 * an <aside> column beside the story is read; a related box in one is not).
 */
export function pageLines(document: Document, asides = false): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (
      (OFF_STORY.test(el.tagName) && !(asides && /^ASIDE$/i.test(el.tagName))) ||
      el.hasAttribute('hidden') ||
      el.getAttribute('aria-hidden') === 'true' ||
      (!/^BODY$/i.test(el.tagName) && OFF_STORY_CLASS.test(el.getAttribute('class') ?? ''))
    )
      return;
    // Spans and <time> end a line too: a stamp's zone must not glue to the "Share" button beside it ("11:05 ISTShare").
    const block = !/^(?:A|EM|STRONG|B|I|U|SMALL|ABBR|CITE|LABEL|SUP|SUB|MARK|FONT)$/i.test(el.tagName);
    // A heading is one line, whatever spans it is made of.
    if (/^H[1-6]$/i.test(el.tagName)) {
      out.push('\n', (el.textContent ?? '').replace(/\s+/g, ' '), '\n');
      return;
    }
    if (block) out.push('\n');
    for (const child of el.childNodes) walk(child);
    if (block) out.push('\n');
  };
  if (document.body) walk(document.body);
  return out
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * The dateline a page prints by its headline (within the 30 lines after it,
 * or the 8 before): a short line that is a date, or a date with a little
 * around it ("By Jane Doe | June 18, 2024", "Published 3:15 PM ET, Tue June 18,
 * 2024"); not a caption or a sentence that mentions a date.
 */
export function printedDateline(
  document: Document,
  title: string,
  zone: string | null,
): { line: string; iso: string; timed: boolean } | null {
  if (!title) return null;
  const lines = pageLines(document);
  const key = title.replace(/\s+/g, ' ').trim();
  const at = lines.indexOf(key);
  if (at < 0) return null;
  const found: { line: string; iso: string; timed: boolean }[] = [];
  for (const line of [...lines.slice(at + 1, at + 31), ...lines.slice(Math.max(0, at - 8), at).reverse()]) {
    if (line.length > 160) continue;
    const d = findDateline(line, zone ?? 'UTC');
    if (!d || line.length - (d.end - d.start) > 60) continue;
    const written = line.slice(d.start, d.end);
    // On a page whose locale gives no zone, a zone-less time written the American way is US Eastern, as in pasted text.
    const iso = d.zoneAssumed && !zone && americanClock(written) ? (parseDateline(written, 'ET')?.iso ?? d.iso) : d.iso;
    // The line as the text parser reads it best: the date alone, behind its label.
    const label = /\bupdated\b/i.test(line.slice(0, d.start)) ? 'Updated' : 'Published';
    found.push({ line: `${label}: ${written}`, iso, timed: /\d{1,2}[:.]\d{2}/.test(written.replace(/^\d{4}-\d{2}-\d{2}/, '')) });
  }
  // The first; a day without the time gives way to a line of the same day with it ("This story is from Oct 9, 2019" /
  // "Updated: Oct 9, 2019, 11:05 IST").
  const first = found[0];
  if (!first || first.timed) return first ?? null;
  return found.find((f) => f.timed && Math.abs(Date.parse(f.iso) - Date.parse(first.iso)) < 86_400_000) ?? first;
}

/** A line that opens as a byline, in English, French, German, Spanish/Portuguese, Dutch, Italian or Swedish/Norwegian. */
const BY = /^(?:by|par|von|por|door|di|av)\s/i;
const BY_ALONE = /^(?:by|par|von|por|door|di|av):?$/i;

/**
 * Names of a "By" line printed by the headline (within the 15 lines after it,
 * or the 5 before), "By" and the names in blocks of their own or not.
 */
export function printedByline(document: Document, title: string, outlets: string[]): string[] {
  if (!title) return [];
  const lines = pageLines(document);
  const at = lines.indexOf(title.replace(/\s+/g, ' ').trim());
  if (at < 0) return [];
  const window = [
    ...lines.slice(at + 1, at + 16).map((_, k) => at + 1 + k),
    ...lines.slice(Math.max(0, at - 5), at).map((_, k) => Math.max(0, at - 5) + k),
  ];
  for (const k of window) {
    let line = lines[k];
    if (BY_ALONE.test(line) && lines[k + 1]) line = BY.test(lines[k + 1]) ? lines[k + 1] : `By ${lines[k + 1]}`;
    if (!BY.test(line) || line.length > 100) continue;
    const found = bylineNames(line, outlets);
    if (found.length) return found.slice(0, 4);
  }
  return [];
}

/**
 * Names of the page's byline element ("By <span>Jane Doe</span>" in an
 * element classed as the byline), when the names themselves are not marked up;
 * only a line that says "By", so an author's biography is not read as one.
 */
export function bylineElementNames(document: Document, outlets: string[]): string[] {
  for (const named of document.querySelectorAll('[class*="byline" i], [class*="author" i]')) {
    if (offStory(named, true) || named.querySelector('p, h1, h2, h3')) continue;
    // One name of a line that says "By" around it ("Por <span>A, </span><span>B</span> y <span class=byline>C</span>"):
    // the line, up to two levels up.
    const text = (e: Element | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const up = [named.parentElement, named.parentElement?.parentElement ?? null].find(
      (e) => e && !BY.test(text(named)) && BY.test(text(e)) && text(e).length <= 100,
    );
    const el = up ?? named;
    // "By" printed twice, by the page and in the names' own text, reads "Byby A, B and C".
    let whole = (el.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^by\s*(?=by\s)/i, '');
    // The date printed after the names in the same element: "By A and B December 16, 2016, 4:19 PM".
    const dated = findDateline(whole);
    if (dated && dated.start > 0) whole = whole.slice(0, dated.start).replace(/[\s|·•,–—-]+$/, '');
    if (whole.length > 200) continue;
    // The element's text as one byline ("By A, B and C"), the names in links or not; else line by line.
    if (BY.test(whole) && whole.length <= 100 && bylineNames(whole, outlets).length) return bylineNames(whole, outlets).slice(0, 4);
    const lines = visibleLines(el);
    for (let k = 0; k < lines.length; k++) {
      let line = lines[k];
      if (BY_ALONE.test(line) && lines[k + 1]) line = BY.test(lines[k + 1]) ? lines[k + 1] : `By ${lines[k + 1]}`;
      if (!BY.test(line) || line.length > 100) continue;
      const found = bylineNames(line, outlets);
      if (found.length) return found.slice(0, 4);
    }
  }
  return [];
}

/** A name or a profile address's last part as a slug: "Jon Fingas", "/editors/jon-fingas/" → "jon-fingas". */
const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/**
 * Names of the authors the page declares only by their profile's address
 * (`article:author` "https://site/editors/jane-doe"): the text of a link on the
 * page that is a name spelling that address's last part ("Jane Doe").
 */
export function profileLinkNames(document: Document, declared: string[], outlets: string[]): string[] {
  const slugs = declared
    .flatMap((v) => v.split(/\s*,\s*/))
    .filter((u) => /^https?:\/\//.test(u))
    .map((u) => {
      try {
        return slug(decodeURIComponent(new URL(u).pathname.split('/').filter(Boolean).at(-1) ?? ''));
      } catch {
        return '';
      }
    })
    .filter((s) => s.includes('-'));
  const out: string[] = [];
  for (const a of document.querySelectorAll('a')) {
    if (!slugs.length || offStory(a, false)) continue;
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    const names = text.length <= 60 ? bylineNames(text, outlets) : [];
    if (names.length === 1 && slugs.includes(slug(names[0])) && !out.includes(names[0])) out.push(names[0]);
  }
  return out.slice(0, 4);
}
