import { RegionCode } from '@benefit/shared';
import { RegionPack } from './pack';
import { ParameterBook, ParameterDefinition, ParameterRecord } from './parameters';
import { jingjiangPack } from './packs/jingjiang';
import { nanchongPack } from './packs/nanchong';
import { shantingPack } from './packs/shanting';
import { yanchengPack } from './packs/yancheng';

export const PACKS: Record<RegionCode, RegionPack> = {
  nanchong: nanchongPack,
  yancheng: yanchengPack,
  jingjiang: jingjiangPack,
  shanting: shantingPack,
};

export const packFor = (region: RegionCode): RegionPack => PACKS[region];

export const ALL_PARAMETER_DEFINITIONS: ReadonlyMap<string, ParameterDefinition> = new Map(
  Object.values(PACKS).flatMap((p) => p.parameters.map((d) => [d.key, d] as const)),
);

export const parameterBook = (records: ParameterRecord[] = [], revision = -1) => new ParameterBook(ALL_PARAMETER_DEFINITIONS, records, revision);
