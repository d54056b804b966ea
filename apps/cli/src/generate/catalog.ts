/**
 * What a synthetic city is made of: institutions per region, catalogue items per kind of visit,
 * names, and the parameter values the packs need but the seeds do not give (each pack's synthetic
 * profile). Every value here is synthetic (for demos and benchmarks), never an official figure.
 */
import { CatalogClass, InstitutionLevel, RegionCode } from '@benefit/shared';
import { ItemTag, SYNTHETIC_REGIONS, SyntheticParameter, SyntheticProfile } from '@benefit/policy';

export interface ItemDef {
  code: string;
  name: string;
  kind: 'drug' | 'service' | 'material';
  catalogClass: CatalogClass;
  drugClass?: string;
  tags?: ItemTag[];
}

const drug = (code: string, name: string, catalogClass: CatalogClass, drugClass?: string): ItemDef => ({ code, name, kind: 'drug', catalogClass, ...(drugClass ? { drugClass } : {}) });
const service = (code: string, name: string, catalogClass: CatalogClass, tags?: ItemTag[]): ItemDef => ({ code, name, kind: 'service', catalogClass, ...(tags ? { tags } : {}) });
const material = (code: string, name: string, catalogClass: CatalogClass): ItemDef => ({ code, name, kind: 'material', catalogClass });

export const OUTPATIENT_ITEMS: ItemDef[] = [
  service('110200001', '普通门诊诊查费', 'A'),
  drug('XJ01CA04', '阿莫西林胶囊', 'A'),
  drug('XR05DA09', '右美沙芬片', 'B'),
  service('250101015', '血细胞分析', 'B'),
  service('220600004', '彩色多普勒超声常规检查', 'B'),
  drug('XC10AA05', '阿托伐他汀钙片', 'B'),
  drug('XA02BC01', '奥美拉唑肠溶胶囊', 'A'),
];

export const CLASS_C_ITEMS: ItemDef[] = [
  drug('C-NUTRI-01', '营养补充剂（目录外）', 'C'),
  service('C-SVC-01', '特需门诊诊查费', 'C', ['special_needs']),
  material('C-MAT-01', '功能性敷料（目录外）', 'C'),
];

export const TWO_DISEASES_ITEMS: ItemDef[] = [drug('XC08CA05', '硝苯地平缓释片', 'A'), drug('XA10BA02', '二甲双胍片', 'A'), drug('XC09CA04', '厄贝沙坦片', 'B'), service('110200001', '普通门诊诊查费', 'A')];

export const CHRONIC_ITEMS: ItemDef[] = [drug('XR03BB04', '噻托溴铵粉雾剂', 'B'), service('110200002', '门诊慢特病诊查费', 'A'), drug('XC01DA14', '单硝酸异山梨酯缓释片', 'A'), service('250301001', '肝功能检查', 'B')];

export const SPECIAL_DISEASE_ITEMS: Record<string, ItemDef[]> = {
  cancer_radiochemo: [service('311300001', '放射治疗', 'A'), drug('XL01XC07', '注射用贝伐珠单抗', 'B'), drug('XL01BC06', '卡培他滨片', 'B')],
  dialysis: [service('311000012', '血液透析', 'A'), drug('XB05ZB01', '透析液', 'A'), drug('XB03XA01', '重组人促红素注射液', 'B')],
  transplant_antirejection: [drug('XL04AD02', '他克莫司胶囊', 'B'), drug('XL04AA06', '吗替麦考酚酯片', 'B'), service('250403001', '血药浓度测定', 'B')],
};

export const INPATIENT_ITEMS: ItemDef[] = [
  service('110900001', '床位费', 'A'),
  service('120100001', '护理费', 'A'),
  service('330000001', '手术费', 'A'),
  service('330100001', '麻醉费', 'B'),
  material('C13-001', '一次性使用输液器', 'B'),
  drug('XJ01DD04', '注射用头孢曲松钠', 'A'),
  drug('XJ01DH02', '注射用美罗培南', 'B'),
  service('250101015', '血细胞分析', 'B'),
];

export const INPATIENT_CLASS_C_ITEMS: ItemDef[] = [material('C-MAT-02', '进口人工晶体（目录外）', 'C'), drug('C-DRUG-02', '人血白蛋白（目录外）', 'C'), service('C-SVC-02', '特需病房床位费', 'C', ['special_needs'])];

/** Items a pack excludes by what they are (tags of e.g. 靖政办发〔2018〕107号 二十一). */
export const EXCLUDED_ITEMS: ItemDef[] = [service('230800001', 'PET-CT', 'B', ['pet_ct']), service('310903012', '胶囊内镜检查', 'B', ['capsule_endoscopy']), service('330000099', '超标准收费手术项目', 'B', ['above_tariff'])];

/** Catalogue drugs of the five classes 盐医保发〔2023〕11号 三 makes free for severe mental disorders. */
export const PSYCHIATRIC_ITEMS: ItemDef[] = [
  drug('XN05AH03', '奥氮平片', 'B', 'antipsychotic'),
  drug('XN05AX08', '利培酮片', 'A', 'antipsychotic'),
  drug('XN03AG01', '丙戊酸钠缓释片', 'A', 'antiepileptic'),
  drug('XN06AB06', '舍曲林片', 'B', 'antidepressant'),
  drug('XN05AN01', '碳酸锂缓释片', 'A', 'antimanic'),
  drug('XN05BA06', '劳拉西泮片', 'B', 'anxiolytic'),
];

/** Six institutions per region: four hospital tiers, one non-designated clinic, one pharmacy. */
export interface Institution {
  id: string;
  level: InstitutionLevel;
  designated: boolean;
}

/** The profile of each region of the synthetic city (ids prefix, county code, who lives there), from its pack. */
export const PROFILE = Object.fromEntries(SYNTHETIC_REGIONS.map((r) => [r.region, r.profile])) as Partial<Record<RegionCode, SyntheticProfile>>;

export function profileOf(region: RegionCode): SyntheticProfile {
  const profile = PROFILE[region];
  if (!profile) throw new Error(`the pack of region ${region} has no synthetic profile`);
  return profile;
}

export function institutionsOf(region: RegionCode): Institution[] {
  const prefix = profileOf(region).idPrefix;
  return [
    { id: `${prefix}-H01`, level: 'tier3', designated: true },
    { id: `${prefix}-H02`, level: 'tier2', designated: true },
    { id: `${prefix}-H03`, level: 'tier1', designated: true },
    { id: `${prefix}-H04`, level: 'primary', designated: true },
    { id: `${prefix}-H05`, level: 'tier2', designated: false },
    { id: `${prefix}-P01`, level: 'pharmacy', designated: true },
  ];
}

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN_NAMES = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强'];

/**
 * Values the packs need and have no default for (the agency records them): synthetic figures,
 * recorded as ParameterRecorded events effective from the first day of each year they apply to.
 * All are amounts in fen.
 */
export const SYNTHETIC_PARAMETERS: readonly SyntheticParameter[] = SYNTHETIC_REGIONS.flatMap((r) => r.profile.parameters);
