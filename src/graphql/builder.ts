import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { relations, type Relations } from '../db/relations';
import type { Context } from './context';
import { decodeGlobalID, MAX_NODE_IDS, resolveNodeOrNull, resolveNodesOrNull } from './node-lookup';

/** The largest page a connection serves; larger requests are refused, not clamped. */
export const MAX_PAGE_SIZE = 100;
const pageSize = z.number().int().min(0, 'must be 0 or more').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: Relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number | string };
    ID: { Input: string; Output: string | number };
  };
}>({
  plugins: [RelayPlugin, ValidationPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 20,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The edges of this page, each with its node and cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The object at this edge.' },
    nodesFieldOptions: { description: 'The nodes of this page, without their cursors.' },
    nodeTypeOptions: { description: 'An object with a global ID, refetchable with `node(id:)` and `nodes(ids:)`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection, for cursor pagination.' },
    idFieldOptions: { description: 'Global ID (opaque): the type name and the database key, base64-encoded.' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge: pass it as `after` or `before`.' },
    decodeGlobalID,
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; `null` when no such object exists.',
      args: { id: { description: 'A global ID, as returned in any `id` field.' } },
      resolve: (_root, args, _ctx, info, resolveNode) => resolveNodeOrNull(info, args, resolveNode),
    },
    nodesQueryOptions: {
      description: `Fetches objects by global IDs (at most ${MAX_NODE_IDS}), in the order given; \`null\` for each that does not exist.`,
      args: { ids: { description: 'Global IDs, as returned in `id` fields.' } },
      resolve: (_root, args, _ctx, info, resolveNodes) =>
        resolveNodesOrNull(info, args, resolveNodes as (ids: unknown[]) => Promise<unknown[]>),
    },
    firstArgOptions: { description: `Returns the first n edges (0 to ${MAX_PAGE_SIZE}).`, validate: pageSize },
    lastArgOptions: { description: `Returns the last n edges (0 to ${MAX_PAGE_SIZE}).`, validate: pageSize },
    afterArgOptions: { description: 'Returns the edges after this cursor.' },
    beforeArgOptions: { description: 'Returns the edges before this cursor.' },
    hasNextPageFieldOptions: { description: 'Whether more edges follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether edges precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of this page.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
  },
});
