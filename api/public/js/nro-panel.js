// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { NetworkOptions, NroRow } from './types.js' */

/**
 * The NROs, a page at a time from the API (GET …/analysis?limit&offset&sort&status): filter
 * (single-homed or isolated only), sort (subscribers, status, name), "more" for the next page;
 * on a click the NRO's figures, its critical sections and sites drawn on the map, the view on it.
 */
import { h, fill, find, fmt, label, localized, decimal } from './dom.js';
import { locale, t, tEnum } from './i18n.js';
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
    /**
     * The NRO shown in detail, and its expected outage once read.
     * @type {{ id: string, nro: NroRow | undefined, availability: any, error: Error | null } | null}
     */
    this.detail = null;
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
      localized(key, () => OUTAGE_CLASSES.map((c) => {
        const swatch = h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true' });
        swatch.style.backgroundColor = c.color;
        return h('li', { dataset: { color: c.color } }, swatch, t('outage.class', { range: c.range }));
      }));
    } catch (error) {
      localized(key, () => h('li', { className: 'fr-error', role: 'alert' }, t('outage.failed', { message: /** @type {Error} */ (error).message })));
    }
  }

  /** @param {NetworkModel} model */
  show(model) {
    this.model = model;
    this.selected = null;
    this.detail = null;
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
      if (sequence === this.sequence) localized(list, () => h('li', { className: 'fr-error', role: 'alert' }, t('nros.listFailed', { message: /** @type {Error} */ (error).message })));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  renderList() {
    const { status } = this.query();
    const counts = this.model.analysis;
    const subscribers = status ? counts.subscribers['single-homed'] + counts.subscribers.isolated
      : counts.subscribers.secured + counts.subscribers['single-homed'] + counts.subscribers.isolated;
    localized(find(this.container, '[data-part="summary"]'), () => t('nros.summary', { total: this.total, subscribers, shown: this.rows.length }));
    localized(find(this.container, '[data-part="list"]'), () => this.listView());
  }

  /** The rows listed, and the button for the next page. */
  listView() {
    /** @param {NroRow} r */
    const dot = (r) => {
      const el = h('span', { className: 'fr-status-dot', 'aria-hidden': 'true', dataset: { status: r.status } });
      el.style.backgroundColor = NRO_STATUS[r.status].color;
      return el;
    };
    return [
      this.rows.map((r) => h('li', { dataset: { id: r.id, status: r.status } },
        h('button', {
          type: 'button', className: 'fr-row-button', 'aria-pressed': String(this.selected === r.id),
          onclick: () => this.select(r.id),
        },
        dot(r),
        h('span', { className: 'fr-row-name' }, r.name ?? r.id),
        h('span', { className: 'fr-row-status' }, tEnum('nroStatus', r.status)),
        h('span', { className: 'fr-num' }, fmt(r.subscribers))))),
      this.rows.length < this.total
        ? h('li', {}, h('button', { type: 'button', id: 'nro-more', onclick: () => this.more() }, t('nros.more', { count: Math.min(NRO_PAGE, this.total - this.rows.length) })))
        : null,
    ];
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
    for (const b of find(this.container, '[data-part="list"]').querySelectorAll('[aria-pressed]')) b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b.closest('li')).dataset.id === id));
    this.detail = { id, nro, availability: null, error: null };
    localized(find(this.container, '[data-part="detail"]'), () => this.detailView());
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
      if (this.selected !== id || !record || this.detail?.id !== id) return;
      this.detail.availability = record;
    } catch (error) {
      if (this.selected !== id || this.detail?.id !== id) return;
      this.detail.error = /** @type {Error} */ (error);
    }
    localized(detail, () => this.detailView());
  }

  /** The NRO shown: its figures, then its expected outage once read. */
  detailView() {
    if (!this.detail) return null;
    const { id, nro, availability, error } = this.detail;
    /** @param {string[]} ids */
    const list = (ids) => (ids.length ? ids.join(', ') : t('nros.none'));
    return [
      h('h3', {}, label(nro ?? { id })),
      nro
        ? h('dl', { className: 'fr-dl' },
          h('dt', {}, t('nros.dt.status')), h('dd', {}, t('nros.dd.status', { status: tEnum('nroStatus', nro.status), paths: nro.paths })),
          h('dt', {}, t('nros.dt.subscribers')), h('dd', {}, fmt(nro.subscribers)),
          h('dt', {}, t('nros.dt.criticalSections')), h('dd', { dataset: { field: 'criticalSections' } }, list(nro.criticalSections)),
          h('dt', {}, t('nros.dt.criticalSites')), h('dd', {}, list(nro.criticalSites)),
          h('dt', {}, t('nros.dt.sharedRiskGroups')), h('dd', {}, list(nro.sharedRiskGroups)),
          h('dt', {}, t('nros.dt.exposedBy')), h('dd', {}, list(nro.exposedBy)))
        : h('p', {}, t('nros.notAnalysed')),
      nro?.criticalSections.length
        ? h('button', { type: 'button', onclick: () => this.deps.onCut(nro.criticalSections[0]) }, t('nros.cutCritical', { section: nro.criticalSections[0] }))
        : null,
      availability ? availabilityView(availability) : null,
      error ? h('p', { className: 'fr-error', role: 'alert' }, t('outage.failed', { message: error.message })) : null,
    ];
  }
}

/**
 * An NRO's expected outage, as GET …/availability answers it for one NRO.
 * @param {any} record
 */
function availabilityView(record) {
  const minutes = record.unavailabilityMinPerYear;
  const alone = record.singleFailures.slice(0, 3).map((/** @type {any} */ f) => `${f.id} (${one(f.minPerYear)} min)`);
  const pair = record.doubleFailures.top[0];
  const routes = record.routes;
  const range = `${one(minutes.lower)}${minutes.upper > minutes.lower + 0.05 ? ` – ${one(minutes.upper)}` : ''}`;
  return [h('h4', {}, t('outage.heading')), h('dl', { className: 'fr-dl', dataset: { part: 'availability' } },
    h('dt', {}, t('outage.minutes')), h('dd', { dataset: { field: 'unavailability' } }, t('outage.minutesValue', { range, single: one(minutes.single) })),
    h('dt', {}, t('outage.subscriberHours')), h('dd', {}, fmt(record.subscriberHoursPerYear.lower)),
    h('dt', {}, t('outage.aloneBy')), h('dd', {}, alone.length ? alone.join(', ') + (record.singleFailures.length > 3 ? ` … (+${record.singleFailures.length - 3})` : '') : t('nros.none')),
    h('dt', {}, t('outage.doubleFailures')), h('dd', { dataset: { field: 'doubleFailures' } },
      `${pairsText(record.doubleFailures)}${pair ? t('outage.likeliest', { a: pair.a.id, b: pair.b.id, minutes: one(pair.minPerYear) }) : ''}`),
    routes ? h('dt', {}, t('outage.routes')) : null,
    routes ? h('dd', { dataset: { field: 'routes' } }, routesText(routes)) : null)];
}

/** Minutes with one decimal; two significant digits below 0.1 (a double failure's seconds). @param {number} x */
const one = (x) => (x > 0 && x < 0.1 ? x.toLocaleString(locale(), { maximumSignificantDigits: 2 }) : decimal(x, 1));

/**
 * How many pairs of elements cut the NRO off together, and how many of them are two sections.
 * @param {{ sectionPairs: number, riskGroupPairs: number | null, mixedPairs?: number | null }} d
 */
function pairsText(d) {
  const all = d.sectionPairs + (d.riskGroupPairs ?? 0) + (d.mixedPairs ?? 0);
  const sections = t('outage.sectionPairs', { count: d.sectionPairs });
  return all > d.sectionPairs ? t('outage.pairsOfWhich', { all, sections }) : sections;
}

/** The colour classes of the expected outage, minutes a year. */
export const OUTAGE_CLASSES = [
  { below: 30, color: '#2b8a3e', range: '< 30' },
  { below: 60, color: '#f59f00', range: '30–60' },
  { below: 120, color: '#e8590c', range: '60–120' },
  { below: Number.POSITIVE_INFINITY, color: '#c92a2a', range: '≥ 120' },
];

/** @param {number} minutes */
export const outageClass = (minutes) => OUTAGE_CLASSES.find((c) => minutes < c.below) ?? OUTAGE_CLASSES[OUTAGE_CLASSES.length - 1];

/**
 * What an NRO's two routes reach and share, in a line.
 * @param {{ status: string, diversity?: string | null, shares?: { sites: string[], riskGroups: string[] } | null }} routes
 */
function routesText(routes) {
  if (routes.status !== 'protected' || !routes.shares) return tEnum('routeStatus', routes.status);
  const shared = [
    routes.shares.sites.length ? t('routes.shareSites', { ids: routes.shares.sites.join(', ') }) : '',
    routes.shares.riskGroups.length ? t('routes.shareTrenches', { ids: routes.shares.riskGroups.join(', ') }) : '',
  ].filter(Boolean);
  const diversity = tEnum('diversity', routes.diversity);
  return shared.length ? t('routes.share', { diversity, shared: conjunction(shared) }) : t('routes.shareNothing', { diversity });
}

/** `a and b` in the map's language. @param {string[]} parts */
const conjunction = (parts) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(parts);
