// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { NetworkOptions, Plan, ProposedLinks, Ranking, RankedLink, RankedWork, WorkItem } from './types.js' */

/**
 * The works: the ranking of redundancy links and desaturation works (GET …/rankings), and a plan
 * under a budget (POST …/plans) whose selection is drawn on the map. Both routes are optional:
 * without them the panel says which route the server lacks.
 */
import { h, fill, find, fmt, eur, pct, debounce, localized } from './dom.js';
import { t } from './i18n.js';

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
    /** The plan asked for last: an answer to an earlier request (another budget, a cleared plan) is dropped. */
    this.planSequence = 0;
    /** The topology planned; `show` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    this.ranked = false;
  }

  /** @param {NetworkModel} model */
  async show(model) {
    this.model = model;
    this.plan = null;
    this.planSequence++;
    this.deps.view.clear('plan');
    const total = model.analysis.candidates.costEur;
    const step = total > 2_000_000 ? 10_000 : 1_000;
    this.budget.max = String(Math.ceil(total / step) * step);
    this.budget.step = String(step);
    this.budget.value = String(Math.round(total / 2 / step) * step);
    this.showBudget();
    this.ranked = false;
    fill(find(this.rankingEl, '[data-part="ranking"]'));
    fill(find(this.planEl, '[data-part="plan"]')).setAttribute('aria-busy', 'false');
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
    this.planSequence++;
    this.plan = null;
    this.deps.view.clear('plan');
    localized(find(this.planEl, '[data-part="plan"]'), () => h('p', { className: 'fr-note' }, t('plan.moveBudget'))).setAttribute('aria-busy', 'false');
    find(this.planEl, '#plan-clear').hidden = true;
    this.deps.onPlan(null);
  }

  showBudget() {
    localized(find(this.planEl, '[data-part="budget"]'), () => t('plan.budgetText', { value: eur(Number(this.budget.value)), max: eur(Number(this.budget.max)) }));
  }

  async runRanking() {
    const out = find(this.rankingEl, '[data-part="ranking"]');
    const { api, topologyId, network } = this.deps;
    if (!api.offers.rankings) return localized(out, () => missing('GET /v1/topologies/{id}/rankings'));
    localized(out, () => h('p', { className: 'fr-note' }, t('works.ranking')));
    try {
      const ranking = await api.rankings(topologyId(), network());
      localized(out, () => rankingView(ranking, (item) => this.showWork(item)));
    } catch (error) {
      localized(out, () => h('p', { className: 'fr-error', role: 'alert' }, t('works.rankingFailed', { message: /** @type {Error} */ (error).message })));
    }
  }

  async runPlan() {
    const out = find(this.planEl, '[data-part="plan"]');
    const { api, topologyId, network, view } = this.deps;
    this.budget.disabled = !api.offers.plans;
    this.years.disabled = !api.offers.plans;
    if (!api.offers.plans) return localized(out, () => missing('POST /v1/topologies/{id}/plans'));
    const sequence = ++this.planSequence;
    out.setAttribute('aria-busy', 'true');
    try {
      const body = { budgetEur: Number(this.budget.value), years: Number(this.years.value) };
      const plan = await api.plan(topologyId(), body, network());
      if (sequence !== this.planSequence) return;
      this.plan = plan;
      // Its links and works on the map: the plan's own map layer (link geometries, works' sections).
      const layer = plan.selected.length ? await api.planLayer(topologyId(), body, network()) : { features: [] };
      if (sequence !== this.planSequence) return;
      view.clear('plan');
      const links = layer.features.map((f) => ({
        type: 'Feature', geometry: f.geometry,
        properties: f.properties.featureType === 'redundancyLink' ? { color: '#7048e8', width: 5, plan: 'link' } : { color: 'rgba(112,72,232,0.35)', width: 11, plan: 'work' },
      }));
      view.setShapes('plan', links);
      localized(out, () => planView(plan));
      find(this.planEl, '#plan-clear').hidden = false;
      this.deps.onPlan(plan);
    } catch (error) {
      if (sequence === this.planSequence) localized(out, () => h('p', { className: 'fr-error', role: 'alert' }, t('plan.failed', { message: /** @type {Error} */ (error).message })));
    } finally {
      if (sequence === this.planSequence) out.setAttribute('aria-busy', 'false');
    }
  }
}

/** A column heading. @param {string} text */
const th = (text) => h('th', { scope: 'col' }, text);

/** @param {string} route */
function missing(route) {
  return h('p', { className: 'fr-note' }, t('server.missingRoute', { route }));
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
  return h('div', {},
    h('table', { className: 'fr-table', dataset: { table: 'links' } },
      h('caption', {}, t('works.linksCaption')),
      h('thead', {}, h('tr', {}, th(t('works.th.link')), th(t('works.th.priority')), th(t('works.th.cost')), th('€/m'), th(t('works.th.securedNros')), th(t('works.th.subscribers')))),
      h('tbody', {}, links.map((l) => h('tr', { dataset: { id: l.id }, className: l.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(l), title: t('works.showOnMap', { what: `${l.a} – ${l.b}` }) }, l.id)),
        h('td', {}, l.priority), h('td', { className: 'fr-num' }, fmt(l.costEur)), h('td', { className: 'fr-num' }, fmt(l.eurPerM)),
        h('td', {}, l.buysNothing ? t('works.buysNothing') : /** @type {string[]} */ (l.securedNros).join(', ') || '–'), h('td', { className: 'fr-num' }, fmt(l.subscribersSecured)))))),
    proposedView(ranking.proposedLinks, show),
    h('table', { className: 'fr-table', dataset: { table: 'works' } },
      h('caption', {}, t('works.worksCaption')),
      h('thead', {}, h('tr', {}, th(t('works.th.work')), th(t('works.th.urgency')), th(t('works.th.cost')), th(t('works.th.sections')), th(t('works.th.beforeAfter')))),
      h('tbody', {}, works.map((w) => h('tr', { dataset: { id: w.id }, className: w.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(w), title: t('works.showOnMap', { what: w.label }) }, w.id)),
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
  return h('table', { className: 'fr-table', dataset: { table: 'proposed' } },
    h('caption', {}, t('works.proposedCaption', { nros: proposed.singleHomedNros.join(', ') })),
    h('thead', {}, h('tr', {}, th(t('works.th.forNro')), th(t('works.th.to')), th(t('works.th.length')), th(t('works.th.cost')), th(t('works.th.subscribers')))),
    h('tbody', {}, proposed.links.map((l) => h('tr', { dataset: { id: l.id } },
      h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(l), title: t('works.showOnMap', { what: l.id }) }, l.forNro)),
      h('td', {}, l.b), h('td', { className: 'fr-num' }, fmt(l.lengthM)), h('td', { className: 'fr-num' }, fmt(l.costEur)),
      h('td', { className: 'fr-num' }, fmt(l.subscribersSecured))))),
    h('tfoot', {}, h('tr', {}, h('td', { colspan: '5', className: 'fr-note' }, proposed.method))));
}

/** @param {Plan} plan */
function planView(plan) {
  const v = plan.value ?? {};
  return h('div', { dataset: { cost: String(plan.costEur) } },
    h('div', { className: 'fr-figures' },
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'planCost', value: String(plan.costEur) } }, eur(plan.costEur)), h('span', {}, t('plan.spentOf', { budget: eur(plan.budgetEur) }))),
      h('div', { className: 'fr-figure' }, h('output', { dataset: { field: 'subscribersSecured', value: String(v.subscribersSecured ?? 0) } }, fmt(v.subscribersSecured ?? 0)),
        h('span', {}, t('plan.subscribersSecured', { count: v.subscribersSecured ?? 0 }))),
    ),
    h('p', { className: 'fr-note' }, t('plan.summary', { selected: plan.selected.length, candidates: plan.candidates, method: plan.optimal ? t('plan.optimal', { method: plan.method }) : plan.method })),
    h('ul', { className: 'fr-cut-key', 'aria-label': t('plan.keyLabel') },
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--plan-link', 'aria-hidden': 'true' }), ` ${t('plan.key.link')}`),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--plan-work', 'aria-hidden': 'true' }), ` ${t('plan.key.work')}`)),
    h('ul', { className: 'fr-list', dataset: { list: 'planned' } }, plan.selected.map((w) =>
      h('li', { dataset: { id: w.id } }, `${w.id} ${w.label}`, h('span', { className: 'fr-num' }, fmt(w.costEur))))),
    h('table', { className: 'fr-table' }, h('caption', {}, t('plan.byYear')),
      h('thead', {}, h('tr', {}, th(t('plan.th.year')), th(t('plan.th.cost')), ...plan.funding.shares.map((s) => th(s.source)))),
      h('tbody', {}, plan.years.map((y) => h('tr', {}, h('td', {}, y.year), h('td', { className: 'fr-num' }, fmt(y.costEur)), ...y.funding.map((f) => h('td', { className: 'fr-num' }, fmt(f.amountEur))))))),
    plan.warnings?.length ? h('ul', { className: 'fr-warnings' }, plan.warnings.map((w) => h('li', {}, w))) : null,
  );
}

