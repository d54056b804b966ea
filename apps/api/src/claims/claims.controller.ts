import { Body, Controller, Get, HttpCode, Param, Post, Res, Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandMeta } from '@benefit/domain';
import { ClaimDoc, ReadQueries } from '@benefit/projections';
import { notFound } from '@benefit/shared';
import { BODY_LIMIT, BodyLimit } from '../common/json-body';
import { Meta } from '../common/request-meta';
import { claimFrom } from './claim-input';
import { SubmitClaimDto } from './dto';
import { SubmitClaimCommand, SubmitClaimResult } from './submit-claim.handler';
import { ClaimPreview, PreviewClaimQuery, PreviewResult } from './preview-claim.handler';
import { CancelClaimCommand, CancelClaimResult } from './cancel-claim.handler';
import { CancelClaimDto } from './cancellation.dto';
import { READ_QUERIES } from '../infrastructure/tokens';
import { RecordsAccess } from '../access-log/records-access';
import { AccessDenied } from '../access/access.guard';
import { Caller } from '../access/caller';
import { Allow, Principal } from '../access/policy';

/** ClaimView of API.md, plus a few fields that help auditors. */
export const claimView = ({ position: _position, ...doc }: ClaimDoc) => doc;

@ApiTags('claims')
@Controller('v1/claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly previews: QueryBus,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  @Allow('clerk', 'hospital')
  @Post()
  @BodyLimit(BODY_LIMIT) // 1 MB: up to 1,000 items (MAX_CLAIM_ITEMS)
  @ApiOperation({ summary: 'SubmitClaim: settled across every payer in one pass (201; the same body again: 200)' })
  async submit(@Body() dto: SubmitClaimDto, @Meta() meta: CommandMeta, @Caller() caller: Principal, @Res({ passthrough: true }) res: FastifyReply) {
    // API.md Access: a hospital submits for its own institution only
    if (caller.role === 'hospital' && dto.institutionId !== caller.institutionId) {
      throw new AccessDenied(`a hospital token of institution ${caller.institutionId} may not submit claims for another institution`);
    }
    const result: SubmitClaimResult = await this.commands.execute(new SubmitClaimCommand(claimFrom(dto), meta));
    res.status(result.created ? 201 : 200);
    return claimView(result.view);
  }

  // declared before the `:claimId` routes: `preview` is never read as a claim id
  @Allow('clerk', 'hospital')
  @Post('preview')
  @HttpCode(200)
  @BodyLimit(BODY_LIMIT)
  // the shares are computed from the person's recorded counters and balance: a read of their data
  @RecordsAccess({ persons: (preview: ClaimPreview) => [preview.personId] })
  @ApiOperation({ summary: 'Pre-settlement (预结算): the shares submitting now would give (200, status preview); records nothing' })
  async preview(@Body() dto: SubmitClaimDto, @Caller() caller: Principal): Promise<ClaimPreview> {
    // API.md Access: a hospital pre-settles for its own institution only, as it submits
    if (caller.role === 'hospital' && dto.institutionId !== caller.institutionId) {
      throw new AccessDenied(`a hospital token of institution ${caller.institutionId} may not pre-settle claims for another institution`);
    }
    return ((await this.previews.execute(new PreviewClaimQuery(claimFrom(dto)))) as PreviewResult).view;
  }

  @Allow('clerk', 'hospital')
  @Post(':claimId/cancellations')
  @RecordsAccess({ persons: (claim: ClaimDoc) => [claim.personId] })
  @ApiOperation({ summary: '撤销结算 (退费): every share given back (201; the same cancellation again: 200)' })
  async cancel(@Param('claimId') claimId: string, @Body() dto: CancelClaimDto, @Meta() meta: CommandMeta, @Caller() caller: Principal, @Res({ passthrough: true }) res: FastifyReply) {
    const claim = await this.queries.claim(claimId);
    if (!claim) throw notFound('Claim', `no claim ${claimId} is recorded`);
    // API.md Access: a hospital cancels its own institution's settlements only
    if (caller.role === 'hospital' && claim.institutionId !== caller.institutionId) {
      throw new AccessDenied(`a hospital token of institution ${caller.institutionId} may not cancel claims of another institution`);
    }
    const result: CancelClaimResult = await this.commands.execute(new CancelClaimCommand(claim, { reason: dto.reason, cancelledOn: dto.cancelledOn }, meta));
    res.status(result.created ? 201 : 200);
    return claimView(result.view);
  }

  @Allow('clerk', 'hospital', 'auditor')
  @RecordsAccess({ persons: (claim: ClaimDoc) => [claim.personId] })
  @Get(':claimId')
  @ApiOperation({ summary: 'ClaimView, shares as now adjusted' })
  async claim(@Param('claimId') claimId: string, @Caller() caller: Principal) {
    const doc = await this.queries.claim(claimId);
    // another institution's claim answers as if it did not exist: claim ids do not leak across hospitals
    if (!doc || (caller.role === 'hospital' && doc.institutionId !== caller.institutionId)) throw notFound('Claim', `no claim ${claimId} is recorded`);
    return claimView(doc);
  }
}
