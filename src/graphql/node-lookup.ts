/**
 * `node` and `nodes` on top of the relay plugin's batched loaders, with the
 * answers a public API owes: a well-formed ID of a missing object is `null`
 * (the drizzle plugin's loader rejects instead), an ID of a type that is not a
 * Node is BAD_USER_INPUT, and `nodes` takes at most MAX_NODE_IDS.
 */
import { GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { badUserInput } from './errors';

export const MAX_NODE_IDS = 100;

type DecodedID = { typename: string; id: string };

const MISSING = /^Model \w+\(.*\) not found$/;

const isMissing = (error: unknown) => error instanceof Error && MISSING.test(error.message);

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

function assertNodeType(info: GraphQLResolveInfo, { typename }: DecodedID, raw: unknown) {
  const type = info.schema.getType(typename);
  if (!(type instanceof GraphQLObjectType) || !type.getInterfaces().some((i) => i.name === 'Node')) {
    throw badUserInput(`Invalid global ID: ${JSON.stringify(raw)} does not name an object type`, 'id');
  }
}

export async function resolveNodeOrNull(
  info: GraphQLResolveInfo,
  args: { id: DecodedID },
  resolveNode: (id: DecodedID) => unknown,
): Promise<unknown> {
  assertNodeType(info, args.id, args.id);
  try {
    return await resolveNode(args.id);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Loads all ids in one batch per type. When some are missing the batch
 * rejects as a whole; then the ids are tried one by one (still batched per
 * tick by the loader) and the missing ones answer null.
 */
export async function resolveNodesOrNull(
  info: GraphQLResolveInfo,
  args: { ids: (DecodedID | null)[] },
  resolveNodes: (ids: unknown[]) => Promise<unknown[]>,
): Promise<unknown[]> {
  if (args.ids.length > MAX_NODE_IDS) throw badUserInput(`nodes takes at most ${MAX_NODE_IDS} IDs; got ${args.ids.length}`, 'ids');
  for (const id of args.ids) if (id) assertNodeType(info, id, id);
  try {
    return await resolveNodes(args.ids);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  // The relay plugin reads `args.ids` when called, so each retry narrows it to one id.
  const all = args.ids;
  const results = await Promise.all(
    all.map(async (id, index) => {
      if (!id) return null;
      const one = all.map((other, i) => (i === index ? other : null));
      args.ids = one;
      const pending = resolveNodes(one);
      args.ids = all;
      try {
        return (await pending)[index];
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    }),
  );
  return results;
}
