import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `field` on the objects found at `path` below the resolver's own
 * field (e.g. `['edges', 'node']`, 'description' for a connection's nodes), through fragments
 * and aliases (directives are ignored: a field under @skip still counts as selected, so the
 * answer may only ever save work, never leave a selected field without its value).
 */
export function selectsField(info: GraphQLResolveInfo, path: string[], field: string): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const step of path) sets = fieldsNamed(info, sets, step).flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  return fieldsNamed(info, sets, field).length > 0;
}

function fieldsNamed(info: GraphQLResolveInfo, sets: SelectionSetNode[], name: string, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const set of sets) {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) found.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        found.push(...fieldsNamed(info, [s.selectionSet], name, seen));
      } else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = info.fragments[s.name.value];
        if (fragment) found.push(...fieldsNamed(info, [fragment.selectionSet], name, seen));
      }
    }
  }
  return found;
}
