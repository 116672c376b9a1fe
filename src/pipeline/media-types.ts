/**
 * Which requests yoga reads as JSON and which answers it writes as one JSON
 * result: what the edge cache and the fast lane, both in front of yoga, must
 * agree with yoga on.
 */

/** The media types of yoga's regular (non-streaming) result processor, in yoga's order. */
const REGULAR_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

/**
 * The media type yoga's result processors (graphql-yoga
 * plugins/use-result-processor.js, result-processor/accept.js) settle on for a
 * single result, if it is one the regular processor writes; `null` when yoga
 * would stream it (SSE, multipart) or refuse it (406). Yoga walks the Accept
 * list reversed and keeps the LAST match, so the first listed type wins; the
 * regular processor comes last, so it wins over SSE and multipart whenever any
 * of its types matches.
 */
export function acceptedMediaType(accept: string | null): string | null {
  const asked = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',');
  let chosen: string | null = null;
  for (let i = asked.length - 1; i >= 0; i--) {
    const [mediaType, ...params] = asked[i].split(';');
    const charset = params.find((p) => p.includes('charset=')) || 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [askedPre, askedSuf] = mediaType.split('/');
    for (const offered of REGULAR_MEDIA_TYPES) {
      const [pre, suf] = offered.split('/');
      if ((askedPre === '*' || askedPre === pre) && (askedSuf === '*' || askedSuf === suf)) chosen = offered;
    }
  }
  return chosen;
}

/** Yoga's `isContentTypeMatch` for its JSON request parser: the bodies yoga reads as JSON. */
export function isJsonBody(contentType: string | null): boolean {
  const first = contentType?.split(',')[0];
  if (!first) return false;
  return ['application/json', 'application/graphql+json'].some((t) => first === t || first.startsWith(`${t};`));
}
