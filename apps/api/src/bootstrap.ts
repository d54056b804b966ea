/** Builds the HTTP application: used by main.ts, the end-to-end tests and the benchmark. */
import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply } from 'fastify';
import { Logger } from 'pino';
import { DEFAULT_DATE_WINDOW_YEARS_AHEAD, maskResidentIdsIn, setDateWindowYearsAhead } from '@benefit/shared';
import { useEdges } from './access/edges';
import { AppModule } from './app.module';
import { BODY_LIMIT, useExpressLikeBodies } from './common/json-body';
import { answerClientError, problemOf, sendProblem } from './common/problem.filter';
import { headerOf, pathOf } from './common/request-meta';
import { validationPipe } from './common/validation';
import { AppConfig } from '@benefit/runtime';
import { PinoNestLogger } from './logger';

// Fastify, not Express: on two cores Express's empty route alone stayed below the 3,000 claims/s
// target. The options keep what Express did, so that clients see the same API.
const adapter = () =>
  new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // Express's routing: /HEALTH and /health/ are /health; a path parameter may be of any length
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // Node's defaults, which Express kept (Fastify's are 72 s and no limit)
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // while closing, answer what still arrives (with Connection: close), not a 503 that is not problem+json
    return503OnClosing: false,
    // a path that is not valid percent-encoding: a 400 problem, as Express's URIError was
    frameworkErrors: (err: FastifyError, _req: unknown, reply: FastifyReply) => sendProblem(reply, problemOf(new BadRequestException(err.message))),
    // what Node refuses before any route (431 for a path over 16 KB, 408, not HTTP): problem+json too
    clientErrorHandler: answerClientError,
  });

export async function createApp(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  // the domain's window of dates (libs/shared dates.ts): one per process, like the clock it reads
  setDateWindowYearsAhead(config.dateWindowYearsAhead ?? DEFAULT_DATE_WINDOW_YEARS_AHEAD);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config, logger), adapter(), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  useExpressLikeBodies(fastify);
  await useEdges(app, config);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  // request log: method, path, status, duration; never bodies (they carry resident ids)
  fastify.addHook('onResponse', (req, reply, done) => {
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ method: req.method, path: maskResidentIdsIn(pathOf(req)), status: reply.statusCode, ms: reply.elapsedTime, correlationId: headerOf(req, 'x-correlation-id') }, 'request');
    }
    done();
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
