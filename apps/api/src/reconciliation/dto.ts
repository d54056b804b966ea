import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { IsFen, IsIsoDate, NestedArray } from '../common/validation';
import { ID_PATTERN } from '../enrollment/dto';

/** A hospital's list may hold a month of a large hospital's settlements. */
export const MAX_RECONCILED_CLAIMS = 20_000;

export class TheirClaimDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN) claimId: string;
  @ApiProperty() @IsFen() totalFen: number;
  @ApiProperty() @IsFen() fundFen: number;
}

/** POST /v1/reconciliations (对账). */
export class ReconcileDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN) institutionId: string;
  @ApiProperty({ example: '2023-03-01' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2023-03-31' }) @IsIsoDate() to: string;
  @ApiProperty({ type: [TheirClaimDto], maxItems: MAX_RECONCILED_CLAIMS }) @NestedArray(() => TheirClaimDto, { max: MAX_RECONCILED_CLAIMS }) claims: TheirClaimDto[];
}
