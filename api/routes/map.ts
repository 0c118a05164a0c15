import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../config.js';

/**
 * The web map's files: `api/public/` of the package (the same folder whether the server runs
 * from the sources or from `dist/`, since `tsc` does not copy it), and Leaflet's `dist/`
 * folder resolved as a dependency.
 */
export const MAP_DIR = join(packageRoot(), 'api', 'public');
export const LEAFLET_DIR = dirname(createRequire(import.meta.url).resolve('leaflet'));

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

/**
 * The web map's static files: the page's modules and styles at `/` (`/app.js`, `/style.css`,
 * `/js/…`) and Leaflet at `/vendor/leaflet/`. `/` itself is the service route, which gives the
 * page to browsers (`wantsMapPage`). Everything is self-hosted, so the page works offline and
 * under the API's Content-Security-Policy. The files are listed once at start-up.
 */
export const mapRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: MAP_DIR, prefix: '/', wildcard: false, index: false, decorateReply: false });
  await app.register(fastifyStatic, {
    root: LEAFLET_DIR,
    prefix: '/vendor/leaflet/',
    wildcard: false,
    index: false,
    decorateReply: false,
    globIgnore: ['**/*.map', 'leaflet-src.js', 'leaflet.js'],
    maxAge: '1d',
  });
};
