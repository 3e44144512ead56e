import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

/** The fields that read aggregates for anonymous callers, and what each costs. */
const PUBLIC_AGGREGATES: Record<string, number> = { publicResults: 100 };

/**
 * The public results' own cost limit, tighter than the general one: an operation that asks for
 * `publicResults` may cost at most `maxCost`, where each publicResults costs 100 and every other
 * field 1, so that an anonymous caller cannot fan one request out into many aggregates (aliases of
 * publicResults for every county of a province, say). Operations without it are not affected.
 */
export function publicCostRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const cost = (set: SelectionSetNode | undefined, seen: Set<string>): { total: number; aggregates: number } => {
      let total = 0;
      let aggregates = 0;
      for (const s of set?.selections ?? []) {
        let inner: { total: number; aggregates: number } = { total: 0, aggregates: 0 };
        if (s.kind === Kind.FIELD) {
          const own = PUBLIC_AGGREGATES[s.name.value];
          total += own ?? 1;
          if (own) aggregates += 1;
          inner = cost(s.selectionSet, seen);
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          inner = cost(s.selectionSet, seen);
        } else if (!seen.has(s.name.value)) {
          inner = cost(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value]));
        }
        total += inner.total;
        aggregates += inner.aggregates;
      }
      return { total, aggregates };
    };
    return {
      OperationDefinition(node) {
        const { total, aggregates } = cost(node.selectionSet, new Set());
        if (aggregates > 0 && total > maxCost) {
          context.reportError(new GraphQLError(`public results cost limit of ${maxCost} exceeded, found ${total}`, { nodes: [node] }));
        }
      },
    };
  };
}
