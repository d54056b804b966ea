import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate, IsNotInFuture, IsText } from '../common/validation';

/** POST /v1/claims/{claimId}/cancellations (撤销结算). */
export class CancelClaimDto {
  @ApiProperty({ example: '退费: bill corrected' }) @IsText(1, 500) reason: string;
  @ApiProperty({ example: '2023-03-06' }) @IsIsoDate() @IsNotInFuture() cancelledOn: string;
}
