import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DIAGNOSES, EMPLOYMENTS, MAX_CONTRIBUTION_BASE_FEN, MAX_OPENING_BALANCE_FEN, RELATIONS, RELIEF_STATUSES, RegionCode, SCHEMES, STATUS_SOURCES } from '@benefit/shared';
import { REGIONS } from '@benefit/policy';
import { OUT_OF_AREA_FILING_KINDS } from '@benefit/domain';
import { IsFen, IsIsoDate, IsMonth, IsNotInFuture, IsPositiveFen, IsResidentId, IsText, NestedArray } from '../common/validation';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ID_MESSAGE = { message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' };

/** Spouse, parents and children (art. 18): a household never lists more. */
export const MAX_FAMILY_MEMBERS = 20;

export class FamilyMemberDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN, ID_MESSAGE) personId: string;
  @ApiProperty({ enum: RELATIONS }) @IsIn(RELATIONS) relation: (typeof RELATIONS)[number];
}

export class RegisterPatientDto {
  @ApiProperty({ example: 'P-1' }) @IsString() @Matches(ID_PATTERN, ID_MESSAGE) personId: string;
  @ApiProperty({ example: '张三' }) @IsText(1, 100) name: string;
  @ApiProperty({ description: '18-character PRC resident id; masked in every response' }) @IsResidentId() idNumber: string;
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) regionCode: RegionCode;
  @ApiProperty({ enum: SCHEMES }) @IsIn(SCHEMES) scheme: (typeof SCHEMES)[number];
  @ApiPropertyOptional({ enum: EMPLOYMENTS, description: 'employee scheme only' }) @IsOptional() @IsIn(EMPLOYMENTS) employment?: (typeof EMPLOYMENTS)[number] | null;
  @ApiPropertyOptional({ description: 'in-service employees only', maximum: MAX_CONTRIBUTION_BASE_FEN }) @IsOptional() @IsPositiveFen({ maxFen: MAX_CONTRIBUTION_BASE_FEN }) monthlyContributionBaseFen?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() civilServant?: boolean;
  @ApiProperty({ example: '511302' }) @IsString() @Matches(/^\d{6}$/, { message: 'must be a 6-digit county code' }) countyCode: string;
  @ApiPropertyOptional({ type: [FamilyMemberDto], maxItems: MAX_FAMILY_MEMBERS }) @IsOptional() @NestedArray(() => FamilyMemberDto, { max: MAX_FAMILY_MEMBERS }) family?: FamilyMemberDto[];
  @ApiPropertyOptional({ maximum: MAX_OPENING_BALANCE_FEN }) @IsOptional() @IsFen({ maxFen: MAX_OPENING_BALANCE_FEN }) openingPersonalAccountFen?: number;
  @ApiProperty({ example: '2023-01-01' }) @IsIsoDate() @IsNotInFuture() registeredOn: string;
}

export class TagReliefStatusDto {
  @ApiProperty({ enum: RELIEF_STATUSES }) @IsIn(RELIEF_STATUSES) status: (typeof RELIEF_STATUSES)[number];
  @ApiProperty() @IsIsoDate() validFrom: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() validTo?: string | null;
  @ApiProperty({ enum: STATUS_SOURCES }) @IsIn(STATUS_SOURCES) source: (typeof STATUS_SOURCES)[number];
  @ApiPropertyOptional({ enum: DIAGNOSES }) @IsOptional() @IsIn(DIAGNOSES) diagnosis?: string | null;
  @ApiPropertyOptional({ minimum: 0, maximum: 5 }) @IsOptional() @IsInt() @Min(0) @Max(5) riskLevel?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() firstTreatmentDate?: string | null;
  @ApiPropertyOptional({ description: 'recorded with a potential risk (有潜在风险, 山亭 四)' }) @IsOptional() @IsBoolean() potentialRisk?: boolean;
}

export class RevokeReliefStatusDto {
  @ApiProperty() @IsIsoDate() effectiveDate: string;
}

/** 异地备案 (南府办发〔2022〕33号 art. 26). */
export class RecordOutOfAreaFilingDto {
  @ApiProperty({ enum: OUT_OF_AREA_FILING_KINDS }) @IsIn(OUT_OF_AREA_FILING_KINDS) kind: (typeof OUT_OF_AREA_FILING_KINDS)[number];
  @ApiProperty({ example: '2023-01-01' }) @IsIsoDate() validFrom: string;
  @ApiPropertyOptional({ description: 'last day the filing is valid; null: until further notice' }) @IsOptional() @IsIsoDate() validTo?: string | null;
}

export class ChangeEmploymentDto {
  @ApiProperty({ enum: EMPLOYMENTS }) @IsIn(EMPLOYMENTS) employment: (typeof EMPLOYMENTS)[number];
  @ApiProperty({ example: '2023-07' }) @IsMonth() effectiveMonth: string;
}

export class ChangeContributionBaseDto {
  @ApiProperty({ maximum: MAX_CONTRIBUTION_BASE_FEN }) @IsPositiveFen({ maxFen: MAX_CONTRIBUTION_BASE_FEN }) monthlyContributionBaseFen: number;
  @ApiProperty({ example: '2023-07' }) @IsMonth() effectiveMonth: string;
}
