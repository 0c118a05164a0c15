import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, bodyBytes, findTopology, keepRawJsonBodies, refOf, rootUrl, sendAnswer, topologyInfo, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE, requireToken } from '../http.js';
import { errors, FormatQuery, NoQuery, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { Topology, TopologyDocument, TopologyInfo, TopologyList } from '../schemas/topology.js';
import { type StoredDocument, TOPOLOGY_ID } from '../store/topology-store.js';

const WriteHeaders = z.object({
  'if-match': z.string().optional().describe('replace only if this is the current ETag (`*`: only if it exists)'),
  'if-none-match': z.string().optional().describe('`*`: create only, never replace'),
});

/**
 * `/v1/topologies`: list, read (JSON or GeoJSON, with version and ETag), create or replace.
 * Nothing here holds a document on the main thread: a PUT's body is parsed, validated and
 * stringified in a worker, the store writes the bytes it is given, a read sends the version's
 * file as it is, and its GeoJSON form comes from a worker.
 */
export const topologyRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  keepRawJsonBodies(app);

  app.get('/v1/topologies', {
    schema: {
      tags: ['topologies'],
      summary: 'The topologies of the server: id, name, version, counts',
      querystring: NoQuery,
      response: { 200: TopologyList, ...errors(400) },
    },
  }, async (request) => {
    const root = rootUrl(context, request);
    const records = await Promise.all((await context.store.ids()).map((id) => context.store.get(id)));
    return { topologies: records.flatMap((r) => (r ? [topologyInfo(r, root)] : [])) };
  });

  app.get('/v1/topologies/:id', {
    schema: {
      tags: ['topologies'],
      summary: 'One topology document, with its version (Topology-Version) and ETag; GeoJSON with ?f=geojson',
      params: TopologyParams,
      querystring: FormatQuery,
      response: {
        200: { description: 'the document', content: { [JSON_TYPE]: { schema: Topology }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        304: z.undefined().describe('not modified (If-None-Match)'),
        ...errors(400, 404, 503),
      },
    },
  }, async (request, reply) => {
    const record = await findTopology(context, request.params.id);
    const geojson = answerFormat(request) === 'geojson';
    const etag = geojson ? record.etag.replace(/"$/, '-geojson"') : record.etag;
    reply.header('ETag', etag).header('Topology-Version', String(record.version)).header('Vary', 'Accept');
    if (request.headers['if-none-match']?.split(',').map((t) => t.trim()).includes(etag)) return reply.code(304).send();
    if (geojson) return sendAnswer(reply, await context.jobs.run('topology-geojson', refOf(record), undefined, untilClientGone(reply)));
    // The file is the document: what a PUT was answered for (its canonical JSON), or a seed as the
    // topology folder has it (any layout; a valid document is its own parsed value).
    return (reply as FastifyReply).type(JSON_TYPE).send(context.store.read(record));
  });

  app.put('/v1/topologies/:id', {
    onRequest: requireToken(context.options.token),
    schema: {
      tags: ['topologies'],
      summary: 'Create or replace a topology (bearer token); If-Match for a safe replacement',
      description: 'The body is a `fibre-topology/1` document or its GeoJSON FeatureCollection. Every validation problem is in the 400 answer, each with its JSON path and id. Each write stores a new version, atomically: the previous one stays served until the new one is durable.',
      security: [{ bearer: [] }],
      querystring: NoQuery,
      params: TopologyParams.extend({ id: z.string().regex(TOPOLOGY_ID, 'letters, digits, ".", "_" and "-", at most 64, starting and ending with a letter or digit') }),
      headers: WriteHeaders,
      body: TopologyDocument,
      response: { 200: TopologyInfo, 201: TopologyInfo, ...errors(400, 401, 403, 409, 412, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    const body = bodyBytes(request.body);
    const { value } = await context.jobs.run('validate', undefined, { body, mode: 'store' }, untilClientGone(reply));
    const { record, created } = await context.store.putDocument(request.params.id, value as StoredDocument, {
      ifMatch: request.headers['if-match'],
      ifNoneMatch: request.headers['if-none-match'],
    });
    request.log.info({ topology: record.id, version: record.version, etag: record.etag }, created ? 'topology created' : 'topology replaced');
    const info = topologyInfo(record, rootUrl(context, request));
    return reply
      .code(created ? 201 : 200)
      .header('ETag', record.etag)
      .header('Topology-Version', String(record.version))
      .header('Location', info.links[0].href)
      .send(info);
  });
};

