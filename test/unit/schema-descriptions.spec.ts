import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';

/**
 * Every element of the schema a bureau's client can see: types (the root types too), fields,
 * arguments, input fields and enum values, each with its description. The same rules as
 * `npm run schema:lint` (graphql-schema-linter), here so that `npm test` fails on a gap too.
 */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (d: string | null | undefined) => !d?.trim();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

describe('the printed schema documents itself', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));

  it('every type, field, argument, input field and enum value of schema.graphql has a description', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('the check names each undocumented element (an SDL with gaps of every kind)', () => {
    const gaps = buildSchema(`
      """Documented."""
      type Query { a(x: Int): E b: Int }
      enum E { ON "Documented." OFF }
      input I { y: Int }
      "Documented."
      type Mutation { c(i: I): Int }
    `);
    expect(undocumented(gaps)).toEqual(['Query.a', 'Query.a(x)', 'Query.b', 'E', 'E.ON', 'I', 'I.y', 'Mutation.c', 'Mutation.c(i)']);
  });

  it("PageInfo has Relay's four fields: hasPreviousPage and hasNextPage non-null Booleans, startCursor and endCursor nullable Strings", () => {
    const pageInfo = schema.getType('PageInfo');
    if (!isObjectType(pageInfo)) throw new Error('PageInfo is not an object type');
    const fields = pageInfo.getFields();
    for (const name of ['hasPreviousPage', 'hasNextPage']) expect(String(fields[name]?.type)).toBe('Boolean!');
    for (const name of ['startCursor', 'endCursor']) {
      expect(isNonNullType(fields[name]?.type)).toBe(false);
      expect(getNamedType(fields[name]!.type).name).toBe('String');
    }
  });
});
