import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AppError } from '../../src/common/errors';
import { ArgumentsPipe } from '../../src/common/validation.pipe';

class OptionalFilter {
  @IsOptional()
  @MaxLength(3)
  status?: string;
}

class RequiredInput {
  @IsString()
  name!: string;
}

/** How @nestjs/graphql hands an @Args parameter to the pipes. */
const arg = (metatype: ArgumentMetadata['metatype'], data: string): ArgumentMetadata => ({ type: 3 as unknown as 'custom', metatype, data });

describe('ArgumentsPipe', () => {
  it('an omitted optional input object is an empty instance of its class, the first time and every time after', async () => {
    const pipe = new ArgumentsPipe();
    for (const omitted of [undefined, null, undefined]) {
      const out = await pipe.transform(omitted, arg(OptionalFilter, 'filter'));
      expect(out).toBeInstanceOf(OptionalFilter);
      expect(out).toEqual(new OptionalFilter());
    }
    // Each caller gets its own instance: one resolver's change cannot reach the next request.
    expect(await pipe.transform(undefined, arg(OptionalFilter, 'filter'))).not.toBe(await pipe.transform(undefined, arg(OptionalFilter, 'filter')));
  });

  it('an omitted argument whose class requires a field fails every time, not only the first', async () => {
    const pipe = new ArgumentsPipe();
    for (let i = 0; i < 3; i++) {
      const err = await Promise.resolve(pipe.transform(undefined, arg(RequiredInput, 'input'))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).fields).toEqual(['name']);
    }
  });

  it('a given input object is still validated after an omitted one passed', async () => {
    const pipe = new ArgumentsPipe();
    await pipe.transform(undefined, arg(OptionalFilter, 'filter'));
    const err = await Promise.resolve(pipe.transform({ status: 'TOO_LONG' }, arg(OptionalFilter, 'filter'))).catch((e: unknown) => e);
    expect((err as AppError).fields).toEqual(['status']);
    expect(await pipe.transform({ status: 'ABC' }, arg(OptionalFilter, 'filter'))).toEqual(Object.assign(new OptionalFilter(), { status: 'ABC' }));
  });

  it('omitted scalars stay as they came', async () => {
    const pipe = new ArgumentsPipe();
    expect(await pipe.transform(undefined, arg(String, 'after'))).toBeUndefined();
    expect(await pipe.transform(null, arg(Number, 'first'))).toBeNull();
  });
});
