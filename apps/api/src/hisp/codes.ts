/**
 * The national platform's code tables this service reads and writes (API.md "National platform
 * messages"). A code not listed is refused by name, never guessed.
 */
import { CatalogClass, InstitutionLevel, Scheme, VisitType } from '@benefit/shared';
import { VisitSetting } from '@benefit/domain';

/** 医疗类别 `med_type` → the claim's visit type; 41 (定点药店购药) is general outpatient at a pharmacy. */
export const MED_TYPES: Record<string, { visitType: VisitType; setting: VisitSetting; pharmacy?: true }> = {
  '11': { visitType: 'general_outpatient', setting: 'outpatient' },
  '14': { visitType: 'chronic_special_outpatient', setting: 'outpatient' },
  '21': { visitType: 'inpatient', setting: 'inpatient' },
  '41': { visitType: 'general_outpatient', setting: 'outpatient', pharmacy: true },
};

/** 收费项目等级 `chrgitm_lv` ↔ catalogue class: 01 甲 A, 02 乙 B, 03 丙 C (自费). */
export const CHRGITM_LV: Record<CatalogClass, string> = { A: '01', B: '02', C: '03' };

/** 就诊凭证类型 `mdtrt_cert_type`: only 02 (居民身份证) is read here. */
export const CERT_TYPE_RESIDENT_ID = '02';

/** 险种类型 `insutype`: 310 职工基本医疗保险, 390 城乡居民基本医疗保险. */
export const INSUTYPE: Record<Scheme, string> = { employee: '310', resident: '390' };

/**
 * An item's kind from its national code (医保目录编码): X… 西药 and Z… 中成药 and T… 中药饮片
 * are drugs, C… 医用耗材 materials, everything else (numeric 医疗服务项目 codes) services.
 * Choice: the national interface sends no kind field in 2204; the code's first letter is the
 * national catalogue's own split.
 */
export function itemKindOf(code: string): 'drug' | 'material' | 'service' {
  const first = code[0]?.toUpperCase();
  if (first === 'X' || first === 'Z' || first === 'T') return 'drug';
  if (first === 'C') return 'material';
  return 'service';
}

/** 41 is for a pharmacy, a pharmacy settles 41 or 11: anything else is refused by name. */
export function levelProblem(medType: string, level: InstitutionLevel): string | null {
  if (MED_TYPES[medType]?.pharmacy && level !== 'pharmacy') return `med_type 41 (定点药店购药) is for a pharmacy; this institution is registered as ${level}`;
  if (level === 'pharmacy' && MED_TYPES[medType]?.setting === 'inpatient') return 'med_type 21: a pharmacy has no inpatient stays';
  return null;
}
