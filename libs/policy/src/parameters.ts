/**
 * Effective-dated parameters (after OpenFisca's parameter files). A value has a start date,
 * an optional end, and the document it came from. A value recorded later for the same start
 * date supersedes the earlier one from then on; both stay in history (known vs. effective).
 */
import { IsoDate, MAX_PARAMETER_FEN, dateProblem, refused } from '@benefit/shared';

/**
 * `rate`: a fraction 0–1 (0.5 = 50%); `factor`: a non-negative multiple held like a rate (3 = 3×);
 * `count`: a non-negative whole number (hours, a risk level).
 */
export type ParameterUnit = 'fen' | 'rate' | 'factor' | 'count' | 'date' | 'boolean';

export interface ParameterDefault {
  from: IsoDate;
  to?: IsoDate;
  value: number | string | boolean;
}

export interface ParameterDefinition {
  key: string;
  unit: ParameterUnit;
  description: string;
  /** Document and article, e.g. '南府办发〔2022〕33号 art. 7(1)'. */
  source: string;
  /** Values the seed does not give: shown as illustrative wherever they are used. */
  illustrative?: boolean;
  /** Values written in the policy document; none means the agency must record one. */
  defaults: ParameterDefault[];
  /**
   * A bound the document itself sets (e.g. 山亭 一: co-pay at most 10%): what is wrong with a
   * value of the right unit, or null. `PUT /v1/parameters` refuses a value it rejects.
   */
  validate?: (value: number | string | boolean) => string | null;
}

/** A value recorded through `PUT /v1/parameters/{key}` (event ParameterRecorded). */
export interface ParameterRecord {
  key: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  value: number | string | boolean;
  reason: string;
  recordedAt: string;
  /** Revision in the parameter stream: the order in which values became known. */
  revision: number;
}

export interface ResolvedParameter {
  key: string;
  value: number | string | boolean;
  effectiveFrom: IsoDate;
  source: string;
  illustrative: boolean;
  /** -1 for the document's own value, otherwise the revision of the record used. */
  revision: number;
}

interface Candidate {
  from: IsoDate;
  to: IsoDate | null;
  value: number | string | boolean;
  revision: number;
  source: string;
}

/** Hours, levels and other counts a pack reads: far above any (a filing window of 48 h, a risk level of 3). */
const MAX_COUNT = 1_000_000;

/** Rates are held as integer basis points so that every percentage rounds exactly. */
export function rateToBasisPoints(rate: number): number | null {
  const bp = Math.round(rate * 10000);
  return Math.abs(bp - rate * 10000) < 1e-6 ? bp : null;
}

/**
 * Every parameter a pack knows, with the values recorded so far. Immutable: recording a value
 * gives a new book, so a settlement always sees one consistent set (its `revision`).
 */
export class ParameterBook {
  private readonly byKey: Map<string, Candidate[]>;

  constructor(
    readonly definitions: ReadonlyMap<string, ParameterDefinition>,
    readonly records: readonly ParameterRecord[] = [],
    /** Revision of the last record known: part of every policyVersion. */
    readonly revision: number = -1,
  ) {
    this.byKey = new Map();
    for (const def of definitions.values()) {
      this.byKey.set(
        def.key,
        def.defaults.map((d) => ({ from: d.from, to: d.to ?? null, value: d.value, revision: -1, source: def.source })),
      );
    }
    for (const r of records) {
      const def = definitions.get(r.key);
      if (!def) continue; // a key a later version of the code no longer knows
      this.byKey.get(r.key)!.push({
        from: r.effectiveFrom,
        to: r.effectiveTo,
        value: r.value,
        revision: r.revision,
        source: `${def.source}; recorded ${r.recordedAt.slice(0, 10)}: ${r.reason}`,
      });
    }
  }

  with(record: ParameterRecord): ParameterBook {
    return this.withRecords([record]);
  }

  /** The book with these records added, built once: adding n records one by one would cost n books. */
  withRecords(records: readonly ParameterRecord[]): ParameterBook {
    const revision = records.reduce((max, r) => Math.max(max, r.revision), this.revision);
    return new ParameterBook(this.definitions, [...this.records, ...records], revision);
  }

  /** The book as it was known after parameter revision `revision` (for as-of queries). */
  asKnownAt(revision: number): ParameterBook {
    return new ParameterBook(
      this.definitions,
      this.records.filter((r) => r.revision <= revision),
      revision,
    );
  }

  has(key: string): boolean {
    return this.definitions.has(key);
  }

  /** The value in force on `date`; fails loudly when none is (never a silent 0). */
  resolve(key: string, date: IsoDate): ResolvedParameter {
    const def = this.definitions.get(key);
    const candidates = this.byKey.get(key);
    if (!def || !candidates) throw new Error(`unknown parameter ${key}: no pack defines it`);
    let best: Candidate | undefined;
    for (const c of candidates) {
      if (c.from > date) continue;
      if (!best || c.from > best.from || (c.from === best.from && c.revision > best.revision)) best = c;
    }
    if (!best) {
      throw refused(
        'parameter-missing',
        `parameter ${key} (${def.description}) has no value in force on ${date}; record one with PUT /v1/parameters/${key} (source: ${def.source})`,
      );
    }
    if (best.to !== null && best.to < date) {
      throw refused(
        'parameter-ended',
        `parameter ${key} ended on ${best.to} and no later value is recorded for ${date}; record one with PUT /v1/parameters/${key}`,
      );
    }
    return { key, value: best.value, effectiveFrom: best.from, source: best.source, illustrative: !!def.illustrative, revision: best.revision };
  }

  fen(key: string, date: IsoDate): number {
    return this.resolve(key, date).value as number;
  }

  /** A rate (or factor) in basis points. */
  rate(key: string, date: IsoDate): number {
    return rateToBasisPoints(this.resolve(key, date).value as number)!;
  }

  count(key: string, date: IsoDate): number {
    return this.resolve(key, date).value as number;
  }

  flag(key: string, date: IsoDate): boolean {
    return this.resolve(key, date).value as boolean;
  }

  date(key: string, date: IsoDate): IsoDate {
    return this.resolve(key, date).value as IsoDate;
  }

  /** Checks a value against its definition (unit, then the document's own bound); returns what is wrong, or null. */
  static valueProblem(def: ParameterDefinition, value: unknown): string | null {
    const problem = ParameterBook.unitProblem(def, value);
    if (problem || !def.validate) return problem;
    return def.validate(value as number | string | boolean);
  }

  private static unitProblem(def: ParameterDefinition, value: unknown): string | null {
    switch (def.unit) {
      case 'fen':
        // bounded so that no limit, credit or premium computed from it can pass 2^53 (money.ts)
        return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_PARAMETER_FEN ? null : `must be an integer number of fen from 0 to ${MAX_PARAMETER_FEN}`;
      case 'rate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return 'must be a fraction between 0 and 1 (0.5 = 50%)';
        return rateToBasisPoints(value) === null ? 'must be a whole number of basis points (at most 4 decimals)' : null;
      case 'factor':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1000)) return 'must be a non-negative multiple (3 = 3×)';
        return rateToBasisPoints(value) === null ? 'must have at most 4 decimals' : null;
      case 'count':
        return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_COUNT ? null : `must be a whole number from 0 to ${MAX_COUNT}`;
      case 'date':
        // a calendar date in the domain's window: 2023-02-30 or 9999-99-99 once switched a programme off
        return dateProblem(value);
      case 'boolean':
        return typeof value === 'boolean' ? null : 'must be true or false';
    }
  }
}

/**
 * Builders for a document's parameters: each value in force over `inForce`, its source the
 * document and article (`doc` may be empty when every article names its own document).
 */
export function documentParameters(doc: string, inForce: { from: IsoDate; to?: IsoDate }) {
  const source = (article: string) => [doc, article].filter(Boolean).join(' ');
  const make =
    (unit: ParameterUnit) =>
    (key: string, description: string, article: string, value: number): ParameterDefinition => ({ key, unit, description, source: source(article), defaults: [{ ...inForce, value }] });
  return {
    fen: make('fen'),
    rate: make('rate'),
    /** A value no seed gives, marked wherever it is used; `why` says which document is missing. */
    illustrative: (key: string, unit: ParameterUnit, description: string, value: number, why: string): ParameterDefinition => ({
      key,
      unit,
      description,
      source: `illustrative: ${why}`,
      illustrative: true,
      defaults: [{ ...inForce, value }],
    }),
  };
}
