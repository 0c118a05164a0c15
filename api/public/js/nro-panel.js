// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { NroStatus } from './types.js' */

/**
 * The NROs: filter (single-homed only), sort (subscribers, name, status), and on a click the
 * NRO's figures, its critical sections and sites drawn on the map and the view zoomed on them.
 */
import { h, fill, find, fmt, label } from './dom.js';
import { CUT_COLORS, NRO_STATUS } from './style.js';

/** One row of the list. @typedef {{ id: string, name?: string, subscribers: number, status: NroStatus | 'not analysed' }} NroRow */

const STATUS_ORDER = { isolated: 0, 'single-homed': 1, secured: 2, 'not analysed': 3 };
/** @type {Record<string, (a: NroRow, b: NroRow) => number>} */
const SORTS = {
  subscribers: (a, b) => b.subscribers - a.subscribers || a.id.localeCompare(b.id),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.subscribers - a.subscribers,
  name: (a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'fr'),
};

export class NroPanel {
  /**
   * @param {HTMLElement} container
   * @param {{ view: import('./map-view.js').MapView, onCut: (sectionId: string) => void }} deps
   */
  constructor(container, { view, onCut }) {
    this.container = container;
    this.view = view;
    this.onCut = onCut;
    /** @type {string | null} */
    this.selected = null;
    /** The topology listed; `show` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    find(container, '#nro-single').addEventListener('change', () => this.renderList());
    find(container, '#nro-sort').addEventListener('change', () => this.renderList());
  }

  /** @param {NetworkModel} model */
  show(model) {
    this.model = model;
    this.selected = null;
    this.view.clear('focus');
    this.renderList();
    fill(find(this.container, '[data-part="detail"]'));
  }

  /** @returns {NroRow[]} */
  rows() {
    const onlyExposed = /** @type {HTMLInputElement} */ (find(this.container, '#nro-single')).checked;
    const sort = SORTS[/** @type {HTMLSelectElement} */ (find(this.container, '#nro-sort')).value];
    return [...this.model.sites.values()]
      .filter((s) => s.kind === 'nro')
      .map((s) => ({ id: s.id, name: s.name, subscribers: s.subscribers ?? 0, status: this.model.nroStatus(s.id) }))
      .filter((r) => !onlyExposed || r.status === 'single-homed' || r.status === 'isolated')
      .sort(sort);
  }

  renderList() {
    const rows = this.rows();
    const total = rows.reduce((t, r) => t + r.subscribers, 0);
    fill(find(this.container, '[data-part="summary"]'), `${rows.length} NROs, ${fmt(total)} subscribers`);
    fill(find(this.container, '[data-part="list"]'), rows.map((r) =>
      h('li', { dataset: { id: r.id, status: r.status } },
        h('button', {
          type: 'button', className: 'fr-row-button', 'aria-pressed': String(this.selected === r.id),
          onclick: () => this.select(r.id),
        },
        h('span', { className: 'fr-status-dot', 'aria-hidden': 'true', dataset: { status: r.status } }),
        h('span', { className: 'fr-row-name' }, r.name ?? r.id),
        h('span', { className: 'fr-row-status' }, r.status),
        h('span', { className: 'fr-num' }, fmt(r.subscribers))))));
    for (const dot of this.container.querySelectorAll('.fr-status-dot')) {
      if (dot instanceof HTMLElement) dot.style.backgroundColor = NRO_STATUS[/** @type {keyof typeof NRO_STATUS} */ (dot.dataset.status)].color;
    }
  }

  /**
   * Shows one NRO: its figures, its critical sections and sites on the map, the view around them.
   * @param {string} id
   */
  select(id) {
    this.selected = id;
    const site = this.model.sites.get(id);
    const nro = this.model.nros.get(id);
    this.view.clear('focus');
    this.view.addSiteOverlay('focus', id, { color: '#1f2328', weight: 3 });
    for (const s of nro?.criticalSections ?? []) this.view.addSectionOverlay('focus', s, { color: CUT_COLORS.critical, weight: 10, opacity: 0.45 });
    for (const s of nro?.criticalSites ?? []) this.view.addSiteOverlay('focus', s, { color: CUT_COLORS.critical, weight: 3 });
    // Around the NRO: its critical sections and sites, else the sections that reach it.
    const around = nro?.criticalSections.length ? nro.criticalSections : [...this.model.sections.values()].filter((s) => s.from === id || s.to === id).map((s) => s.id);
    this.view.zoomTo([id, ...(nro?.criticalSites ?? [])], around);
    for (const b of this.container.querySelectorAll('[aria-pressed]')) b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b.closest('li')).dataset.id === id));
    /** @param {string[]} ids */
    const list = (ids) => (ids.length ? ids.join(', ') : 'none');
    fill(find(this.container, '[data-part="detail"]'),
      h('h3', {}, label(site)),
      nro
        ? h('dl', { className: 'fr-dl' },
          h('dt', {}, 'status'), h('dd', {}, `${nro.status} (${nro.paths} disjoint path${nro.paths === 1 ? '' : 's'})`),
          h('dt', {}, 'subscribers'), h('dd', {}, fmt(nro.subscribers)),
          h('dt', {}, 'critical sections'), h('dd', { dataset: { field: 'criticalSections' } }, list(nro.criticalSections)),
          h('dt', {}, 'critical sites'), h('dd', {}, list(nro.criticalSites.map((s) => label(this.model.sites.get(s))))),
          h('dt', {}, 'shared risk groups'), h('dd', {}, list(nro.sharedRiskGroups)),
          h('dt', {}, 'exposed by'), h('dd', {}, list(nro.exposedBy)))
        : h('p', {}, 'Not analysed: a planned NRO. Tick “include planned elements” to analyse it.'),
      nro?.criticalSections.length
        ? h('button', { type: 'button', onclick: () => this.onCut(nro.criticalSections[0]) }, `Cut ${nro.criticalSections[0]} and see who else loses service`)
        : null,
    );
  }
}
