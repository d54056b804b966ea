/**
 * Request bodies read as Express's body-parser read them, so that a request gets the answer it
 * got before the move to Fastify: JSON for application/json and application/*+json; an empty body
 * is {}; only an object or an array at the top; gzip, deflate and br inflated; UTF-8 unless a
 * utf-* charset says otherwise. A body of any other type is ignored, and the DTO's validation then
 * names every field it lacks.
 *
 * Bounded (issue 10): a route reads at most its own limit, sent or inflated (`@BodyLimit` beside
 * the route; ROUTE_BODY_LIMIT where none is declared; BODY_LIMIT at most), and JSON nested deeper
 * than MAX_JSON_DEPTH is refused with 400 while it is read, before any guard, pipe or handler runs
 * (validating 100,000 nested arrays overflowed the stack).
 */
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { TextDecoder, promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { BODY_LIMIT, MAX_JSON_DEPTH, ROUTE_BODY_LIMIT } from '@benefit/runtime';

// the bounds are in libs/runtime, where the bench reads them too; routes declare theirs from here
export { BODY_LIMIT };

/** The body size a route reads (bytes, sent or inflated), declared beside it: Fastify's route `bodyLimit`. */
export const BodyLimit = (bytes: number): MethodDecorator => (_target, _key, descriptor) => {
  const handler = descriptor.value as object;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler), bodyLimit: Math.min(bytes, BODY_LIMIT) }, handler);
  return descriptor;
};

/**
 * The route reads a `text/csv` body as text (UTF-8 unless a utf-* charset says otherwise, inflated
 * like JSON, within its limit); other routes ignore a CSV body like any other non-JSON type.
 */
export const CsvBody = (): MethodDecorator => (_target, _key, descriptor) => {
  const handler = descriptor.value as object;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler), csvBody: true }, handler);
  return descriptor;
};

const CSV_TYPE = /^text\/csv(?:;|$)/;

/** Matched against Fastify's normalised header: lower-case media type, then `; name="value"` parameters. */
const JSON_TYPE = /^application\/(?:[^\s;/]+\+)?json(?:;|$)/;

const INFLATE: Record<string, (buf: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

export function useExpressLikeBodies(fastify: FastifyInstance): void {
  // Fastify's own JSON parser refuses an empty body and top-level scalars with messages of its own,
  // and it reads text/plain: every one of those answered differently on Express
  fastify.removeAllContentTypeParsers();
  // each route reads what it declares (config.bodyLimit, set by @BodyLimit), else ROUTE_BODY_LIMIT
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.bodyLimit === undefined) route.bodyLimit = (route.config as { bodyLimit?: number } | undefined)?.bodyLimit ?? ROUTE_BODY_LIMIT;
  });
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, async (req: FastifyRequest, body: Buffer) =>
    parseJson(decode(await inflate(body, req.headers['content-encoding'], req.routeOptions.bodyLimit ?? BODY_LIMIT), req.headers['content-type'])),
  );
  fastify.addContentTypeParser(CSV_TYPE, { parseAs: 'buffer' }, async (req: FastifyRequest, body: Buffer) =>
    (req.routeOptions.config as { csvBody?: boolean } | undefined)?.csvBody
      ? decode(await inflate(body, req.headers['content-encoding'], req.routeOptions.bodyLimit ?? BODY_LIMIT), req.headers['content-type'])
      : undefined,
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

async function inflate(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const coding = (encoding ?? 'identity').toLowerCase();
  if (coding === 'identity') return body;
  const run = INFLATE[coding];
  if (!run) throw new BadRequestException(`unsupported content encoding "${coding}"`);
  try {
    return await run(body, { maxOutputLength: limit });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PayloadTooLargeException();
    throw new BadRequestException(`the request body is not valid ${coding} data`);
  }
}

/** One decoder per charset: every request decodes its body, and a non-streaming decode keeps no state. */
const decoders = new Map<string, TextDecoder>();

function decode(body: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1].toLowerCase() ?? 'utf-8';
  // RFC 8259 allows only Unicode; TextDecoder drops a byte-order mark as iconv-lite did
  if (charset.startsWith('utf-')) {
    let decoder = decoders.get(charset);
    try {
      if (!decoder) decoders.set(charset, (decoder = new TextDecoder(charset)));
      return decoder.decode(body);
    } catch {
      // a utf-* label Node does not know: unsupported, as below
    }
  }
  throw new BadRequestException(`unsupported charset "${charset.toUpperCase()}"`);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') return strictViolation(text, first);
    tooDeep(text);
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestException((err as Error).message);
  }
}

/**
 * Refuses JSON whose objects and arrays nest deeper than MAX_JSON_DEPTH, in one pass over the text
 * before JSON.parse (brackets inside strings do not count). Text that is not JSON is left to
 * JSON.parse, which names its own error.
 */
function tooDeep(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new BadRequestException(`the JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} deep`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** body-parser's message for a top-level scalar: JSON.parse's, on the text from that character masked. */
function strictViolation(text: string, first: string | undefined): never {
  const index = first ? text.indexOf(first) : -1;
  const masked = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(masked);
  } catch (err) {
    throw new SyntaxError((err as Error).message.replace(/#+/g, (run) => text.substring(index, index + run.length)));
  }
  throw new SyntaxError('strict violation');
}
