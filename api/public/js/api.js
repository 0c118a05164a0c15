// @ts-check
/** @import { AnalysisPage, CutImpact, CutRequest, NetworkOptions, Plan, Ranking, SaturationPage, TileJson, TopologyEntry } from './types.js' */

/**
 * The public HTTP API, as the map uses it. Nothing here is private to the map: every call is a
 * documented route of /openapi.json, which the client also reads to know which optional routes
 * (saturation, rankings, plans, re-routing after a cut) this server offers.
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {any} body the JSON error body, when there is one
   */
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {string} url
 * @param {RequestInit & { headers?: Record<string, string> }} [init]
 * @returns {Promise<any>}
 */
async function request(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * @param {string} url
 * @param {unknown} body
 */
const post = (url, body) =>
  request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/**
 * `?includePlanned&withLink=R-01` from `{ includePlanned: true, withLinks: ['R-01'] }`.
 * @param {NetworkOptions} [options]
 */
export function networkQuery({ includePlanned = false, withLinks = [], headends = [] } = {}) {
  const params = new URLSearchParams();
  if (includePlanned) params.set('includePlanned', 'true');
  for (const id of withLinks) params.append('withLink', id);
  for (const id of headends) params.append('headend', id);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A query string with more parameters: arrays repeated, undefined left out.
 * @param {string} query `?a=1` or ''
 * @param {Record<string, string | number | boolean | string[] | undefined>} params
 * @example withParams('?includePlanned=true', { limit: 50, status: ['isolated'] }); // '?includePlanned=true&limit=50&status=isolated'
 */
export function withParams(query, params) {
  const out = new URLSearchParams(query.slice(1));
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}

export class Api {
  constructor(base = '') {
    this.base = base;
    /** The OpenAPI document, `{}` when the server gives none. @type {Record<string, any>} */
    this.doc = {};
    /** @type {Record<string, Record<string, any>>} */
    this.paths = {};
  }

  /** Reads the API definition once: which routes exist, and whether a cut can be re-routed. */
  async discover() {
    try {
      const doc = await request(`${this.base}/openapi.json`);
      this.doc = doc;
      this.paths = doc.paths ?? {};
    } catch {
      this.doc = {};
      this.paths = {};
    }
    return this;
  }

  /**
   * True when the server documents `method path` (`has('get', '/v1/topologies/{id}/saturation')`).
   * @param {string} method
   * @param {string} path
   */
  has(method, path) {
    return Boolean(this.paths[path]?.[method]);
  }

  get offers() {
    return {
      saturation: this.has('get', '/v1/topologies/{id}/saturation'),
      rankings: this.has('get', '/v1/topologies/{id}/rankings'),
      plans: this.has('post', '/v1/topologies/{id}/plans'),
      availability: this.has('get', '/v1/topologies/{id}/availability'),
      reroute: Boolean(this.bodyProperties('post', '/v1/topologies/{id}/cuts').reroute),
    };
  }

  /**
   * The JSON body properties a documented route takes (its `$ref` followed into the components).
   * @param {string} method
   * @param {string} path
   * @returns {Record<string, unknown>}
   */
  bodyProperties(method, path) {
    let schema = this.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    for (let depth = 0; schema?.$ref && depth < 5; depth++) {
      schema = schema.$ref.split('/').slice(1).reduce((/** @type {any} */ node, /** @type {string} */ key) => node?.[key], this.doc);
    }
    return schema?.properties ?? {};
  }

  /** @returns {Promise<TopologyEntry[]>} */
  topologies() {
    return request(`${this.base}/v1/topologies`).then((r) => r.topologies);
  }

  /**
   * The TileJSON of the topology's vector tiles (docs/tiles.md), once the server has built them:
   * while it answers 503 `tiles-building`, `onBuilding(phase)` and a new try after `Retry-After`.
   * @param {string} id
   * @param {NetworkOptions} network
   * @param {(phase: string) => void} [onBuilding]
   * @returns {Promise<TileJson>}
   */
  async tiles(id, network, onBuilding = () => {}) {
    const url = `${this.base}/v1/topologies/${encodeURIComponent(id)}/tiles.json${networkQuery(network)}`;
    for (;;) {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      const body = await response.json().catch(() => null);
      if (response.ok) return body;
      // The server builds the tiles in the background: ask again when it says (docs/tiles.md).
      if (response.status !== 503 || body?.code !== 'tiles-building') throw new ApiError(response.status, body);
      onBuilding(String(body.details?.[0]?.message ?? body.message));
      const seconds = Math.min(30, Math.max(1, Number(response.headers.get('Retry-After')) || 2));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }

  /**
   * One page of the analysed NROs and the summary: `limit`, `offset`, `sort`, `status`, `nro`, `summary`.
   * @param {string} id
   * @param {NetworkOptions} network
   * @param {{ limit?: number, offset?: number, sort?: string, status?: string[], nro?: string[], summary?: boolean }} page
   * @returns {Promise<AnalysisPage>}
   */
  analysisPage(id, network, page) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/analysis${withParams(networkQuery(network), page)}`);
  }

  /**
   * One page of the section loads and the saturation summary: `limit`, `offset`, `sort`, `state`, `owner`, `section`, `summary`.
   * @param {string} id
   * @param {NetworkOptions} network
   * @param {{ limit?: number, offset?: number, sort?: string, state?: string[], owner?: string[], section?: string[], summary?: boolean }} page
   * @returns {Promise<SaturationPage>}
   */
  saturationPage(id, network, page) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/saturation${withParams(networkQuery(network), page)}`);
  }

  /**
   * One feature of an OGC collection (`sites`, `sections`) by id, or null when there is none.
   * @param {string} id
   * @param {string} collection
   * @param {string} featureId
   * @returns {Promise<{ geometry: any, properties: Record<string, any> } | null>}
   */
  async feature(id, collection, featureId) {
    try {
      return await request(`${this.base}/ogc/${encodeURIComponent(id)}/collections/${collection}/items/${encodeURIComponent(featureId)}`, { headers: { Accept: 'application/geo+json' } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * The geometries of a few sites or sections (at most 25), for zooming to them.
   * @param {string} id
   * @param {string} collection
   * @param {string[]} ids
   */
  async geometries(id, collection, ids) {
    const features = await Promise.all(ids.slice(0, 25).map((f) => this.feature(id, collection, f)));
    return features.flatMap((f) => (f ? [f.geometry] : []));
  }

  /**
   * The expected outage of some NROs under the topology's failure model (docs/availability.md),
   * or with `f: 'geojson'` every NRO as a point with its minutes a year.
   * @param {string} id
   * @param {NetworkOptions} network
   * @param {{ nro?: string[], top?: number, works?: boolean, f?: 'geojson' }} params
   * @returns {Promise<any>}
   */
  availability(id, network, params) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/availability${withParams(networkQuery(network), params)}`);
  }

  /**
   * @param {string} id
   * @param {NetworkOptions} network
   * @returns {Promise<Ranking>}
   */
  rankings(id, network) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/rankings${networkQuery(network)}`);
  }

  /**
   * @param {string} id
   * @param {{ budgetEur: number, years: number }} body
   * @param {NetworkOptions} network
   * @returns {Promise<Plan>}
   */
  plan(id, body, network) {
    return post(`${this.base}/v1/topologies/${encodeURIComponent(id)}/plans${networkQuery(network)}`, body);
  }

  /**
   * The same plan as a map layer: its links and works with their geometry.
   * @param {string} id
   * @param {{ budgetEur: number, years: number }} body
   * @param {NetworkOptions} network
   * @returns {Promise<{ features: { geometry: any, properties: Record<string, any> }[] }>}
   */
  planLayer(id, body, network) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/plans${networkQuery(network)}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/geo+json' }, body: JSON.stringify(body),
    });
  }

  /**
   * Who loses service; with `reroute` (when offered), what saturates once the broken routes are re-routed.
   * @param {string} id
   * @param {CutRequest} body
   * @param {NetworkOptions} network
   * @returns {Promise<CutImpact>}
   */
  cut(id, body, network) {
    const withReroute = this.offers.reroute ? { ...body, reroute: true } : body;
    return post(`${this.base}/v1/topologies/${encodeURIComponent(id)}/cuts${networkQuery(network)}`, withReroute);
  }
}
