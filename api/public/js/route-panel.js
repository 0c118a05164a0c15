// @ts-check
/** @import { NetworkOptions } from './types.js' */

/**
 * The route tool: two sites (picked in two lists, or clicked on the map while the Route tab is
 * open), the API's shortest route between them (GET /v1/topologies/{id}/route), its sections
 * highlighted on the map and its length and sections in an aria-live panel.
 */
import { ApiError, networkQuery } from './api.js';
import { h, fill, find, fmt, km, localized } from './dom.js';
import { t } from './i18n.js';

/** The route's colour on the map: distinct from the cut's and the NRO focus' colours. */
export const ROUTE_COLOR = '#0b7285';

/**
 * The route between two sites, as the API answers it.
 * @typedef {object} RouteAnswer
 * @property {string} from
 * @property {string} to
 * @property {'length' | 'hops'} weight
 * @property {boolean} found
 * @property {number | null} lengthM
 * @property {number | null} hops
 * @property {string[]} sites
 * @property {string[]} sections
 * @property {string} [reason]
 */

/**
 * What the panel needs of the page.
 * @typedef {object} RoutePanelDeps
 * @property {import('./api.js').Api} api
 * @property {import('./map-view.js').MapView} view
 * @property {() => NetworkOptions} network
 * @property {() => string} topologyId
 */

/**
 * `/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&weight=hops&includePlanned=true`.
 * @param {string} base
 * @param {string} topologyId
 * @param {{ from: string, to: string, hops: boolean }} ends
 * @param {NetworkOptions} network
 * @returns {string}
 * @example routeUrl('', 'somme', { from: 'NRO-CAY', to: 'HE-AMIENS', hops: false }, {}); // '/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS'
 */
export function routeUrl(base, topologyId, { from, to, hops }, network) {
  const params = new URLSearchParams({ from, to });
  if (hops) params.set('weight', 'hops');
  const options = networkQuery(network).slice(1);
  return `${base}/v1/topologies/${encodeURIComponent(topologyId)}/route?${params}${options ? `&${options}` : ''}`;
}

export class RoutePanel {
  /**
   * @param {HTMLElement} container the Route tab's panel
   * @param {RoutePanelDeps} deps
   */
  constructor(container, deps) {
    this.container = container;
    this.deps = deps;
    this.from = /** @type {HTMLInputElement} */ (find(container, '#route-from'));
    this.to = /** @type {HTMLInputElement} */ (find(container, '#route-to'));
    this.hops = /** @type {HTMLInputElement} */ (find(container, '#route-hops'));
    this.output = find(container, '[data-part="route"]');
    // Long site names must not widen the side panel.
    for (const select of [this.from, this.to]) Object.assign(select.style, { width: '100%', minWidth: '0', boxSizing: 'border-box' });
    /** @type {RouteAnswer | null} */
    this.answer = null;
    this.sequence = 0;
    find(container, '#route-find').addEventListener('click', () => this.find());
    find(container, '#route-clear').addEventListener('click', () => this.clear());
    for (const control of [this.from, this.to, this.hops]) control.addEventListener('change', () => this.ready() && this.find());
  }

  /** Whether the Route tab is open: then a click on a site picks an end of the route. */
  get open() {
    return !this.container.hidden;
  }

  /** A newly loaded topology: no route. */
  show() {
    this.clear();
  }

  /** Both ends chosen. */
  ready() {
    return Boolean(this.from.value && this.to.value);
  }

  /**
   * A site clicked on the map: the first end, then the second (and the route is asked for);
   * a third click starts a new route from that site.
   * @param {string} siteId
   */
  pickSite(siteId) {
    if (!this.from.value || this.ready()) {
      this.clear();
      this.from.value = siteId;
      localized(this.output, () => h('p', { className: 'fr-note' }, t('route.fromPicked', { id: siteId })));
    } else {
      this.to.value = siteId;
      this.find();
    }
  }

  /** Asks the API for the route between the two chosen sites and shows it. */
  async find() {
    if (!this.ready()) {
      localized(this.output, () => h('p', { className: 'fr-note' }, t('route.pickEnds')));
      return;
    }
    const { api, network, topologyId } = this.deps;
    const sequence = ++this.sequence;
    const url = routeUrl(api.base, topologyId(), { from: this.from.value.trim(), to: this.to.value.trim(), hops: this.hops.checked }, network());
    this.output.setAttribute('aria-busy', 'true');
    try {
      // The route as a map layer: its sections' geometry, and its figures in `route`.
      const response = await fetch(url, { headers: { Accept: 'application/geo+json' } });
      const body = await response.json();
      if (!response.ok) throw new ApiError(response.status, body);
      if (sequence === this.sequence) this.render({ ...body.route, sections: body.features.map((/** @type {any} */ f) => f.properties.id) }, body.features);
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.answer = null;
      this.deps.view.clear('route');
      localized(this.output, () => h('p', { className: 'fr-note', role: 'alert' }, t('route.failed', { message: /** @type {Error} */ (error).message })));
    } finally {
      if (sequence === this.sequence) this.output.setAttribute('aria-busy', 'false');
    }
  }

  /**
   * Draws the route's sections and its ends, zooms to them, and lists its figures.
   * @param {RouteAnswer} answer
   * @param {{ geometry: any }[]} features its sections, in path order
   */
  render(answer, features) {
    this.answer = answer;
    const { view } = this.deps;
    view.clear('route');
    if (!answer.found) {
      localized(this.output, () => h('p', { dataset: { field: 'found', value: 'false' } }, t('route.notFound', { from: answer.from, to: answer.to, reason: answer.reason ?? '' })));
      return;
    }
    view.setShapes('route', features.flatMap((f) => [
      { type: 'Feature', geometry: f.geometry, properties: { halo: true } },
      { type: 'Feature', geometry: f.geometry, properties: { color: ROUTE_COLOR, width: 6 } },
    ]));
    view.setStates('route', { sites: [[answer.from, 'route'], [answer.to, 'route']] });
    view.zoomToShapes(features.map((f) => f.geometry));
    localized(this.output, () => routeView(answer));
  }

  /** Forgets the route and takes it off the map. */
  clear() {
    this.sequence++;
    this.answer = null;
    this.deps.view.clear('route');
    this.from.value = '';
    this.to.value = '';
    fill(this.output);
    this.output.setAttribute('aria-busy', 'false');
  }
}

/**
 * A route found: its ends, length, sections and weight, and its sections in path order.
 * @param {RouteAnswer} answer
 */
function routeView(answer) {
  const lengthM = /** @type {number} */ (answer.lengthM);
  return [
    h('dl', { className: 'fr-dl' },
      h('dt', {}, t('route.dt.from')), h('dd', {}, answer.from),
      h('dt', {}, t('route.dt.to')), h('dd', {}, answer.to),
      h('dt', {}, t('route.dt.length')), h('dd', {}, h('output', { dataset: { field: 'lengthM', value: String(lengthM) } }, `${km(lengthM)} (${fmt(lengthM)} m)`)),
      h('dt', {}, t('route.dt.sections')), h('dd', {}, h('output', { dataset: { field: 'hops', value: String(answer.hops) } }, fmt(answer.hops))),
      h('dt', {}, t('route.dt.by')), h('dd', {}, answer.weight === 'hops' ? t('route.by.hops') : t('route.by.length'))),
    h('ol', { className: 'fr-route-sections', dataset: { list: 'sections' } },
      answer.sections.map((id, i) => h('li', { dataset: { id } }, `${id}: ${answer.sites[i]} → ${answer.sites[i + 1]}`))),
  ];
}
