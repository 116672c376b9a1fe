/**
 * The `node` and `nodes` root fields, and global IDs, on top of the relay plugin's batched loaders, with the
 * answers a public API owes: an ID of a type that is not a Node is
 * BAD_USER_INPUT and `nodes` takes at most MAX_NODE_IDS. A well-formed ID of a
 * missing (or invisible) object is `null`: see row-loader.ts.
 */
import { GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { badUserInput } from './errors';

export const MAX_NODE_IDS = 100;

type DecodedID = { typename: string; id: string };

/**
 * Global IDs are base64 of `Type:key`. Same output as Pothos' default encoder
 * (base64 of the UTF-8 bytes), through the runtime's native `btoa`: the default
 * goes through `Buffer` (nodejs_compat), a measurable share of a list's CPU
 * (bench/profile.ts). Type names and integer keys are ASCII, where the two agree.
 */
export function encodeGlobalID(typename: string, id: bigint | number | string): string {
  const raw = `${typename}:${id}`;
  // btoa takes Latin-1; anything outside ASCII goes through UTF-8 bytes, as Pothos does.
  return /^[\x00-\x7f]*$/.test(raw) ? btoa(raw) : btoa(String.fromCharCode(...new TextEncoder().encode(raw)));
}

/** Global IDs are base64 of `Type:key`; keys here are positive integers. */
export function decodeGlobalID(globalID: string): DecodedID {
  let decoded = '';
  try {
    decoded = atob(globalID);
  } catch {
    // falls through to the error below
  }
  const match = /^([A-Z][A-Za-z0-9]*):([1-9][0-9]{0,14})$/.exec(decoded);
  if (!match) throw badUserInput(`Invalid global ID: ${JSON.stringify(globalID)}`, 'id');
  return { typename: match[1], id: match[2] };
}

function assertNodeType(info: GraphQLResolveInfo, { typename }: DecodedID) {
  const type = info.schema.getType(typename);
  if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === 'Node')) {
    throw badUserInput(`Invalid global ID: ${JSON.stringify(typename)} is not a type of this API`, 'id');
  }
}

export function resolveNodeOrNull(info: GraphQLResolveInfo, args: { id: DecodedID }, resolveNode: (id: DecodedID) => unknown): unknown {
  assertNodeType(info, args.id);
  return resolveNode(args.id);
}

/** All ids load in one statement per type; a missing one is `null` (row-loader.ts). */
export function resolveNodesOrNull(
  info: GraphQLResolveInfo,
  args: { ids: (DecodedID | null)[] },
  resolveNodes: (ids: unknown[]) => Promise<unknown[]>,
): Promise<unknown[]> {
  if (args.ids.length > MAX_NODE_IDS) throw badUserInput(`nodes takes at most ${MAX_NODE_IDS} IDs; got ${args.ids.length}`, 'ids');
  for (const id of args.ids) if (id) assertNodeType(info, id);
  return resolveNodes(args.ids);
}
