// A local stand-in for Cloudflare's zone purge-by-tag API, run by Miniflare as
// an auxiliary Worker (vitest.config.ts) and bound to the test Worker as
// PURGE_API. It records every request it receives and answers as the API does:
//
//   POST {base}/zones/{zone}/purge_cache  { "tags": [...] }
//     200 { success: true, ... }; 400 when the body is not 1–100 tags; 401 with
//     no bearer token; or the next answer scripted for that zone.
//
// The tests drive it through the same binding:
//   PUT    /__script/{zone}    a JSON list of answers to give next, in order:
//                             [{ "status": 429, "retryAfter": "1" }, ...]
//   GET    /__requests/{zone}  what it received for that zone, in order
//   DELETE /__requests/{zone}  forget it

/** zone → requests received */
const received = new Map();
/** zone → answers still to give */
const scripted = new Map();

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const control = /^\/__(script|requests)\/([^/]+)$/.exec(url.pathname);
    if (control) {
      const zone = decodeURIComponent(control[2]);
      if (control[1] === 'script' && request.method === 'PUT') {
        scripted.set(zone, await request.json());
        return json(200, { ok: true });
      }
      if (control[1] === 'requests' && request.method === 'GET') return json(200, received.get(zone) ?? []);
      if (control[1] === 'requests' && request.method === 'DELETE') {
        received.delete(zone);
        scripted.delete(zone);
        return json(200, { ok: true });
      }
      return json(405, { ok: false });
    }

    const purge = /\/zones\/([^/]+)\/purge_cache$/.exec(url.pathname);
    if (!purge) return json(404, { success: false, errors: [{ code: 7003, message: 'No route for the URI' }] });
    const zone = decodeURIComponent(purge[1]);
    const text = await request.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {}
    const record = {
      method: request.method,
      host: url.host,
      path: url.pathname,
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
      body,
      at: Date.now(),
    };
    received.set(zone, [...(received.get(zone) ?? []), record]);

    if (request.method !== 'POST') return json(405, { success: false, errors: [{ code: 10000, message: 'method not allowed' }] });
    if (!/^Bearer \S+$/.test(record.authorization ?? ''))
      return json(401, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
    const next = scripted.get(zone)?.shift();
    if (next) {
      const headers = next.retryAfter != null ? { 'retry-after': String(next.retryAfter) } : {};
      return json(
        next.status,
        next.body ?? { success: next.status < 400, errors: next.status < 400 ? [] : [{ code: next.status, message: 'scripted' }] },
        headers,
      );
    }
    const tags = body?.tags;
    if (!Array.isArray(tags) || tags.length === 0 || tags.length > 100 || tags.some((t) => typeof t !== 'string' || t.length > 1024)) {
      return json(400, { success: false, errors: [{ code: 1004, message: 'tags: between 1 and 100 strings of at most 1024 characters' }] });
    }
    return json(200, { success: true, errors: [], messages: [], result: { id: zone } });
  },
};
