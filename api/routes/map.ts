import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { MapBasemap } from '../config.js';
import { MAP_DIR } from '../map-page.js';

/** MapLibre GL JS's `dist/` folder, resolved as a dependency. */
export const MAPLIBRE_DIR = dirname(createRequire(import.meta.url).resolve('maplibre-gl'));

/**
 * The web map's static files: the page's modules and styles at `/` (`/style.css`, `/js/…`),
 * MapLibre GL JS at `/vendor/maplibre/` (its minified build and stylesheet only), and
 * `/map-config.json` (the optional basemap). `/` itself is the service route, which gives the
 * page to browsers (`wantsMapPage`). Everything is self-hosted, so the page works offline and
 * under the API's Content-Security-Policy. The files are listed once at start-up.
 */
export const mapRoutes: FastifyPluginAsync<{ basemap: MapBasemap | null }> = async (app, { basemap }) => {
  await app.register(fastifyStatic, { root: MAP_DIR, prefix: '/', wildcard: false, index: false, decorateReply: false });
  await app.register(fastifyStatic, {
    root: MAPLIBRE_DIR,
    prefix: '/vendor/maplibre/',
    wildcard: false,
    index: false,
    decorateReply: false,
    globIgnore: ['**/*.map', '**/*-csp*', '**/*-dev*', '**/*.d.ts', '**/*.txt', '**/*.json'],
    maxAge: '1d',
  });
  app.get('/map-config.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-cache');
    return { basemap };
  });
};
