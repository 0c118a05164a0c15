// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { NetworkOptions, NroRow } from './types.js' */

/**
 * The NROs, a page at a time from the API (GET …/analysis?limit&offset&sort&status): filter
 * (single-homed or isolated only), sort (subscribers, status, name), "more" for the next page;
 * on a click the NRO's figures, its critical sections and sites drawn on the map, the view on it.
 */
import { h, fill, find, fmt, label } from './dom.js';
import { NRO_STATUS } from './style.js';

/** NROs fetched per page. */
export const NRO_PAGE = 50;

export class NroPanel {
  /**
   * @param {HTMLElement} container
   * @param {{ api: import('./api.js').Api, view: import('./map-view.js').MapView, network: () => NetworkOptions, onCut: (sectionId: string) => void }} deps
   */
  constructor(container, deps) {
    this.container = container;
    this.deps = deps;
    /** @type {string | null} */
    this.selected = null;
    /** The topology listed; `show` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    /** @type {NroRow[]} */
    this.rows = [];
    this.total = 0;
    this.sequence = 0;
    find(container, '#nro-single').addEventListener('change', () => this.reload());
    find(container, '#nro-sort').addEventListener('change', () => this.reload());
    find(container, '#nro-outage').addEventListener('change', () => this.showOutage());
  }

  /** Whether the server computes availability (docs/availability.md). */
  get hasAvailability() {
    return this.deps.api.offers.availability;
  }

  /**
   * With "colour by expected outage" ticked, every NRO as a point coloured by its expected
   * minutes a year cut off (lower bound with double failures), sized by subscribers; a key.
   */
  async showOutage() {
    const on = /** @type {HTMLInputElement} */ (find(this.container, '#nro-outage')).checked;
    const key = find(this.container, '[data-part="outage-key"]');
    key.hidden = !on;
    if (!on || !this.hasAvailability) {
      this.deps.view.setShapes('outage', []);
      return;
    }
    const sequence = ++this.sequence;
    try {
      const layer = await this.deps.api.availability(this.model.topologyId, this.deps.network(), { works: false, top: 0, f: 'geojson' });
      if (sequence !== this.sequence) return;
      const max = Math.max(1, ...layer.features.map((/** @type {any} */ f) => f.properties.subscribers));
      this.deps.view.setShapes('outage', layer.features.map((/** @type {any} */ f) => ({
        ...f, properties: { ...f.properties, color: '#1f2328', fill: outageClass(f.properties.unavailabilityMinPerYear).color, radius: 4 + 6 * Math.sqrt(f.properties.subscribers / max) },
      })));
      fill(key, OUTAGE_CLASSES.map((c) => h('li', { dataset: { color: c.color } }, h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true' }), c.label)));
      for (const swatch of key.querySelectorAll('li')) /** @type {HTMLElement} */ (swatch.firstChild).style.backgroundColor = /** @type {string} */ (swatch.dataset.color);
    } catch (error) {
      fill(key, h('li', { className: 'fr-error', role: 'alert' }, `The expected outage could not be read: ${/** @type {Error} */ (error).message}`));
    }
  }

  /** @param {NetworkModel} model */
  show(model) {
    this.model = model;
    this.selected = null;
    this.deps.view.clear('focus');
    fill(find(this.container, '[data-part="detail"]'));
    this.loaded = false;
    this.rows = [];
    fill(find(this.container, '[data-part="list"]'));
  }

  /** The list is fetched when the panel is first opened. */
  ensure() {
    if (!this.loaded) this.reload();
  }

  query() {
    const onlyExposed = /** @type {HTMLInputElement} */ (find(this.container, '#nro-single')).checked;
    const sort = /** @type {HTMLSelectElement} */ (find(this.container, '#nro-sort')).value;
    return { sort, status: onlyExposed ? ['single-homed', 'isolated'] : undefined };
  }

  reload() {
    this.loaded = true;
    this.rows = [];
    return this.more();
  }

  /** Fetches the next page and appends it. */
  async more() {
    const sequence = ++this.sequence;
    const list = find(this.container, '[data-part="list"]');
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await this.deps.api.analysisPage(this.model.topologyId, this.deps.network(), { ...this.query(), limit: NRO_PAGE, offset: this.rows.length, summary: false });
      if (sequence !== this.sequence) return;
      this.rows.push(...page.nros);
      this.total = page.total;
      this.renderList();
    } catch (error) {
      if (sequence === this.sequence) fill(list, h('li', { className: 'fr-error', role: 'alert' }, `The NROs could not be read: ${/** @type {Error} */ (error).message}`));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  renderList() {
    const { status } = this.query();
    const counts = this.model.analysis;
    const subscribers = status ? counts.subscribers['single-homed'] + counts.subscribers.isolated
      : counts.subscribers.secured + counts.subscribers['single-homed'] + counts.subscribers.isolated;
    fill(find(this.container, '[data-part="summary"]'), `${fmt(this.total)} NROs, ${fmt(subscribers)} subscribers · ${fmt(this.rows.length)} shown`);
    fill(find(this.container, '[data-part="list"]'), this.rows.map((r) =>
      h('li', { dataset: { id: r.id, status: r.status } },
        h('button', {
          type: 'button', className: 'fr-row-button', 'aria-pressed': String(this.selected === r.id),
          onclick: () => this.select(r.id),
        },
        h('span', { className: 'fr-status-dot', 'aria-hidden': 'true', dataset: { status: r.status } }),
        h('span', { className: 'fr-row-name' }, r.name ?? r.id),
        h('span', { className: 'fr-row-status' }, r.status),
        h('span', { className: 'fr-num' }, fmt(r.subscribers))))),
    this.rows.length < this.total
      ? h('li', {}, h('button', { type: 'button', id: 'nro-more', onclick: () => this.more() }, `Show ${fmt(Math.min(NRO_PAGE, this.total - this.rows.length))} more`))
      : null);
    for (const dot of this.container.querySelectorAll('.fr-status-dot')) {
      if (dot instanceof HTMLElement) dot.style.backgroundColor = NRO_STATUS[/** @type {keyof typeof NRO_STATUS} */ (dot.dataset.status)].color;
    }
  }

  /**
   * Shows one NRO: its figures, its critical sections and sites on the map, the view on it.
   * @param {string} id
   */
  async select(id) {
    this.selected = id;
    const { api, view, network } = this.deps;
    let nro = this.rows.find((r) => r.id === id);
    if (!nro) nro = (await api.analysisPage(this.model.topologyId, network(), { nro: [id], limit: 1, summary: false })).nros[0];
    if (this.selected !== id) return;
    view.setStates('focus', {
      sections: (nro?.criticalSections ?? []).map((s) => [s, 'critical']),
      sites: [[id, 'focus'], ...(nro?.criticalSites ?? []).map((s) => /** @type {[string, string]} */ ([s, 'critical']))],
    });
    for (const b of this.container.querySelectorAll('[aria-pressed]')) b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b.closest('li')).dataset.id === id));
    /** @param {string[]} ids */
    const list = (ids) => (ids.length ? ids.join(', ') : 'none');
    fill(find(this.container, '[data-part="detail"]'),
      h('h3', {}, label(nro ?? { id })),
      nro
        ? h('dl', { className: 'fr-dl' },
          h('dt', {}, 'status'), h('dd', {}, `${nro.status} (${nro.paths} disjoint path${nro.paths === 1 ? '' : 's'})`),
          h('dt', {}, 'subscribers'), h('dd', {}, fmt(nro.subscribers)),
          h('dt', {}, 'critical sections'), h('dd', { dataset: { field: 'criticalSections' } }, list(nro.criticalSections)),
          h('dt', {}, 'critical sites'), h('dd', {}, list(nro.criticalSites)),
          h('dt', {}, 'shared risk groups'), h('dd', {}, list(nro.sharedRiskGroups)),
          h('dt', {}, 'exposed by'), h('dd', {}, list(nro.exposedBy)))
        : h('p', {}, 'Not analysed: a planned NRO. Tick “include planned elements” to analyse it.'),
      nro?.criticalSections.length
        ? h('button', { type: 'button', onclick: () => this.deps.onCut(nro.criticalSections[0]) }, `Cut ${nro.criticalSections[0]} and see who else loses service`)
        : null,
    );
    if (!nro) return;
    if (this.hasAvailability) this.showAvailability(id);
    // Around the NRO: its critical sections (a few), else the NRO itself.
    const shapes = nro.criticalSections.length ? await api.geometries(this.model.topologyId, 'sections', nro.criticalSections) : [];
    if (this.selected !== id) return;
    if (shapes.length) view.zoomToShapes([...shapes, { type: 'Point', coordinates: [nro.lon, nro.lat] }]);
    else view.zoomTo([nro.lon, nro.lat]);
  }

  /**
   * The NRO's expected outage under the failure model: minutes a year (single failures, and the
   * bounds with double failures), subscriber-hours, what cuts it off alone, its likeliest
   * double failure, and what its two routes share.
   * @param {string} id
   */
  async showAvailability(id) {
    const detail = find(this.container, '[data-part="detail"]');
    try {
      const answer = await this.deps.api.availability(this.model.topologyId, this.deps.network(), { nro: [id], works: false, top: 1 });
      const record = answer.nros[0];
      if (this.selected !== id || !record) return;
      const minutes = record.unavailabilityMinPerYear;
      const alone = record.singleFailures.slice(0, 3).map((/** @type {any} */ f) => `${f.id} (${one(f.minPerYear)} min)`);
      const pair = record.doubleFailures.top[0];
      const routes = record.routes;
      detail.append(h('h4', {}, 'Expected outage'), h('dl', { className: 'fr-dl', dataset: { part: 'availability' } },
        h('dt', {}, 'minutes a year'), h('dd', { dataset: { field: 'unavailability' } },
          `${one(minutes.lower)}${minutes.upper > minutes.lower + 0.05 ? ` – ${one(minutes.upper)}` : ''} (single failures ${one(minutes.single)})`),
        h('dt', {}, 'subscriber-hours a year'), h('dd', {}, fmt(record.subscriberHoursPerYear.lower)),
        h('dt', {}, 'cut off alone by'), h('dd', {}, alone.length ? alone.join(', ') + (record.singleFailures.length > 3 ? ` … (+${record.singleFailures.length - 3})` : '') : 'none'),
        h('dt', {}, 'double failures'), h('dd', { dataset: { field: 'doubleFailures' } },
          `${pairsText(record.doubleFailures)}${pair ? `; likeliest ${pair.a.id} + ${pair.b.id} (${one(pair.minPerYear)} min)` : ''}`),
        routes ? h('dt', {}, 'routes') : null,
        routes ? h('dd', { dataset: { field: 'routes' } }, routesText(routes)) : null));
    } catch (error) {
      if (this.selected === id) detail.append(h('p', { className: 'fr-error', role: 'alert' }, `The expected outage could not be read: ${/** @type {Error} */ (error).message}`));
    }
  }
}

/** Minutes with one decimal, French style; two significant digits below 0.1 (a double failure's seconds). @param {number} x */
const one = (x) => (x > 0 && x < 0.1 ? x.toLocaleString('fr-FR', { maximumSignificantDigits: 2 }) : x.toLocaleString('fr-FR', { maximumFractionDigits: 1 }));

/**
 * How many pairs of elements cut the NRO off together, and how many of them are two sections.
 * @param {{ sectionPairs: number, riskGroupPairs: number | null, mixedPairs?: number | null }} d
 */
function pairsText(d) {
  const all = d.sectionPairs + (d.riskGroupPairs ?? 0) + (d.mixedPairs ?? 0);
  const sections = `${fmt(d.sectionPairs)} section pair${d.sectionPairs === 1 ? '' : 's'}`;
  return all > d.sectionPairs ? `${fmt(all)} pairs, of which ${sections}` : sections;
}

/** The colour classes of the expected outage, minutes a year. */
export const OUTAGE_CLASSES = [
  { below: 30, color: '#2b8a3e', label: '< 30 min a year' },
  { below: 60, color: '#f59f00', label: '30–60 min' },
  { below: 120, color: '#e8590c', label: '60–120 min' },
  { below: Number.POSITIVE_INFINITY, color: '#c92a2a', label: '≥ 120 min' },
];

/** @param {number} minutes */
export const outageClass = (minutes) => OUTAGE_CLASSES.find((c) => minutes < c.below) ?? OUTAGE_CLASSES[OUTAGE_CLASSES.length - 1];

/**
 * What an NRO's two routes reach and share, in a line.
 * @param {{ status: string, diversity?: string | null, shares?: { sites: string[], riskGroups: string[] } | null }} routes
 */
function routesText(routes) {
  if (routes.status !== 'protected' || !routes.shares) return routes.status === 'unprotected' ? 'a single route: no disjoint backup' : routes.status;
  const shared = [
    routes.shares.sites.length ? `sites ${routes.shares.sites.join(', ')}` : '',
    routes.shares.riskGroups.length ? `trenches ${routes.shares.riskGroups.join(', ')}` : '',
  ].filter(Boolean);
  return `${routes.diversity}-disjoint${shared.length ? `; they share ${shared.join(' and ')}` : '; they share no site and no trench'}`;
}
