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
  /** Input classes whose empty instance passes validation: an omitted argument of one is that instance, without validating it again. */
  private readonly emptyPasses = new Map<InputClass, boolean>();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === undefined || value === null) return this.omitted(value, metadata);
    if (!isGraphqlArgument(metadata)) return this.validation.transform(value, metadata);
    const inside = value !== null && typeof value === 'object' && !Array.isArray(value);
    const at = unstorableTextPath(value, inside ? '' : (metadata.data ?? ''));
    if (at !== null) {
      const field = at || metadata.data || 'input';
      throw badInput(field, `${field} contains characters that cannot be stored (NUL or an unpaired surrogate)`);
    }
    return this.validation.transform(value, metadata);
  }

  /**
   * An omitted input object (a list's filter, say) is what the validation pipe makes of it, an empty
   * instance of its class, as long as that instance passes: learnt once per class, since the result
   * can only differ by the class's own rules (it fails again and again where a rule requires a field).
   */
  private async omitted(value: null | undefined, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype as InputClass | undefined;
    if (!type || typeof type !== 'function' || NOT_VALIDATED.has(type)) return this.validation.transform(value, metadata);
    if (this.emptyPasses.get(type)) return new type();
    try {
      const result = await this.validation.transform(value, metadata);
      this.emptyPasses.set(type, true);
      return result;
    } catch (err) {
      this.emptyPasses.set(type, false);
      throw err;
    }
  }
}

type InputClass = new () => object;
/** The types Nest's ValidationPipe does not validate (it answers their value as it came). */
const NOT_VALIDATED = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);

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
