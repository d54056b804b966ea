/**
 * `POST /hisp/{infno}`: the national medical-security platform's interface (国家医疗保障信息平台)
 * for hospital information systems, on the same commands and rules as /v1 (API.md "National
 * platform messages"). A hospital token speaks for its own institution only: the envelope's
 * `fixmedins_code` must be the token's institution (403 otherwise, as on /v1).
 */
import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMeta } from '@benefit/domain';
import { invalid } from '@benefit/shared';
import { AccessDenied } from '../access/access.guard';
import { Caller } from '../access/caller';
import { Allow, Principal } from '../access/policy';
import { RecordsAccess } from '../access-log/records-access';
import { BODY_LIMIT, BodyLimit } from '../common/json-body';
import { Meta } from '../common/request-meta';
import { HispAnswer, HispRequestDto, INFNOS, answered } from './envelope';
import { HispFilter } from './hisp.filter';
import { HispService } from './hisp.service';

/** Whose data an answer carries: the person named in it (refusals carry nobody's). */
const personsIn = (answer: HispAnswer | undefined) => {
  const o = answer?.output as { baseinfo?: { psn_no?: string }; data?: { psn_no?: string }; setlinfo?: { psn_no?: string } } | null | undefined;
  return [o?.baseinfo?.psn_no, o?.data?.psn_no, o?.setlinfo?.psn_no].filter((p): p is string => typeof p === 'string');
};

@ApiTags('national platform (hisp)')
@Controller('hisp')
@UseFilters(HispFilter)
export class HispController {
  constructor(private readonly messages: HispService) {}

  @Allow('hospital')
  @Post(':infno')
  @HttpCode(200)
  @BodyLimit(BODY_LIMIT) // 2204/2301: up to 1,000 fee detail rows
  @RecordsAccess({ persons: personsIn, body: ['infno', 'msgid', 'fixmedins_code'] })
  @ApiOperation({ summary: 'A national platform message (1101, 2201, 2204, 2206, 2207, 2208, 2401, 2301, 2303, 2304, 2305, 3201): 200 with infcode 0, or infcode -1 and err_msg' })
  async message(@Param('infno') infno: string, @Body() env: HispRequestDto, @Meta() meta: CommandMeta, @Caller() caller: Principal): Promise<HispAnswer> {
    // API.md: a hospital token's institution is the envelope's fixmedins_code
    if (caller.role === 'hospital' && env.fixmedins_code !== caller.institutionId) {
      throw new AccessDenied(`a hospital token of institution ${caller.institutionId} may not send messages for another institution`);
    }
    if (!(INFNOS as readonly string[]).includes(infno)) throw invalid([{ field: 'infno', message: `${infno.slice(0, 16)} is not supported: ${INFNOS.join(', ')}` }]);
    if (env.infno !== infno) throw invalid([{ field: 'infno', message: `the envelope says ${env.infno}, the path ${infno.slice(0, 16)}` }]);
    return answered(env.msgid, await this.dispatch(env, meta));
  }

  private dispatch(env: HispRequestDto, meta: CommandMeta): Promise<Record<string, unknown>> {
    const m = this.messages;
    switch (env.infno) {
      case '1101':
        return m.personQuery(env);
      case '2201':
        return m.register(env, 'outpatient', meta);
      case '2401':
        return m.register(env, 'inpatient', meta);
      case '2204':
        return m.uploadDetails(env, 'outpatient', meta);
      case '2301':
        return m.uploadDetails(env, 'inpatient', meta);
      case '2206':
        return m.preview(env, 'outpatient');
      case '2303':
        return m.preview(env, 'inpatient');
      case '2207':
        return m.settle(env, 'outpatient', meta);
      case '2304':
        return m.settle(env, 'inpatient', meta);
      case '2208':
        return m.cancel(env, 'outpatient', '2208', meta);
      case '2305':
        return m.cancel(env, 'inpatient', '2305', meta);
      case '3201':
        return m.reconcile(env);
    }
  }
}
