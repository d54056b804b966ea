/**
 * Input validation: class-validator DTOs, every failing field named with its path
 * (e.g. `items[2].amountFen`), in one problem+json 400.
 *
 * What cannot be bypassed (issue 10): a nested DTO is declared with `NestedObject` / `NestedArray`,
 * which refuse an array where an object belongs and a primitive where an array of objects belongs
 * (class-validator's ValidateNested alone accepts `[[]]` and validates nothing inside it); every
 * array has a maximum size; every amount a maximum (money.ts); every date and month the domain's
 * window (dates.ts). `validation.spec.ts` walks the DTOs of every route to keep it so.
 */
import { ValidationError, ValidationPipe, applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested, ValidationOptions, registerDecorator, ValidationArguments } from 'class-validator';
import { FieldError, MAX_CLAIM_FEN, dateProblem, invalid, monthProblem, residentIdProblem, todayInChina } from '@benefit/shared';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

export const validationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => invalid(flatten(errors)),
});

function custom(name: string, check: (value: unknown) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args: ValidationArguments) => check(args.value) ?? 'invalid',
      },
    });
}

/** A calendar date inside the domain's window (1990-01-01 to today + DATE_WINDOW_YEARS_AHEAD years). */
export const IsIsoDate = (o?: ValidationOptions) => custom('isIsoDate', (v) => dateProblem(v), o);
/** A month inside the domain's window. */
export const IsMonth = (o?: ValidationOptions) => custom('isMonth', (v) => monthProblem(v), o);
export const IsResidentId = (o?: ValidationOptions) => custom('isResidentId', (v) => residentIdProblem(v, todayInChina()), o);

type FenOptions = ValidationOptions & { /** The field's bound (money.ts); default MAX_CLAIM_FEN. */ maxFen?: number };
const fenCheck = (min: number, maxFen: number, what: string) => (v: unknown) =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= maxFen ? null : `must be ${what} integer number of fen, at most ${maxFen}`;
export const IsFen = ({ maxFen = MAX_CLAIM_FEN, ...o }: FenOptions = {}) => custom('isFen', fenCheck(0, maxFen, 'a non-negative'), o);
export const IsPositiveFen = ({ maxFen = MAX_CLAIM_FEN, ...o }: FenOptions = {}) => custom('isPositiveFen', fenCheck(1, maxFen, 'a positive'), o);
export const IsNotInFuture = (o?: ValidationOptions) =>
  custom('isNotInFuture', (v) => (typeof v !== 'string' || v <= todayInChina() ? null : `must not be after today (${todayInChina()}, China time)`), o);

/** C0 and C1 control characters and DEL: never part of a name, a code or a reason. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Free text of `min`–`max` characters: no control characters, no lone UTF-16 surrogates (they cannot be stored as UTF-8). */
export const IsText = (min: number, max: number, o?: ValidationOptions) =>
  custom(
    'isText',
    (v) => {
      if (typeof v !== 'string') return 'must be a string';
      if (v.length < min || v.length > max) return `must be ${min}-${max} characters long`;
      if (CONTROL.test(v)) return 'must not contain control characters';
      return LONE_SURROGATE.test(v) ? 'must be well-formed Unicode' : null;
    },
    o,
  );

const OBJECT = { message: 'must be an object' };

/** One nested object of class `type`: an array or a primitive in its place is refused, not validated as empty. */
export const NestedObject = (type: () => new () => object) => applyDecorators(IsObject(OBJECT), ValidateNested(), Type(type));

/** An array of at most `max` (and at least `min`) objects of class `type`; an array or a primitive as an element is refused. */
export const NestedArray = (type: () => new () => object, { min = 0, max }: { min?: number; max: number }) =>
  applyDecorators(
    IsArray(),
    ...(min > 0 ? [ArrayMinSize(min)] : []),
    ArrayMaxSize(max),
    IsObject({ each: true, message: 'each element must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
