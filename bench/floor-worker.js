/**
 * The benchmark's floors, a separate Worker that never ships (the real Worker
 * has no route to it): `/__floor/trivial` answers a constant, `/__floor/sql`
 * runs ONE hand-written statement returning the rows of scenario (b), the 20
 * newest visible articles with the article page's nesting (section, byline,
 * countries, deals with parties and equipment with origin), as JSON.
 * It binds the same D1 as the API, in the same workerd, behind the same router.
 */
const LIST_SQL = `
SELECT a.id, a.slug, a.title, a.dek, a.published_at, a.word_count, a.image_url, a.image_caption, a.image_credit,
  (SELECT json_object('id', s.id, 'name', s.name) FROM sections s WHERE s.id = a.section_id) AS section,
  (SELECT json_group_array(json_object('id', x.id, 'name', x.name)) FROM (
     SELECT au.id, au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
     WHERE aa.article_id = a.id ORDER BY aa.position) x) AS authors,
  (SELECT json_group_array(json_object('id', x.id, 'code', x.code, 'name', x.name)) FROM (
     SELECT c.id, c.code, c.name FROM article_countries ac JOIN countries c ON c.id = ac.country_id
     WHERE ac.article_id = a.id ORDER BY c.name) x) AS countries,
  (SELECT json_group_array(json_object(
     'id', d.id, 'title', d.title, 'kind', d.kind, 'status', d.status,
     'value', CASE WHEN d.value_amount IS NULL THEN NULL ELSE json_object('amount', d.value_amount, 'currency', d.value_currency, 'approximate', json(CASE WHEN d.value_approximate THEN 'true' ELSE 'false' END)) END,
     'parties', json((SELECT json_group_array(json_object('role', p.role, 'country', json_object('id', pc.id, 'code', pc.code, 'name', pc.name)))
        FROM deal_parties p JOIN countries pc ON pc.id = p.country_id WHERE p.deal_id = d.id)),
     'equipment', json((SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind, 'rangeKm', e.range_km,
          'originCountry', (SELECT json_object('id', oc.id, 'code', oc.code, 'name', oc.name) FROM countries oc WHERE oc.id = e.origin_country_id)))
        FROM deal_equipment de JOIN equipment e ON e.id = de.equipment_id WHERE de.deal_id = d.id))))
   FROM (SELECT d.* FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = a.id ORDER BY d.id) d) AS deals
FROM articles a
WHERE a.status = 'published' AND a.published_at <= ?1
ORDER BY a.published_at DESC, a.id DESC
LIMIT 21`;

const JSON_COLUMNS = ['section', 'authors', 'countries', 'deals'];

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__floor/trivial') {
      return new Response('{"data":{"ok":true}}', { headers: { 'content-type': 'application/json' } });
    }
    if (pathname === '/__floor/sql') {
      const { results } = await env.DB.prepare(LIST_SQL).bind(Date.now()).all();
      const rows = results.slice(0, 20).map((row) => {
        const out = { ...row };
        for (const c of JSON_COLUMNS) out[c] = row[c] == null ? null : JSON.parse(row[c]);
        return out;
      });
      return Response.json({ data: { articles: rows, hasNextPage: results.length > 20 }, extensions: { d1: { statements: 1 } } });
    }
    return new Response('not found', { status: 404 });
  },
};
