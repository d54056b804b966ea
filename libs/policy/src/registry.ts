import { RegionCode } from '@benefit/shared';
import { RegionPack } from './pack';
import { ParameterBook, ParameterDefinition, ParameterRecord } from './parameters';
import { nanchongPack } from './packs/nanchong';
import { priorPaymentsOnlyPack } from './packs/generic';

export const PACKS: Record<RegionCode, RegionPack> = {
  nanchong: nanchongPack,
  // Choice until their packs land: Yancheng computes assistance itself (盐政办发〔2022〕73号), so priorPayments may not carry it there
  yancheng: priorPaymentsOnlyPack('yancheng', true),
  jingjiang: priorPaymentsOnlyPack('jingjiang', false),
  shanting: priorPaymentsOnlyPack('shanting', false),
};

export const packFor = (region: RegionCode): RegionPack => PACKS[region];

export const ALL_PARAMETER_DEFINITIONS: ReadonlyMap<string, ParameterDefinition> = new Map(
  Object.values(PACKS).flatMap((p) => p.parameters.map((d) => [d.key, d] as const)),
);

export const parameterBook = (records: ParameterRecord[] = [], revision = -1) => new ParameterBook(ALL_PARAMETER_DEFINITIONS, records, revision);
