// @ts-check
/** @import { CutResult, Plan } from './types.js' */

/**
 * The map page: reads the API (topologies, the vector tiles' TileJSON, the analysis and
 * saturation summaries, cuts, rankings, plans, routes — each a bounded answer) and wires the
 * map, the legend and the panels together.
 */
import { Api } from './api.js';
import { CutPanel } from './cut-panel.js';
import { h, fill, find, debounce, localized } from './dom.js';
import { PolygonTool } from './draw.js';
import { download, resultsCsv, viewResults } from './export.js';
import { LANGUAGES, language, onLanguage, setLanguage, t, translatePage } from './i18n.js';
import { Legend } from './legend.js';
import { uniqueFeatures } from './map-style.js';
import { MapView } from './map-view.js';
import { NetworkModel } from './model.js';
import { NroPanel } from './nro-panel.js';
import { ReportMenu } from './report.js';
import { RoutePanel } from './route-panel.js';
import { WorksPanel } from './works-panel.js';

/** @param {string} selector */
const $ = (selector) => find(document, selector);
/** @type {(selector: string) => HTMLInputElement} */
const input = (selector) => /** @type {HTMLInputElement} */ ($(selector));
/** @type {{ topologyId: string | null, model: NetworkModel | null, cut: CutResult | null, plan: Plan | null }} */
const state = { topologyId: null, model: null, cut: null, plan: null };
/**
 * The status line, written again when the language switches.
 * @param {() => string} render
 */
const status = (render) => localized($('#status'), render);
const network = () => ({ includePlanned: input('#include-planned').checked });

/* ---------- language: the page's words first, then the FR | EN switch ---------- */
translatePage(document);
const languageButtons = LANGUAGES.map((lang) => /** @type {HTMLButtonElement} */ ($(`#lang-${lang}`)));
const pressLanguage = () => {
  for (const button of languageButtons) button.setAttribute('aria-pressed', String(button.lang === language()));
};
pressLanguage();
onLanguage(pressLanguage);
for (const button of languageButtons) button.addEventListener('click', () => setLanguage(/** @type {import('./messages.js').Language} */ (button.lang)));

// The API's definition, the map's settings and the topologies, all at once.
const [api, config, listed] = await Promise.all([
  new Api().discover(),
  /** @type {Promise<{ basemap: import('./map-style.js').Basemap | null }>} */ (fetch('/map-config.json').then((r) => r.json()).catch(() => ({ basemap: null }))),
  new Api().topologies().then((list) => ({ list, error: null }), (/** @type {Error} */ error) => ({ list: [], error })),
]);
const view = new MapView($('#map'), { basemap: config.basemap });

// The legend lives over the map, bottom left.
const legendBox = /** @type {HTMLElement} */ (/** @type {HTMLTemplateElement} */ ($('#legend-template')).content.firstElementChild?.cloneNode(true));
view.map.addControl({ onAdd: () => legendBox, onRemove: () => legendBox.remove() }, 'bottom-left');
legendBox.classList.add('maplibregl-ctrl');
translatePage(legendBox);
const legend = new Legend(find(legendBox, '#legend'), {
  onToggle: (layer, on) => view.setVisible(layer, on),
  onMode: (mode) => view.setColorMode(/** @type {import('./map-style.js').ColorMode} */ (mode)),
});

const cut = new CutPanel($('#panel-cut'), {
  api, view, network,
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
  api, view, network,
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
    $('#draw-help').hidden = !drawing;
    drawButton();
  },
});
const drawButton = () => localized($('#cut-draw'), () => (polygon.active ? t('cut.cancelDraw') : t('cut.draw')));
drawButton();
const report = new ReportMenu(find($('#report'), '[data-part="report"]'), { api });
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
  if (state.model && name === 'nros') nros.ensure();
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
/** A section or site typed by id: which it is, from the OGC collections. */
const addById = async () => {
  const id = input('#cut-id').value.trim();
  const topologyId = /** @type {string} */ (state.topologyId);
  if (!id) return;
  const kind = (await api.feature(topologyId, 'sections', id)) ? 'section' : (await api.feature(topologyId, 'sites', id)) ? 'site' : null;
  if (kind) {
    cut.pick({ kind, id, additive: true });
    input('#cut-id').value = '';
  } else status(() => t('status.noSuchId', { id }));
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
// The export buttons act on what the view draws.
const results = () => {
  const b = view.map.getBounds();
  return viewResults({
    features: /** @type {any} */ (view.renderedFeatures()), bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
    topologyId: /** @type {string} */ (state.topologyId), cut: state.cut, plan: state.plan,
  });
};
const fileName = () => t('export.fileName', { id: /** @type {string} */ (state.topologyId) });
$('#export-geojson').addEventListener('click', () =>
  download(`${fileName()}.geojson`, 'application/geo+json', JSON.stringify(results(), null, 1)));
$('#export-csv').addEventListener('click', () => download(`${fileName()}.csv`, 'text/csv;charset=utf-8', resultsCsv(results())));

/* ---------- ids suggested: the sites and sections in view ---------- */
const suggest = debounce(() => {
  if (!state.model) return;
  const features = uniqueFeatures(/** @type {any} */ (view.renderedFeatures())).slice(0, 2000);
  const sites = features.filter((f) => f.layer.id.startsWith('site-'));
  const option = (/** @type {any} */ f) => h('option', { value: String(f.properties.id) }, f.properties.name ? String(f.properties.name) : '');
  fill($('#view-sites'), sites.slice(0, 500).map(option));
  fill($('#view-ids'), features.slice(0, 1000).map(option));
}, 300);
view.map.on('moveend', suggest);
view.map.on('idle', suggest);

/* ---------- topology ---------- */
/** What the status line says before the summary of the topology shown: that the one asked for does not exist. */
let notice = () => '';

/** @param {string} id */
async function load(id) {
  state.topologyId = id;
  state.model = null;
  state.cut = null;
  state.plan = null;
  document.body.dataset.ready = 'false';
  status(() => t('status.loadingTopology', { id }));
  try {
    // The map first: it draws from the tiles alone; the summaries (legend, panels) follow.
    const tiles = await api.tiles(id, network(), (phase) => state.topologyId === id && status(() => t('status.buildingTiles', { id, phase })));
    if (state.topologyId !== id) return;
    polygon.stop();
    view.colorMode = /** @type {import('./map-style.js').ColorMode} */ (legend.mode);
    const drawn = view.show(tiles);
    const [analysis, saturation] = await Promise.all([
      api.analysisPage(id, network(), { sort: 'subscribers', limit: 1, summary: true }),
      api.offers.saturation ? api.saturationPage(id, network(), { limit: 0, summary: true }).catch(() => null) : null,
    ]);
    if (state.topologyId !== id) return;
    const summary = /** @type {import('./types.js').AnalysisSummary} */ (analysis.summary);
    const model = new NetworkModel({ topologyId: id, tiles, analysis: summary, saturation: saturation?.summary ?? null, maxSubscribers: analysis.nros[0]?.subscribers ?? 1 });
    state.model = model;
    legend.render(model, view, api.offers);
    await drawn;
    // The legend now has its height: fit the network clear of it, unless the view was moved.
    if (!view.moved) view.fit();
    view.setLegend({ owners: model.owners, maxSubscribers: model.maxSubscribers });
    view.setColorMode(/** @type {import('./map-style.js').ColorMode} */ (legend.mode));
    cut.reset();
    cut.renderPickers(model);
    nros.show(model);
    route.show();
    const exposed = summary.nros['single-homed'] + summary.nros.isolated;
    const subscribers = summary.subscribers['single-homed'] + summary.subscribers.isolated;
    const before = notice;
    status(() => [before(), t('status.summary', { sites: summary.sites, sections: summary.sections, exposed, nros: model.nroCount, subscribers })].filter(Boolean).join(' '));
    document.body.dataset.topology = id;
    document.body.dataset.ready = 'true';
    works.show(model);
    const open = /** @type {HTMLElement} */ (tabs.find((t) => t.getAttribute('aria-selected') === 'true'));
    showTab(open.id.slice(4));
  } catch (error) {
    status(() => t('status.loadFailed', { id, message: /** @type {Error} */ (error).message }));
    document.body.dataset.ready = 'error';
  }
}

const picker = /** @type {HTMLSelectElement} */ ($('#topology'));
try {
  if (listed.error) throw listed.error;
  const { list } = listed;
  const titles = () => {
    for (const [i, option] of [...picker.options].entries()) option.title = t('header.topologyTitle', { id: list[i].id, version: String(list[i].version) });
  };
  fill(picker, list.map((entry) => h('option', { value: entry.id }, entry.name)));
  titles();
  onLanguage(titles);
  picker.disabled = list.length <= 1 ? list.length === 0 : false;
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = list.find((entry) => entry.id === wanted) ?? list.find((entry) => entry.id === 'somme') ?? list[0];
  if (!first) status(() => t('status.noTopology'));
  else {
    if (wanted && first.id !== wanted) notice = () => t('status.noSuchTopology', { wanted, shown: first.id });
    picker.value = first.id;
    report.show(first);
    picker.addEventListener('change', () => {
      location.hash = encodeURIComponent(picker.value);
      notice = () => '';
      report.show(list.find((entry) => entry.id === picker.value) ?? null);
      load(picker.value);
    });
    $('#include-planned').addEventListener('change', () => load(/** @type {string} */ (state.topologyId)));
    await load(first.id);
  }
} catch (error) {
  status(() => t('status.apiDown', { message: /** @type {Error} */ (error).message }));
}
