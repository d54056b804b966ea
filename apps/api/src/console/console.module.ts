import { Module } from '@nestjs/common';
import { ConsolePageController } from './console-page.controller';
import { ConsoleReadsController } from './console-reads.controller';

/** The auditor's console (issue 15): its page at /console and the reads it adds under /v1/console. */
@Module({ controllers: [ConsolePageController, ConsoleReadsController] })
export class ConsoleModule {}
