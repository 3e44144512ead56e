import { GraphQLSchemaHost, TypeMetadataStorage } from '@nestjs/graphql';
import {
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  isCompositeType,
  getNamedType,
} from 'graphql';
import { ACCESS_KEY, AccessRule } from '../../src/modules/access/access.decorator';
import { TestApp } from '../support/test-app';

type Kind = 'Query' | 'Mutation' | 'Subscription';

interface Declared {
  kind: Kind;
  name: string;
  resolver: string;
  rule: AccessRule | undefined;
}

/** Every operation the resolver classes declare, with the access rule on its handler. */
function declaredOperations(): Declared[] {
  const groups: [Kind, ReturnType<typeof TypeMetadataStorage.getQueriesMetadata>][] = [
    ['Query', TypeMetadataStorage.getQueriesMetadata()],
    ['Mutation', TypeMetadataStorage.getMutationsMetadata()],
    ['Subscription', TypeMetadataStorage.getSubscriptionsMetadata()],
  ];
  return groups.flatMap(([kind, metas]) =>
    metas.map((m) => ({
      kind,
      name: m.schemaName,
      resolver: `${m.target.name}.${m.methodName}`,
      rule: Reflect.getMetadata(ACCESS_KEY, (m.target as any).prototype[m.methodName]) as AccessRule | undefined,
    })),
  );
}

function rootFields(schema: GraphQLSchema): { kind: Kind; name: string; field: GraphQLField<unknown, unknown> }[] {
  const roots: [Kind, GraphQLObjectType | null | undefined][] = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => Object.values(type?.getFields() ?? {}).map((field) => ({ kind, name: field.name, field })));
}

/** Literals that pass GraphQL validation for the custom scalars, so that the request reaches the guard. */
const SCALAR_LITERALS: Record<string, string> = {
  String: '"x"',
  ID: '"00000000-0000-4000-8000-000000000000"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  Money: '"1.00"',
  Date: '"2026-01-05"',
  DateTime: '"2026-01-05T09:00:00+08:00"',
};

/** A literal of an input type, with every required field filled in. */
function literal(type: GraphQLInputType): string {
  if (type instanceof GraphQLNonNull) return literal(type.ofType);
  if (type instanceof GraphQLList) return `[${literal(type.ofType)}]`;
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields()).filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (type instanceof GraphQLScalarType) {
    const value = SCALAR_LITERALS[type.name];
    if (!value) throw new Error(`guards.spec: add a literal for the scalar ${type.name}`);
    return value;
  }
  throw new Error(`guards.spec: unexpected input type ${String(type)}`);
}

/** A minimal document calling one root field, required arguments filled with dummy literals. */
function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((a: GraphQLArgument) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const args = required.length ? `(${required.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} { ${field.name}${args}${selection} }`;
}

/** The operations anyone may call; any other operation must demand a session. */
const PUBLIC_OPERATIONS = [
  'Query.unit',
  'Query.units',
  'Query.searchUnits',
  'Mutation.login',
  'Mutation.refreshSession',
  'Mutation.logout',
  'Mutation.registerWorker',
  // 四公开: procedures, time limits, the claim form's bounds and the results per unit
  'Query.publicProcedures',
  'Query.claimBounds',
  'Query.publicResults',
  // the published blacklist (失信名单)
  'Query.publishedBlacklist',
];

describe('every operation declares its guard', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    t = await TestApp.start();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => t.close());

  it('every Query, Mutation and Subscription resolver method carries an access rule', () => {
    const declared = declaredOperations();
    expect(declared.length).toBeGreaterThan(0);
    const missing = declared.filter((d) => !d.rule).map((d) => `${d.kind}.${d.name} (${d.resolver})`);
    expect(missing).toEqual([]);
    for (const d of declared) expect(['public', 'authenticated', 'roles']).toContain(d.rule!.kind);
  });

  it('the walk covers exactly the root fields of the running schema', () => {
    const walked = declaredOperations().map((d) => `${d.kind}.${d.name}`).sort();
    const served = rootFields(schema).map((f) => `${f.kind}.${f.name}`).sort();
    expect(walked).toEqual(served);
    expect(served).toEqual(expect.arrayContaining(['Query.unit', 'Query.me', 'Query.users', 'Mutation.login', 'Mutation.createUser']));
  });

  it('only the sign-in operations, the unit tree and the published pages (四公开) are public', () => {
    const pub = declaredOperations().filter((d) => d.rule?.kind === 'public').map((d) => `${d.kind}.${d.name}`).sort();
    expect(pub).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it('some declared rules, as the contract states them', () => {
    const rules = new Map(declaredOperations().map((d) => [`${d.kind}.${d.name}`, d.rule]));
    expect(rules.get('Query.me')).toEqual({ kind: 'authenticated' });
    expect(rules.get('Query.users')).toEqual({ kind: 'roles', roles: ['ADMIN'] });
    expect(rules.get('Mutation.createUser')).toEqual({ kind: 'roles', roles: ['ADMIN'] });
  });

  it('every non-public Query and Mutation called without a token answers UNAUTHENTICATED', async () => {
    const pub = new Set(PUBLIC_OPERATIONS);
    const guarded = rootFields(schema).filter((f) => f.kind !== 'Subscription' && !pub.has(`${f.kind}.${f.name}`));
    expect(guarded.length).toBeGreaterThan(2);
    const answers: Record<string, string | undefined> = {};
    const expected: Record<string, string> = {};
    for (const f of guarded) {
      const doc = documentFor(f.kind === 'Query' ? 'query' : 'mutation', f.field);
      const r = await t.anonymous.gql(doc);
      answers[`${f.kind}.${f.name}`] = r.errors?.[0]?.extensions?.code ?? `no error: ${JSON.stringify(r.data)}`;
      expected[`${f.kind}.${f.name}`] = 'UNAUTHENTICATED';
    }
    expect(answers).toEqual(expected);
  });

  it('a forged token is UNAUTHENTICATED as well, for a guarded query without arguments', async () => {
    expect(await t.as({ token: 'not-a-jwt' }).code('{ me { id } }')).toBe('UNAUTHENTICATED');
    expect(await t.as({ token: 'not-a-jwt' }).code('{ users { totalCount } }')).toBe('UNAUTHENTICATED');
  });
});
