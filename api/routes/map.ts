import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { MAP_DIR } from '../map-page.js';

/** Leaflet's `dist/` folder, resolved as a dependency. */
export const LEAFLET_DIR = dirname(createRequire(import.meta.url).resolve('leaflet'));

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
