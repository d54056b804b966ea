/**
 * Compiled validation (issue 13.6): class-validator spent 13–17% of an HTTP claim building a
 * class-transformer copy, a ValidationError per property and a promise per body. Here each body
 * DTO is compiled once, from class-validator's own metadata (the decorators OpenAPI is generated
 * beside, so there is still one source), into a plan of closures that call the very constraint
 * functions class-validator calls, and the DTO instance is built without class-transformer.
 *
 * What it claims: for a body it accepts, class-validator would accept it too and the handler gets
 * the same instance (same class, same fields, unknown ones dropped). A body it refuses goes to
 * class-validator, so every 400 keeps class-validator's messages word for word; the failures it
 * reports itself (`failuresOf`) name the same fields, which `compiled-validation.spec.ts` checks
 * on random bodies. A DTO holding a decorator outside COMPILED_CONSTRAINTS is not compiled and
 * stays with class-validator (`compiled-validation.e2e.spec.ts` lists which DTOs are compiled).
 */
import { getMetadataStorage, ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer's record of @Type(): its typings live apart from the module that holds it
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Dto = new () => object;

/**
 * Constraints whose verdict depends only on the value and the decorator's own arguments (never on
 * the rest of the object, never asynchronous): the ones a compiled plan may call directly.
 */
export const COMPILED_CONSTRAINTS: ReadonlySet<string> = new Set([
  'isDefined', 'isString', 'isBoolean', 'isInt', 'isIn', 'matches', 'min', 'max', 'isArray', 'arrayMinSize', 'arrayMaxSize', 'isObject',
  // apps/api/src/common/validation.ts: each a pure check of the value (dates read today's date, as class-validator's call does)
  'isFen', 'isPositiveFen', 'isIsoDate', 'isMonth', 'isNotInFuture', 'isText', 'isResidentId',
]);

interface Rule {
  /** The constraint's name: class-validator keeps one error per name and property. */
  name: string;
  each: boolean;
  check: (value: unknown) => boolean;
}

interface Property {
  name: string;
  /** @IsOptional: null or undefined skips every rule, as class-validator's conditional validation does. */
  optional: boolean;
  /** In class-validator's order: IsDefined first, then the constraints as declared. */
  rules: Rule[];
  /** The compiled plan of the nested DTO (NestedObject / NestedArray). */
  nested?: Plan;
}

export interface Plan {
  dto: Dto;
  properties: Property[];
}

/** One failing constraint, at class-validator's path of it (`items[2].amountFen`). */
export interface Failure {
  field: string;
  constraint: string;
}

const plans = new Map<Dto, Plan | null>();

/** The DTO's compiled plan, built on first use and kept; null when a decorator is not one the compiler knows. */
export function compiledPlanOf(dto: Dto): Plan | null {
  if (plans.has(dto)) return plans.get(dto)!;
  plans.set(dto, null); // a DTO that holds itself stays with class-validator
  const plan = compile(dto);
  plans.set(dto, plan);
  return plan;
}

function compile(dto: Dto): Plan | null {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses such a body
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const properties: Property[] = [];
  for (const [name, ms] of byProperty) {
    const property = compileProperty(dto, name, ms);
    if (!property) return null;
    properties.push(property);
  }
  return { dto, properties };
}

function compileProperty(dto: Dto, name: string, ms: ValidationMetadata[]): Property | null {
  const property: Property = { name, optional: false, rules: [] };
  const defined: Rule[] = [];
  for (const m of ms) {
    if (m.groups?.length || m.always) return null;
    if (m.type === 'whitelistValidation') continue; // @Allow: kept, nothing checked
    if (m.type === 'conditionalValidation' && m.name === 'isOptional') property.optional = true;
    else if (m.type === 'isDefined' || m.type === 'customValidation') {
      const rule = compileRule(dto, m);
      if (!rule) return null;
      (m.type === 'isDefined' ? defined : property.rules).push(rule);
    } else if (m.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(dto, name);
      const nested = type && !type.options?.discriminator ? compiledPlanOf(type.typeFunction() as Dto) : null;
      if (!nested) return null;
      property.nested = nested;
    } else return null; // ValidateIf, promises: not compiled
  }
  property.rules.unshift(...defined);
  return property;
}

function compileRule(dto: Dto, m: ValidationMetadata): Rule | null {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls);
  const name = constraints[0]?.name ?? m.name;
  if (constraints.length !== 1 || constraints[0].async || !name || !COMPILED_CONSTRAINTS.has(name)) return null;
  const { instance } = constraints[0];
  // none of COMPILED_CONSTRAINTS reads the object or the value from the arguments: one object serves every call
  const args: ValidationArguments = { targetName: dto.name, property: m.propertyName, object: {}, value: undefined, constraints: m.constraints };
  return { name, each: !!m.each, check: (value) => !!instance.validate(value, args) };
}

const passes = (rule: Rule, value: unknown) => (rule.each && Array.isArray(value) ? value.every(rule.check) : rule.check(value));

/** Whether the body passes: the fast question, asked of every request. */
export function isValid(plan: Plan, body: Record<string, unknown>): boolean {
  for (const p of plan.properties) {
    const value = body[p.name];
    if (p.optional && (value === null || value === undefined)) continue;
    for (const rule of p.rules) if (!passes(rule, value)) return false;
    if (p.nested && value !== undefined && !nestedIsValid(p.nested, value)) return false;
  }
  return true;
}

/** class-validator's nestedValidations: arrays element by element (arrays in arrays too), objects by their plan, anything else fails. */
function nestedIsValid(plan: Plan, value: unknown): boolean {
  if (Array.isArray(value)) return value.every((element) => element === undefined || nestedIsValid(plan, element));
  return value instanceof Object && isValid(plan, value as Record<string, unknown>);
}

/** The failures class-validator would list, in its order: what the agreement spec compares. */
export function failuresOf(plan: Plan, body: Record<string, unknown>, prefix = '', out: Failure[] = []): Failure[] {
  for (const p of plan.properties) {
    const value = body[p.name];
    if (p.optional && (value === null || value === undefined)) continue;
    const field = prefix ? `${prefix}.${p.name}` : p.name;
    const failed = new Set<string>();
    for (const rule of p.rules) if (!failed.has(rule.name) && !passes(rule, value)) failed.add(rule.name);
    for (const constraint of failed) out.push({ field, constraint });
    if (p.nested && value !== undefined) nestedFailures(p.nested, value, field, out);
  }
  return out;
}

function nestedFailures(plan: Plan, value: unknown, field: string, out: Failure[]): void {
  if (Array.isArray(value)) value.forEach((element, i) => element !== undefined && nestedFailures(plan, element, `${field}[${i}]`, out));
  else if (value instanceof Object) failuresOf(plan, value as Record<string, unknown>, field, out);
  else out.push({ field, constraint: 'nestedValidation' });
}

/** What instanceOf returns for a shape it leaves to class-transformer. */
const NOT_PLAIN = Symbol('not plain');

/**
 * The instance class-transformer's plainToInstance builds after whitelisting, for a valid body:
 * `new dto()`, then each known field present; nested DTOs as their classes; arrays of primitives
 * copied. Any other object where no nested DTO is declared (class-transformer would deep-copy it)
 * answers NOT_PLAIN, and the body goes the class-validator way.
 */
function instanceOf(plan: Plan, body: Record<string, unknown>): object | typeof NOT_PLAIN {
  const out = new plan.dto() as Record<string, unknown>;
  for (const p of plan.properties) {
    if (!Object.hasOwn(body, p.name)) continue;
    const value = p.nested ? nestedInstance(p.nested, body[p.name]) : plainCopy(body[p.name]);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    out[p.name] = value;
  }
  return out;
}

function nestedInstance(plan: Plan, value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const element = isPlainObject(value[i]) ? instanceOf(plan, value[i] as Record<string, unknown>) : NOT_PLAIN;
      if (element === NOT_PLAIN) return NOT_PLAIN;
      out[i] = element;
    }
    return out;
  }
  return isPlainObject(value) ? instanceOf(plan, value as Record<string, unknown>) : NOT_PLAIN;
}

function plainCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object') ? value.slice() : NOT_PLAIN;
}

const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The DTO instance for a valid JSON body of a compiled DTO, or undefined: the DTO is not compiled,
 * the body is not a plain object, it fails (class-validator then words the 400), or it holds a
 * shape left to class-transformer.
 */
export function compiledTransform(value: unknown, dto: Dto): object | undefined {
  const plan = compiledPlanOf(dto);
  if (!plan || !isPlainObject(value) || !isValid(plan, value as Record<string, unknown>)) return undefined;
  const instance = instanceOf(plan, value as Record<string, unknown>);
  return instance === NOT_PLAIN ? undefined : instance;
}
