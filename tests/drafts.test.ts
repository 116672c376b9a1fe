import { beforeAll, describe, expect, it } from 'vitest';
import { articleInput, asEditor, createToken, editorData } from './editor';
import { data, SEED_SLUG } from './helpers';

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id slug status } } }`;
const FAR_FUTURE = '2099-01-01T00:00:00Z';

/** Shares every link of the seed article, so each list below would show it if visibility leaked. */
const links = {
  section: { slug: 'war', name: 'War' },
  authors: [{ slug: 'kathrine-frich', name: 'Kathrine Frich' }],
  countries: ['AM', 'US', 'FR'],
  deals: ['france-armenia-caesar-howitzers', 'us-aid-to-armenia'],
  equipment: ['caesar', 'atags'],
};

const hidden: Record<string, { id: string; slug: string }> = {};
let seedId = '';
let editor = '';
let reader = '';

beforeAll(async () => {
  editor = await createToken(['articles:write', 'entities:write']);
  reader = await createToken(['drafts:read']);
  const make = async (slug: string, extra: Record<string, unknown>) => {
    const d = await editorData(editor, CREATE, { input: articleInput({ slug, ...links, ...extra }) });
    hidden[slug] = d.createArticle.article;
  };
  await make('a-public', { status: 'PUBLISHED' });
  await make('a-draft', { status: 'DRAFT' });
  await make('a-scheduled', { status: 'PUBLISHED', publishedAt: FAR_FUTURE });
  await make('a-deleted', { status: 'PUBLISHED' });
  await editorData(editor, `mutation { deleteArticle(input: { slug: "a-deleted" }) { changed } }`);
  seedId = (await data(`query ($s: String!) { article(slug: $s) { id } }`, { s: SEED_SLUG })).article.id;
});

const HIDDEN = ['a-draft', 'a-scheduled', 'a-deleted'];

/** Every public path to an article, each answering the slugs it lists and the count it claims. */
const paths: { name: string; query: string; slugs: (d: any) => string[]; count?: (d: any) => number; shows?: string }[] = [
  {
    name: 'articles',
    query: `{ articles(first: 100) { totalCount edges { node { slug } } } }`,
    slugs: (d) => d.articles.edges.map((e: any) => e.node.slug),
    count: (d) => d.articles.totalCount,
  },
  ...['section: "war"', 'author: "kathrine-frich"', 'country: "AM"', 'equipment: "caesar"', 'deal: "us-aid-to-armenia"'].map((f) => ({
    name: `articles(filter: { ${f} })`,
    query: `{ articles(first: 100, filter: { ${f} }) { totalCount edges { node { slug } } } }`,
    slugs: (d: any) => d.articles.edges.map((e: any) => e.node.slug),
    count: (d: any) => d.articles.totalCount,
  })),
  ...[
    ['section(slug: "war")', 'section'],
    ['author(slug: "kathrine-frich")', 'author'],
    ['country(code: "AM")', 'country'],
    ['deal(slug: "us-aid-to-armenia")', 'deal'],
    ['equipment(slug: "caesar")', 'equipment'],
  ].map(([root, key]) => ({
    name: `${root}.articles`,
    query: `{ ${root} { articles(first: 100) { totalCount edges { node { slug } } } } }`,
    slugs: (d: any) => d[key].articles.edges.map((e: any) => e.node.slug),
    count: (d: any) => d[key].articles.totalCount,
  })),
  {
    name: 'sections/authors/countries lists → articles',
    query: `{ sections { articles(first: 100) { edges { node { slug } } } } authors(first: 100) { edges { node { articles(first: 100) { totalCount edges { node { slug } } } } } } }`,
    slugs: (d) => [
      ...d.sections.flatMap((s: any) => s.articles.edges.map((e: any) => e.node.slug)),
      ...d.authors.edges.flatMap((a: any) => a.node.articles.edges.map((e: any) => e.node.slug)),
    ],
  },
  {
    name: 'deals/equipmentList → articles',
    query: `{ deals(first: 100) { edges { node { articles(first: 100) { edges { node { slug } } } } } } equipmentList(first: 100) { edges { node { articles(first: 100) { edges { node { slug } } } } } } }`,
    slugs: (d) => [
      ...d.deals.edges.flatMap((x: any) => x.node.articles.edges.map((e: any) => e.node.slug)),
      ...d.equipmentList.edges.flatMap((x: any) => x.node.articles.edges.map((e: any) => e.node.slug)),
    ],
  },
  {
    name: 'Article.related',
    query: `{ article(slug: "${SEED_SLUG}") { related { slug } } }`,
    slugs: (d) => d.article.related.map((r: any) => r.slug),
    shows: 'a-public',
  },
];

describe('drafts, scheduled and deleted articles', () => {
  it('are invisible to article(slug:)', async () => {
    for (const slug of HIDDEN) expect((await data(`{ article(slug: "${slug}") { slug } }`)).article).toBeNull();
  });

  it('are invisible to node and nodes', async () => {
    for (const slug of HIDDEN) expect((await data(`query ($id: ID!) { node(id: $id) { id } }`, { id: hidden[slug].id })).node).toBeNull();
    const d = await data(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [hidden['a-draft'].id, seedId, hidden['a-scheduled'].id, hidden['a-deleted'].id],
    });
    expect(d.nodes).toEqual([null, { id: seedId }, null, null]);
  });

  it.each(paths.map((p) => [p.name, p] as const))('are invisible to %s, lists and counts', async (_name, path) => {
    const d = await data(path.query);
    const slugs = path.slugs(d);
    // Each path shows a public story with the same links, so an empty answer cannot pass.
    expect(slugs).toContain(path.shows ?? SEED_SLUG);
    for (const slug of HIDDEN) expect(slugs).not.toContain(slug);
    if (path.count) expect(path.count(d)).toBe(new Set(slugs).size);
  });

  it('a drafts:read token sees drafts and scheduled stories (never deleted ones) on every path', async () => {
    for (const path of paths) {
      const res = await asEditor(reader, path.query);
      expect(res.errors).toBeUndefined();
      const slugs = path.slugs(res.data);
      expect(slugs, path.name).toEqual(expect.arrayContaining(['a-draft', 'a-scheduled']));
      expect(slugs, path.name).not.toContain('a-deleted');
      if (path.count) expect(path.count(res.data), path.name).toBe(new Set(slugs).size);
    }
    const one = await asEditor(reader, `{ article(slug: "a-draft") { slug status } }`);
    expect(one.data.article).toEqual({ slug: 'a-draft', status: 'DRAFT' });
    const nodes = await asEditor(reader, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [hidden['a-draft'].id, hidden['a-deleted'].id],
    });
    expect(nodes.data.nodes).toEqual([{ id: hidden['a-draft'].id }, null]);
  });

  it('a token without drafts:read sees what the public sees', async () => {
    const res = await asEditor(editor, `{ article(slug: "a-draft") { slug } articles(first: 100) { totalCount } }`);
    expect(res.data.article).toBeNull();
    expect(res.data.articles.totalCount).toBe(2);
  });

  it('publishing makes a draft public; unpublishing hides it again', async () => {
    await editorData(editor, `mutation { publishArticle(input: { slug: "a-draft" }) { article { status } } }`);
    expect((await data(`{ article(slug: "a-draft") { slug } articles { totalCount } }`)).articles.totalCount).toBe(3);
    await editorData(editor, `mutation { unpublishArticle(input: { slug: "a-draft" }) { article { status } } }`);
    const d = await data(`{ article(slug: "a-draft") { slug } articles { totalCount } }`);
    expect(d.article).toBeNull();
    expect(d.articles.totalCount).toBe(2);
  });

  it('scheduling with a future time keeps a story hidden until then', async () => {
    const res = await editorData(
      editor,
      `mutation { publishArticle(input: { slug: "a-draft", at: "${FAR_FUTURE}" }) { article { status publishedAt } } }`,
    );
    expect(res.publishArticle.article).toEqual({ status: 'PUBLISHED', publishedAt: '2099-01-01T00:00:00.000Z' });
    expect((await data(`{ article(slug: "a-draft") { slug } }`)).article).toBeNull();
    await editorData(editor, `mutation { unpublishArticle(input: { slug: "a-draft" }) { changed } }`);
  });
});
