import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { relations, type Relations } from '../db/relations';
import type { Context } from './context';
import { clientError, validationFailure } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging';
import { decodeGlobalID, encodeGlobalID, MAX_NODE_IDS, resolveNodeOrNull, resolveNodesOrNull } from './node-field';

const pageSize = z.number().int().min(0, 'must be 0 or more').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

export const builder = new SchemaBuilder<{
  Context: Context;
  /** What a verified editor token may do (see src/auth/tokens.ts). */
  AuthScopes: { articlesWrite: boolean; draftsRead: boolean; entitiesWrite: boolean };
  DrizzleRelations: Relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number | string };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Relay before scope-auth so auth functions see parsed global IDs; scope-auth
  // before the rest so nothing else runs for an unauthorized field.
  plugins: [RelayPlugin, ScopeAuthPlugin, ValidationPlugin, DrizzlePlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  // Each field's cost lives in its `extensions.complexity` (src/graphql/cost.ts); the request
  // pipeline prices an operation before it runs, on every path (src/pipeline/limits.ts), so
  // the plugin's own check inside root resolvers, which compiled plans skip, stays off.
  complexity: { disabled: true },
  scopeAuth: {
    authScopes: (ctx) => ({
      articlesWrite: ctx.principal?.scopes.has('articles:write') ?? false,
      draftsRead: ctx.principal?.scopes.has('drafts:read') ?? false,
      entitiesWrite: ctx.principal?.scopes.has('entities:write') ?? false,
    }),
    // No token is 401-worthy (UNAUTHENTICATED); a token without the scope is 403 (FORBIDDEN).
    unauthorizedError: (_parent, ctx, info) =>
      ctx.principal
        ? clientError('FORBIDDEN', `This token lacks the scope ${info.parentType.name}.${info.fieldName} needs.`)
        : clientError('UNAUTHENTICATED', `${info.parentType.name}.${info.fieldName} needs an editor token (Authorization: Bearer …).`),
  },
  validation: {
    // zod issues become one BAD_USER_INPUT naming each field (e.g. `input.slug`).
    validationError: (failure) => validationFailure(failure.issues),
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
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
    encodeGlobalID,
    decodeGlobalID,
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; `null` when no such object exists.',
      args: { id: { description: 'A global ID, as returned in any `id` field.' } },
      // Drafts, scheduled and deleted articles answer null, as if they did not exist: the
      // loader applies the visibility rule in its own statement (src/graphql/row-loader.ts).
      resolve: (_root, args, _ctx, info, resolveNode) => resolveNodeOrNull(info, args, resolveNode) as never,
    },
    nodesQueryOptions: {
      description: `Fetches objects by global IDs (at most ${MAX_NODE_IDS}), in the order given; \`null\` for each that does not exist.`,
      args: { ids: { description: 'Global IDs, as returned in `id` fields.' } },
      complexity: (args: { ids: readonly unknown[] }) => ({ field: 1, multiplier: args.ids.length }),
      // One statement per type whatever the count, visibility included (src/graphql/row-loader.ts).
      resolve: (_root, args, _ctx, info, resolveNodes) =>
        resolveNodesOrNull(info, args, resolveNodes as (ids: unknown[]) => Promise<unknown[]>) as never,
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
