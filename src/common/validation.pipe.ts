import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from './errors';

/** class-validator failures become BAD_USER_INPUT naming every field at fault (dotted paths). */
export function validationPipe(): ValidationPipe {
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
