import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CATALOG_CLASSES, DRUG_CLASSES, INSTITUTION_LEVELS, ITEM_KINDS, LOCATIONS, MAX_CLAIM_FEN, SPECIAL_DISEASES, VISIT_TYPES } from '@benefit/shared';
import { CLAIM_CIRCUMSTANCES, ClaimCircumstance, ITEM_TAGS, ItemTag } from '@benefit/policy';
import { MAX_CLAIM_ITEMS } from '@benefit/runtime';
import { IsFen, IsIsoDate, IsNotInFuture, IsText, NestedArray, NestedObject } from '../common/validation';
import { ID_PATTERN } from '../enrollment/dto';

const ID_MESSAGE = { message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' };

/** Codes in `tags` or `circumstances` (repeats are allowed and dropped): more than every code there is. */
const MAX_CODES = 32;

export class ClaimItemDto {
  @ApiProperty() @IsText(1, 64) code: string;
  @ApiProperty() @IsText(1, 200) name: string;
  @ApiProperty({ enum: ITEM_KINDS }) @IsIn(ITEM_KINDS) kind: (typeof ITEM_KINDS)[number];
  @ApiPropertyOptional({ enum: CATALOG_CLASSES, description: 'omitted: the catalogue classes the code on the service date (unlisted: C)' })
  @IsOptional()
  @IsIn(CATALOG_CLASSES)
  catalogClass?: (typeof CATALOG_CLASSES)[number] | null;
  @ApiPropertyOptional({ enum: DRUG_CLASSES }) @IsOptional() @IsIn(DRUG_CLASSES) drugClass?: string | null;
  @ApiProperty({ maximum: MAX_CLAIM_FEN, description: 'the items of a claim add up to at most this' }) @IsFen() amountFen: number;
  @ApiPropertyOptional({ enum: ITEM_TAGS, isArray: true, description: 'what the item is where a rule treats it apart (靖政办发〔2018〕107号 二十一)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @IsIn(ITEM_TAGS, { each: true })
  tags?: ItemTag[];
}

export class PriorPaymentsDto {
  @ApiPropertyOptional() @IsOptional() @IsFen() basic_pooling?: number;
  @ApiPropertyOptional() @IsOptional() @IsFen() critical_illness?: number;
  @ApiPropertyOptional() @IsOptional() @IsFen() large_amount_subsidy?: number;
  @ApiPropertyOptional() @IsOptional() @IsFen() civil_servant_subsidy?: number;
  @ApiPropertyOptional({ description: 'only where this engine has no assistance rules' }) @IsOptional() @IsFen() medical_assistance?: number;
}

export class SubmitClaimDto {
  @ApiProperty({ example: 'H1-2023-000001' }) @IsString() @Matches(ID_PATTERN, ID_MESSAGE) claimId: string;
  @ApiProperty() @IsString() @Matches(ID_PATTERN, ID_MESSAGE) personId: string;
  @ApiProperty() @IsString() @Matches(ID_PATTERN, ID_MESSAGE) institutionId: string;
  @ApiProperty({ enum: INSTITUTION_LEVELS }) @IsIn(INSTITUTION_LEVELS) institutionLevel: (typeof INSTITUTION_LEVELS)[number];
  @ApiProperty() @IsBoolean() designated: boolean;
  @ApiProperty({ enum: LOCATIONS }) @IsIn(LOCATIONS) location: (typeof LOCATIONS)[number];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() referral?: boolean;
  @ApiProperty({ enum: VISIT_TYPES }) @IsIn(VISIT_TYPES) visitType: (typeof VISIT_TYPES)[number];
  @ApiPropertyOptional({ enum: SPECIAL_DISEASES }) @IsOptional() @IsIn(SPECIAL_DISEASES) specialDisease?: string | null;
  @ApiProperty({ example: '2023-03-05' }) @IsIsoDate() @IsNotInFuture() serviceDate: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() dischargeDate?: string | null;
  @ApiProperty({ type: [ClaimItemDto] })
  @NestedArray(() => ClaimItemDto, { min: 1, max: MAX_CLAIM_ITEMS })
  items: ClaimItemDto[];
  @ApiPropertyOptional({ type: PriorPaymentsDto }) @IsOptional() @NestedObject(() => PriorPaymentsDto) priorPayments?: PriorPaymentsDto | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() usePersonalAccount?: boolean;
  @ApiPropertyOptional({ enum: CLAIM_CIRCUMSTANCES, isArray: true, description: 'maternity, accidental injury, emergency admission… (exclusions and exceptions rules read)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @IsIn(CLAIM_CIRCUMSTANCES, { each: true })
  circumstances?: ClaimCircumstance[];
}
