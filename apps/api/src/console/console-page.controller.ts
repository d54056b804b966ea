/**
 * The auditor's console at `/console` (issue 15): its page and the files of its bundle, built by
 * `npm run build` (Vite, from console/) into dist/console. Public like /health: the page and its
 * scripts hold no data. Everything the page shows it asks of the /v1 routes with the user's token,
 * under their access rules, and the reads of a person's data are recorded there.
 *
 * Only files the build wrote are served, looked up by their bare name in dist/console/assets: no
 * path from the request reaches the file system.
 */
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { notFound } from '@benefit/shared';
import { Public } from '../access/policy';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The repository (or installed package) root: the first folder up with a package.json (from src/ under ts-jest, from dist/ when built). */
function rootOf(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

export const CONSOLE_DIR = path.join(rootOf(__dirname), 'dist', 'console');

@ApiExcludeController()
@Controller('console')
export class ConsolePageController {
  @Public()
  @Get()
  page(@Res() reply: FastifyReply) {
    const file = path.join(CONSOLE_DIR, 'index.html');
    if (!fs.existsSync(file)) throw notFound('console', 'the console is not built: run `npm run build` (it builds console/ into dist/console)');
    // the page names the hashed bundle of this build: always asked again
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.readFileSync(file));
  }

  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const dir = path.join(CONSOLE_DIR, 'assets');
    const type = TYPES[path.extname(file)];
    // a bare name the build wrote, nothing else
    if (!type || !fs.existsSync(dir) || !fs.readdirSync(dir).includes(file)) throw notFound('console file', `the console has no file ${file}`);
    // names carry a content hash: a file never changes under its name
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(fs.readFileSync(path.join(dir, file)));
  }
}
