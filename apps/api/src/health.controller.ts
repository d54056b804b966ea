import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Projector } from '@benefit/projections';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly projector: Projector) {}

  /** 200 once the service can take commands (projections caught up at boot). */
  @Get('health')
  health() {
    return { status: 'ok', projectedThrough: this.projector.position() };
  }
}
