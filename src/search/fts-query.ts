/**
 * Turns what a reader types into a safe FTS5 MATCH expression. FTS5 has its
 * own query language (quotes, `*`, AND/OR/NOT, NEAR(), column filters,
 * parentheses) and answers malformed input with a syntax error; readers should
 * never see one. So the input is re-tokenized and rebuilt from quoted strings:
 *
 * - words are matched as given, all of them (implicit AND): `armenia france`
 * - `"ground master"` is a phrase; an unclosed quote runs to the end
 * - a trailing `*` makes a prefix: `cae*`, `"ground mas"*`
 * - `OR` between terms (upper case) gives alternatives: `caesar OR mistral`
 * - `-word`, `-"two words"` or `NOT word` excludes, when something else is searched for
 *
 * Everything else (parentheses, `NEAR(`, `AND AND`, `:`, a lone `*`) is
 * treated as ordinary text: punctuation separates words, as in the index.
 * Input with no word left is refused (the caller answers BAD_USER_INPUT).
 *
 * @example toFtsQuery('cae* "ground master" -russia') // '("cae"* "ground master") NOT "russia"'
 */
export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 32;

export class FtsQueryError extends Error {}

interface Term {
  text: string;
  prefix: boolean;
  negated: boolean;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

function parse(input: string): Term[][] {
  if (input.length > MAX_QUERY_LENGTH) throw new FtsQueryError(`query must be at most ${MAX_QUERY_LENGTH} characters`);
  const groups: Term[][] = [[]];
  let negateNext = false;
  let count = 0;

  const push = (raw: string, quoted: boolean, prefix: boolean, negated: boolean) => {
    // Characters FTS5 reads as syntax inside a string are only `"` (doubled here);
    // the tokenizer drops other punctuation, so a term without letters or digits matches nothing.
    const text = raw.replace(/\*/g, quoted ? ' ' : '').trim();
    if (!HAS_WORD.test(text)) return;
    if (++count > MAX_QUERY_TERMS) throw new FtsQueryError(`query must have at most ${MAX_QUERY_TERMS} terms`);
    groups[groups.length - 1].push({ text, prefix, negated });
  };

  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      const end = input.indexOf('"', i + 1);
      const close = end === -1 ? input.length : end;
      const prefix = end !== -1 && input[end + 1] === '*';
      push(input.slice(i + 1, close), true, prefix, negateNext);
      negateNext = false;
      i = close + (end === -1 ? 0 : 1) + (prefix ? 1 : 0);
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]) && input[j] !== '"') j++;
    let word = input.slice(i, j);
    i = j;
    if (/^-+$/.test(word) && input[j] === '"') {
      // `-"two words"` excludes the phrase
      negateNext = true;
      continue;
    }
    if (word === 'OR') {
      if (groups[groups.length - 1].some((t) => !t.negated)) groups.push([]);
      negateNext = false;
      continue;
    }
    if (word === 'AND') continue;
    if (word === 'NOT') {
      negateNext = true;
      continue;
    }
    let negated = negateNext;
    negateNext = false;
    if (word.startsWith('-')) {
      negated = true;
      word = word.replace(/^-+/, '');
    }
    const prefix = /[\p{L}\p{N}]\*+$/u.test(word);
    push(word, false, prefix, negated);
  }

  return groups;
}

const quote = (t: Term) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`;

export function toFtsQuery(input: string): string {
  return matchOf(parse(input));
}

function matchOf(groups: Term[][]): string {
  const parts = groups
    .map((terms) => {
      const positive = terms.filter((t) => !t.negated);
      if (!positive.length) return null;
      const negative = terms.filter((t) => t.negated).map((t) => ` NOT ${quote(t)}`);
      return `(${positive.map(quote).join(' ')})${negative.join('')}`;
    })
    .filter((p): p is string => p !== null);
  if (!parts.length) throw new FtsQueryError('query must contain at least one word to search for');
  return parts.join(' OR ');
}

/** Words as the index's tokenizer splits them (unicode61: letters, numbers, marks, private use). */
const WORD_SEPARATORS = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;

/**
 * The expression a search ranks with, when it differs from the one it matches
 * with: each phrase of `toFtsQuery(input)` as its words (AND), excluded terms
 * dropped; null when the query has no phrase of two or more words.
 *
 * Why: FTS5's bm25() computes each phrase's IDF by scanning every row holding
 * the phrase, once per statement, and for a phrase that means checking word
 * positions in every row holding all its words: 54 ms for `"united states"`
 * (56k rows) at 100k articles, against 18 ms for the words `united`, `states`
 * and `aid` together. Every hit of the query holds all the words of its group,
 * so this expression matches a superset of the hits and ranks each of them by
 * the words it was found by. Matching, snippets and counts keep the phrases.
 *
 * @example toRankQuery('"united states" aid -russia') // '("united" "states" "aid")'
 */
export function toRankQuery(input: string): string | null {
  return rankOf(parse(input));
}

/** Both expressions of one input, parsed once: what the search resolver needs. */
export function toFtsQueries(input: string): { match: string; rank: string | null } {
  const groups = parse(input);
  return { match: matchOf(groups), rank: rankOf(groups) };
}

function rankOf(groups: Term[][]): string | null {
  let phrase = false;
  const parts = groups
    .map((terms) => {
      const words = terms
        .filter((t) => !t.negated)
        .flatMap((t) => {
          const split = t.text.split(WORD_SEPARATORS).filter((w) => HAS_WORD.test(w));
          if (split.length > 1) phrase = true;
          return split.map((w, i) => ({ text: w, prefix: t.prefix && i === split.length - 1, negated: false }));
        });
      return words.length ? `(${words.map(quote).join(' ')})` : null;
    })
    .filter((p): p is string => p !== null);
  return phrase && parts.length ? parts.join(' OR ') : null;
}

/** Private-use characters FTS5's snippet() wraps around matches; never in the escaped output. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

/**
 * A snippet as safe HTML: the article text escaped, then only `<mark>` added
 * where FTS5 put its markers. Markers are replaced after escaping, so no text
 * of the article can open a tag.
 */
export function snippetHtml(raw: string, escapeText: (s: string) => string): string {
  let open = false;
  let out = '';
  for (const part of escapeText(raw).split(/([\uE000\uE001])/)) {
    if (part === MARK_OPEN) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === MARK_CLOSE) {
      if (open) out += '</mark>';
      open = false;
    } else out += part;
  }
  return open ? `${out}</mark>` : out;
}
