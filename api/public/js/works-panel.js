// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { NetworkOptions, Plan, ProposedLinks, Ranking, RankedLink, RankedWork, WorkItem } from './types.js' */

/**
 * The works: the ranking of redundancy links and desaturation works (GET …/rankings), and a plan
 * under a budget (POST …/plans) whose selection is drawn on the map. Both routes are optional:
 * without them the panel says which route the server lacks.
 */
import { h, fill, find, fmt, eur, pct, debounce } from './dom.js';

/**
 * What the panel needs of the page.
 * @typedef {object} WorksPanelDeps
 * @property {import('./api.js').Api} api
 * @property {import('./map-view.js').MapView} view
 * @property {() => string} topologyId
 * @property {() => NetworkOptions} network
 * @property {(plan: Plan | null) => void} onPlan
 */

export class WorksPanel {
  /**
   * @param {HTMLElement} rankingEl
   * @param {HTMLElement} planEl
   * @param {WorksPanelDeps} deps
   */
  constructor(rankingEl, planEl, { api, view, topologyId, network, onPlan }) {
    this.rankingEl = rankingEl;
    this.planEl = planEl;
    this.deps = { api, view, topologyId, network, onPlan };
    this.budget = /** @type {HTMLInputElement} */ (find(planEl, '#plan-budget'));
    this.years = /** @type {HTMLSelectElement} */ (find(planEl, '#plan-years'));
    const update = debounce(() => this.runPlan(), 350);
    this.budget.addEventListener('input', () => {
      this.showBudget();
      update();
    });
    this.years.addEventListener('change', update);
    find(planEl, '#plan-clear').addEventListener('click', () => this.clearPlan());
    /** @type {Plan | null} */
    this.plan = null;
    /** The topology planned; `show` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    this.ranked = false;
  }

  /** @param {NetworkModel} model */
  async show(model) {
    this.model = model;
    this.plan = null;
    this.deps.view.clear('plan');
    const total = model.analysis.candidates.costEur;
    const step = total > 2_000_000 ? 10_000 : 1_000;
    this.budget.max = String(Math.ceil(total / step) * step);
    this.budget.step = String(step);
    this.budget.value = String(Math.round(total / 2 / step) * step);
    this.showBudget();
    this.ranked = false;
    fill(find(this.rankingEl, '[data-part="ranking"]'));
    fill(find(this.planEl, '[data-part="plan"]'));
    find(this.planEl, '#plan-clear').hidden = true;
  }

  /** The ranking is computed when its panel is first opened (one analysis per link on the server). */
  ensureRanking() {
    if (!this.ranked) {
      this.ranked = true;
      this.runRanking();
    }
  }

  /** The plan is computed when its panel is first opened, then on every budget change. */
  ensurePlan() {
    if (!this.plan) this.runPlan();
  }

  /**
   * One ranked link or work on the map: the link and the NROs it secures, or the sections a work relieves.
   * @param {WorkItem} item
   */
  async showWork(item) {
    const { view, api, topologyId } = this.deps;
    view.clear('focus');
    const secured = (item.securedNros ?? []).map((nro) => /** @type {[string, string]} */ ([nro, 'secured']));
    if (item.a && item.b) {
      // A link (ranked or proposed): the straight line between its ends, the NROs it secures ringed.
      const ends = await api.geometries(topologyId(), 'sites', [item.a, item.b]);
      view.setStates('focus', { sites: secured });
      if (ends.length === 2) view.setShapes('focus', [{ type: 'Feature', geometry: { type: 'LineString', coordinates: ends.map((g) => g.coordinates) }, properties: { color: '#d6336c', width: 4, dashed: true } }]);
      view.zoomToShapes([...ends, ...(await api.geometries(topologyId(), 'sites', item.securedNros ?? []))]);
    } else {
      const sections = /** @type {{ section: string }[]} */ (item.sections ?? []).map((s) => s.section);
      view.setStates('focus', { sections: sections.map((s) => [s, 'work']) });
      view.zoomToShapes(await api.geometries(topologyId(), 'sections', sections));
    }
  }

  clearPlan() {
    this.plan = null;
    this.deps.view.clear('plan');
    fill(find(this.planEl, '[data-part="plan"]'), h('p', { className: 'fr-note' }, 'Move the budget to plan again.'));
    find(this.planEl, '#plan-clear').hidden = true;
    this.deps.onPlan(null);
  }

  showBudget() {
    fill(find(this.planEl, '[data-part="budget"]'), `${eur(Number(this.budget.value))} of ${eur(Number(this.budget.max))} (every candidate)`);
  }

  async runRanking() {
    const out = find(this.rankingEl, '[data-part="ranking"]');
    const { api, topologyId, network } = this.deps;
    if (!api.offers.rankings) return fill(out, missing('GET /v1/topologies/{id}/rankings'));
    fill(out, h('p', { className: 'fr-note' }, 'Ranking the works…'));
    try {
      fill(out, rankingView(await api.rankings(topologyId(), network()), (item) => this.showWork(item)));
    } catch (error) {
      fill(out, h('p', { className: 'fr-error', role: 'alert' }, `Ranking failed: ${/** @type {Error} */ (error).message}`));
    }
  }

  async runPlan() {
    const out = find(this.planEl, '[data-part="plan"]');
    const { api, topologyId, network, view } = this.deps;
    this.budget.disabled = !api.offers.plans;
    this.years.disabled = !api.offers.plans;
    if (!api.offers.plans) return fill(out, missing('POST /v1/topologies/{id}/plans'));
    out.setAttribute('aria-busy', 'true');
    try {
      const body = { budgetEur: Number(this.budget.value), years: Number(this.years.value) };
      const plan = await api.plan(topologyId(), body, network());
      this.plan = plan;
      // Its links and works on the map: the plan's own map layer (link geometries, works' sections).
      const layer = plan.selected.length ? await api.planLayer(topologyId(), body, network()) : { features: [] };
      view.clear('plan');
      const links = layer.features.map((f) => ({
        type: 'Feature', geometry: f.geometry,
        properties: f.properties.featureType === 'redundancyLink' ? { color: '#7048e8', width: 5, plan: 'link' } : { color: 'rgba(112,72,232,0.35)', width: 11, plan: 'work' },
      }));
      view.setShapes('plan', links);
      fill(out, planView(plan));
      find(this.planEl, '#plan-clear').hidden = false;
      this.deps.onPlan(plan);
    } catch (error) {
      fill(out, h('p', { className: 'fr-error', role: 'alert' }, `The plan failed: ${/** @type {Error} */ (error).message}`));
    } finally {
      out.setAttribute('aria-busy', 'false');
    }
  }
}

/** @param {string} route */
function missing(route) {
  return h('p', { className: 'fr-note' }, `This server does not offer ${route} yet.`);
}

/**
 * @param {Ranking} ranking
 * @param {(item: WorkItem) => void} show
 */
function rankingView(ranking, show) {
  /** @type {any} lists, or objects holding them */
  const r = ranking;
  /** @type {RankedLink[]} */
  const links = r.links?.links ?? r.links ?? [];
  /** @type {RankedWork[]} */
  const works = r.desaturationWorks?.works ?? r.desaturationWorks ?? [];
  /** @param {string} text */
  const th = (text) => h('th', { scope: 'col' }, text);
  return h('div', {},
    h('table', { className: 'fr-table', dataset: { table: 'links' } },
      h('caption', {}, 'Redundancy links: priority, then €/m, with what each buys alone'),
      h('thead', {}, h('tr', {}, th('link'), th('prio'), th('cost'), th('€/m'), th('NROs secured'), th('subscribers'))),
      h('tbody', {}, links.map((l) => h('tr', { dataset: { id: l.id }, className: l.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(l), title: `${l.a} – ${l.b}: show on the map` }, l.id)),
        h('td', {}, l.priority), h('td', { className: 'fr-num' }, fmt(l.costEur)), h('td', { className: 'fr-num' }, Math.round(/** @type {number} */ (l.eurPerM))),
        h('td', {}, l.buysNothing ? 'buys nothing' : /** @type {string[]} */ (l.securedNros).join(', ') || '–'), h('td', { className: 'fr-num' }, fmt(l.subscribersSecured)))))),
    proposedView(ranking.proposedLinks, show),
    h('table', { className: 'fr-table', dataset: { table: 'works' } },
      h('caption', {}, 'Desaturation works: urgency, then €/m'),
      h('thead', {}, h('tr', {}, th('work'), th('urg.'), th('cost'), th('sections'), th('before → after'))),
      h('tbody', {}, works.map((w) => h('tr', { dataset: { id: w.id }, className: w.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(w), title: `${w.label}: show on the map` }, w.id)),
        h('td', {}, w.urgency), h('td', { className: 'fr-num' }, fmt(w.costEur)),
        h('td', {}, w.sections.map((s) => s.section).join(', ')),
        h('td', {}, w.sections.map((s) => `${pct(s.before.ratio)} → ${pct(s.after.ratio)}`).join(', ')))))),
  );
}

/**
 * Links proposed beyond the list for the NROs still single-homed once the listed links are built.
 * @param {ProposedLinks | undefined} proposed
 * @param {(item: WorkItem) => void} show
 */
function proposedView(proposed, show) {
  if (!proposed?.links?.length) return null;
  /** @param {string} text */
  const th = (text) => h('th', { scope: 'col' }, text);
  return h('table', { className: 'fr-table', dataset: { table: 'proposed' } },
    h('caption', {}, `Proposed beyond the list, for the NROs still single-homed once it is built (${proposed.singleHomedNros.join(', ')})`),
    h('thead', {}, h('tr', {}, th('for NRO'), th('to'), th('length'), th('cost'), th('subscribers'))),
    h('tbody', {}, proposed.links.map((l) => h('tr', { dataset: { id: l.id } },
      h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(l), title: `${l.id}: show on the map` }, l.forNro)),
      h('td', {}, l.b), h('td', { className: 'fr-num' }, fmt(l.lengthM)), h('td', { className: 'fr-num' }, fmt(l.costEur)),
      h('td', { className: 'fr-num' }, fmt(l.subscribersSecured))))),
    h('tfoot', {}, h('tr', {}, h('td', { colspan: '5', className: 'fr-note' }, proposed.method))));
}

/** @param {Plan} plan */
function planView(plan) {
  const v = plan.value ?? {};
  return h('div', { dataset: { cost: String(plan.costEur) } },
    h('div', { className: 'fr-figures' },
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'planCost', value: String(plan.costEur) } }, eur(plan.costEur)), h('span', {}, `spent of ${eur(plan.budgetEur)}`)),
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'subscribersSecured', value: String(v.subscribersSecured ?? 0) } }, fmt(v.subscribersSecured ?? 0)), h('span', {}, 'subscribers secured')),
    ),
    h('p', { className: 'fr-note' }, `${plan.selected.length} of ${plan.candidates} works · ${plan.method}${plan.optimal ? ', optimal' : ''}`),
    h('ul', { className: 'fr-cut-key', 'aria-label': 'how the plan is drawn' },
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--plan-link', 'aria-hidden': 'true' }), ' link in the plan'),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--plan-work', 'aria-hidden': 'true' }), ' section relieved by a work in the plan')),
    h('ul', { className: 'fr-list', dataset: { list: 'planned' } }, plan.selected.map((w) =>
      h('li', { dataset: { id: w.id } }, `${w.id} ${w.label}`, h('span', { className: 'fr-num' }, fmt(w.costEur))))),
    h('table', { className: 'fr-table' }, h('caption', {}, 'By year, with the funding split'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'year'), h('th', { scope: 'col' }, 'cost'), ...plan.funding.shares.map((s) => h('th', { scope: 'col' }, s.source)))),
      h('tbody', {}, plan.years.map((y) => h('tr', {}, h('td', {}, y.year), h('td', { className: 'fr-num' }, fmt(y.costEur)), ...y.funding.map((f) => h('td', { className: 'fr-num' }, fmt(f.amountEur))))))),
    plan.warnings?.length ? h('ul', { className: 'fr-warnings' }, plan.warnings.map((w) => h('li', {}, w))) : null,
  );
}

