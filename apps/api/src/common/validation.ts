/**
 * Input validation: class-validator DTOs, every failing field named with its path
 * (e.g. `items[2].amountFen`), in one problem+json 400.
 */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationOptions, registerDecorator, ValidationArguments } from 'class-validator';
import { FieldError, invalid, isValidDate, isValidMonth, residentIdProblem, todayInChina } from '@benefit/shared';

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

export const IsIsoDate = (o?: ValidationOptions) => custom('isIsoDate', (v) => (isValidDate(v) ? null : 'must be a calendar date YYYY-MM-DD'), o);
export const IsMonth = (o?: ValidationOptions) => custom('isMonth', (v) => (isValidMonth(v) ? null : 'must be a month YYYY-MM'), o);
export const IsResidentId = (o?: ValidationOptions) => custom('isResidentId', (v) => residentIdProblem(v, todayInChina()), o);
export const IsFen = (o?: ValidationOptions) =>
  custom('isFen', (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : 'must be a non-negative integer number of fen'), o);
export const IsPositiveFen = (o?: ValidationOptions) =>
  custom('isPositiveFen', (v) => (Number.isSafeInteger(v) && (v as number) > 0 ? null : 'must be a positive integer number of fen'), o);
export const IsNotInFuture = (o?: ValidationOptions) =>
  custom('isNotInFuture', (v) => (typeof v !== 'string' || v <= todayInChina() ? null : `must not be after today (${todayInChina()}, China time)`), o);
