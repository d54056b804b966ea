import { Module } from '@nestjs/common';
import { ClaimsController } from './claims.controller';
import { SubmitClaimHandler } from './submit-claim.handler';

/** Claims: one-bill settlement of hospital and pharmacy claims. */
@Module({ controllers: [ClaimsController], providers: [SubmitClaimHandler] })
export class ClaimsModule {}
