import { topologyToGeoJSON } from '../../src/io/geojson.js';
import { type analyseRequest, analysisJsonRequest, analysisPageRequest } from '../../src/requests/analyse.js';
import { availabilityRequest } from '../../src/requests/availability.js';
import { cutRequest } from '../../src/requests/cut.js';
import { failureSweepRequest } from '../../src/requests/failure-sweep.js';
import { importRequest } from '../../src/requests/import.js';
import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { planRequest } from '../../src/requests/plan.js';
import { POSTGIS_QUESTIONS } from './postgis-export-question.js';
import { proposals } from './proposal-question.js';
import { reportQuestion } from './report-question.js';
import { rankRequest } from '../../src/requests/rank.js';
import { routeRequest } from '../../src/requests/route.js';
import { saturationPageRequest, saturationRequest } from '../../src/requests/saturation.js';
import { notFound } from '../errors.js';
import { availabilityToGeoJSON } from '../geojson/availability.js';
import { type CutLayer, cutToGeoJSON } from '../geojson/cut.js';
import { type AnalysisLayer, analysisToGeoJSON, planToGeoJSON, rankingsToGeoJSON, saturationToGeoJSON } from '../geojson/results.js';
import { routeToGeoJSON } from '../geojson/route.js';
import { GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { collectionDocument, collectionsDocument } from '../ogc/documents.js';
import { itemsPage, type ItemsRequest, type PagingLimits } from '../ogc/items.js';
import { LAYERS, layerFeatures, layerOf } from '../ogc/layers.js';
import type { Area } from '../schemas/geojson.js';
import { checkBody, storedDocument } from '../store/topology-document.js';
import { reportPhase } from '../tiles/build-progress.js';
import { buildTileIndex, builtTileIndex } from '../tiles/index-cache.js';
import type { TileRequest } from '../tiles/tile-address.js';

/**
 * Questions whose answers the main thread keeps (small, and a function of the version and the
 * payload alone): the summaries and pages the map's panels ask on every load, which at 1e6
 * sections take a worker half a minute when the network is not in its cache.
 */
export const KEPT_ANSWERS: ReadonlySet<string> = new Set(['analysis-page', 'saturation-page', 'route']);

/** Most sections of a network whose plain cuts the main thread answers itself (api/jobs/job-pool.ts). */
export const MAIN_THREAD_SECTIONS = 500;
/** Most ids a plain cut answered on the main thread names (sections, sites, risk groups and owners together). */
const MAIN_THREAD_IDS = 100;

/**
 * Whether the main thread answers a job itself rather than hand it to a worker: a plain cut (no
 * area, no re-routing, a few ids) of a network of at most MAIN_THREAD_SECTIONS sections. Its
 * work is two searches over that small network, 0.15 ms on the Somme network and 0.3 ms at 500
 * sections, less than the trip to a worker (2 ms at 2 000 sections: too much); the network itself
 * is read, checked and compiled once per version (15–20 ms at 500 sections). Everything else,
 * and any cut of a larger network, goes to a worker.
 *
 * @example
 * answersOnMainThread('cut', { id: 'somme', etag, file, sections: 138 }, { request: { sections: ['S-040'] }, format: 'json' }); // true
 */
export function answersOnMainThread(question: string, topology: { sections?: number } | undefined, payload: unknown): boolean {
  if (question !== 'cut' || topology?.sections === undefined || topology.sections > MAIN_THREAD_SECTIONS) return false;
  const request = (payload as { request?: Record<string, unknown> } | undefined)?.request;
  if (!request || request.polygon !== undefined || (request.reroute !== undefined && request.reroute !== false)) return false;
  let ids = 0;
  for (const field of ['sections', 'sites', 'riskGroups', 'owners']) {
    const list = request[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return false;
    ids += list.length;
  }
  return ids <= MAIN_THREAD_IDS;
}

/** What a question answers: bytes of a media type, or a value handed back to the main thread. */
export type Answer = { type: string; text: Iterable<string | Uint8Array> | string; headers?: Record<string, string> } | { value: unknown };

type Format = 'json' | 'geojson';
interface Formatted<R> { request: R; format: Format }
type Question = (workspace: never, payload: never) => Answer | Promise<Answer>;

const json = (value: unknown): Answer => ({ type: JSON_TYPE, text: JSON.stringify(value) });
const geojson = (value: unknown): Answer => ({ type: GEOJSON_TYPE, text: JSON.stringify(value) });

/** The network the OGC layers show: the topology as it is, with its own head-ends. */
const ogcNetwork = (ws: NetworkWorkspace) => ws.network({ headends: [], includePlanned: false, withLinks: [] });


/** The body of `POST /v1/import/gracethd`: a zip, or a GeoPackage. */
type ImportPayload = ({ zip: Uint8Array } | { gpkg: Uint8Array }) & { request: Parameters<typeof importRequest>[1] };
const uploaded = (payload: ImportPayload) => ('gpkg' in payload ? { gpkg: payload.gpkg } : { zip: payload.zip });

/**
 * Every question a worker answers, by name: each calls the one request function of `src/requests`
 * that the CLI calls too, and only encodes its answer.
 */
export const QUESTIONS = {
  ...POSTGIS_QUESTIONS,
  analysis: (ws: NetworkWorkspace, { request, format, layer = 'sites' }: Formatted<Parameters<typeof analyseRequest>[1]> & { layer?: AnalysisLayer }): Answer => {
    if (format === 'json') return { type: JSON_TYPE, text: analysisJsonRequest(ws, request) };
    const loaded = ws.network(request.network as never);
    return geojson(loaded.memo(`analysis-geojson-${layer}`, () => analysisToGeoJSON(ws.topology, loaded.net, loaded.report(), layer)));
  },
  'analysis-page': (ws: NetworkWorkspace, { request }: { request: Parameters<typeof analysisPageRequest>[1] }): Answer => json(analysisPageRequest(ws, request)),
  'saturation-page': (ws: NetworkWorkspace, { request }: { request: Parameters<typeof saturationPageRequest>[1] }): Answer => json(saturationPageRequest(ws, request)),
  cut: (ws: NetworkWorkspace, { request, format, layer }: Formatted<Parameters<typeof cutRequest>[1]> & { layer?: CutLayer }): Answer => {
    const answer = cutRequest(ws, request);
    if (format === 'json') return json(answer);
    const { reroute, ...impact } = answer;
    return geojson(cutToGeoJSON(ws.topology, impact, request.polygon as Area | undefined, reroute, layer));
  },
  route: (ws: NetworkWorkspace, { request, format }: Formatted<Parameters<typeof routeRequest>[1]>): Answer => {
    const answer = routeRequest(ws, request);
    return format === 'json' ? json(answer) : geojson(routeToGeoJSON(ws.topology, answer));
  },
  saturation: (ws: NetworkWorkspace, { request, format }: Formatted<Parameters<typeof saturationRequest>[1]>): Answer => {
    const report = saturationRequest(ws, request);
    return format === 'json' ? json(report) : geojson(saturationToGeoJSON(ws.topology, report));
  },
  /** `POST …/sweeps`: the failure sweep (docs/sweeps.md). */
  sweep: (ws: NetworkWorkspace, { request }: { request: Parameters<typeof failureSweepRequest>[1] }): Answer => json(failureSweepRequest(ws, request)),
  /** `…/availability`: expected outage per NRO and what each work avoids (docs/availability.md). */
  availability: (ws: NetworkWorkspace, { request, format }: Formatted<Parameters<typeof availabilityRequest>[1]>): Answer => {
    const answer = availabilityRequest(ws, request);
    return format === 'json' ? json(answer) : geojson(availabilityToGeoJSON(ws.topology, answer));
  },
  rankings: (ws: NetworkWorkspace, { request, format }: Formatted<Parameters<typeof rankRequest>[1]>): Answer => {
    const rankings = rankRequest(ws, request);
    return format === 'json' ? json(rankings) : geojson(rankingsToGeoJSON(ws.topology, rankings));
  },
  plan: async (ws: NetworkWorkspace, { request, format }: Formatted<Parameters<typeof planRequest>[1]>): Promise<Answer> => {
    const plan = await planRequest(ws, request);
    return format === 'json' ? json(plan) : geojson(planToGeoJSON(ws.topology, plan));
  },
  /** `POST …/proposals`: the cheapest new links that secure every NRO (docs/proposals.md). */
  proposals,
  /** `GET …/report`: the committee report, HTML or PDF (docs/report.md). */
  report: reportQuestion,
  /** A zipped delivery (`zip`) or a GeoPackage (`gpkg`). */
  import: async (_ws: undefined, payload: ImportPayload): Promise<Answer> =>
    ({ value: await importRequest(uploaded(payload), payload.request) }),
  /** An import to store: the canonical document (bytes, hash, summary) and the report, not the topology itself. */
  'import-document': async (_ws: undefined, payload: ImportPayload): Promise<Answer> => {
    const { topology, report } = await importRequest(uploaded(payload), payload.request);
    return { value: { document: storedDocument(topology), report } };
  },
  /** The raw body of a PUT (`store`: the document to store) or of `POST /v1/validate` (`report`), parsed and validated here, every problem at once. */
  validate: (_ws: undefined, { body, mode }: { body: Uint8Array; mode: 'store' | 'report' }): Answer =>
    (mode === 'store' ? { value: checkBody(body, 'store') } : json(checkBody(body, 'report'))),
  /** `GET /v1/topologies/:id?f=geojson`. */
  'topology-geojson': (ws: NetworkWorkspace): Answer => geojson(topologyToGeoJSON(ws.topology)),
  'ogc-collections': (ws: NetworkWorkspace, { base }: { base: string }): Answer => {
    const loaded = ogcNetwork(ws);
    return json(collectionsDocument(base, LAYERS.map((layer) => collectionDocument(base, layer, layerFeatures(layer, loaded)))));
  },
  'ogc-collection': (ws: NetworkWorkspace, { base, collectionId }: { base: string; collectionId: string }): Answer => {
    const layer = layerOf(collectionId);
    return json(collectionDocument(base, layer, layerFeatures(layer, ogcNetwork(ws))));
  },
  'ogc-items': (ws: NetworkWorkspace, { collectionId, query, url, paging }: { collectionId: string; query: ItemsRequest; url: string; paging: PagingLimits }): Answer => {
    const layer = layerOf(collectionId);
    const page = itemsPage(layerFeatures(layer, ogcNetwork(ws)), query, url, paging);
    return { type: GEOJSON_TYPE, text: JSON.stringify(page), headers: { 'OGC-NumberMatched': String(page.numberMatched) } };
  },
  'ogc-item': (ws: NetworkWorkspace, { collectionId, featureId, collection }: { collectionId: string; featureId: string; collection: string }): Answer => {
    const layer = layerOf(collectionId);
    const feature = layerFeatures(layer, ogcNetwork(ws)).find((f) => f.id === featureId);
    if (!feature) throw notFound(`feature in ${collectionId}`, featureId, 'featureId');
    return geojson({
      ...feature,
      links: [
        { rel: 'self', type: GEOJSON_TYPE, href: `${collection}/items/${encodeURIComponent(featureId)}` },
        { rel: 'collection', type: JSON_TYPE, href: collection },
      ],
    });
  },
  /** The background build of a tile index (docs/tiles.md) of a version (`id etag`), its phases told to the main thread as it goes: what `tiles.json` says of it. */
  'tiles-build': (ws: NetworkWorkspace, { network, version, build }: Pick<TileRequest, 'network'> & { version: string; build: string }): Answer =>
    ({ value: buildTileIndex(ws, version, network, (phase) => reportPhase(build, phase)).info }),
  /** One vector tile of a built index (no topology read): its bytes, or null when it holds nothing; `tiles-not-built` when this worker holds no such index. */
  tile: (_ws: undefined, request: TileRequest & { version: string }): Answer => {
    // The address was checked against this index's maxzoom on the main thread (api/routes/tiles.ts).
    return { value: builtTileIndex(request.version, request.network).tile(request.z, request.x, request.y) };
  },
} satisfies Record<string, Question>;

export type QuestionName = keyof typeof QUESTIONS;
export type PayloadOf<Q extends QuestionName> = Parameters<(typeof QUESTIONS)[Q]>[1];
