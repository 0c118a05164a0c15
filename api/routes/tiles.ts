import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { NetworkRequest } from '../../src/requests/bounds.js';
import { type ApiContext, findTopology, refOf, rootUrl } from '../context.js';
import { ApiError } from '../errors.js';
import { JobPool } from '../jobs/job-pool.js';
import type { TopologyRef } from '../jobs/job.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { MAX_TILE_ZOOM, TileJson, TileParams, TileQuery } from '../schemas/tiles.js';
import { TileBuilds } from '../tiles/builds.js';
import { JOB_POOL_QUEUE, tileCacheControl, tileEtag, tileTemplate, versionTag } from '../tiles/http.js';
import { NOT_BUILT } from '../tiles/index-cache.js';
import { checkTileAddress } from '../tiles/tile-address.js';
import type { TileIndexInfo } from '../tiles/tile-index.js';
import { tileJson } from '../tiles/tilejson.js';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** What the tile worker keys an index by: the topology and its version. */
const versionOf = (ref: TopologyRef) => `${ref.id} ${ref.etag}`;

/**
 * `/v1/topologies/:id/tiles.json` and `/v1/topologies/:id/tiles/:z/:x/:y.mvt` (docs/tiles.md):
 * Mapbox Vector Tiles of the network and its results, from a worker of their own that keeps the
 * tile index, so that a map's bursts of tiles never queue behind a long computation. The index
 * is built in the background (TileBuilds): until it is, both answer 503 `tiles-building`.
 */
export const tileRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const { options } = context;
  const pool = new JobPool({ workers: 1, maxQueue: Math.max(options.maxQueue, JOB_POOL_QUEUE), deadlineMs: options.deadlineMs, cacheBytes: options.cacheMb * 2 ** 20, log: app.log });
  const builds = new TileBuilds({
    buildMs: options.tileBuildMs,
    log: app.log,
    run: async (ref, network, build, signal) =>
      (await pool.run('tiles-build', ref, { network, version: versionOf(ref), build }, { signal, deadlineMs: options.tileBuildMs })).value as TileIndexInfo,
  });
  app.addHook('onClose', async () => {
    builds.close();
    await pool.close();
  });
  const tags = ['analysis'];

  /** One tile of a built index; built again (503 `tiles-building`) when the worker no longer holds it. */
  const tileOf = async (ref: TopologyRef, network: NetworkRequest, z: number, x: number, y: number, retry = true): Promise<Uint8Array | null> => {
    checkTileAddress({ z, x, y }, (await builds.info(ref, network)).maxzoom);
    try {
      // No topology: the worker does not read it again, the index holds what it draws.
      return (await pool.run('tile', undefined, { version: versionOf(ref), network, z, x, y })).value as Uint8Array | null;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === NOT_BUILT && retry)) throw error;
      builds.forget(ref, network);
      return tileOf(ref, network, z, x, y, false);
    }
  };

  app.get('/v1/topologies/:id/tiles.json', {
    schema: {
      tags, summary: 'TileJSON of the vector tiles of a topology under some network options; 503 tiles-building (Retry-After) while the index is built', params: TopologyParams,
      querystring: TileQuery.omit({ v: true }), response: { 200: TileJson, ...errors(400, 404, 503) },
    },
  }, async (request, reply) => {
    const record = await findTopology(context, request.params.id);
    const network = networkOf(request.query);
    const info = await builds.info(refOf(record), network);
    const template = tileTemplate(rootUrl(context, request), record.id, network, versionTag(record.etag));
    reply.header('Cache-Control', 'no-cache');
    return tileJson(info, template, versionTag(record.etag));
  });

  app.get('/v1/topologies/:id/tiles/:z/:x/:y.mvt', {
    schema: {
      tags, summary: 'One Mapbox Vector Tile (layers sections, sites, density); 204 when empty; 503 tiles-building while the index is built', params: TileParams, querystring: TileQuery,
      response: {
        200: { description: 'the tile', content: { [MVT_TYPE]: { schema: z.any().describe('a Mapbox Vector Tile, extent 4096') } } },
        204: z.undefined().describe('an empty tile'),
        304: z.undefined().describe('not modified (If-None-Match)'),
        ...errors(400, 404, 503),
      },
    },
  }, async (request, reply) => {
    const { z: zoom, x, y } = request.params;
    checkTileAddress({ z: zoom, x, y }, MAX_TILE_ZOOM);
    const record = await findTopology(context, request.params.id);
    const network = networkOf(request.query);
    const etag = tileEtag(record.etag, network, zoom, x, y);
    if (request.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(etag)) {
      return reply.code(304).header('ETag', etag).header('Cache-Control', tileCacheControl(request.query.v, record.etag)).send();
    }
    // No cancellation when the client goes: a tile takes milliseconds, maps cancel tiles all the
    // time while panning, and stopping the worker would throw its tile index away.
    const bytes = await tileOf(refOf(record), network, zoom, x, y);
    reply.header('ETag', etag).header('Cache-Control', tileCacheControl(request.query.v, record.etag));
    if (!bytes) return reply.code(204).send();
    return reply.type(MVT_TYPE).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
};
