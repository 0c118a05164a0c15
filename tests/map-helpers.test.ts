/**
 * The map's pure helpers (api/public/js), imported as the browser runs them: formatting, the
 * MapLibre style (checked by MapLibre's own style validator and expression evaluator), the
 * network model, the export's GeoJSON and CSV. Expected values are
 * worked out by hand. The browser code is type-checked by tsconfig.browser.json, not by this
 * project's tsconfig (no allowJs): hence the `@ts-expect-error` on each import.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { Api, networkQuery } from '../api/public/js/api.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { rerouteOf, strained } from '../api/public/js/cut-panel.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { debounce, eur, fmt, km, label, pct } from '../api/public/js/dom.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { csvCell, resultsCsv, viewResults } from '../api/public/js/export.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { dms } from '../api/public/js/geo.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { setLanguage } from '../api/public/js/i18n.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { extentOf, LAYER_GROUPS, mapStyle, pickOf, sectionColor, tilesJsonUrl, uniqueFeatures } from '../api/public/js/map-style.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { NetworkModel } from '../api/public/js/model.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { ownerColors } from '../api/public/js/style.js';
import { createExpression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';

/** French number formatting groups thousands with a narrow no-break space (U+202F). */
const NNBSP = '\u202f';
/** The no-break space before a unit or a sign (ICU writes U+00A0 or U+202F, by version), as a plain one. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting (dom.js), in French (tests/map-i18n.test.ts checks English)', () => {
  beforeAll(() => setLanguage('fr', { remember: false }));

  it('groups thousands the French way and shows a dash for no figure', () => {
    expect(fmt(128800)).toBe(`128${NNBSP}800`);
    expect(fmt(1234567)).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(fmt(999)).toBe('999');
    expect(fmt(2.6)).toBe('3');
    expect(fmt(0)).toBe('0');
    expect(fmt(null)).toBe('–');
    expect(fmt(undefined)).toBe('–');
    expect(fmt(Number.NaN)).toBe('–');
  });

  it('writes metres as km with one decimal comma, euros with the sign after, with no-break spaces', () => {
    expect([km(15011), km(1250), km(0)].map(plain)).toEqual(['15,0 km', '1,3 km', '0,0 km']);
    expect(plain(eur(375265))).toBe('375 265 €');
    expect(eur(375265)).not.toContain(' ');
    expect(eur(null)).toBe('–');
  });

  it('writes ratios as percentages with at most one decimal', () => {
    expect([pct(0.873), pct(0.875), pct(1.2), pct(0)].map(plain)).toEqual(['87,3 %', '87,5 %', '120 %', '0 %']);
    expect(pct(0.873)).not.toContain(' ');
    expect(pct(null)).toBe('–');
  });

  it('names an element by its name and id, or its id alone', () => {
    expect(label({ id: 'POP-ABBEVILLE', name: 'Abbeville' })).toBe('Abbeville (POP-ABBEVILLE)');
    expect(label({ id: 'S-017' })).toBe('S-017');
    expect(label(undefined)).toBe('');
  });

  describe('debounce', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('calls once, with the last arguments, after the input pauses', () => {
      vi.useFakeTimers();
      const calls: unknown[][] = [];
      const f = debounce((...args: unknown[]) => calls.push(args), 100);
      f(1);
      vi.advanceTimersByTime(60);
      f(2);
      vi.advanceTimersByTime(60);
      f(3, 'x');
      vi.advanceTimersByTime(99);
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual([[3, 'x']]);
    });
  });
});

describe('coordinates (geo.js)', () => {
  it('degrees and minutes with the hemisphere', () => {
    expect(dms(50.1054, 'lat')).toBe('50°06′N');
    expect(dms(1.8333, 'lon')).toBe('1°50′E');
    expect(dms(-0.5, 'lon')).toBe('0°30′W');
    expect(dms(-0.5, 'lon', { west: 'O' })).toBe('0°30′O');
    expect(dms(-33.5, 'lat')).toBe('33°30′S');
    expect(dms(0, 'lat')).toBe('0°00′N');
    // 59.994′ rounds to 60′: the next degree.
    expect(dms(2.9999, 'lat')).toBe('3°00′N');
  });

});

/* ---------- what the map knows of a topology besides its tiles ---------- */

const summary = {
  nros: { isolated: 1, 'single-homed': 2, secured: 3 },
  subscribers: { isolated: 100, 'single-homed': 250, secured: 900 },
  sites: 9, siteKinds: { headend: 1, pop: 1, nro: 6, junction: 1 }, sections: 12, bridges: 2, articulationSites: 1,
  owners: [
    { owner: 'Orange', sections: 7, lengthM: 7000, subscribersCut: 300, isolatedNros: 2 },
    { owner: 'Axione', sections: 5, lengthM: 4000, subscribersCut: 0, isolatedNros: 0 },
  ],
  riskGroups: ['RG-A', 'RG-B'],
  candidates: { redundancyLinks: 2, desaturationWorks: 1, costEur: 53000 },
};
const tiles = { tiles: ['http://x/v1/topologies/t/tiles/{z}/{x}/{y}.mvt?v=1-a'], minzoom: 0, maxzoom: 14, bounds: [1, 49, 2, 50] };

describe('the network model (model.js)', () => {
  it('sorts the owners, counts the NROs, and floors the marker scale at one subscriber', () => {
    const model = new NetworkModel({ topologyId: 't', tiles, analysis: summary, saturation: null, maxSubscribers: 0 });
    expect(model.owners).toEqual(['Axione', 'Orange']);
    expect(model.riskGroups).toEqual(['RG-A', 'RG-B']);
    expect(model.nroCount).toBe(6);
    expect(model.maxSubscribers).toBe(1);
    expect(model.ownerSections('Orange')).toBe(7);
    expect(model.ownerSections('Nobody')).toBe(0);
  });
});

describe('colours (style.js)', () => {
  it('gives owners the palette in order, grey for "divers" and the like, and wraps after 8', () => {
    const colors = ownerColors(['Axione', 'divers', 'Orange', 'SFR', 'Inconnu', 'autres']);
    expect(Object.fromEntries(colors)).toEqual({
      Axione: '#1971c2', divers: '#868e96', Orange: '#e67700', SFR: '#2f9e44', Inconnu: '#868e96', autres: '#868e96',
    });
    const nine = ownerColors(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(nine.get('h')).toBe('#a61e4d');
    expect(nine.get('i')).toBe('#1971c2');
  });
});

/* ---------- the MapLibre style, checked by MapLibre's own style-spec ---------- */

type Expr = { evaluate: (globals: object, feature?: object, state?: object) => unknown };
/** A style expression compiled by MapLibre, as the renderer evaluates it. */
const compiled = (value: unknown, type: 'color' | 'number'): Expr => {
  const spec = type === 'color'
    ? { type: 'color', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature', 'feature-state'] } }
    : { type: 'number', 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature', 'feature-state'] } };
  const result = createExpression(value, spec as never);
  expect(result.result, JSON.stringify(result.value)).toBe('success');
  return result.value as Expr;
};
/** `rgba(r,g,b,a)` of an evaluated colour. */
const rgba = (color: unknown) => String(color);
const line = (properties: Record<string, unknown>) => ({ type: 2, properties });
const point = (properties: Record<string, unknown>) => ({ type: 1, properties });
const style = (options: object = {}) => mapStyle({
  tilesUrl: 'http://x/tiles.json', basemap: null, mode: 'saturation', owners: ['Axione', 'divers'], maxSubscribers: 400,
  visible: new Set(Object.keys(LAYER_GROUPS)), ...options,
});
const layerOf = (s: { layers: { id: string }[] }, id: string) => s.layers.find((l) => l.id === id) as unknown as { filter?: unknown; paint: Record<string, unknown>; layout?: Record<string, unknown> };

describe('the map style (map-style.js)', () => {
  it('is a valid MapLibre style in every colouring, with and without a basemap', () => {
    for (const mode of ['saturation', 'owner', 'critical']) expect(validateStyleMin(style({ mode }))).toEqual([]);
    const withBasemap = style({ basemap: { url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© OSM' } });
    expect(validateStyleMin(withBasemap)).toEqual([]);
    expect(withBasemap.sources.basemap).toMatchObject({ type: 'raster', tiles: ['https://tile.example/{z}/{x}/{y}.png'], attribution: '© OSM' });
    expect(style().sources.basemap).toBeUndefined();
    // Every layer the legend switches exists in the style.
    const ids = new Set(withBasemap.layers.map((l: { id: string }) => l.id));
    expect(Object.values(LAYER_GROUPS).flat().filter((id) => !ids.has(id as string))).toEqual([]);
  });

  it('hides the layers the legend switched off', () => {
    const s = style({ visible: new Set(['sections', 'nro']) });
    expect(layerOf(s, 'sections').layout?.visibility).toBe('visible');
    expect(layerOf(s, 'site-nro').layout?.visibility).toBe('visible');
    expect(layerOf(s, 'site-pop').layout?.visibility).toBe('none');
    expect(layerOf(s, 'density').layout?.visibility).toBe('none');
  });

  it('colours sections by saturation state, owner or criticality', () => {
    const at = { zoom: 10 };
    const saturation = compiled(sectionColor('saturation', []), 'color');
    expect(rgba(saturation.evaluate(at, line({ state: 'saturated' })))).toBe('rgba(224,49,49,1)');
    expect(rgba(saturation.evaluate(at, line({ state: 'near' })))).toBe('rgba(245,159,0,1)');
    expect(rgba(saturation.evaluate(at, line({ state: 'ok' })))).toBe('rgba(74,111,165,1)');
    expect(rgba(saturation.evaluate(at, line({ state: 'unknown' })))).toBe('rgba(134,142,150,1)');
    const owner = compiled(sectionColor('owner', ['Axione', 'divers']), 'color');
    expect(rgba(owner.evaluate(at, line({ owner: 'Axione' })))).toBe('rgba(25,113,194,1)');
    expect(rgba(owner.evaluate(at, line({ owner: 'divers' })))).toBe('rgba(134,142,150,1)');
    expect(rgba(owner.evaluate(at, line({ owner: 'Nobody' })))).toBe('rgba(73,80,87,1)');
    const critical = compiled(sectionColor('critical', []), 'color');
    expect(rgba(critical.evaluate(at, line({ critical: true })))).toBe('rgba(194,37,92,1)');
    expect(rgba(critical.evaluate(at, line({ critical: false })))).toBe('rgba(116,192,252,1)');
  });

  it('draws existing sections solid, planned ones dashed, candidate links apart', () => {
    const s = style();
    const filterOf = (id: string) => {
      const { filter } = featureFilter(layerOf(s, id).filter as never);
      return (globals: object, feature: object) => filter(globals as never, feature as never);
    };
    const existing = line({ status: 'existing', candidate: false });
    const planned = line({ status: 'planned', candidate: false });
    const candidate = line({ status: 'planned', candidate: true });
    expect([existing, planned, candidate].map((f) => filterOf('sections')({ zoom: 10 }, f))).toEqual([true, false, false]);
    expect([existing, planned, candidate].map((f) => filterOf('sections-planned')({ zoom: 10 }, f))).toEqual([false, true, false]);
    expect([existing, planned, candidate].map((f) => filterOf('links')({ zoom: 10 }, f))).toEqual([false, false, true]);
    expect(layerOf(s, 'sections-planned').paint['line-dasharray']).toEqual([3, 2]);
    expect(layerOf(s, 'sections').paint['line-dasharray']).toBeUndefined();
    const width = compiled(layerOf(s, 'sections').paint['line-width'], 'number');
    expect(width.evaluate({ zoom: 12 }, line({ critical: true }))).toBe(5);
    expect(width.evaluate({ zoom: 12 }, line({ critical: false }))).toBe(3);
  });

  it('sizes NROs by area: 4 px plus 10 px at the largest once zoomed in, and colours them by status', () => {
    const s = style();
    const radius = compiled(layerOf(s, 'site-nro').paint['circle-radius'], 'number');
    // maxSubscribers 400: a quarter of it is half the extra radius; beyond it, capped.
    for (const [n, r] of [[0, 4], [100, 9], [400, 14], [800, 14]]) expect(radius.evaluate({ zoom: 10 }, point({ subscribers: n }))).toBeCloseTo(r, 9);
    // Zoomed out, 1.5 px plus 2.5 px at the largest.
    expect(radius.evaluate({ zoom: 6 }, point({ subscribers: 400 }))).toBeCloseTo(4, 9);
    const color = compiled(layerOf(s, 'site-nro').paint['circle-color'], 'color');
    expect(rgba(color.evaluate({ zoom: 10 }, point({ status: 'secured' })))).toBe('rgba(43,138,62,1)');
    expect(rgba(color.evaluate({ zoom: 10 }, point({ status: 'single-homed' })))).toBe('rgba(232,89,12,1)');
    expect(rgba(color.evaluate({ zoom: 10 }, point({ status: 'isolated' })))).toBe('rgba(201,42,42,1)');
    expect(rgba(color.evaluate({ zoom: 10 }, point({})))).toBe('rgba(173,181,189,1)');
  });

  it('draws a cut, a focus and rings from feature states, and nothing without one', () => {
    const s = style();
    const halo = compiled(layerOf(s, 'cut-sections-halo').paint['line-color'], 'color');
    const haloWidth = compiled(layerOf(s, 'cut-sections-halo').paint['line-width'], 'number');
    const f = line({ id: 'S-1' });
    expect(rgba(halo.evaluate({ zoom: 10 }, f, { cut: 'failed' }))).toBe('rgba(33,37,41,1)');
    expect(haloWidth.evaluate({ zoom: 10 }, f, { cut: 'failed' })).toBe(8);
    expect(haloWidth.evaluate({ zoom: 10 }, f, { cut: 'saturating' })).toBe(14);
    expect(haloWidth.evaluate({ zoom: 10 }, f, {})).toBe(0);
    expect(rgba(halo.evaluate({ zoom: 10 }, f, {}))).toBe('rgba(0,0,0,0)');
    const focus = compiled(layerOf(s, 'focus-sections').paint['line-width'], 'number');
    expect(focus.evaluate({ zoom: 10 }, f, { focus: 'critical' })).toBe(10);
    const ring = compiled(layerOf(s, 'site-rings').paint['circle-stroke-color'], 'color');
    const site = point({ id: 'NRO-1' });
    expect(rgba(ring.evaluate({ zoom: 10 }, site, { cutRing: 'isolated' }))).toBe('rgba(201,42,42,1)');
    // The cut's ring wins over the route's, the route's over the focus'.
    expect(rgba(ring.evaluate({ zoom: 10 }, site, { cutRing: 'failed', routeRing: 'route', focusRing: 'focus' }))).toBe('rgba(33,37,41,1)');
    expect(rgba(ring.evaluate({ zoom: 10 }, site, { routeRing: 'route', focusRing: 'focus' }))).toBe('rgba(11,114,133,1)');
    expect(rgba(ring.evaluate({ zoom: 10 }, site, {}))).toBe('rgba(0,0,0,0)');
  });

  it('picks a site before a section, a section before a link, the nearest of several, nothing on the empty map', () => {
    const f = (layer: string, id: string) => ({ layer: { id: layer }, properties: { id } });
    expect(pickOf([f('sections', 'S-1'), f('site-nro', 'NRO-1'), f('links', 'R-1')])).toEqual({ kind: 'site', id: 'NRO-1' });
    expect(pickOf([f('links', 'R-1'), f('sections-planned', 'S-2')])).toEqual({ kind: 'section', id: 'S-2' });
    expect(pickOf([f('links', 'R-1')])).toEqual({ kind: 'link', id: 'R-1' });
    expect(pickOf([f('cut-sections', 'S-1'), f('density', '3')])).toBeNull();
    expect(pickOf([])).toBeNull();
    // Of two sites under the click, the nearest, whatever their kind.
    const near = { ...f('site-junction', 'J-1'), px: 1 };
    const far = { ...f('site-headend', 'HE-1'), px: 4 };
    expect(pickOf([far, near, f('sections', 'S-1')], (x: { px?: number }) => x.px ?? 0)).toEqual({ kind: 'site', id: 'J-1' });
  });

  it('extent of geometries; none for nothing', () => {
    expect(extentOf([{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0.5, 3], [2, 1.5]] }])).toEqual([[0.5, 1.5], [2, 3]]);
    expect(extentOf([{ type: 'MultiLineString', coordinates: [[[1, 1], [2, 2]], [[-1, 0], [0, 5]]] }])).toEqual([[-1, 0], [2, 5]]);
    expect(extentOf([])).toBeNull();
  });

  it('keeps one feature per site or section id, sites and sections apart, sorted', () => {
    const f = (layer: string, id: string, piece: number) => ({ layer: { id: layer }, properties: { id }, piece });
    const out = uniqueFeatures([f('sections', 'S-2', 1), f('site-nro', 'S-2', 1), f('sections', 'S-1', 1), f('sections', 'S-2', 2), f('links', 'S-1', 2)]);
    expect(out.map((x: { layer: { id: string }; properties: { id: string }; piece: number }) => `${x.layer.id}:${x.properties.id}:${x.piece}`))
      .toEqual(['sections:S-1:1', 'sections:S-2:1', 'site-nro:S-2:1']);
  });

  it('names the TileJSON of a topology under its network options', () => {
    expect(tilesJsonUrl('', 'somme', {})).toBe('/v1/topologies/somme/tiles.json');
    expect(tilesJsonUrl('http://h', 'a b', { includePlanned: true, withLinks: ['R-1'] })).toBe('http://h/v1/topologies/a%20b/tiles.json?includePlanned=true&withLink=R-1');
  });
});
describe('the API client (api.js)', () => {
  it('writes the network options as a query string', () => {
    expect(networkQuery()).toBe('');
    expect(networkQuery({ includePlanned: false })).toBe('');
    expect(networkQuery({ includePlanned: true })).toBe('?includePlanned=true');
    expect(networkQuery({ includePlanned: true, withLinks: ['R-01', 'R-02'], headends: ['HE-1'] }))
      .toBe('?includePlanned=true&withLink=R-01&withLink=R-02&headend=HE-1');
    expect(networkQuery({ withLinks: ['R 1/2'] })).toBe('?withLink=R+1%2F2');
  });

  it('reads the optional routes and the cut body (through its $ref) from the OpenAPI document', () => {
    const api = new Api();
    api.doc = {
      paths: {
        '/v1/topologies/{id}/saturation': { get: {} },
        '/v1/topologies/{id}/cuts': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Cut' } } } } } },
      },
      components: { schemas: { Cut: { $ref: '#/components/schemas/CutBody' }, CutBody: { properties: { sections: {}, reroute: { type: 'boolean' } } } } },
    };
    api.paths = api.doc.paths;
    expect(api.has('get', '/v1/topologies/{id}/saturation')).toBe(true);
    expect(api.has('post', '/v1/topologies/{id}/saturation')).toBe(false);
    expect(Object.keys(api.bodyProperties('post', '/v1/topologies/{id}/cuts'))).toEqual(['sections', 'reroute']);
    expect(api.bodyProperties('post', '/v1/topologies/{id}/plans')).toEqual({});
    expect(api.offers).toEqual({ saturation: true, rankings: false, plans: false, availability: false, reroute: true });
  });

  it('without an API document, offers nothing optional', () => {
    expect(new Api().offers).toEqual({ saturation: false, rankings: false, plans: false, availability: false, reroute: false });
  });
});

describe('cut answers (cut-panel.js)', () => {
  const figure = (section: string, ratio: number) => ({ section, owner: 'Orange', before: { ratio: 0.5, state: 'ok' }, after: { ratio, state: ratio >= 1 ? 'saturated' : 'near' } });

  it('finds the re-routing part under either name', () => {
    const report = { rerouted: [], sections: [], unroutable: [], unprotected: [] };
    expect(rerouteOf({ reroute: report })).toBe(report);
    expect(rerouteOf({ rerouting: report })).toBe(report);
    expect(rerouteOf({ failedSections: [] })).toBeNull();
  });

  it('lists the strained sections worst first, those already strained included', () => {
    const reroute = { sections: [figure('A', 0.85), figure('B', 0.95)], loadedFurther: [figure('C', 1.1)] };
    expect(strained(reroute).map((s: { section: string }) => s.section)).toEqual(['C', 'B', 'A']);
    expect(strained({ sections: [figure('A', 0.85)] }).map((s: { section: string }) => s.section)).toEqual(['A']);
  });
});

describe('the export (export.js)', () => {
  it('CSV cells: oui/non, decimal comma, quoting, and no formula injection', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('oui');
    expect(csvCell(false)).toBe('non');
    expect(csvCell(1500)).toBe('1500');
    expect(csvCell(1.5)).toBe('1,5');
    expect(csvCell(-2.25)).toBe('-2,25');
    expect(csvCell(1 / 3)).toBe('0,333333');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell('S-017')).toBe('S-017');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('@home')).toBe("'@home");
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('CSV: BOM, one column per property in order of appearance, then the sites’ lon and lat', () => {
    const csv = resultsCsv({
      features: [
        { type: 'Feature', id: 'site/NRO-1', geometry: { type: 'Point', coordinates: [1.5, 49.25] }, properties: { featureType: 'site', id: 'NRO-1', name: 'Nro; un', subscribers: 120 } },
        { type: 'Feature', id: 'section/S-1', geometry: { type: 'LineString', coordinates: [[1, 49], [1.5, 49.25]] }, properties: { featureType: 'section', id: 'S-1', owner: 'Orange', bridge: true } },
      ],
    });
    expect(csv).toBe(
      '\ufefffeatureType;id;name;subscribers;owner;bridge;lon;lat\r\n'
      + 'site;NRO-1;"Nro; un";120;;;1,5;49,25\r\n'
      + 'section;S-1;;;Orange;oui;;\r\n',
    );
  });

  const cut = {
    request: { sections: ['S-1'] },
    impact: { failedSections: ['S-1'], failedSites: [], isolatedSites: ['NRO-1'], isolatedNros: ['NRO-1'], subscribersCut: 300 },
    reroute: { rerouted: [], sections: [{ section: 'S-2', owner: 'divers', before: { ratio: 0.5, state: 'ok' }, after: { ratio: 1.25, state: 'saturated' } }], unroutable: [], unprotected: [] },
  };
  const plan = { selected: [{ id: 'W-1', label: 'more fibres on S-1', costEur: 8000 }], costEur: 8000, budgetEur: 10000 };
  /** Rendered features as MapLibre gives them: the style layer, the tile attributes, the geometry. */
  const rendered = (layer: string, properties: Record<string, unknown>, geometry: object) => ({ layer: { id: layer }, properties, geometry });
  const nro = rendered('site-nro', { id: 'NRO-1', kind: 'nro', name: 'Nro un', status: 'single-homed', subscribers: 300, critical: false }, { type: 'Point', coordinates: [1.2, 50.1] });
  const s1 = { id: 'S-1', owner: 'Orange', lengthM: 1500, status: 'existing', state: 'near', loadRatio: 0.875, critical: true, candidate: false, riskGroups: 'RG-A' };
  const features = [
    rendered('sections', s1, { type: 'LineString', coordinates: [[1.0, 50.0], [1.1, 50.05]] }),
    nro,
    // The same section in the next tile: counted once, with its first piece.
    rendered('sections', s1, { type: 'LineString', coordinates: [[1.1, 50.05], [1.2, 50.1]] }),
    rendered('sections-planned', { id: 'S-2', owner: 'divers', lengthM: 2000, status: 'planned', state: 'unknown', critical: false, candidate: false, riskGroups: '' }, { type: 'LineString', coordinates: [[1.2, 50.1], [1.4, 50.2]] }),
    rendered('links', { id: 'R-1', owner: 'Axione', lengthM: 3000, status: 'planned', state: 'unknown', critical: false, candidate: true, riskGroups: '' }, { type: 'LineString', coordinates: [[1.0, 50.0], [1.4, 50.2]] }),
  ];

  it('GeoJSON of the view: each drawn feature once, with its tile attributes, the cut and the plan', () => {
    const out = viewResults({ features, bbox: [0.9123456789, 49.9, 1.5, 50.3], topologyId: 'petite-somme', cut, plan });
    expect(out.features.map((f: { id: string }) => f.id)).toEqual(['redundancyLink/R-1', 'section/S-1', 'section/S-2', 'site/NRO-1']);
    expect(out).toMatchObject({
      type: 'FeatureCollection',
      topology: 'petite-somme',
      bbox: [0.912346, 49.9, 1.5, 50.3],
      cut: { request: { sections: ['S-1'] }, subscribersCut: 300, isolatedNros: ['NRO-1'] },
      plan: { budgetEur: 10000, costEur: 8000, selected: ['W-1'] },
    });
    const byId = (id: string) => out.features.find((f: { id: string }) => f.id === id);
    expect(byId('site/NRO-1')).toEqual({
      type: 'Feature', id: 'site/NRO-1', geometry: { type: 'Point', coordinates: [1.2, 50.1] },
      properties: { featureType: 'site', id: 'NRO-1', kind: 'nro', name: 'Nro un', nroStatus: 'single-homed', subscribers: 300, critical: false, cutFailed: false, cutIsolated: true },
    });
    expect(byId('section/S-1')).toEqual({
      type: 'Feature', id: 'section/S-1', geometry: { type: 'LineString', coordinates: [[1.0, 50.0], [1.1, 50.05]] },
      properties: {
        featureType: 'section', id: 'S-1', owner: 'Orange', lengthM: 1500, status: 'existing', critical: true, candidate: false, riskGroups: 'RG-A',
        saturation: 0.875, saturationState: 'near', cutFailed: true, saturationAfterCut: null, stateAfterCut: null,
      },
    });
    expect(byId('section/S-2').properties).toMatchObject({ status: 'planned', saturation: null, saturationState: 'unknown', cutFailed: false, saturationAfterCut: 1.25, stateAfterCut: 'saturated' });
    expect(byId('redundancyLink/R-1').properties).toMatchObject({ featureType: 'redundancyLink', candidate: true });
  });

  it('GeoJSON of the view: no cut, no plan, no such fields', () => {
    const out = viewResults({ features: [nro], bbox: [1, 50, 2, 51], topologyId: 'petite-somme', cut: null, plan: null });
    expect(out.features.map((f: { id: string }) => f.id)).toEqual(['site/NRO-1']);
    expect(out).not.toHaveProperty('cut');
    expect(out).not.toHaveProperty('plan');
    expect(out.features[0].properties).not.toHaveProperty('cutFailed');
  });
});
