/** Parameter values as events in the stream `parameters` (effective-dated; recordedAt = when known). */
import { IsoDate } from '@benefit/shared';

/** A parameter value as stored, schema version 1 (no `v` in data: see ../events/index.ts). */
export interface ParameterRecordedV1 {
  type: 'ParameterRecorded';
  data: { key: string; effectiveFrom: IsoDate; effectiveTo: IsoDate | null; value: number | string | boolean; reason: string };
}
export type ParameterRecorded = ParameterRecordedV1;

export const PARAMETER_STREAM = 'parameters';
