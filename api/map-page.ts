import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from './config.js';

/**
 * The web map's folder: `api/public/` of the package (the same folder whether the server runs
 * from the sources or from `dist/`, since `tsc` does not copy it).
 */
export const MAP_DIR = join(packageRoot(), 'api', 'public');

let page: string | undefined;

/** True when the client ranks `text/html` above JSON: a browser opening `/`. */
export function wantsMapPage(request: FastifyRequest): boolean {
  return request.accepts().type(['application/json', 'text/html']) === 'text/html';
}

/** The map page (`api/public/index.html`), read once. */
export function sendMapPage(reply: FastifyReply): FastifyReply {
  page ??= readFileSync(join(MAP_DIR, 'index.html'), 'utf8');
  return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').header('Vary', 'Accept').send(page);
}
