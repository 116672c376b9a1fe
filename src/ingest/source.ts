/**
 * Where ingestion's pages come from: a file (text or HTML) or an http(s) URL,
 * fetched. Node only (the CLI and its tests); the parsing it hands on is pure.
 */
import { readFileSync } from 'node:fs';

export interface Source {
  /** What the report calls it: the path or the URL. */
  name: string;
  kind: 'text' | 'html';
  content: string;
  /** The URL it was fetched from; `null` for a file. */
  url: string | null;
}

const HTML_FILE = /\.x?html?$/i;

export function isUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/** Reads a file; HTML by its extension or by its first characters. */
export function readSource(path: string): Source {
  const content = readFileSync(path, 'utf8');
  const html = HTML_FILE.test(path) || /^\s*(?:<!doctype html|<html[\s>])/i.test(content);
  return { name: path, kind: html ? 'html' : 'text', content, url: null };
}

/** Fetches a page, following redirects; a clear error for a failure, a non-2xx answer or a type that is not a page. */
export async function fetchSource(url: string, timeoutMs = 20_000): Promise<Source> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.8', 'user-agent': 'news-graph-ingest/0.1' },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(
      `could not fetch ${url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
    );
  }
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type && !/text\/html|application\/xhtml|text\/plain/i.test(type)) throw new Error(`${url} is not a page (content-type ${type})`);
  const content = await response.text();
  const kind = /text\/plain/i.test(type) ? 'text' : 'html';
  return { name: url, kind, content, url: response.url || url };
}
