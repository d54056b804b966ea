import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PROJECTIONS } from './infrastructure/tokens';
import { ProjectionWaiter } from '@benefit/projections';
import { Public } from './access/policy';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(PROJECTIONS) private readonly projector: ProjectionWaiter) {}

  /** 200 once the service can take commands (projections caught up at boot). */
  @Public()
  @Get('health')
  health() {
    return { status: 'ok', projectedThrough: this.projector.position() };
  }
}
