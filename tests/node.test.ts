// Every object is identifiable by a global ID and refetchable with node/nodes.
import { describe, expect, it } from 'vitest';
import { data, gql, SEED_SLUG } from './helpers';

describe('node and nodes', () => {
  it('refetches an object of every type by the id it was served with', async () => {
    const d = await data(
      `query($slug: String!) { article(slug: $slug) {
      id section { id } authors { id } countries { id } deals { id } equipment { id }
    } }`,
      { slug: SEED_SLUG },
    );
    const a = d.article;
    const ids: [string, string][] = [
      [a.id, 'Article'],
      [a.section.id, 'Section'],
      [a.authors[0].id, 'Author'],
      [a.countries[0].id, 'Country'],
      [a.deals[0].id, 'Deal'],
      [a.equipment[0].id, 'Equipment'],
    ];
    for (const [id, typename] of ids) {
      const { node } = await data(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(node).toEqual({ __typename: typename, id });
      expect(atob(id)).toMatch(new RegExp(`^${typename}:\\d+$`));
    }
  });

  it('keeps the order of nodes(ids:) and answers null for the missing ones', async () => {
    const d = await data(`{ countries { id code } }`);
    const byCode = Object.fromEntries(d.countries.map((c: { id: string; code: string }) => [c.code, c.id]));
    const missing = btoa('Country:424242');
    const res = await data(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Country { code } } }`, {
      ids: [byCode.US, missing, byCode.AM, byCode.US],
    });
    expect(res.nodes).toEqual([{ id: byCode.US, code: 'US' }, null, { id: byCode.AM, code: 'AM' }, { id: byCode.US, code: 'US' }]);
  });

  it('loads a list of one type in one statement', async () => {
    const d = await data(`{ equipmentList { edges { node { id } } } }`);
    const ids = d.equipmentList.edges.map((e: { node: { id: string } }) => e.node.id);
    const res = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Equipment { slug } } }`, { ids });
    expect(res.data.nodes).toHaveLength(6);
    expect(res.extensions?.d1?.statements).toBe(1);
  });

  it('refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => btoa(`Article:${i + 1}`));
    const res = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
