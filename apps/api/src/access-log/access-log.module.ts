import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller';

/** The access log: recorded reads of persons' data, for auditors (read-only). */
@Module({ controllers: [AccessLogController] })
export class AccessLogModule {}
