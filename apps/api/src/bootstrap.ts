/** Builds the HTTP application: used by main.ts, the end-to-end tests and the benchmark. */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Request, Response, NextFunction } from 'express';
import { Logger } from 'pino';
import { maskResidentIdsIn } from '@benefit/shared';
import { AppModule } from './app.module';
import { validationPipe } from './common/validation';
import { AppConfig } from './config';
import { PinoNestLogger } from './logger';

export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '5mb', type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  // request log: method, path, status, duration; never bodies (they carry resident ids)
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug({ method: req.method, path: maskResidentIdsIn(req.path), status: res.statusCode, ms, correlationId: req.header('x-correlation-id') }, 'request');
    });
    next();
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('benefit-ledger')
      .setDescription('One-bill (一单制) settlement of medical claims across every payer; contract: shared/API.md')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
