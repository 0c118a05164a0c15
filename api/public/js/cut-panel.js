// @ts-check
/** @import { CutImpact, CutRequest, CutResult, NetworkOptions, Reroute, StrainedSection } from './types.js' */
/** @import { NetworkModel } from './model.js' */

/**
 * Cut simulation: what the planner selects (click a section or a site, shift-click to add, pick
 * an owner or a risk group, draw an area), the API's answer (POST /v1/topologies/{id}/cuts) in an
 * aria-live panel, and the same answer drawn on the map.
 */
import { h, find, fmt, km, pct, label, localized } from './dom.js';
import { t, tEnum } from './i18n.js';

/** @typedef {'sections' | 'sites' | 'owners' | 'riskGroups'} SelectionKey */
/**
 * What the planner selected to fail.
 * @typedef {Record<SelectionKey, Set<string>> & { polygon: import('geojson').Polygon | null }} Selection
 */
/**
 * What the panel needs of the page.
 * @typedef {object} CutPanelDeps
 * @property {import('./api.js').Api} api
 * @property {import('./map-view.js').MapView} view
 * @property {() => NetworkOptions} network
 * @property {() => string} topologyId
 * @property {(result: CutResult | null) => void} onResult
 * @property {(id: string) => void} onSelectNro
 */

export class CutPanel {
  /**
   * @param {HTMLElement} container
   * @param {CutPanelDeps} deps
   */
  constructor(container, deps) {
    this.container = container;
    this.deps = deps;
    this.selection = emptySelection();
    /** @type {CutResult | null} */
    this.result = null;
    /** The NROs of the answer the panel lists. @type {import('./types.js').NroRow[]} */
    this.nros = [];
    this.sequence = 0;
    /** What the answer part shows: nothing, a request under way, the answer, or why it failed. */
    this.shown = /** @type {{ busy: boolean, error: Error | null }} */ ({ busy: false, error: null });
  }

  /**
   * The cut as the API takes it, or null when nothing is selected.
   * @returns {CutRequest | null}
   */
  request() {
    const s = this.selection;
    /** @type {CutRequest} */
    const body = {};
    for (const key of /** @type {const} */ (['sections', 'sites', 'owners', 'riskGroups'])) if (s[key].size) body[key] = [...s[key]];
    if (s.polygon) body.polygon = s.polygon;
    return Object.keys(body).length ? body : null;
  }

  /**
   * A click on the map: cut this element alone, or add it to the cut (toggle) with shift.
   * @param {import('./types.js').Pick} pick
   */
  pick({ kind, id, additive }) {
    const key = kind === 'section' ? 'sections' : kind === 'site' ? 'sites' : null;
    if (!key) return;
    if (!additive) this.selection = emptySelection();
    const set = this.selection[key];
    if (additive && set.has(id)) set.delete(id);
    else set.add(id);
    this.run();
  }

  /**
   * @param {SelectionKey} key
   * @param {string} id
   */
  add(key, id) {
    this.selection[key].add(id);
    this.run();
  }

  /** @param {import('geojson').Polygon} polygon */
  setPolygon(polygon) {
    this.selection.polygon = polygon;
    this.run();
  }

  reset() {
    this.selection = emptySelection();
    this.result = null;
    this.deps.view.clear('cut');
    this.deps.onResult(null);
    this.render();
  }

  async run() {
    const body = this.request();
    if (!body) return this.reset();
    const sequence = ++this.sequence;
    this.render({ busy: true });
    try {
      const answer = await this.deps.api.cut(this.deps.topologyId(), body, this.deps.network());
      if (sequence !== this.sequence) return;
      // Names and subscribers of the NROs listed (the worst first), a page of the analysis.
      this.nros = answer.isolatedNros.length
        ? (await this.deps.api.analysisPage(this.deps.topologyId(), this.deps.network(), { nro: answer.isolatedNros.slice(0, 200), sort: 'subscribers', limit: NROS_LISTED, summary: false })).nros
        : [];
      if (sequence !== this.sequence) return;
      this.result = { request: body, impact: answer, reroute: rerouteOf(answer) };
      const r = this.result.reroute;
      this.deps.view.showCut({
        failedSections: answer.failedSections,
        failedSites: answer.failedSites,
        isolatedSites: answer.isolatedSites,
        rerouted: r?.rerouted ?? [],
        saturating: r ? strained(r).map((s) => s.section) : [],
        polygon: body.polygon ? polygonGeometry(body.polygon) : null,
      });
      this.deps.onResult(this.result);
      this.render();
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.result = null;
      this.render({ error: /** @type {Error} */ (error) });
    }
  }

  /** @param {{ busy?: boolean, error?: Error | null }} [state] */
  render({ busy = false, error = null } = {}) {
    this.shown = { busy, error };
    localized(find(this.container, '[data-part="selection"]'), () => this.selectionView());
    const out = find(this.container, '[data-part="impact"]');
    out.setAttribute('aria-busy', busy ? 'true' : 'false');
    if (busy) return;
    localized(out, () => this.impactView());
  }

  /** The chips of what fails, each with its remove button, or how to select. */
  selectionView() {
    const s = this.selection;
    /** @typedef {[SelectionKey | 'polygon', string | null, string, string?]} Chip */
    const chips = /** @type {Chip[]} */ ([
      ...[...s.sections].map((id) => ['sections', id, t('cut.chip.section', { id })]),
      ...[...s.sites].map((id) => ['sites', id, t('cut.chip.site', { id })]),
      ...[...s.owners].map((id) => ['owners', id, t('cut.chip.owner', { id })]),
      ...[...s.riskGroups].map((id) => ['riskGroups', id, t('cut.chip.riskGroup', { id })]),
      ...(s.polygon ? [['polygon', null, t('cut.chip.polygon')]] : []),
    ]);
    /** @type {(key: SelectionKey | 'polygon', id: string | null) => () => void} */
    const remove = (key, id) => () => {
      if (key === 'polygon') s.polygon = null;
      else s[key].delete(/** @type {string} */ (id));
      this.run();
    };
    return chips.length === 0
      ? h('p', { className: 'fr-note' }, t('cut.hint'))
      : h('ul', { className: 'fr-chips', 'aria-label': t('cut.chipsLabel') }, chips.map(([key, id, text, title]) =>
        h('li', { dataset: { kind: key, id: id ?? '' }, title }, text,
          h('button', { type: 'button', className: 'fr-chip-remove', 'aria-label': t('cut.removeChip', { what: text }), onclick: remove(key, id) }, '×'))));
  }

  /** The answer: its figures and lists, why it failed, or nothing. */
  impactView() {
    const { error } = this.shown;
    if (error) return h('p', { className: 'fr-error', role: 'alert' }, t('cut.failed', { message: error.message }));
    if (!this.result) return null;
    return impactView(this.nros, this.result, this.deps);
  }

  /**
   * The owner and risk-group pickers, for a new topology.
   * @param {NetworkModel} model
   */
  renderPickers(model) {
    localized(find(this.container, '#cut-owner'), () => [h('option', { value: '' }, t('cut.ownerPicker')), model.owners.map((o) => h('option', { value: o }, o))]);
    const groups = /** @type {HTMLSelectElement} */ (find(this.container, '#cut-risk-group'));
    localized(groups, () => [
      h('option', { value: '' }, model.riskGroups.length ? t('cut.riskGroupPicker') : t('cut.noRiskGroups')),
      model.riskGroups.map((g) => h('option', { value: g }, g)),
    ]);
    groups.disabled = model.riskGroups.length === 0;
    this.render();
  }
}

/** @returns {Selection} */
function emptySelection() {
  return { sections: new Set(), sites: new Set(), owners: new Set(), riskGroups: new Set(), polygon: null };
}

/**
 * The re-routing part of a cut answer, when the server re-routed (engine's RerouteReport).
 * @param {CutImpact} answer
 * @returns {Reroute | null}
 */
export function rerouteOf(answer) {
  return answer.reroute ?? answer.rerouting ?? null;
}

/**
 * @param {NonNullable<CutRequest['polygon']>} area
 * @returns {import('geojson').Polygon}
 */
function polygonGeometry(area) {
  return area.type === 'Feature' ? area.geometry : area;
}

/** NROs of a cut listed by name, the most subscribers first. */
const NROS_LISTED = 50;

/**
 * @param {import('./types.js').NroRow[]} nros the first NROs that lose service, most subscribers first
 * @param {CutResult} result
 * @param {CutPanelDeps} deps
 */
function impactView(nros, result, deps) {
  const { impact, reroute } = result;
  const otherSites = impact.isolatedSites.filter((id) => !impact.isolatedNros.includes(id));
  /** @type {(name: string, value: number, text: string) => HTMLElement} */
  const figure = (name, value, text) => h('div', { className: 'fr-figure' }, h('output', { dataset: { field: name, value: String(value) } }, fmt(value)), h('span', {}, text));
  /** @type {(swatch: string, text: string) => HTMLElement} */
  const key = (swatch, text) => h('li', {}, h('span', { className: `fr-swatch fr-swatch--${swatch}`, 'aria-hidden': 'true' }), ` ${text}`);
  return h('div', {},
    h('div', { className: 'fr-figures' },
      figure('subscribersCut', impact.subscribersCut, t('cut.subscribersCut', { count: impact.subscribersCut })),
      figure('isolatedNros', impact.isolatedNros.length, t('cut.nrosLost', { count: impact.isolatedNros.length })),
      figure('isolatedSites', impact.isolatedSites.length, t('cut.sitesIsolated', { count: impact.isolatedSites.length })),
    ),
    h('p', { className: 'fr-note' }, t('cut.failCount', { sections: impact.failedSections.length, sites: impact.failedSites.length })),
    h('ul', { className: 'fr-cut-key', 'aria-label': t('cut.keyLabel') },
      key('cut', t('cut.key.cut')),
      key('ring', t('cut.key.lost')),
      reroute ? key('rerouted', t('cut.key.rerouted')) : null,
      reroute ? key('saturating', t('cut.key.saturating')) : null),
    nros.length
      ? h('section', {}, h('h3', {}, t('cut.nrosHeading')),
        h('ul', { className: 'fr-list', dataset: { list: 'isolatedNros' } }, nros.map((n) =>
          h('li', { dataset: { id: n.id } },
            h('button', { type: 'button', className: 'fr-link-button', onclick: () => deps.onSelectNro(n.id) }, label(n)),
            h('span', { className: 'fr-num' }, fmt(n.subscribers ?? 0))))),
        impact.isolatedNros.length > nros.length ? h('p', { className: 'fr-note' }, t('cut.moreNros', { count: impact.isolatedNros.length - nros.length })) : null)
      : h('p', { dataset: { list: 'isolatedNros' } }, t('cut.noNro')),
    otherSites.length
      ? h('p', { className: 'fr-note' }, t('cut.alsoCut', { ids: otherSites.slice(0, 30).join(', '), more: otherSites.length > 30 ? t('cut.alsoMore', { count: otherSites.length - 30 }) : '' }))
      : null,
    rerouteView(reroute, deps, new Set(impact.isolatedNros)),
  );
}

/**
 * @param {Reroute | null} reroute
 * @param {CutPanelDeps} deps
 * @param {Set<string>} isolated
 */
function rerouteView(reroute, deps, isolated) {
  if (!deps.api.offers.reroute) {
    return h('section', {}, h('h3', {}, t('reroute.heading')),
      h('p', { className: 'fr-note' }, t('reroute.notOffered', { route: 'POST /v1/topologies/{id}/cuts' })));
  }
  if (!reroute) return null;
  const sections = strained(reroute);
  /** @param {import('./messages.js').MessageKey} key */
  const th = (key) => h('th', { scope: 'col' }, t(key));
  return h('section', {}, h('h3', {}, t('reroute.heading')),
    h('div', { className: 'fr-figures' },
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'rerouted', value: String(reroute.rerouted.length) } }, fmt(reroute.rerouted.length)), h('span', {}, t('reroute.routes', { count: reroute.rerouted.length }))),
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'saturating', value: String(sections.length) } }, fmt(sections.length)), h('span', {}, t('reroute.saturating', { count: sections.length }))),
    ),
    sections.length
      ? h('table', { className: 'fr-table' }, h('caption', {}, t('reroute.caption')),
        h('thead', {}, h('tr', {}, th('reroute.th.section'), th('reroute.th.owner'), th('reroute.th.before'), th('reroute.th.after'))),
        h('tbody', {}, sections.map((s) => h('tr', { dataset: { id: s.section, state: s.after.state } },
          h('td', {}, s.section), h('td', {}, s.owner), h('td', { className: 'fr-num' }, pct(s.before.ratio)),
          h('td', { className: `fr-state--${s.after.state}` }, `${pct(s.after.ratio)} ${tEnum('loadState', s.after.state)}`)))))
      : h('p', { className: 'fr-note' }, t('reroute.noneStrained')),
    reroute.rerouted.length
      ? h('details', {}, h('summary', {}, t('reroute.list', { count: reroute.rerouted.length })),
        h('ul', { className: 'fr-list' }, reroute.rerouted.map((r) => h('li', { dataset: { id: r.nro } },
          t('reroute.item', { nro: r.nro, role: tEnum('routeRole', r.role), length: km(r.lengthM) }),
          r.addedLengthM !== null ? ` (+${km(r.addedLengthM)})` : ` (${t('reroute.new')})`))))
      : null,
    // The NROs the cut isolates cannot be re-routed, by definition: only the others are news.
    unroutable(reroute, isolated),
    reroute.unprotected.length ? h('p', {}, t('reroute.unprotected', { ids: reroute.unprotected.join(', ') })) : null,
  );
}

/**
 * @param {Reroute} reroute
 * @param {Set<string>} isolated
 */
function unroutable(reroute, isolated) {
  const others = reroute.unroutable.filter((u) => !isolated.has(u.nro));
  return others.length ? h('p', {}, t('reroute.unroutable', { list: others.map((u) => `${u.nro} (${fmt(u.subscribers)})`).join(', ') })) : null;
}

/**
 * The sections the re-routed traffic strains: those it brings to 80 % or more, then those
 * already there that it loads further, worst first.
 * @param {Reroute} reroute
 * @returns {StrainedSection[]}
 */
export function strained(reroute) {
  return [...reroute.sections, ...(reroute.loadedFurther ?? [])].sort((a, b) => b.after.ratio - a.after.ratio);
}
