// The compiler stage by stage (src/graphql/compile): the tree a selection plans to, the
// SQL a tree renders to, and the response a row shapes to, for representative operations.
// The differential tests (tests/compiled.test.ts and others) check the answers end to end;
// these show what each stage makes, so a change to one reads as a diff of its output.
import { parse } from 'graphql';
import { getTableName, type Column, type Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema';
import { planTree } from '../src/graphql/compile/plan';
import { listVariant, render, statementSql } from '../src/graphql/compile/sql';
import { objectShape, rootShape } from '../src/graphql/compile/shape';
import type { FieldTree, ObjectTree, PageTree, RootTree, Runtime, Tree } from '../src/graphql/compile/tree';
import { decodeCursor, encodeCursor } from '../src/graphql/cursors';
import articleList from '../bench/operations/ArticleList.graphql?raw';

const col = (c: Column) => `${getTableName((c as unknown as { table: Table }).table)}.${c.name}`;

/** The tree as indented text: one line per field, its kind and what it reads. */
function describeTree(tree: Tree): string {
  const lines: string[] = [];
  const object = (o: ObjectTree, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${o.typeName} from ${getTableName(o.table)}`);
    for (const f of o.fields) field(f, depth + 1);
  };
  const page = (p: PageTree, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${p.typeName}: ${p.parts.map((x) => x.key).join(', ')}${p.totalCount ? ' (counted)' : ''}`);
    if (p.node) object(p.node, depth + 1);
  };
  const field = (f: FieldTree, depth: number) => {
    const pad = '  '.repeat(depth);
    switch (f.kind) {
      case 'typename':
        return lines.push(`${pad}${f.key}: __typename`);
      case 'id':
      case 'column':
        return lines.push(`${pad}${f.key}: ${f.kind}${f.kind === 'column' && f.json ? ' (json)' : ''} ${col(f.column)}`);
      case 'computed':
      case 'embedded':
        return lines.push(`${pad}${f.key}: ${f.kind} of ${f.columns.map(col).join(', ')}`);
      case 'relation':
        lines.push(
          `${pad}${f.key}: ${f.many ? 'many' : 'one'}${f.join.through ? ` through ${getTableName(f.join.through.table)}` : ''}${f.order.length ? ` by ${f.order.map((t) => col(t.column) + (t.desc ? ' desc' : '')).join(', ')}` : ''}`,
        );
        return object(f.object, depth + 1);
      case 'connection':
        lines.push(
          `${pad}${f.key}: connection by ${f.order.columns.map(col).join(', ')}${f.order.desc ? ' desc' : ''}${f.visibleArticles ? ', visible' : ''}${f.after ? ', after' : ''}`,
        );
        return page(f.page, depth + 1);
    }
  };
  const root = (r: RootTree) => {
    switch (r.kind) {
      case 'typename':
        return lines.push(`${r.key}: __typename`);
      case 'byKey':
        lines.push(`${r.key}: by ${col(r.column)} = $${r.arg}${r.visibleArticles ? ', visible' : ''}`);
        return object(r.object, 1);
      case 'all':
        lines.push(`${r.key}: all by ${r.order.map((t) => col(t.column)).join(', ')}`);
        return object(r.object, 1);
      case 'articleList':
        lines.push(`${r.key}: article list`);
        return page(r.page, 1);
    }
  };
  tree.roots.forEach(root);
  return lines.join('\n');
}

function runtime(tree: Tree, args: Record<string, unknown>[]): Runtime {
  return { now: 1_700_000_000_000, args: tree.argFields.map((_f, i) => args[i] ?? {}), pages: new Map(), memo: new Map() };
}

/** The statement of a query for these coerced arguments (by argument field), and its Bounds' values. */
function sqlOf(query: string, args: Record<string, unknown>[] = []) {
  const tree = planTree(schema, parse(query));
  const rt = runtime(tree, args);
  const { text, binds } = render(
    statementSql(
      tree,
      tree.roots.map((r) => (r.kind === 'articleList' ? listVariant(r, rt) : undefined)),
    )!,
  );
  return { text, binds: binds.map((b) => `${b.name} = ${JSON.stringify(b.read(rt))}`) };
}

const COUNTRY_PAGE = `query($after: String) { country(code: "am") { name aliases
  articles(first: 2, after: $after) { totalCount edges { node { title } } }
  deals(first: 3) { pageInfo { hasNextPage } edges { cursor node { title value { amount } } } } } }`;

describe('plan: selection → tree', () => {
  it('the bench list (scenario b)', () => {
    expect(describeTree(planTree(schema, parse(articleList)))).toMatchInlineSnapshot(`
      "articles: article list
        ArticleConnection: pageInfo, edges
          Article from articles
            id: id articles.id
            title: column articles.title
            dek: column articles.dek
            publishedAt: column articles.published_at
            readingTimeMinutes: computed of articles.word_count
            section: one
              Section from sections
                id: id sections.id
                name: column sections.name
            authors: many through article_authors by article_authors.position, article_authors.author_id
              Author from authors
                id: id authors.id
                name: column authors.name
            image: embedded of articles.image_url, articles.image_caption, articles.image_credit
            countries: many through article_countries by countries.name, countries.id
              Country from countries
                id: id countries.id
                code: column countries.code
                name: column countries.name
            deals: many through article_deals by deals.id
              Deal from deals
                id: id deals.id
                title: column deals.title
                kind: column deals.kind
                status: column deals.status
                value: embedded of deals.value_amount, deals.value_currency, deals.value_approximate
                parties: many by deal_parties.role, deal_parties.country_id
                  DealParty from deal_parties
                    role: column deal_parties.role
                    country: one
                      Country from countries
                        id: id countries.id
                        code: column countries.code
                        name: column countries.name
                equipment: many through deal_equipment by equipment.name, equipment.id
                  Equipment from equipment
                    id: id equipment.id
                    name: column equipment.name
                    kind: column equipment.kind
                    range: computed of equipment.range_km
                    originCountry: one
                      Country from countries
                        id: id countries.id
                        code: column countries.code
                        name: column countries.name"
    `);
  });

  it('a country page: nested connections, a JSON column, an embedded object', () => {
    expect(describeTree(planTree(schema, parse(COUNTRY_PAGE)))).toMatchInlineSnapshot(`
      "country: by countries.code = $code
        Country from countries
          name: column countries.name
          aliases: column (json) countries.aliases
          articles: connection by articles.published_at, articles.id desc, visible, after
            CountryArticlesConnection: totalCount, edges (counted)
              Article from articles
                title: column articles.title
          deals: connection by deals.id desc
            CountryDealsConnection: pageInfo, edges
              Deal from deals
                title: column deals.title
                value: embedded of deals.value_amount, deals.value_currency, deals.value_approximate"
    `);
  });

  it('roots by key and whole lists, with aliases and __typename', () => {
    const query = `{ __typename a: article(slug: "x") { id authors { name } } countries { code } }`;
    expect(describeTree(planTree(schema, parse(query)))).toMatchInlineSnapshot(`
      "__typename: __typename
      a: by articles.slug = $slug, visible
        Article from articles
          id: id articles.id
          authors: many through article_authors by article_authors.position, article_authors.author_id
            Author from authors
              name: column authors.name
      countries: all by countries.name, countries.id
        Country from countries
          code: column countries.code"
    `);
  });

  it('a field without a recipe (Article.related) plans to nothing: the resolvers answer', () => {
    expect(() => planTree(schema, parse(`{ article(slug: "x") { related { title } } }`))).toThrow('field Article.related');
  });
});

describe('sql: tree → one statement', () => {
  it('the bench list, first page', () => {
    expect(sqlOf(articleList, [{ first: 20 }])).toMatchInlineSnapshot(`
      {
        "binds": [
          "now = 1700000000000",
          "first+1 #0 = 21",
        ],
        "text": "SELECT (SELECT json_group_array(json_array(t1.published_at, t1.id, json_array(t1.id, t1.title, t1.dek, t1.published_at, t1.word_count, (SELECT json_array(t2.id, t2.name) FROM sections t2 WHERE t2.id = t1.section_id), (SELECT json_group_array(json_array(t3.id, t3.name)) FROM (SELECT t3.id AS id, t3.name AS name FROM article_authors t3_j JOIN authors t3 ON t3.id = t3_j.author_id WHERE t3_j.article_id = t1.id ORDER BY t3_j.position, t3_j.author_id) t3), t1.image_url, t1.image_caption, t1.image_credit, (SELECT json_group_array(json_array(t4.id, t4.code, t4.name)) FROM (SELECT t4.id AS id, t4.code AS code, t4.name AS name FROM article_countries t4_j JOIN countries t4 ON t4.id = t4_j.country_id WHERE t4_j.article_id = t1.id ORDER BY t4.name, t4.id) t4), (SELECT json_group_array(json_array(t5.id, t5.title, t5.kind, t5.status, t5.value_amount, t5.value_currency, t5.value_approximate, (SELECT json_group_array(json_array(t6.role, (SELECT json_array(t7.id, t7.code, t7.name) FROM countries t7 WHERE t7.id = t6.country_id))) FROM (SELECT t6.role AS role, t6.country_id AS country_id FROM deal_parties t6 WHERE t6.deal_id = t5.id ORDER BY t6.role, t6.country_id) t6), (SELECT json_group_array(json_array(t8.id, t8.name, t8.kind, t8.range_km, (SELECT json_array(t9.id, t9.code, t9.name) FROM countries t9 WHERE t9.id = t8.origin_country_id))) FROM (SELECT t8.id AS id, t8.name AS name, t8.kind AS kind, t8.range_km AS range_km, t8.origin_country_id AS origin_country_id FROM deal_equipment t8_j JOIN equipment t8 ON t8.id = t8_j.equipment_id WHERE t8_j.deal_id = t5.id ORDER BY t8.name, t8.id) t8))) FROM (SELECT t5.id AS id, t5.title AS title, t5.kind AS kind, t5.status AS status, t5.value_amount AS value_amount, t5.value_currency AS value_currency, t5.value_approximate AS value_approximate FROM article_deals t5_j JOIN deals t5 ON t5.id = t5_j.deal_id WHERE t5_j.article_id = t1.id ORDER BY t5.id) t5)))) FROM (SELECT t1.published_at AS published_at, t1.id AS id, t1.title AS title, t1.dek AS dek, t1.word_count AS word_count, t1.section_id AS section_id, t1.image_url AS image_url, t1.image_caption AS image_caption, t1.image_credit AS image_credit FROM articles t1 WHERE t1.deleted_at IS NULL AND t1.status = 'published' AND t1.published_at <= ?1 ORDER BY t1.published_at DESC, t1.id DESC LIMIT ?2) t1) AS r0",
      }
    `);
  });

  it('a filtered list from a cursor, oldest first, with its total', () => {
    const after = encodeCursor([1_600_000_000_000, 42]);
    const query = `{ articles(first: 5, after: "${after}", orderBy: PUBLISHED_AT_ASC, filter: { country: "am", section: "war" }) { totalCount edges { node { title } } } }`;
    expect(
      sqlOf(query, [{ first: 5, after, orderBy: 'PUBLISHED_AT_ASC', filter: { country: 'am', section: 'war' } }]),
    ).toMatchInlineSnapshot(`
      {
        "binds": [
          "now = 1700000000000",
          "after[0] #0 = 1600000000000",
          "after[1] #0 = 42",
          "filter.section #0 = "war"",
          "filter.country #0 = "AM"",
          "first+1 #0 = 6",
          "now = 1700000000000",
          "filter.section #0 = "war"",
          "filter.country #0 = "AM"",
        ],
        "text": "SELECT (SELECT json_group_array(json_array(t1.published_at, t1.id, json_array(t1.title))) FROM (SELECT t1.published_at AS published_at, t1.id AS id, t1.title AS title FROM articles t1 WHERE t1.deleted_at IS NULL AND t1.status = 'published' AND t1.published_at <= ?1 AND t1.published_at >= ?2 AND (t1.published_at > ?2 OR (t1.published_at = ?2 AND t1.id > ?3)) AND t1.section_id IN (SELECT id FROM sections WHERE slug = ?4) AND t1.id IN (SELECT article_id FROM article_countries WHERE country_id IN (SELECT id FROM countries WHERE code = ?5)) ORDER BY t1.published_at ASC, t1.id ASC LIMIT ?6) t1) AS r0, (SELECT count(*) FROM articles ct1 WHERE ct1.deleted_at IS NULL AND ct1.status = 'published' AND ct1.published_at <= ?7 AND ct1.section_id IN (SELECT id FROM sections WHERE slug = ?8) AND ct1.id IN (SELECT article_id FROM article_countries WHERE country_id IN (SELECT id FROM countries WHERE code = ?9))) AS r1",
      }
    `);
  });

  it('linked articles read by the links-first strategy, the cursor bound once however often it is read', () => {
    expect(sqlOf(COUNTRY_PAGE, [{ code: 'am' }, { first: 2, after: null }, { first: 3 }])).toMatchInlineSnapshot(`
      {
        "binds": [
          "first+1 #1 = 3",
          "now = 1700000000000",
          "after[0] #1 = null",
          "after[1] #1 = null",
          "now = 1700000000000",
          "first+1 #2 = 4",
          "code #0 = "AM"",
        ],
        "text": "SELECT (SELECT json_array(t1.name, json(t1.aliases), json_array(CASE WHEN (SELECT n * n < ?1 * (SELECT max(id) FROM articles) / 2 FROM (SELECT coalesce((SELECT n FROM connection_counts WHERE connection = 'country.articles' AND parent_id = t1.id), 0) AS n)) THEN (SELECT json_group_array(json_array(t2.published_at, t2.id, json_array(t2.title))) FROM (SELECT t2.published_at AS published_at, t2.id AS id, t2.title AS title FROM article_countries t2_j CROSS JOIN articles t2 ON t2.id = t2_j.article_id WHERE t2_j.country_id = t1.id AND t2.deleted_at IS NULL AND t2.status = 'published' AND t2.published_at <= ?2 AND (?3 IS NULL OR (t2.published_at < ?3 OR (t2.published_at = ?3 AND t2.id < ?4))) ORDER BY t2.published_at DESC, t2.id DESC LIMIT ?1) t2) ELSE (SELECT json_group_array(json_array(t2.published_at, t2.id, json_array(t2.title))) FROM (SELECT t2.published_at AS published_at, t2.id AS id, t2.title AS title FROM article_countries t2_j JOIN articles t2 ON t2.id = t2_j.article_id WHERE t2_j.country_id = t1.id AND t2.deleted_at IS NULL AND t2.status = 'published' AND t2.published_at <= ?2 AND (?3 IS NULL OR (t2.published_at < ?3 OR (t2.published_at = ?3 AND t2.id < ?4))) ORDER BY t2.published_at DESC, t2.id DESC LIMIT ?1) t2) END, (coalesce((SELECT n FROM connection_counts WHERE connection = 'country.articles' AND parent_id = t1.id), 0) - (SELECT count(*) FROM articles ct2_s CROSS JOIN article_countries ct2_s_l ON ct2_s_l.article_id = ct2_s.id AND ct2_s_l.country_id = t1.id WHERE ct2_s.status = 'published' AND ct2_s.published_at > ?5 AND ct2_s.deleted_at IS NULL))), json_array((SELECT json_group_array(json_array(t3.id, json_array(t3.title, t3.value_amount, t3.value_currency, t3.value_approximate))) FROM (SELECT t3.id AS id, t3.title AS title, t3.value_amount AS value_amount, t3.value_currency AS value_currency, t3.value_approximate AS value_approximate FROM deal_parties t3_j JOIN deals t3 ON t3.id = t3_j.deal_id WHERE t3_j.country_id = t1.id ORDER BY t3_j.deal_id DESC LIMIT ?6) t3))) FROM countries t1 WHERE t1.code = ?7 LIMIT 1) AS r0",
      }
    `);
  });

  it('a whole list and a relation through a junction', () => {
    expect(sqlOf(`{ countries { code operates { name } } }`)).toMatchInlineSnapshot(`
      {
        "binds": [],
        "text": "SELECT (SELECT json_group_array(json_array(t1.code, (SELECT json_group_array(json_array(t2.name)) FROM (SELECT t2.name AS name FROM equipment_operators t2_j JOIN equipment t2 ON t2.id = t2_j.equipment_id WHERE t2_j.country_id = t1.id ORDER BY t2.name, t2.id) t2))) FROM (SELECT t1.code AS code, t1.id AS id FROM countries t1 ORDER BY t1.name, t1.id) t1) AS r0",
      }
    `);
  });
});

describe('shape: row → response', () => {
  it('renames, serializes, computes and encodes global IDs and cursors', () => {
    const tree = planTree(
      schema,
      parse(
        `{ articles(first: 1) { pageInfo { hasNextPage endCursor } edges { cursor node { id t: title readingTimeMinutes image { credit } } } } }`,
      ),
    );
    const rt = runtime(tree, [{ first: 1 }]);
    const row = [
      [1_700_000_000_000, 7, [7, 'A title', 460, null, null, 'AP']],
      [1_600_000_000_000, 3, [3, 'B', 1, null, null, null]],
    ];
    expect(rootShape(tree.roots[0]).shape([JSON.stringify(row)], rt)).toMatchInlineSnapshot(`
      {
        "edges": [
          {
            "cursor": "REM6VDpbIk46MTcwMDAwMDAwMDAwMCIsIk46NyJd",
            "node": {
              "id": "QXJ0aWNsZTo3",
              "image": {
                "credit": "AP",
              },
              "readingTimeMinutes": 2,
              "t": "A title",
            },
          },
        ],
        "pageInfo": {
          "endCursor": "REM6VDpbIk46MTcwMDAwMDAwMDAwMCIsIk46NyJd",
          "hasNextPage": true,
        },
      }
    `);
  });

  it('an object of more than 32 slots arrives in chunks and is read flat', () => {
    const tree = planTree(schema, parse(`{ article(slug: "x") { ${Array.from({ length: 40 }, (_, i) => `t${i}: title`).join(' ')} } }`));
    const root = tree.roots[0] as Extract<RootTree, { kind: 'byKey' }>;
    const packed = [Array(32).fill('x'), Array(8).fill('y')];
    const shaped = objectShape(root.object)(packed, runtime(tree, [{ slug: 'x' }])) as Record<string, string>;
    expect([shaped.t0, shaped.t31, shaped.t32, shaped.t39]).toEqual(['x', 'x', 'y', 'y']);
  });
});

describe('cursors: one format for the resolvers and the compiler', () => {
  it('round-trips one and two values, and refuses another shape', () => {
    expect(decodeCursor(encodeCursor([42]), 1)).toEqual([42]);
    expect(decodeCursor(encodeCursor([1_600_000_000_000, 42]), 2)).toEqual([1_600_000_000_000, 42]);
    expect(decodeCursor(encodeCursor([42]), 2)).toBeNull();
    expect(decodeCursor('not a cursor', 1)).toBeNull();
  });
});
