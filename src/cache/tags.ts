/**
 * Cache tags: what a cached answer shows, and what a write changes, named the
 * same way so a write purges exactly the answers it can change.
 *
 *   Article:12                  an object, by type and database key (from its global ID)
 *   Article/slug=caesar-sale    a look-up by natural key (`article(slug:)`, or an object
 *                               whose slug, not id, was selected); Country/code=AM
 *   Article                     objects of a type shown without id or natural key (coarse)
 *   articles                    the newest articles (root list, no filter)
 *   articles/section=war        the articles of a section, whichever way asked (a filter,
 *                               `section { articles }`); author=, country=, deal=,
 *                               equipment=; several filters: articles/country=AM/section=war
 *   articles/section=*          nested lists whose parent's natural key the answer lacks
 *   articles/multi              every list filtered on two or more subjects (coarse)
 *   search, related             every search, every `related` list (coarse); a search's
 *                               facets show entity names and deal kinds, so writes to
 *                               sections, countries, equipment and deals purge `search` too
 *   list:Deal                   every list of deals (root or nested), likewise for the
 *                               other entities: entities change rarely, lists of them whole
 *
 * Date bounds and order are not part of a list's tag: a write purges a list
 * whatever window or order it was read in.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_HINT, hintOf, smallest, type CacheHint } from './lifetimes';

/** The dimensions an article list is filtered or nested by, and the parent type that gives each. */
export const ARTICLE_DIMENSIONS = {
  section: 'Section',
  author: 'Author',
  country: 'Country',
  deal: 'Deal',
  equipment: 'Equipment',
} as const;
export type Dimension = keyof typeof ARTICLE_DIMENSIONS;
const DIMENSION_OF_PARENT: Record<string, Dimension> = {
  Section: 'section',
  Author: 'author',
  Country: 'country',
  Deal: 'deal',
  Equipment: 'equipment',
};
/** Each entity's natural key field. */
export const NATURAL_KEY: Record<string, 'slug' | 'code'> = {
  Article: 'slug',
  Author: 'slug',
  Section: 'slug',
  Country: 'code',
  Deal: 'slug',
  Equipment: 'slug',
};

export const objectTag = (type: string, key: string | number) => `${type}:${key}`;
export const naturalTag = (type: string, key: string) =>
  `${type}/${NATURAL_KEY[type] ?? 'slug'}=${type === 'Country' ? key.toUpperCase() : key}`;
export const listTag = (filters: Partial<Record<Dimension, string>>) => {
  const parts = (Object.keys(filters) as Dimension[])
    .sort()
    .map((d) => `/${d}=${d === 'country' && filters[d] !== '*' ? filters[d]!.toUpperCase() : filters[d]}`);
  return `articles${parts.join('')}`;
};
export const entityListTag = (type: string) => `list:${type}`;
export const MULTI = 'articles/multi';

/** Most tags a write purges one by one before it falls back to `articles/multi` for combinations. */
const MAX_COMBINATIONS = 256;

/** What an answer shows: its tags and the smallest lifetime of what is in it. */
export interface Shown {
  tags: Set<string>;
  hint: CacheHint;
}

function decodeGlobalId(id: unknown): { type: string; key: string } | null {
  if (typeof id !== 'string') return null;
  try {
    const raw = atob(id);
    const at = raw.indexOf(':');
    return at > 0 ? { type: raw.slice(0, at), key: raw.slice(at + 1) } : null;
  } catch {
    return null;
  }
}

/**
 * Walks an answer along the operation that produced it and names what it
 * shows. Only what is in the answer counts: a field the response lacks (a
 * fragment that did not apply) is skipped.
 */
export function shownBy(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: Record<string, unknown>,
): Shown {
  const tags = new Set<string>();
  let hint: CacheHint | null = null;

  /** Fields of a selection set that apply to an object of `type`, flattened through fragments. */
  const fieldsOf = (set: SelectionSetNode, type: GraphQLCompositeType, out: FieldNode[] = [], seen = new Set<string>()): FieldNode[] => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) fieldsOf(s.selectionSet, type, out, seen);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        fieldsOf(fragments[s.name.value].selectionSet, type, out, seen);
      }
    }
    return out;
  };

  const fieldDef = (type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
    if (isAbstractType(type)) for (const t of schema.getPossibleTypes(type)) if (t.getFields()[name]) return t.getFields()[name];
    return undefined;
  };

  const visitObject = (
    value: Record<string, unknown>,
    declared: GraphQLCompositeType,
    set: SelectionSetNode,
    parentKey: ParentKey | null,
  ) => {
    const fields = fieldsOf(set, declared);
    // The object's runtime type and identity, from what the answer holds.
    let type: GraphQLNamedType = declared;
    let identified = false;
    for (const f of fields) {
      const key = f.alias?.value ?? f.name.value;
      if (f.name.value === '__typename' && typeof value[key] === 'string') type = schema.getType(value[key] as string) ?? type;
    }
    let natural: string | null = null;
    for (const f of fields) {
      const key = f.alias?.value ?? f.name.value;
      if (f.name.value === 'id') {
        const decoded = decodeGlobalId(value[key]);
        if (decoded) {
          type = schema.getType(decoded.type) ?? type;
          tags.add(objectTag(decoded.type, decoded.key));
          identified = true;
        }
      }
    }
    const keyField = NATURAL_KEY[type.name];
    if (keyField) {
      for (const f of fields)
        if (f.name.value === keyField && typeof value[f.alias?.value ?? f.name.value] === 'string')
          natural = value[f.alias?.value ?? f.name.value] as string;
      natural ??= parentKey?.type === type.name ? parentKey.key : null;
      if (natural && !identified) {
        tags.add(naturalTag(type.name, natural));
        identified = true;
      }
    }
    if (!identified && NATURAL_KEY[type.name]) tags.add(type.name);
    hint = smallest(hint, hintOf(type, undefined));
    for (const f of fields) visitField(value, type, f, natural ? { type: type.name, key: natural } : null);
  };

  const visitField = (parent: Record<string, unknown>, parentType: GraphQLNamedType, node: FieldNode, parentKey: ParentKey | null) => {
    const responseKey = node.alias?.value ?? node.name.value;
    if (!(responseKey in parent)) return;
    const def = fieldDef(parentType, node.name.value);
    if (!def) return;
    hint = smallest(hint, hintOf(parentType, def));
    const named = getNamedType(def.type);
    const args = def.args.length ? getArgumentValues(def, node, variables) : {};
    const childKey = tagList(parentType.name, def, named, args, parentKey);
    const value = parent[responseKey];
    if (value == null || !node.selectionSet || !isCompositeType(named)) return;
    const each = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(each);
      else if (v && typeof v === 'object') visitObject(v as Record<string, unknown>, named, node.selectionSet!, childKey);
    };
    each(value);
  };

  /** Tags the list a field reads, if it reads one; returns the natural key its objects are looked up by. */
  const tagList = (
    parentName: string,
    def: GraphQLField<unknown, unknown>,
    named: GraphQLNamedType,
    args: Record<string, unknown>,
    parentKey: ParentKey | null,
  ): ParentKey | null => {
    const root = parentName === schema.getQueryType()!.name;
    if (root && NATURAL_KEY[named.name] && typeof args[NATURAL_KEY[named.name]] === 'string') {
      // A look-up by natural key answers null until such an object exists: tagged by the key too.
      const key = args[NATURAL_KEY[named.name]] as string;
      tags.add(naturalTag(named.name, key));
      return { type: named.name, key };
    }
    if (root && def.name === 'node' && typeof args.id === 'string') {
      const decoded = decodeGlobalId(args.id);
      if (decoded) tags.add(objectTag(decoded.type, decoded.key));
      return null;
    }
    if (root && def.name === 'nodes' && Array.isArray(args.ids)) {
      for (const id of args.ids) {
        const decoded = decodeGlobalId(id);
        if (decoded) tags.add(objectTag(decoded.type, decoded.key));
      }
      return null;
    }
    if (def.name === 'search') return (tags.add('search'), null);
    if (def.name === 'related') return (tags.add('related'), null);
    const itemType = named.name.endsWith('Connection') ? connectionItemType(named) : named.name;
    if (itemType === 'Article' && (named.name.endsWith('Connection') || root)) {
      const filters: Partial<Record<Dimension, string>> = {};
      const filter = (args.filter ?? {}) as Partial<Record<Dimension, unknown>>;
      for (const d of Object.keys(ARTICLE_DIMENSIONS) as Dimension[]) if (typeof filter[d] === 'string') filters[d] = filter[d] as string;
      const dimension = DIMENSION_OF_PARENT[parentName];
      if (dimension) filters[dimension] = parentKey?.type === parentName ? parentKey.key : '*';
      const count = Object.keys(filters).length;
      tags.add(listTag(filters));
      if (count >= 2) tags.add(MULTI);
      return null;
    }
    // Lists of entities, but not an article's own links (its write purges the article).
    if (
      itemType &&
      NATURAL_KEY[itemType] &&
      itemType !== 'Article' &&
      parentName !== 'Article' &&
      (named.name.endsWith('Connection') || isListOf(def))
    ) {
      tags.add(entityListTag(itemType));
    }
    return null;
  };

  const connectionItemType = (connection: GraphQLNamedType): string | null => {
    if (!isObjectType(connection)) return null;
    const edges = connection.getFields().edges;
    if (!edges) return null;
    const edge = getNamedType(edges.type);
    return isObjectType(edge) && edge.getFields().node ? getNamedType(edge.getFields().node.type).name : null;
  };

  const root = schema.getRootType(operation.operation);
  if (root) for (const f of fieldsOf(operation.selectionSet, root)) visitField(data, root, f, null);
  return { tags, hint: hint ?? DEFAULT_HINT };
}

type ParentKey = { type: string; key: string };

function isListOf(def: GraphQLField<unknown, unknown>): boolean {
  return isListType(isNonNullType(def.type) ? def.type.ofType : def.type);
}

/** What a story looked like, for the tags of a write: natural keys of its links. */
export interface StoryLinks {
  slug: string;
  public: boolean;
  publishedAt: number;
  section: string | null;
  authors: string[];
  countries: string[];
  deals: string[];
  equipment: string[];
}

/**
 * The tags a write to one story purges, from its state before and after: the
 * story itself (so every answer showing it), every list whose membership or
 * order the write changes (one the story enters or leaves under some filter,
 * or one it stays in when its publish time moved: lists are ordered by it),
 * `related` when its place in any list can change, and searches when its text
 * or place changes. A list the story stays in at the same place shows it by
 * its object tag, so the list's own tag is left alone.
 */
export function storyWriteTags(id: number, before: StoryLinks | null, after: StoryLinks | null, textChanged: boolean): string[] {
  const tags = new Set<string>([objectTag('Article', id), 'Article']);
  for (const s of [before, after]) if (s) tags.add(naturalTag('Article', s.slug));
  const wasPublic = before?.public ?? false;
  const isPublic = after?.public ?? false;
  if (!wasPublic && !isPublic) return [...tags];
  const links = (s: StoryLinks | null) =>
    s ? JSON.stringify([s.section, s.authors, s.countries, s.deals, s.equipment, s.publishedAt]) : null;
  const placeChanged = wasPublic !== isPublic || links(before) !== links(after);
  if (textChanged || placeChanged) tags.add('search');
  if (!placeChanged) return [...tags];
  tags.add('related');
  const valuesOf = (s: StoryLinks | null): Record<Dimension, string[]> => ({
    section: s?.section ? [s.section] : [],
    author: s?.authors ?? [],
    country: (s?.countries ?? []).map((c) => c.toUpperCase()),
    deal: s?.deals ?? [],
    equipment: s?.equipment ?? [],
  });
  const was = valuesOf(before);
  const is = valuesOf(after);
  const inList = (s: StoryLinks | null, values: Record<Dimension, string[]>, filters: Partial<Record<Dimension, string>>) =>
    !!s?.public && (Object.keys(filters) as Dimension[]).every((d) => values[d].includes(filters[d]!));
  /** Whether the list under these filters gains or loses the story, or reorders it. */
  const changes = (filters: Partial<Record<Dimension, string>>) => {
    const a = inList(before, was, filters);
    const b = inList(after, is, filters);
    return a !== b || (a && b && before!.publishedAt !== after!.publishedAt);
  };
  if (changes({})) tags.add('articles');
  const values: Record<Dimension, Set<string>> = {
    section: new Set(),
    author: new Set(),
    country: new Set(),
    deal: new Set(),
    equipment: new Set(),
  };
  for (const d of Object.keys(values) as Dimension[]) for (const v of [...was[d], ...is[d]]) values[d].add(v);
  const dims = (Object.keys(values) as Dimension[]).filter((d) => values[d].size > 0);
  for (const d of dims) {
    for (const v of values[d]) {
      if (!changes({ [d]: v })) continue;
      tags.add(listTag({ [d]: v }));
      // A nested list whose parent's key the answer lacks: it may be this one.
      tags.add(listTag({ [d]: '*' }));
    }
  }
  // Lists filtered on several subjects: each combination that changes, or all of them when there are too many.
  let combinations = 1;
  for (const d of dims) combinations *= values[d].size + 1;
  if (combinations > MAX_COMBINATIONS) tags.add(MULTI);
  else {
    const walk = (i: number, chosen: Partial<Record<Dimension, string>>) => {
      if (i === dims.length) {
        if (Object.keys(chosen).length >= 2 && changes(chosen)) tags.add(listTag(chosen));
        return;
      }
      walk(i + 1, chosen);
      for (const v of values[dims[i]]) walk(i + 1, { ...chosen, [dims[i]]: v });
    };
    walk(0, {});
  }
  return [...tags];
}

/**
 * Entity types a search answer shows without naming them as objects: its
 * facets carry section, country and equipment names and deal kinds
 * (`SearchFacetValue`), so a write to one of them purges every search.
 */
const IN_SEARCH_FACETS = new Set(['Section', 'Country', 'Equipment', 'Deal']);

/** The tags a write to an entity (section, author, country, deal, equipment) purges. */
export function entityWriteTags(type: string, id: number, naturalKeys: (string | null | undefined)[]): string[] {
  const tags = new Set([objectTag(type, id), type, entityListTag(type)]);
  if (IN_SEARCH_FACETS.has(type)) tags.add('search');
  for (const key of naturalKeys) if (key) tags.add(naturalTag(type, key));
  return [...tags];
}
