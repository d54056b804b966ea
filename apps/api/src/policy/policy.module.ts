import { Module } from '@nestjs/common';
import { ParametersController, RecordParameterHandler } from './parameters.controller';

/** Policy: effective-dated parameters of the region packs. */
@Module({ controllers: [ParametersController], providers: [RecordParameterHandler] })
export class PolicyModule {}
