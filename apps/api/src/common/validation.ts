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
import { ArgumentMetadata, ValidationError, ValidationPipe, applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested, ValidationOptions, getMetadataStorage, registerDecorator, ValidationArguments } from 'class-validator';
import { compiledTransform } from './compiled-validation';
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

/** Errors one 400 lists at most (a 5,000-element body once listed 40,000, in megabytes of problem+json). */
export const MAX_FIELD_ERRORS = 100;

function refuse(errors: FieldError[]) {
  if (errors.length <= MAX_FIELD_ERRORS) return invalid(errors);
  const shown = errors.slice(0, MAX_FIELD_ERRORS);
  return invalid(shown, `${shown.map((e) => `${e.field}: ${e.message}`).join('; ')}; and ${errors.length - MAX_FIELD_ERRORS} more errors`);
}

// class-transformer's record of @Type(): its typings live apart from the module that holds it
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Dto = new () => object;
interface SizePlan {
  /** Every property the DTO validates: what whitelisting keeps. */
  known: Set<string>;
  /** Array properties with their ArrayMaxSize. */
  arrays: { property: string; max: number }[];
  /** Properties holding nested DTOs. */
  nested: { property: string; type: Dto }[];
}
const plans = new Map<Dto, SizePlan>();

function planOf(dto: Dto): SizePlan {
  let plan = plans.get(dto);
  if (plan) return plan;
  plan = { known: new Set(), arrays: [], nested: [] };
  plans.set(dto, plan);
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    plan.known.add(m.propertyName);
    if (m.name === 'arrayMaxSize') plan.arrays.push({ property: m.propertyName, max: Number(m.constraints[0]) });
    if (m.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(dto, m.propertyName)?.typeFunction() as Dto | undefined;
      if (type) plan.nested.push({ property: m.propertyName, type });
    }
  }
  return plan;
}

/**
 * Before class-transformer and class-validator run (they build an object, and errors, for every
 * element and key, so a body of thousands of elements held the event loop for seconds): arrays
 * longer than their ArrayMaxSize are refused, and fields the DTO does not know are dropped, as
 * whitelisting would drop them after copying them. Walks only the DTO's own fields; a DTO without
 * any validated field (a plain Object) is left to the pipe as before.
 */
function oversizedArrays(value: unknown, dto: Dto, prefix = ''): FieldError[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const plan = planOf(dto);
  if (plan.known.size === 0) return [];
  const body = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  const at = (property: string) => (prefix ? `${prefix}.${property}` : property);
  for (const { property, max } of plan.arrays) {
    const v = body[property];
    if (Array.isArray(v) && v.length > max) errors.push({ field: at(property), message: `must contain no more than ${max} elements` });
  }
  if (errors.length) return errors;
  for (const key of Object.keys(body)) if (!plan.known.has(key)) delete body[key];
  for (const { property, type } of plan.nested) {
    const v = body[property];
    if (Array.isArray(v)) v.forEach((element, i) => errors.push(...oversizedArrays(element, type, `${at(property)}[${i}]`)));
    else errors.push(...oversizedArrays(v, type, at(property)));
  }
  return errors;
}

class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype as Dto | undefined;
    if (metadata.type === 'body' && typeof dto === 'function') {
      const errors = oversizedArrays(value, dto);
      if (errors.length) throw refuse(errors);
      // a valid body of a compiled DTO skips class-transformer and class-validator (issue 13.6); a refusal is worded by them
      const instance = compiledTransform(value, dto);
      if (instance) return instance;
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new BoundedValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => refuse(flatten(errors)),
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
export const IsText = (min: number, max: number, o?: ValidationOptions) => custom('isText', (v) => textProblem(v, min, max), o);

/** What is wrong with free text (IsText's check), or null: for text read outside a DTO (a CSV line). */
export function textProblem(v: unknown, min: number, max: number): string | null {
  if (typeof v !== 'string') return 'must be a string';
  if (v.length < min || v.length > max) return `must be ${min}-${max} characters long`;
  if (CONTROL.test(v)) return 'must not contain control characters';
  return LONE_SURROGATE.test(v) ? 'must be well-formed Unicode' : null;
}

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
