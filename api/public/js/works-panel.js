/**
 * The works: the ranking of redundancy links and desaturation works (GET …/rankings), and a plan
 * under a budget (POST …/plans) whose selection is drawn on the map. Both routes are optional:
 * without them the panel says which route the server lacks.
 */
import { h, fill, fmt, eur, pct, debounce } from './dom.js';
import { SELECTED_LINK_STYLE } from './style.js';

export class WorksPanel {
  constructor(rankingEl, planEl, { api, view, topologyId, network, onPlan }) {
    this.rankingEl = rankingEl;
    this.planEl = planEl;
    this.deps = { api, view, topologyId, network, onPlan };
    this.budget = planEl.querySelector('#plan-budget');
    this.years = planEl.querySelector('#plan-years');
    const update = debounce(() => this.runPlan(), 350);
    this.budget.addEventListener('input', () => {
      this.showBudget();
      update();
    });
    this.years.addEventListener('change', update);
    planEl.querySelector('#plan-clear').addEventListener('click', () => this.clearPlan());
    this.plan = null;
  }

  async show(model) {
    this.model = model;
    this.plan = null;
    this.deps.view.clear('plan');
    const total = [...model.links.values(), ...model.works.values()].reduce((t, w) => t + (w.costEur ?? 0), 0);
    const step = total > 2_000_000 ? 10_000 : 1_000;
    this.budget.max = String(Math.ceil(total / step) * step);
    this.budget.step = String(step);
    this.budget.value = String(Math.round(total / 2 / step) * step);
    this.showBudget();
    this.ranked = false;
    fill(this.rankingEl.querySelector('[data-part="ranking"]'));
    fill(this.planEl.querySelector('[data-part="plan"]'));
    this.planEl.querySelector('#plan-clear').hidden = true;
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

  /** One ranked link or work on the map: the link and the NROs it secures, or the sections a work relieves. */
  showWork(item) {
    const { view } = this.deps;
    view.clear('focus');
    if (item.forNro) {
      view.addLineOverlay('focus', [item.a, item.b], { color: '#d6336c', weight: 4, dashArray: '2 7', lineCap: 'round' });
      for (const nro of item.securedNros ?? []) view.addSiteOverlay('focus', nro, { color: '#2b8a3e', weight: 3 });
      view.zoomTo([item.a, item.b, ...(item.securedNros ?? [])]);
    } else if (this.model.links.has(item.id)) {
      view.addSectionOverlay('focus', item.id, { ...SELECTED_LINK_STYLE, color: '#d6336c' });
      for (const nro of item.securedNros ?? []) view.addSiteOverlay('focus', nro, { color: '#2b8a3e', weight: 3 });
      view.zoomTo([item.a, item.b, ...(item.securedNros ?? [])]);
    } else {
      const sections = item.sections.map((s) => s.section);
      for (const s of sections) view.addSectionOverlay('focus', s, { color: '#d6336c', weight: 10, opacity: 0.5 });
      view.zoomTo([], sections);
    }
  }

  clearPlan() {
    this.plan = null;
    this.deps.view.clear('plan');
    fill(this.planEl.querySelector('[data-part="plan"]'), h('p', { className: 'fr-note' }, 'Move the budget to plan again.'));
    this.planEl.querySelector('#plan-clear').hidden = true;
    this.deps.onPlan(null);
  }

  showBudget() {
    fill(this.planEl.querySelector('[data-part="budget"]'), `${eur(Number(this.budget.value))} of ${eur(Number(this.budget.max))} (every candidate)`);
  }

  async runRanking() {
    const out = this.rankingEl.querySelector('[data-part="ranking"]');
    const { api, topologyId, network } = this.deps;
    if (!api.offers.rankings) return fill(out, missing('GET /v1/topologies/{id}/rankings'));
    fill(out, h('p', { className: 'fr-note' }, 'Ranking the works…'));
    try {
      fill(out, rankingView(await api.rankings(topologyId(), network()), (item) => this.showWork(item)));
    } catch (error) {
      fill(out, h('p', { className: 'fr-error', role: 'alert' }, `Ranking failed: ${error.message}`));
    }
  }

  async runPlan() {
    const out = this.planEl.querySelector('[data-part="plan"]');
    const { api, topologyId, network, view } = this.deps;
    this.budget.disabled = !api.offers.plans;
    this.years.disabled = !api.offers.plans;
    if (!api.offers.plans) return fill(out, missing('POST /v1/topologies/{id}/plans'));
    out.setAttribute('aria-busy', 'true');
    try {
      const plan = await api.plan(topologyId(), { budgetEur: Number(this.budget.value), years: Number(this.years.value) }, network());
      this.plan = plan;
      view.clear('plan');
      for (const w of plan.selected) {
        if (this.model.links.has(w.id)) view.addSectionOverlay('plan', w.id, SELECTED_LINK_STYLE);
        for (const s of this.model.works.get(w.id)?.sections ?? []) view.addSectionOverlay('plan', s, { color: '#7048e8', weight: 11, opacity: 0.3 });
      }
      fill(out, planView(plan));
      this.planEl.querySelector('#plan-clear').hidden = false;
      this.deps.onPlan(plan);
    } catch (error) {
      fill(out, h('p', { className: 'fr-error', role: 'alert' }, `The plan failed: ${error.message}`));
    } finally {
      out.setAttribute('aria-busy', 'false');
    }
  }
}

function missing(route) {
  return h('p', { className: 'fr-note' }, `This server does not offer ${route} yet.`);
}

function rankingView(ranking, show) {
  const links = ranking.links?.links ?? ranking.links ?? [];
  const works = ranking.desaturationWorks?.works ?? ranking.desaturationWorks ?? [];
  const th = (text) => h('th', { scope: 'col' }, text);
  return h('div', {},
    h('table', { className: 'fr-table', dataset: { table: 'links' } },
      h('caption', {}, 'Redundancy links: priority, then €/m, with what each buys alone'),
      h('thead', {}, h('tr', {}, th('link'), th('prio'), th('cost'), th('€/m'), th('NROs secured'), th('subscribers'))),
      h('tbody', {}, links.map((l) => h('tr', { dataset: { id: l.id }, className: l.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(l), title: `${l.a} – ${l.b}: show on the map` }, l.id)),
        h('td', {}, l.priority), h('td', { className: 'fr-num' }, fmt(l.costEur)), h('td', { className: 'fr-num' }, Math.round(l.eurPerM)),
        h('td', {}, l.buysNothing ? 'buys nothing' : l.securedNros.join(', ') || '–'), h('td', { className: 'fr-num' }, fmt(l.subscribersSecured)))))),
    proposedView(ranking.proposedLinks, show),
    h('table', { className: 'fr-table', dataset: { table: 'works' } },
      h('caption', {}, 'Desaturation works: urgency, then €/m'),
      h('thead', {}, h('tr', {}, th('work'), th('urg.'), th('cost'), th('sections'), th('before → after'))),
      h('tbody', {}, works.map((w) => h('tr', { dataset: { id: w.id }, className: w.buysNothing ? 'fr-buys-nothing' : '' },
        h('td', { className: 'fr-id' }, h('button', { type: 'button', className: 'fr-link-button', onclick: () => show(w), title: `${w.label}: show on the map` }, w.id)),
        h('td', {}, w.urgency), h('td', { className: 'fr-num' }, fmt(w.costEur)),
        h('td', {}, w.sections.map((s) => s.section).join(', ')),
        h('td', {}, w.sections.map((s) => `${pct(s.before.saturation ?? s.before.ratio)} → ${pct(s.after.saturation ?? s.after.ratio)}`).join(', ')))))),
  );
}

/** Links proposed beyond the list for the NROs still single-homed once the listed links are built. */
function proposedView(proposed, show) {
  if (!proposed?.links?.length) return null;
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

