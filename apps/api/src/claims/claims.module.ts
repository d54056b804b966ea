import { Module } from '@nestjs/common';
import { ClaimsController } from './claims.controller';
import { CancelClaimHandler } from './cancel-claim.handler';
import { PreviewClaimHandler } from './preview-claim.handler';
import { SubmitClaimHandler } from './submit-claim.handler';

/** Claims: one-bill settlement of hospital and pharmacy claims. */
@Module({ controllers: [ClaimsController], providers: [SubmitClaimHandler, PreviewClaimHandler, CancelClaimHandler] })
export class ClaimsModule {}
