import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ImportResult } from '../../src/import/gracethd/import-gracethd.js';
import { GEOPACKAGE_MEDIA_TYPE, isSqliteHeader } from '../../src/io/geopackage.js';
import { type ApiContext, clientGone, rootUrl, topologyInfo } from '../context.js';
import { ApiError } from '../errors.js';
import { requireToken } from '../http.js';
import { errors } from '../schemas/common.js';
import { ImportAnswer, ImportQuery } from '../schemas/import.js';
import { documentOnly } from '../schemas/registry.js';
import { type StoredDocument, TOPOLOGY_ID } from '../store/topology-store.js';

/** The body's media types: a zip, or a GeoPackage (`application/geopackage+sqlite3`; any SQLite body is read as one). */
export const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream', GEOPACKAGE_MEDIA_TYPE];

/** `POST /v1/import/gracethd`: a zipped GraceTHD delivery to a topology, stored under `id` when one is given. */
export const importRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: context.options.importBodyLimit }, (_request, body, done) => done(null, body));

  app.post('/v1/import/gracethd', {
    config: { cost: 'job' },
    onRequest: requireToken(context.options.token),
    bodyLimit: context.options.importBodyLimit,
    schema: {
      tags: ['topologies'],
      summary: 'Import a GraceTHD delivery (the folder of CSV and shapefiles, zipped) as a topology (bearer token)',
      description: 'The body is the zip itself (Content-Type application/zip), or a GeoPackage (Content-Type application/geopackage+sqlite3; a body that starts as an SQLite file is read as one, whatever its type), whose tables t_noeud, t_cheminement… are read as the files of the same names. Only the tables the importer uses are inflated or read. Findings never fail the import; a delivery without t_noeud or t_cheminement does (400). With `id`, the topology is stored as a new version (If-Match and If-None-Match as for PUT).',
      security: [{ bearer: [] }],
      querystring: ImportQuery,
      headers: z.object({ 'if-match': z.string().optional(), 'if-none-match': z.string().optional() }),
      // The body is the zip itself: documented as such (not the default application/json), checked by the parser above.
      consumes: ZIP_TYPES,
      body: documentOnly(z.any().meta({ type: 'string', format: 'binary' }).describe('the zip archive, or the GeoPackage')),
      response: { 200: ImportAnswer, 201: ImportAnswer, ...errors(400, 401, 403, 409, 412, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    const { id, headend, name, snapToleranceM, endToleranceM, view, version } = request.query;
    if (id !== undefined && !TOPOLOGY_ID.test(id)) {
      throw new ApiError(400, 'invalid-request', `id: not a valid topology id`, [{ field: 'id', in: 'query', id, message: `must match ${TOPOLOGY_ID}` }]);
    }
    if (!Buffer.isBuffer(request.body)) {
      throw new ApiError(415, 'unsupported-media-type', `send the zip itself, with Content-Type application/zip (or a GeoPackage, with Content-Type ${GEOPACKAGE_MEDIA_TYPE})`,
        [{ field: 'Content-Type', in: 'header', message: `expected one of ${ZIP_TYPES.join(', ')}` }]);
    }
    // Decompressed in a worker, under bounds on each entry's real size, its lines and its time.
    const zip = new Uint8Array(request.body);
    // A GeoPackage, named by its media type or told by the SQLite magic bytes: read (with SQLite) in the worker too.
    const isGpkg = request.headers['content-type']?.split(';')[0].trim().toLowerCase() === GEOPACKAGE_MEDIA_TYPE || isSqliteHeader(zip);
    const body = isGpkg ? { gpkg: zip } : { zip };
    const importRequest = { headends: headend ?? [], snapToleranceM, endToleranceM, ...(name && { name }), ...(view && { view }), ...(version && { version }) };
    if (id === undefined) {
      const { value } = await context.jobs.run('import', undefined, { ...body, request: importRequest }, { signal: clientGone(reply) });
      const result = value as ImportResult;
      return reply.code(200).send({ topology: result.topology, report: looseReport(result.report) });
    }
    // To store: the worker hands back the canonical document (bytes, hash, summary), not the topology, which the main thread never holds.
    const { value } = await context.jobs.run('import-document', undefined, { ...body, request: importRequest }, { signal: clientGone(reply) });
    const result = value as { document: StoredDocument; report: ImportResult['report'] };
    const { record, created } = await context.store.putDocument(id, result.document, {
      ifMatch: request.headers['if-match'], ifNoneMatch: request.headers['if-none-match'],
    });
    request.log.info({ topology: record.id, version: record.version }, 'GraceTHD delivery imported');
    const stored = topologyInfo(record, rootUrl(context, request));
    return reply.code(created ? 201 : 200).header('ETag', record.etag).header('Topology-Version', String(record.version))
      .header('Location', stored.links[0].href).send({ stored, report: looseReport(result.report) });
  });
};

/** The engine's report, typed as its documented (loose) schema: it is sent as it is. */
const looseReport = (report: unknown) => report as z.output<typeof ImportAnswer>['report'];
