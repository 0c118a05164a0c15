/**
 * The map's pure helpers (api/public/js), imported as the browser runs them: formatting, colours
 * and styles, plane geometry, the network model, the export's GeoJSON and CSV. Expected values are
 * worked out by hand. The browser code is type-checked by tsconfig.browser.json, not by this
 * project's tsconfig (no allowJs): hence the `@ts-expect-error` on each import.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { Api, networkQuery } from '../api/public/js/api.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { rerouteOf, strained } from '../api/public/js/cut-panel.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { debounce, eur, fmt, km, label, pct } from '../api/public/js/dom.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { csvCell, resultsCsv, viewResults } from '../api/public/js/export.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { areaKm2, convexHull, dms, graticule, graticuleStep, paddedHull } from '../api/public/js/geo.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { NetworkModel } from '../api/public/js/model.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { impactColor, nroRadius, ownerColors, sectionColor, sectionStyle } from '../api/public/js/style.js';

type Pair = [number, number];

/** French number formatting groups thousands with a narrow no-break space (U+202F). */
const NNBSP = '\u202f';

const closeTo = (actual: Pair[], expected: Pair[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([x, y], i) => {
    expect(x).toBeCloseTo(expected[i][0], 9);
    expect(y).toBeCloseTo(expected[i][1], 9);
  });
};

describe('formatting (dom.js)', () => {
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

  it('writes metres as km with one decimal comma, euros with the sign after', () => {
    expect(km(15011)).toBe('15,0 km');
    expect(km(1250)).toBe('1,3 km');
    expect(km(0)).toBe('0,0 km');
    expect(eur(375265)).toBe(`375${NNBSP}265 €`);
    expect(eur(null)).toBe('– €');
  });

  it('writes ratios as whole percentages', () => {
    expect(pct(0.873)).toBe('87 %');
    expect(pct(1.2)).toBe('120 %');
    expect(pct(0)).toBe('0 %');
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

describe('plane geometry (geo.js)', () => {
  it('convex hull: counter-clockwise from the lowest-leftmost point, inner points left out', () => {
    const hull = convexHull([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2]]);
    expect(hull).toEqual([[0, 0], [2, 0], [2, 2], [0, 2]]);
  });

  it('convex hull: drops points on an edge, and leaves its input alone', () => {
    const points: Pair[] = [[2, 0], [1, 0], [1, 1], [0, 0]];
    expect(convexHull(points)).toEqual([[0, 0], [2, 0], [1, 1]]);
    expect(points).toEqual([[2, 0], [1, 0], [1, 1], [0, 0]]);
  });

  it('convex hull of fewer than three points: the points, sorted', () => {
    expect(convexHull([[3, 1], [1, 2]])).toEqual([[1, 2], [3, 1]]);
    expect(convexHull([])).toEqual([]);
  });

  it('padded hull at the equator: each corner of a 2° square moves √2 × 111.32 km outwards, 1° on each axis', () => {
    const square: Pair[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];
    closeTo(paddedHull(square, 111_320 * Math.SQRT2), [[-2, -2], [2, -2], [2, 2], [-2, 2]]);
  });

  it('padded hull at 60°N: a degree of longitude is half as long, so the same degree takes half the metres', () => {
    // Centroid (0, 60); corner (1, 61) lies 55.66 km east and 111.32 km north of it: √5 × 55.66 km away.
    const square: Pair[] = [[-1, 59], [1, 59], [1, 61], [-1, 61]];
    closeTo(paddedHull(square, 55_660 * Math.sqrt(5)), [[-2, 58], [2, 58], [2, 62], [-2, 62]]);
  });

  it('padded hull of two points: nothing to pad', () => {
    expect(paddedHull([[1, 1], [0, 0]], 500)).toEqual([[0, 0], [1, 1]]);
  });

  it('graticule step: the first round step giving at most 8 lines', () => {
    expect(graticuleStep(0.05)).toBe(0.01);
    expect(graticuleStep(0.3)).toBe(0.05);
    expect(graticuleStep(0.6)).toBe(0.1);
    expect(graticuleStep(3)).toBe(0.5);
    expect(graticuleStep(30)).toBe(5);
    expect(graticuleStep(100)).toBe(10);
  });

  it('graticule: meridians and parallels at the step, inside the box, as [lat, lng] segments', () => {
    // Spans 3.5° × 2.6°: step 0.5° (3.5 / 0.5 = 7 lines).
    const { step, lines } = graticule([0.2, 45.3, 3.7, 47.9]);
    expect(step).toBe(0.5);
    const meridians = lines.filter((l: { kind: string }) => l.kind === 'meridian');
    const parallels = lines.filter((l: { kind: string }) => l.kind === 'parallel');
    expect(meridians.map((l: { value: number }) => l.value)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
    expect(parallels.map((l: { value: number }) => l.value)).toEqual([45.5, 46, 46.5, 47, 47.5]);
    expect(meridians[0].coords).toEqual([[45.3, 0.5], [47.9, 0.5]]);
    expect(parallels[0].coords).toEqual([[45.5, 0.2], [45.5, 3.7]]);
  });

  it('degrees and minutes with the hemisphere', () => {
    expect(dms(50.1054, 'lat')).toBe('50°06′N');
    expect(dms(1.8333, 'lon')).toBe('1°50′E');
    expect(dms(-0.5, 'lon')).toBe('0°30′W');
    expect(dms(-33.5, 'lat')).toBe('33°30′S');
    expect(dms(0, 'lat')).toBe('0°00′N');
    // 59.994′ rounds to 60′: the next degree.
    expect(dms(2.9999, 'lat')).toBe('3°00′N');
  });

  it('area of a ring: 1° × 1° is 111.32² km² at the equator, half that at 60°N', () => {
    expect(areaKm2([[0, -0.5], [1, -0.5], [1, 0.5], [0, 0.5]])).toBeCloseTo(12_392.1424, 6);
    expect(areaKm2([[0, 59.5], [1, 59.5], [1, 60.5], [0, 60.5]])).toBeCloseTo(6_196.0712, 6);
    // Clockwise: the same area.
    expect(areaKm2([[0, 0.5], [1, 0.5], [1, -0.5], [0, -0.5]])).toBeCloseTo(12_392.1424, 6);
    expect(areaKm2([[0, 0], [1, 1]])).toBe(0);
  });
});

/* ---------- a small topology as the API gives it ---------- */

const site = (id: string, kind: string, lon: number, lat: number, extra: object = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { featureType: 'site', id, kind, ...extra },
});
const line = (featureType: string, id: string, coordinates: Pair[], extra: object) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties: { featureType, id, ...extra },
});

const geojson = {
  type: 'FeatureCollection',
  fibreTopology: { name: 'Petite Somme' },
  features: [
    site('HE-1', 'headend', 1.0, 50.0, { name: 'Amiens' }),
    site('NRO-1', 'nro', 1.2, 50.1, { name: 'Nro un', subscribers: 300 }),
    site('NRO-2', 'nro', 1.4, 50.2, { subscribers: 100, status: 'planned' }),
    site('FAR', 'junction', 5.0, 45.0),
    line('section', 'S-1', [[1.0, 50.0], [1.2, 50.1]], { from: 'HE-1', to: 'NRO-1', owner: 'Orange', lengthM: 1500, capacityFibres: 12, usedFibres: 4, riskGroups: ['RG-A'] }),
    line('section', 'S-2', [[1.2, 50.1], [1.4, 50.2]], { from: 'NRO-1', to: 'NRO-2', owner: 'divers', lengthM: 2000, status: 'planned', riskGroups: ['RG-B', 'RG-A'] }),
    line('redundancyLink', 'R-1', [[1.0, 50.0], [1.4, 50.2]], { a: 'HE-1', b: 'NRO-2', owner: 'Axione', lengthM: 3000, costEur: 45000, priority: 1 }),
    { type: 'Feature', geometry: null, properties: { featureType: 'desaturationWork', id: 'W-1', label: 'more fibres on S-1', costEur: 8000, sections: ['S-1'] } },
  ],
};

const analysis = {
  headends: ['HE-1'],
  nros: [{ id: 'NRO-1', status: 'single-homed', paths: 1, subscribers: 300, criticalSections: ['S-1'], criticalSites: [], sharedRiskGroups: [], exposedBy: ['S-1'] }],
  bridges: ['S-1'],
  cutImpact: [
    { section: 'S-1', subscribersCut: 3500, isolatedNros: ['NRO-1'] },
    { section: 'S-2', subscribersCut: 0, isolatedNros: [] },
  ],
  siteImpact: [{ site: 'NRO-1', subscribersCut: 300 }],
};

const saturation = { sections: [{ section: 'S-1', loadFibres: 10, ratio: 0.875, state: 'near' }] };

describe('the network model (model.js)', () => {
  const model = new NetworkModel(geojson, analysis, saturation);

  it('indexes the features by kind and id, sites with their position', () => {
    expect(model.name).toBe('Petite Somme');
    expect([...model.sites.keys()]).toEqual(['HE-1', 'NRO-1', 'NRO-2', 'FAR']);
    expect([...model.sections.keys()]).toEqual(['S-1', 'S-2']);
    expect([...model.links.keys()]).toEqual(['R-1']);
    expect([...model.works.keys()]).toEqual(['W-1']);
    expect(model.sites.get('NRO-1')).toMatchObject({ kind: 'nro', name: 'Nro un', subscribers: 300, lon: 1.2, lat: 50.1 });
    expect(model.works.get('W-1').sections).toEqual(['S-1']);
  });

  it('lists owners and risk groups once each, sorted; the largest NRO sets the marker scale', () => {
    // Plain code-unit sort: capitals first.
    expect(model.owners).toEqual(['Orange', 'divers']);
    expect(model.riskGroups).toEqual(['RG-A', 'RG-B']);
    expect(model.maxSubscribers).toBe(300);
    expect(new NetworkModel({ features: [] }, { ...analysis, nros: [] }).maxSubscribers).toBe(1);
  });

  it('status, NRO status and load state, with their defaults', () => {
    expect(model.status(model.sites.get('NRO-1'))).toBe('existing');
    expect(model.status(model.sites.get('NRO-2'))).toBe('planned');
    expect(model.nroStatus('NRO-1')).toBe('single-homed');
    expect(model.nroStatus('NRO-2')).toBe('not analysed');
    expect(model.loadState('S-1')).toBe('near');
    expect(model.loadState('S-2')).toBe('not analysed');
    expect(new NetworkModel(geojson, analysis).loadState('S-1')).toBeNull();
  });

  it('gives positions as Leaflet wants them: [lat, lng]', () => {
    expect(model.latLng('NRO-1')).toEqual([50.1, 1.2]);
    expect(model.line(model.sections.get('S-2'))).toEqual([[50.1, 1.2], [50.2, 1.4]]);
  });

  it('tells what an id names', () => {
    expect(model.kindOf('S-1')).toBe('section');
    expect(model.kindOf('HE-1')).toBe('site');
    expect(model.kindOf('R-1')).toBe('link');
    expect(model.kindOf('W-1')).toBeNull();
    expect(model.kindOf('nothing')).toBeNull();
  });
});

describe('colours and styles (style.js)', () => {
  it('gives owners the palette in order, grey for "divers" and the like, and wraps after 8', () => {
    const colors = ownerColors(['Axione', 'divers', 'Orange', 'SFR', 'Inconnu', 'autres']);
    expect(Object.fromEntries(colors)).toEqual({
      Axione: '#1971c2', divers: '#868e96', Orange: '#e67700', SFR: '#2f9e44', Inconnu: '#868e96', autres: '#868e96',
    });
    const nine = ownerColors(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(nine.get('h')).toBe('#a61e4d');
    expect(nine.get('i')).toBe('#1971c2');
  });

  it('colours the single-cut impact by class', () => {
    expect(impactColor(25000)).toBe('#c92a2a');
    expect(impactColor(10000)).toBe('#c92a2a');
    expect(impactColor(9999)).toBe('#f76707');
    expect(impactColor(3000)).toBe('#f76707');
    expect(impactColor(2999)).toBe('#fab005');
    expect(impactColor(1)).toBe('#fab005');
    expect(impactColor(0)).toBe('#74c0fc');
  });

  it('sizes NRO markers by area: 4 px plus 10 px at the largest', () => {
    expect(nroRadius(0, 400)).toBe(4);
    expect(nroRadius(100, 400)).toBe(9);
    expect(nroRadius(400, 400)).toBe(14);
    expect(nroRadius(-5, 400)).toBe(4);
  });

  it('colours a section by saturation, owner or impact', () => {
    const model = new NetworkModel(geojson, analysis, saturation);
    const owners = ownerColors(model.owners);
    const s1 = model.sections.get('S-1');
    const s2 = model.sections.get('S-2');
    expect(sectionColor(model, s1, 'saturation', owners)).toBe('#f59f00');
    expect(sectionColor(model, s2, 'saturation', owners)).toBe('#ced4da');
    expect(sectionColor(new NetworkModel(geojson, analysis), s1, 'saturation', owners)).toBe('#5c7cfa');
    expect(sectionColor(model, s1, 'owner', owners)).toBe('#1971c2');
    expect(sectionColor(model, s2, 'owner', owners)).toBe('#868e96');
    expect(sectionColor(model, { ...s1, owner: 'Nobody' }, 'owner', owners)).toBe('#495057');
    expect(sectionColor(model, s1, 'impact', owners)).toBe('#f76707');
    expect(sectionColor(model, s2, 'impact', owners)).toBe('#74c0fc');
    expect(sectionColor(model, { ...s1, id: 'S-9' }, 'impact', owners)).toBe('#ced4da');
  });

  it('draws bridges thick and planned sections dashed', () => {
    const model = new NetworkModel(geojson, analysis, saturation);
    const owners = ownerColors(model.owners);
    expect(sectionStyle(model, model.sections.get('S-1'), 'saturation', owners)).toEqual({
      color: '#f59f00', weight: 5, opacity: 0.9, dashArray: null, lineCap: 'butt',
    });
    expect(sectionStyle(model, model.sections.get('S-2'), 'owner', owners)).toEqual({
      color: '#868e96', weight: 3, opacity: 0.9, dashArray: '10 7', lineCap: 'butt',
    });
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
    expect(api.offers).toEqual({ saturation: true, rankings: false, plans: false, reroute: true });
  });

  it('without an API document, offers nothing optional', () => {
    expect(new Api().offers).toEqual({ saturation: false, rankings: false, plans: false, reroute: false });
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

  /** A stand-in for the Leaflet map: its bounds, [lat, lng] points inside them. */
  const viewOf = (visible: string[], [west, south, east, north]: number[]) => ({
    visible: new Set(visible),
    map: {
      getBounds: () => ({
        contains: ([lat, lng]: Pair) => lat >= south && lat <= north && lng >= west && lng <= east,
        getWest: () => west, getSouth: () => south, getEast: () => east, getNorth: () => north,
      }),
    },
  });

  const model = new NetworkModel(geojson, analysis, saturation);
  const cut = {
    request: { sections: ['S-1'] },
    impact: { failedSections: ['S-1'], failedSites: [], isolatedSites: ['NRO-1'], isolatedNros: ['NRO-1'], subscribersCut: 300 },
    reroute: { rerouted: [], sections: [{ section: 'S-2', owner: 'divers', before: { ratio: 0.5, state: 'ok' }, after: { ratio: 1.25, state: 'saturated' } }], unroutable: [], unprotected: [] },
  };
  const plan = { selected: [{ id: 'W-1', label: 'more fibres on S-1', costEur: 8000 }], costEur: 8000, budgetEur: 10000 };

  it('GeoJSON of the view: visible layers inside the bounds, with the analysis, the cut and the plan', () => {
    const view = viewOf(['headend', 'nro', 'junction', 'sections', 'links'], [0.9123456789, 49.9, 1.5, 50.3]);
    const out = viewResults({ model, view, topologyId: 'petite-somme', cut, plan });
    // FAR is outside the view.
    expect(out.features.map((f: { id: string }) => f.id)).toEqual(['site/HE-1', 'site/NRO-1', 'site/NRO-2', 'section/S-1', 'section/S-2', 'redundancyLink/R-1']);
    expect(out).toMatchObject({
      type: 'FeatureCollection',
      topology: 'petite-somme',
      bbox: [0.912346, 49.9, 1.5, 50.3],
      cut: { request: { sections: ['S-1'] }, subscribersCut: 300, isolatedNros: ['NRO-1'] },
      plan: { budgetEur: 10000, costEur: 8000, selected: ['W-1'] },
    });
    const byId = (id: string) => out.features.find((f: { id: string }) => f.id === id);
    expect(byId('site/NRO-1')).toEqual({
      type: 'Feature',
      id: 'site/NRO-1',
      geometry: { type: 'Point', coordinates: [1.2, 50.1] },
      properties: {
        featureType: 'site', id: 'NRO-1', kind: 'nro', name: 'Nro un', status: 'existing', subscribers: 300,
        nroStatus: 'single-homed', paths: 1, criticalSections: 'S-1', subscribersCutIfLost: 300,
        cutFailed: false, cutIsolated: true,
      },
    });
    expect(byId('site/NRO-2').properties).toMatchObject({ name: null, status: 'planned', nroStatus: null, paths: null, criticalSections: null, subscribersCutIfLost: null });
    expect(byId('section/S-1').properties).toEqual({
      featureType: 'section', id: 'S-1', from: 'HE-1', to: 'NRO-1', owner: 'Orange', lengthM: 1500, status: 'existing',
      capacityFibres: 12, usedFibres: 4, bridge: true, subscribersCutAlone: 3500,
      loadFibres: 10, saturation: 0.875, saturationState: 'near',
      cutFailed: true, saturationAfterCut: null, stateAfterCut: null, inPlan: true,
    });
    expect(byId('section/S-2').properties).toMatchObject({
      capacityFibres: null, bridge: false, subscribersCutAlone: 0, loadFibres: null, saturation: null,
      cutFailed: false, saturationAfterCut: 1.25, stateAfterCut: 'saturated', inPlan: false,
    });
    expect(byId('redundancyLink/R-1').properties).toEqual({
      featureType: 'redundancyLink', id: 'R-1', a: 'HE-1', b: 'NRO-2', owner: 'Axione', lengthM: 3000, costEur: 45000, priority: 1, inPlan: false,
    });
  });

  it('GeoJSON of the view: hidden layers and what lies outside are left out; no cut, no plan, no such fields', () => {
    // A box around NRO-1 alone: S-1 and S-2 each have a vertex (NRO-1) inside it, which is enough.
    const view = viewOf(['nro', 'sections'], [1.1, 50.05, 1.3, 50.15]);
    const out = viewResults({ model, view, topologyId: 'petite-somme', cut: null, plan: null });
    expect(out.features.map((f: { id: string }) => f.id)).toEqual(['site/NRO-1', 'section/S-1', 'section/S-2']);
    expect(out).not.toHaveProperty('cut');
    expect(out).not.toHaveProperty('plan');
    const s1 = out.features.find((f: { id: string }) => f.id === 'section/S-1');
    expect(s1.properties).not.toHaveProperty('cutFailed');
    expect(s1.properties).not.toHaveProperty('inPlan');
  });
});
