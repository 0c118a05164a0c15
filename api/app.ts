import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import accepts from '@fastify/accepts';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifySchemaCompiler } from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  type FastifyPluginAsyncZod,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { type AppOptions, packageRoot, resolveOptions } from './config.js';
import type { ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { clientErrorHandler, errorHandler, frameworkErrors, notFoundHandler } from './error-handler.js';
import { JobPool } from './jobs/job-pool.js';
import { RequestLog } from './log.js';
import { GEOJSON_TYPE } from './http.js';
import { finishDocument } from './openapi.js';
import { analysisRoutes } from './routes/analysis.js';
import { availabilityRoutes } from './routes/availability.js';
import { cutRoutes } from './routes/cuts.js';
import { mapRoutes } from './routes/map.js';
import { importRoutes } from './routes/import.js';
import { ogcRoutes } from './routes/ogc.js';
import { planningRoutes } from './routes/planning.js';
import { postgisExportRoutes } from './routes/postgis-export.js';
import { proposalRoutes } from './routes/proposals.js';
import { reportRoutes } from './routes/report.js';
import { routeRoutes } from './routes/route.js';
import { saturationRoutes } from './routes/saturation.js';
import { sweepRoutes } from './routes/sweep.js';
import { tileRoutes } from './routes/tiles.js';
import { serviceRoutes } from './routes/service.js';
import { topologyRoutes } from './routes/topologies.js';
import { validateRoutes } from './routes/validate.js';
import { documentedOnly } from './schemas/registry.js';
import { securityHeaders } from './security-headers.js';
import { openStore } from './store/store.js';

export type { AppOptions } from './config.js';

/** How many cheap reads a client may make for each computing request the rate limit allows. */
const READS_PER_JOB = 10;
/** How many OGC documents and pages one client may be waiting for at once (they are not counted). */
const PAGES_IN_FLIGHT = 32;

/** Route schemas are zod schemas, except the bodies the engine validates itself (every problem at once). */
const validator: FastifySchemaCompiler<z.ZodType> = (route) =>
  documentedOnly.has(route.schema) ? (data) => ({ value: data }) : validatorCompiler(route);

/** Answers are encoded by their zod schema, except those documented only (the engine's own records). */
const serializer: typeof serializerCompiler = (route) =>
  documentedOnly.has(route.schema as z.ZodType) ? (data) => JSON.stringify(data) : serializerCompiler(route);

const version = (() => {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/**
 * The whole HTTP API as one Fastify plugin: security headers, CORS, rate limit, OpenAPI and its
 * page, one error format, graceful closing, the store, and the route modules.
 */
export const fibreApi: FastifyPluginAsyncZod<AppOptions> = async (app, rawOptions) => {
  const options = resolveOptions(rawOptions);
  app.setValidatorCompiler(validator);
  app.setSerializerCompiler(serializer);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Only JSON bodies: application/json and application/geo+json; anything else is a 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(GEOJSON_TYPE, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  // Graceful shutdown: once closing starts, new requests get a 503 in the API's error format.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    if (closing) {
      reply.header('Connection', 'close');
      throw new ApiError(503, 'shutting-down', 'the server is shutting down; retry in a moment', [], { 'Retry-After': '5' });
    }
  });
  // Requests in flight finish, and their keep-alive connections close so that close() does not wait for idle clients.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('Connection', 'close');
  });

  securityHeaders(app, {
    contentSecurityPolicy: {
      // Plain HTTP on a LAN is the usual deployment: no upgrade-insecure-requests. Map tiles are https images.
      directives: {
        'img-src': ["'self'", 'data:', 'https:'],
        'upgrade-insecure-requests': null,
        // MapLibre GL runs its workers from blob: URLs and fetches the optional basemap's tiles.
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", ...(options.basemap ? [new URL(options.basemap.url.replace(/[{}]/g, '')).origin] : [])],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(cors, {
    origin: options.corsOrigins.includes('*') ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Accept'],
    exposedHeaders: ['ETag', 'Location', 'Topology-Version', 'OGC-NumberMatched', 'X-Request-Id'],
  });
  await app.register(accepts);
  if (options.rateLimit) {
    // Requests that compute count against `max`; cheap reads (documents, the map's files) against
    // ten times as many. OGC documents and pages are not counted at all — a client paging a
    // 1e6-feature layer by 10 makes 1e5 requests, and GDAL and QGIS page with their own defaults —
    // but one client has at most PAGES_IN_FLIGHT of them at once: a pager waits for each page
    // anyway, and a flood gets 429 at once instead of filling the `pages` worker's queue.
    const { max, timeWindowMs } = options.rateLimit;
    const costOf = (request: FastifyRequest) => {
      const { cost } = request.routeOptions.config;
      return cost === 'job' || cost === 'page' ? cost : 'read';
    };
    const limitOf = (request: FastifyRequest) => (costOf(request) === 'job' ? max : max * READS_PER_JOB);
    const isPage = (request: FastifyRequest) => costOf(request) === 'page';
    const pagesInFlight = new Map<string, number>();
    const counted = new WeakSet<FastifyRequest>();
    app.addHook('onRequest', async (request) => {
      if (!isPage(request)) return;
      const now = pagesInFlight.get(request.ip) ?? 0;
      if (now >= PAGES_IN_FLIGHT) {
        const message = `too many OGC requests at once: at most ${PAGES_IN_FLIGHT} in flight from one client; wait for the answers`;
        throw new ApiError(429, 'rate-limited', message, [{ field: 'client', in: 'header', message }], { 'Retry-After': '1' });
      }
      pagesInFlight.set(request.ip, now + 1);
      counted.add(request);
    });
    const release = async (request: FastifyRequest) => {
      if (!counted.delete(request)) return;
      const left = (pagesInFlight.get(request.ip) ?? 1) - 1;
      if (left > 0) pagesInFlight.set(request.ip, left);
      else pagesInFlight.delete(request.ip);
    };
    app.addHook('onResponse', release);
    app.addHook('onRequestAbort', release);
    await app.register(rateLimit, {
      allowList: (request) => isPage(request),
      max: (request) => limitOf(request),
      timeWindow: timeWindowMs,
      keyGenerator: (request) => `${request.ip}|${costOf(request)}`,
      errorResponseBuilder: (request, context) => {
        const what = costOf(request) === 'job' ? 'computing requests' : 'requests';
        const message = `too many ${what}: at most ${limitOf(request)} per ${timeWindowMs / 1000} s from one client; retry in ${context.after}`;
        return new ApiError(429, 'rate-limited', message, [{ field: 'client', in: 'header', message }], { 'Retry-After': String(Math.ceil(context.ttl / 1000)) });
      },
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'fibre-resilience',
        version,
        description: 'Plans the resilience of a fibre network over HTTP: topologies, analysis, cuts, and an OGC API – Features per topology for GIS tools (QGIS).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the server’s FIBRE_API_TOKEN' } },
      },
      tags: [
        { name: 'topologies', description: 'Read, upload, validate' },
        { name: 'analysis', description: 'The CLI’s analyse and cut, and the saturation, as JSON or GeoJSON' },
        { name: 'planning', description: 'The CLI’s rank and plan, as JSON or GeoJSON' },
        { name: 'OGC API – Features', description: 'Layers for QGIS: /ogc/{topologyId}' },
        { name: 'service', description: 'Health and API definition' },
      ],
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/docs/static/*', '/docs/json', '/docs/yaml'] }),
    transformObject: (document) =>
      finishDocument(jsonSchemaTransformObject(document) as Record<string, unknown>, options.paging) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  // The file store, or PostgreSQL with FIBRE_DATABASE_URL: a database that cannot be used stops buildApp here (DatabaseError).
  const store = await openStore({ dataDir: options.dataDir, seedDir: options.topologyDir, databaseUrl: options.databaseUrl, fs: options.fs, log: app.log });
  app.addHook('onClose', async () => store.close()); // unlocks the data folder (or ends the connections) once the requests in flight are done
  const pool = { maxQueue: options.maxQueue, deadlineMs: options.deadlineMs, cacheBytes: options.cacheMb * 2 ** 20, log: app.log };
  const context: ApiContext = {
    store,
    jobs: new JobPool({ ...pool, workers: options.workers }),
    pages: new JobPool({ ...pool, workers: 1 }),
    options,
  };
  app.addHook('onClose', async () => {
    await Promise.all([context.jobs.close(), context.pages.close()]);
  });

  for (const routes of [serviceRoutes, topologyRoutes, validateRoutes, analysisRoutes, cutRoutes, routeRoutes, saturationRoutes, sweepRoutes, availabilityRoutes, planningRoutes, proposalRoutes, reportRoutes, importRoutes, postgisExportRoutes, ogcRoutes, tileRoutes]) {
    await app.register(routes, { context });
  }
  await app.register(mapRoutes, { basemap: options.basemap });
};
// Not encapsulated: the hooks, handlers and decorators above apply to the instance that registers it.
(fibreApi as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/**
 * A ready-to-listen Fastify instance of the API. The tests build it too, with `app.inject` or a
 * real listening server on port 0.
 *
 * @example
 * const app = await buildApp({ dataDir: tmp, token: 'secret', logger: false });
 * const res = await app.inject({ url: '/v1/topologies' });
 */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new RequestLog(),
    bodyLimit: options.bodyLimit ?? resolveOptions(options).bodyLimit,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: false,
    // Opening the store reads and validates every seed topology: a national network takes seconds, more than the default 10 s on a busy machine.
    pluginTimeout: 120_000,
    requestIdHeader: 'x-request-id',
    // Ids are bounded by the route schemas (a clear 400 naming the field), not by the router (a bare 414).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2_000 },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  await app.register(fibreApi, options);
  await app.ready();
  return app as unknown as FastifyInstance;
}
