/**
 * Request bodies read as Express's body-parser read them, so that a request gets the answer it
 * got before the move to Fastify: JSON for application/json and application/*+json, up to
 * 5 MB once inflated; an empty body is {}; only an object or an array at the top; gzip, deflate
 * and br inflated; UTF-8 unless a utf-* charset says otherwise. A body of any other type is
 * ignored, and the DTO's validation then names every field it lacks.
 */
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TextDecoder, promisify } from 'node:util';
import * as zlib from 'node:zlib';

export const BODY_LIMIT = 5 * 1024 * 1024;

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
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, async (req: FastifyRequest, body: Buffer) =>
    parseJson(decode(await inflate(body, req.headers['content-encoding']), req.headers['content-type'])),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

async function inflate(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const coding = (encoding ?? 'identity').toLowerCase();
  if (coding === 'identity') return body;
  const run = INFLATE[coding];
  if (!run) throw new BadRequestException(`unsupported content encoding "${coding}"`);
  try {
    return await run(body, { maxOutputLength: BODY_LIMIT });
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
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestException((err as Error).message);
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
