import { Extensions } from '@nestjs/graphql';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { DEFAULT_PAGE, MAX_PAGE } from './connection';

/**
 * What an operation costs: every object the answer may hold counts 1, a leaf 0 (unless it declares
 * a weight: a count or an aggregate runs its own statement), and a list multiplies what is under
 * it by its size. A connection's size is its `first` argument (default 20, at most 100), applied
 * to its `edges`; a plain list declares its bound next to the field with `@ListSize(n)` (the most
 * it can hold, e.g. the most children any unit has). A list that declares none counts as
 * UNDECLARED_LIST_SIZE, and a test makes sure that no list of objects relies on that.
 */
export const UNDECLARED_LIST_SIZE = MAX_PAGE;

/** The most items this list field can return, for the cost of the queries that select it. */
export const ListSize = (n: number) => Extensions({ listSize: n });

/**
 * The cost of this field itself (a count, an aggregate), besides what it holds. With
 * `anonymousBudget`, an operation that selects the field is held to the anonymous budget whoever
 * asks: a public aggregate, which anyone may read and anyone may sign up to read with more.
 */
export const FieldCost = (n: number, opts: { anonymousBudget?: boolean } = {}) =>
  Extensions(opts.anonymousBudget ? { cost: n, anonymousBudget: true } : { cost: n });

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface OperationCost {
  cost: number;
  /** The selected fields that hold the operation to the anonymous budget (`Type.field`), if any. */
  anonymousBudget: string[];
}

/** The cost of the operation that would run, and whether it is held to the anonymous budget; 0 when there is none to run. */
export function measureOperation({ schema, document, operationName, variables }: CostInput): OperationCost {
  const operation = getOperationAST(document, operationName ?? undefined);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { cost: 0, anonymousBudget: [] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const ctx: Walk = { schema, fragments, variables: variables ?? {}, spreading: new Set(), anonymousBudget: new Set() };
  const cost = selectionCost(ctx, operation.selectionSet, root);
  return { cost, anonymousBudget: [...ctx.anonymousBudget] };
}

/** The cost of the operation that would run; 0 when there is none to run. */
export function operationCost(input: CostInput): number {
  return measureOperation(input).cost;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Fragments being expanded, so that a cycle (refused by validation anyway) cannot loop. */
  spreading: Set<string>;
  /** Fields met that declare `anonymousBudget`. */
  anonymousBudget: Set<string>;
}

function selectionCost(ctx: Walk, set: SelectionSetNode, type: GraphQLObjectType, edgesSize?: number): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      total += fieldCost(ctx, sel, type, sel.name.value === 'edges' ? edgesSize : undefined);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(ctx, sel.selectionSet, conditionType(ctx, sel.typeCondition?.name.value) ?? type, edgesSize);
    } else {
      const name = sel.name.value;
      const fragment = ctx.fragments.get(name);
      if (!fragment || ctx.spreading.has(name)) continue;
      ctx.spreading.add(name);
      total += selectionCost(ctx, fragment.selectionSet, conditionType(ctx, fragment.typeCondition.name.value) ?? type, edgesSize);
      ctx.spreading.delete(name);
    }
  }
  return total;
}

/** An object type named by a fragment; an interface or union condition is costed on the parent. */
function conditionType(ctx: Walk, name: string | undefined): GraphQLObjectType | undefined {
  const t = name ? ctx.schema.getType(name) : undefined;
  return t && isObjectType(t) ? t : undefined;
}

function fieldCost(ctx: Walk, node: FieldNode, parent: GraphQLObjectType, sizeFromConnection?: number): number {
  const name = node.name.value;
  if (name.startsWith('__')) return 0;
  const field = parent.getFields()[name];
  if (!field) return 0;
  const named = getNamedType(field.type);
  if (field.extensions?.anonymousBudget === true) ctx.anonymousBudget.add(`${parent.name}.${name}`);
  const own = typeof field.extensions?.cost === 'number' ? field.extensions.cost : isCompositeType(named) ? 1 : 0;
  let inner = 0;
  if (node.selectionSet && isObjectType(named)) {
    inner = selectionCost(ctx, node.selectionSet, named, pageSize(ctx, field, node));
  }
  if (!isListType(getNullableType(field.type))) return own + inner;
  const size = sizeFromConnection ?? (typeof field.extensions?.listSize === 'number' ? field.extensions.listSize : UNDECLARED_LIST_SIZE);
  return size * (own + inner);
}

/** For a connection (a field with `first` whose type has `edges`): the page size asked for. */
function pageSize(ctx: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  if (!field.args.some((a) => a.name === 'first')) return undefined;
  let first: unknown;
  try {
    first = getArgumentValues(field, node, ctx.variables).first;
  } catch {
    return MAX_PAGE; // a value the operation will refuse anyway: costed as the largest page
  }
  if (typeof first !== 'number' || !Number.isFinite(first)) return DEFAULT_PAGE;
  return Math.max(0, Math.min(MAX_PAGE, Math.floor(first)));
}

/** Every list field of objects in the schema that declares no size and is not a connection's edges. */
export function listsWithoutSize(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isConnection = type.name.endsWith('Connection');
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) continue;
      if (isConnection && field.name === 'edges') continue;
      if (typeof field.extensions?.listSize !== 'number') missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}
