import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ImportResult } from '../../src/import/gracethd/import-gracethd.js';
import { GEOPACKAGE_MEDIA_TYPE, isSqliteHeader } from '../../src/io/geopackage.js';
import type { ImportRequest } from '../../src/requests/import.js';
import { parseRequest } from '../../src/requests/request-error.js';
import { type ApiContext, clientGone, rootUrl, topologyInfo } from '../context.js';
import { ApiError } from '../errors.js';
import { JSON_TYPE, requireToken } from '../http.js';
import type { JobAnswer } from '../jobs/job-pool.js';
import { type PostgisPayloadOf, postgisJobs, withSchema } from '../jobs/postgis-export-question.js';
import { errors } from '../schemas/common.js';
import { ImportAnswer, ImportDatabaseBody, ImportQuery } from '../schemas/import.js';
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
      description: 'The body is the zip itself (Content-Type application/zip), or a GeoPackage (Content-Type application/geopackage+sqlite3; a body that starts as an SQLite file is read as one, whatever its type), whose tables t_noeud, t_cheminement… are read as the files of the same names. Only the tables the importer uses are inflated or read. '
        + 'Or, as application/json, `{ "schema": … }` (ImportDatabaseBody): that schema of the server’s own GraceTHD database (FIBRE_GRACETHD_DATABASE_URL, default FIBRE_DATABASE_URL) is read in place, its options in the body or the query; a server without one answers 415, a schema that is not GraceTHD 400, a database that does not answer 503. The server never connects to a database a client names. '
        + 'Findings never fail the import; a delivery without t_noeud or t_cheminement does (400). With `id`, the topology is stored as a new version (If-Match and If-None-Match as for PUT).',
      security: [{ bearer: [] }],
      querystring: ImportQuery,
      headers: z.object({ 'if-match': z.string().optional(), 'if-none-match': z.string().optional() }),
      // The body is the zip itself (documented as such, checked by the parser above), or, on a server with a GraceTHD
      // database, a JSON object checked in the handler: a server without one documents no JSON body (and answers it 415).
      consumes: context.options.gracethdDatabaseUrl ? [...ZIP_TYPES, JSON_TYPE] : [...ZIP_TYPES],
      body: documentOnly(z.union([z.any().meta({ type: 'string', format: 'binary' }).describe('the zip archive, or the GeoPackage'), ImportDatabaseBody])
        .describe('the zip archive or the GeoPackage; or, as application/json, a schema of the server’s GraceTHD database')),
      response: { 200: ImportAnswer, 201: ImportAnswer, ...errors(400, 401, 403, 409, 412, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    const { id, headend, name, snapToleranceM, endToleranceM, view, version } = request.query;
    if (id !== undefined && !TOPOLOGY_ID.test(id)) {
      throw new ApiError(400, 'invalid-request', `id: not a valid topology id`, [{ field: 'id', in: 'query', id, message: `must match ${TOPOLOGY_ID}` }]);
    }
    const importRequest = { headends: headend ?? [], snapToleranceM, endToleranceM, ...(name && { name }), ...(view && { view }), ...(version && { version }) };
    const signal = clientGone(reply);
    let answer: (document: boolean) => Promise<JobAnswer>;
    if (Buffer.isBuffer(request.body)) {
      // Decompressed in a worker, under bounds on each entry's real size, its lines and its time.
      const zip = new Uint8Array(request.body);
      // A GeoPackage, named by its media type or told by the SQLite magic bytes: read (with SQLite) in the worker too.
      const isGpkg = request.headers['content-type']?.split(';')[0].trim().toLowerCase() === GEOPACKAGE_MEDIA_TYPE || isSqliteHeader(zip);
      const payload = { ...(isGpkg ? { gpkg: zip } : { zip }), request: importRequest };
      answer = (document) => (document ? context.jobs.run('import-document', undefined, payload, { signal }) : context.jobs.run('import', undefined, payload, { signal }));
    } else if (isObject(request.body)) {
      const payload = databasePayload(context, request.body, request.query, importRequest);
      answer = (document) => postgisJobs(context.jobs).run(document ? 'gracethd-database-import-document' : 'gracethd-database-import', undefined, payload, { signal });
    } else {
      throw new ApiError(415, 'unsupported-media-type', `send the zip itself, with Content-Type application/zip (or a GeoPackage, with Content-Type ${GEOPACKAGE_MEDIA_TYPE}; or a JSON object naming a schema of the server’s GraceTHD database)`,
        [{ field: 'Content-Type', in: 'header', message: `expected one of ${[...ZIP_TYPES, JSON_TYPE].join(', ')}` }]);
    }
    if (id === undefined) {
      const { value } = await answer(false);
      const result = value as ImportResult;
      return reply.code(200).send({ topology: result.topology, report: looseReport(result.report) });
    }
    // To store: the worker hands back the canonical document (bytes, hash, summary), not the topology, which the main thread never holds.
    const { value } = await answer(true);
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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The import options a JSON body and the query string may both give, by their names in the body and in the query. */
const SHARED_OPTIONS: ReadonlyArray<readonly [keyof ImportRequest, string]> = [
  ['headends', 'headend'], ['name', 'name'], ['view', 'view'], ['version', 'version'], ['snapToleranceM', 'snapToleranceM'], ['endToleranceM', 'endToleranceM'],
];

/**
 * The job of a JSON body: its schema of the server's GraceTHD database (never a URL of the
 * client's), with the import's options of the body and of the query (one place each).
 */
function databasePayload(context: ApiContext, body: Record<string, unknown>, query: Record<string, unknown>, fromQuery: ImportRequest): PostgisPayloadOf<'gracethd-database-import'> {
  const url = context.options.gracethdDatabaseUrl;
  if (!url) {
    const message = 'this server reads no GraceTHD database (FIBRE_GRACETHD_DATABASE_URL, or FIBRE_DATABASE_URL, is unset): send the delivery itself, as application/zip or application/geopackage+sqlite3';
    throw new ApiError(415, 'unsupported-media-type', message, [{ field: 'Content-Type', in: 'header', message }]);
  }
  const twice = SHARED_OPTIONS.find(([inBody, inQuery]) => body[inBody] !== undefined && query[inQuery] !== undefined);
  if (twice) {
    const message = `${twice[0]} is given in the body and as ${twice[1]} in the query: give it once`;
    throw new ApiError(400, 'invalid-request', message, [{ field: twice[0], in: 'body', message }]);
  }
  const { schema, ...options } = parseRequest(ImportDatabaseBody, body, 'import');
  const given = Object.fromEntries(Object.entries(options).filter(([key]) => body[key] !== undefined));
  return { database: withSchema(url, schema), request: { ...fromQuery, ...given } };
}

