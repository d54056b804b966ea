/** Parameter values as events in the stream `parameters` (effective-dated; recordedAt = when known). */
import { IsoDate } from '@benefit/shared';

export interface ParameterRecorded {
  type: 'ParameterRecorded';
  data: { key: string; effectiveFrom: IsoDate; effectiveTo: IsoDate | null; value: number | string | boolean; reason: string };
}

export const PARAMETER_STREAM = 'parameters';
