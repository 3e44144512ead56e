import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, badInput, ErrorCode } from './errors';
import { unstorableTextPath } from './storable-text';

/**
 * Every argument of every operation, public ones and `login` included, passes here: text the
 * database cannot store (NUL, lone surrogates) is BAD_USER_INPUT naming the field, before any
 * resolver runs; then class-validator failures become BAD_USER_INPUT naming every field at
 * fault (dotted paths inside an input object, the argument's name for a plain argument).
 */
@Injectable()
export class ArgumentsPipe implements PipeTransform {
  private readonly validation = classValidation();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!isGraphqlArgument(metadata)) return this.validation.transform(value, metadata);
    const inside = value !== null && typeof value === 'object' && !Array.isArray(value);
    const at = unstorableTextPath(value, inside ? '' : (metadata.data ?? ''));
    if (at !== null) {
      const field = at || metadata.data || 'input';
      throw badInput(field, `${field} contains characters that cannot be stored (NUL or an unpaired surrogate)`);
    }
    return this.validation.transform(value, metadata);
  }
}

/** @nestjs/graphql hands its parameter kind as a number: 3 for @Args (not the context, info or parent). */
const GQL_ARGS = 3;
function isGraphqlArgument(metadata: ArgumentMetadata): boolean {
  return (metadata.type as unknown) === GQL_ARGS || metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
}

export function validationPipe(): ArgumentsPipe {
  return new ArgumentsPipe();
}

function classValidation(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = flatten(errors);
      return new AppError(
        ErrorCode.BAD_USER_INPUT,
        problems.map((p) => p.message).join('; '),
        problems.map((p) => p.field),
      );
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
