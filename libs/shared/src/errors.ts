/**
 * Errors the core raises. The HTTP edge maps each kind to one status (shared/API.md):
 * invalid → 400, not_found → 404, conflict → 409, refused → 422.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'refused';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    /** Short machine-readable code, becomes the problem `type` suffix. */
    readonly code: string = kind,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const invalid = (errors: FieldError[], detail?: string) =>
  new DomainError('invalid', 'Invalid request', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors, 'invalid');
export const notFound = (what: string, detail: string) => new DomainError('not_found', `${what} not found`, detail, undefined, 'not-found');
export const conflict = (code: string, detail: string) => new DomainError('conflict', 'Conflict with recorded state', detail, undefined, code);
export const refused = (code: string, detail: string, field?: string) =>
  new DomainError('refused', 'Refused by a rule', detail, field ? [{ field, message: detail }] : undefined, code);
