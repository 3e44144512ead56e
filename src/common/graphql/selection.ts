import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `field` on the objects found at `path` below the resolver's own
 * field (e.g. `['edges', 'node']`, 'description' for a connection's nodes), through fragments
 * and aliases (directives are ignored: a field under @skip still counts as selected, so the
 * answer may only ever save work, never leave a selected field without its value).
 */
export function selectsField(info: GraphQLResolveInfo, path: string[], field: string): boolean {
  return selectedFields(info, path).has(field);
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

/**
 * Whether the field being resolved selects any of `names` directly on its result (through inline
 * fragments and fragment spreads too; directives such as @include are not evaluated, so a field
 * they may skip counts as selected). Lets a resolver skip a look-up nobody asked for.
 */
export function selectsAny(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const selected = selectedFields(info, []);
  return names.some((n) => selected.has(n));
}

/**
 * The names of the fields the operation selects on the objects found at `path` below the
 * resolver's own field, through fragments and aliases (directives ignored, as in `selectsField`).
 * Kept per field node of the parsed document, which the server caches: a document asked for again
 * is not walked again.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[]): ReadonlySet<string> {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : null;
  const key = path.join('.');
  const known = node && fieldsByNode.get(node)?.get(key);
  if (known) return known;
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const step of path) sets = fieldsNamed(info, sets, step).flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = info.fragments[s.name.value];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  if (node) {
    let byPath = fieldsByNode.get(node);
    if (!byPath) fieldsByNode.set(node, (byPath = new Map()));
    byPath.set(key, names);
  }
  return names;
}

const fieldsByNode = new WeakMap<FieldNode, Map<string, ReadonlySet<string>>>();
