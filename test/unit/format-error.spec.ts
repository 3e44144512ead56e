import { variableFields } from '../../src/common/graphql/format-error';

describe('naming the field of a variable-coercion error', () => {
  it('names the input field inside an input object', () => {
    expect(variableFields('Variable "$i" got invalid value "1.005" at "i.amountOwed"; money must have at most two decimals')).toEqual(['amountOwed']);
  });

  it('names a nested field by its path below the variable', () => {
    expect(variableFields('Variable "$i" got invalid value "x" at "i.employer.creditCode"; Expected type')).toEqual(['employer.creditCode']);
  });

  it('names a plain variable by its name', () => {
    expect(variableFields('Variable "$amount" got invalid value -5; money must be a non-negative decimal string')).toEqual(['amount']);
  });

  it('names nothing for other messages', () => {
    expect(variableFields('Cannot query field "x" on type "Query".')).toEqual([]);
  });
});
