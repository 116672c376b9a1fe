import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` (field names, aliases ignored) under
 * the field being resolved, through fragments and inline fragments. Lets a
 * resolver skip statements for data nobody asked for.
 */
export function isSelected(info: GraphQLResolveInfo, path: string[]): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    const visit = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value === name) next.push(sel.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] });
        } else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
        else {
          const fragment = info.fragments[sel.name.value];
          if (fragment) visit(fragment.selectionSet);
        }
      }
    };
    sets.forEach(visit);
    if (!next.length) return false;
    sets = next;
  }
  return true;
}
