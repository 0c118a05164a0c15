// @ts-check
/** @import { Analysis, CutImpact, CutRequest, NetworkOptions, Plan, Ranking, Saturation, TopologyEntry, TopologyGeoJson } from './types.js' */

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
   * The topology as GeoJSON: sites, sections, redundancy links, desaturation works, every field a property.
   * @param {string} id
   * @returns {Promise<TopologyGeoJson>}
   */
  topology(id) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}?f=geojson`);
  }

  /**
   * @param {string} id
   * @param {NetworkOptions} network
   * @returns {Promise<Analysis>}
   */
  analysis(id, network) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/analysis${networkQuery(network)}`);
  }

  /**
   * @param {string} id
   * @param {NetworkOptions} network
   * @returns {Promise<Saturation>}
   */
  saturation(id, network) {
    return request(`${this.base}/v1/topologies/${encodeURIComponent(id)}/saturation${networkQuery(network)}`);
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
