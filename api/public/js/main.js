// @ts-check
/** @import { CutResult, Plan } from './types.js' */

/**
 * The map page: reads the API (topologies, GeoJSON, analysis, saturation, cuts, rankings, plans)
 * and wires the map, the legend and the panels together.
 */
import { Api } from './api.js';
import { CutPanel } from './cut-panel.js';
import { h, fill, find, fmt } from './dom.js';
import { PolygonTool } from './draw.js';
import { download, resultsCsv, viewResults } from './export.js';
import { Legend } from './legend.js';
import { L, MapView } from './map-view.js';
import { NetworkModel } from './model.js';
import { NroPanel } from './nro-panel.js';
import { RoutePanel } from './route-panel.js';
import { WorksPanel } from './works-panel.js';

/** @param {string} selector */
const $ = (selector) => find(document, selector);
/** @type {(selector: string) => HTMLInputElement} */
const input = (selector) => /** @type {HTMLInputElement} */ ($(selector));
/** @type {{ topologyId: string | null, model: NetworkModel | null, cut: CutResult | null, plan: Plan | null }} */
const state = { topologyId: null, model: null, cut: null, plan: null };
/** @param {string} text */
const status = (text) => fill($('#status'), text);
const network = () => ({ includePlanned: input('#include-planned').checked });

const api = await new Api().discover();
const view = new MapView($('#map'));

// The legend lives in a map control, top right.
const legendBox = /** @type {HTMLElement} */ (/** @type {HTMLTemplateElement} */ ($('#legend-template')).content.firstElementChild?.cloneNode(true));
const LegendControl = L.Control.extend({
  onAdd() {
    L.DomEvent.disableClickPropagation(legendBox);
    L.DomEvent.disableScrollPropagation(legendBox);
    return legendBox;
  },
});
new LegendControl({ position: 'bottomleft' }).addTo(view.map);
const legend = new Legend(find(legendBox, '#legend'), {
  onToggle: (layer, on) => view.setVisible(layer, on),
  onMode: (mode) => view.setColorMode(mode),
});

const cut = new CutPanel($('#panel-cut'), {
  api, view, network,
  // Read once a topology is loaded: the panel draws nothing of a model before.
  model: () => /** @type {NetworkModel} */ (state.model),
  topologyId: () => /** @type {string} */ (state.topologyId),
  onResult: (result) => {
    state.cut = result;
    if (result) showTab('cut');
  },
  onSelectNro: (id) => {
    showTab('nros');
    nros.select(id);
  },
});
const nros = new NroPanel($('#panel-nros'), {
  view,
  onCut: (sectionId) => cut.pick({ kind: 'section', id: sectionId, additive: false }),
});
const works = new WorksPanel($('#panel-ranking'), $('#panel-plan'), {
  api, view, network,
  topologyId: () => /** @type {string} */ (state.topologyId),
  onPlan: (plan) => (state.plan = plan),
});
const polygon = new PolygonTool(view, {
  onDone: (geometry) => cut.setPolygon(geometry),
  onState: (drawing) => {
    $('#cut-draw').setAttribute('aria-pressed', String(drawing));
    $('#cut-draw').textContent = drawing ? 'Cancel drawing' : 'Draw an area';
    $('#draw-help').hidden = !drawing;
  },
});
const route = new RoutePanel($('#panel-route'), { api, view, network, topologyId: () => /** @type {string} */ (state.topologyId) });
// While the Route tab is open, a click on a site picks an end of the route; otherwise it cuts.
view.onPick((pick) => (route.open && pick.kind === 'site' ? route.pickSite(pick.id) : cut.pick(pick)));

/* ---------- tabs ---------- */
const tabs = [...document.querySelectorAll('[role="tab"]')].map((tab) => /** @type {HTMLElement} */ (tab));
/** @param {string} name */
function showTab(name) {
  for (const tab of tabs) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    /** @type {HTMLElement} */ (document.getElementById(String(tab.getAttribute('aria-controls')))).hidden = !on;
  }
  if (state.model && name === 'ranking') works.ensureRanking();
  if (state.model && name === 'plan') works.ensurePlan();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => showTab(tab.id.slice(4)));
  tab.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
    if (!next) return;
    next.focus();
    showTab(next.id.slice(4));
  });
}

/* ---------- cut tools ---------- */
$('#cut-draw').addEventListener('click', () => (polygon.active ? polygon.stop() : polygon.start()));
$('#cut-reset').addEventListener('click', () => {
  polygon.stop();
  cut.reset();
});
const addById = () => {
  const id = input('#cut-id').value.trim();
  const kind = state.model?.kindOf(id);
  if (kind === 'section' || kind === 'site') {
    cut.pick({ kind, id, additive: true });
    input('#cut-id').value = '';
  } else status(`No section or site "${id}" in this topology.`);
};
$('#cut-id-add').addEventListener('click', addById);
$('#cut-id').addEventListener('keydown', (e) => e.key === 'Enter' && addById());
$('#cut-owner').addEventListener('change', (e) => {
  const select = /** @type {HTMLSelectElement} */ (e.target);
  if (select.value) cut.add('owners', select.value);
  select.value = '';
});
$('#cut-risk-group').addEventListener('change', (e) => {
  const select = /** @type {HTMLSelectElement} */ (e.target);
  if (select.value) cut.add('riskGroups', select.value);
  select.value = '';
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !polygon.active && state.cut && !(e.target instanceof HTMLInputElement)) cut.reset();
});

/* ---------- export ---------- */
// The export buttons act on the topology shown.
const results = () => viewResults({ model: /** @type {NetworkModel} */ (state.model), view, topologyId: /** @type {string} */ (state.topologyId), cut: state.cut, plan: state.plan });
$('#export-geojson').addEventListener('click', () =>
  download(`${state.topologyId}-view.geojson`, 'application/geo+json', JSON.stringify(results(), null, 1)));
$('#export-csv').addEventListener('click', () => download(`${state.topologyId}-view.csv`, 'text/csv;charset=utf-8', resultsCsv(results())));

/* ---------- topology ---------- */
/** @param {string} id */
async function load(id) {
  state.topologyId = id;
  state.cut = null;
  state.plan = null;
  document.body.dataset.ready = 'false';
  status(`Loading ${id}…`);
  try {
    const [geojson, analysis, saturation] = await Promise.all([
      api.topology(id),
      api.analysis(id, network()),
      api.offers.saturation ? api.saturation(id, network()).catch(() => null) : null,
    ]);
    const model = new NetworkModel(geojson, analysis, saturation);
    state.model = model;
    polygon.stop();
    view.show(model);
    legend.render(model, view, api.offers);
    view.setColorMode(legend.mode);
    view.fit();
    cut.reset();
    cut.renderPickers(model);
    nros.show(model);
    route.show(model);
    const exposed = analysis.nros.filter((n) => n.status !== 'secured');
    status(`${fmt(model.sites.size)} sites, ${fmt(model.sections.size)} sections · ${exposed.length} of ${analysis.nros.length} NROs not secured (${fmt(exposed.reduce((t, n) => t + n.subscribers, 0))} subscribers)`);
    document.body.dataset.topology = id;
    document.body.dataset.ready = 'true';
    works.show(model);
    const open = /** @type {HTMLElement} */ (tabs.find((t) => t.getAttribute('aria-selected') === 'true'));
    showTab(open.id.slice(4));
  } catch (error) {
    status(`Could not load ${id}: ${/** @type {Error} */ (error).message}`);
    document.body.dataset.ready = 'error';
  }
}

const picker = /** @type {HTMLSelectElement} */ ($('#topology'));
try {
  const list = await api.topologies();
  fill(picker, list.map((t) => h('option', { value: t.id, title: `${t.id}, version ${t.version}` }, t.name)));
  picker.disabled = list.length <= 1 ? list.length === 0 : false;
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = list.find((t) => t.id === wanted) ?? list.find((t) => t.id === 'somme') ?? list[0];
  if (!first) status('This server holds no topology.');
  else {
    picker.value = first.id;
    picker.addEventListener('change', () => {
      location.hash = encodeURIComponent(picker.value);
      load(picker.value);
    });
    $('#include-planned').addEventListener('change', () => load(/** @type {string} */ (state.topologyId)));
    await load(first.id);
  }
} catch (error) {
  status(`The API did not answer: ${/** @type {Error} */ (error).message}`);
}
