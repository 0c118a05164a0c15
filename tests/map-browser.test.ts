import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { fibreNetwork } from '../bench/generate.js';
import { SOMME_FILE, tinyTopology, listening } from './support/api.js';

/**
 * The web map in a real browser: Debian's Chromium (installed by .ci/run) with WebGL through
 * SwiftShader, driven by playwright-core, against the real app listening on a free port. The map
 * draws on a canvas (MapLibre GL), so the tests read what it drew through MapLibre itself
 * (`queryRenderedFeatures`, feature states) and click at the pixel of a site or a section
 * computed from the topology file's coordinates. Screenshots go to tests/artifacts/
 * (gitignored); docs/map.png is rewritten only with MAP_SCREENSHOT_DOCS=1 (or when missing).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const root = join(import.meta.dirname, '..');
const ARTIFACTS = join(root, 'tests/artifacts');
const DOCS_SHOT = join(root, 'docs/map.png');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

if (!hasChromium) {
  console.warn(`map browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
}

type Position = [number, number];
interface TopologyFile {
  sites: Array<{ id: string; kind: string; lon: number; lat: number; status?: string; subscribers?: number }>;
  sections: Array<{ id: string; from: string; to: string; owner: string; status?: string; riskGroups?: string[]; geometry?: Position[] }>;
  redundancyLinks?: Array<{ id: string }>;
}
const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as TopologyFile;

/** Where to click a section: the middle of its longest segment, from the topology file. */
function sectionPoint(topology: TopologyFile, id: string): Position {
  const s = topology.sections.find((x) => x.id === id)!;
  const at = (site: string) => { const p = topology.sites.find((x) => x.id === site)!; return [p.lon, p.lat] as Position; };
  const line = s.geometry ?? [at(s.from), at(s.to)];
  let best = 0;
  for (let i = 1; i < line.length; i++) {
    if (Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]) > Math.hypot(line[best + 1][0] - line[best][0], line[best + 1][1] - line[best][1])) best = i - 1;
  }
  return [(line[best][0] + line[best + 1][0]) / 2, (line[best][1] + line[best + 1][1]) / 2];
}
const sitePoint = (topology: TopologyFile, id: string): Position => {
  const s = topology.sites.find((x) => x.id === id)!;
  return [s.lon, s.lat];
};

/** Resolves once MapLibre has loaded every tile of the view and stopped moving. */
const idle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  const { map } = (window as never as { fibreMap: { map: { loaded(): boolean; isMoving(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } } }).fibreMap;
  if (map.loaded() && !map.isMoving()) resolve();
  else map.once('idle', () => resolve());
  map.triggerRepaint();
}));

/** The page coordinates of a [lon, lat] on the map. */
const pixelOf = (page: Page, at: Position) => page.evaluate((lonLat) => {
  const { map } = (window as never as { fibreMap: { map: { project(p: Position): { x: number; y: number }; getContainer(): HTMLElement } } }).fibreMap;
  const p = map.project(lonLat);
  const r = map.getContainer().getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
}, at);

const clickAt = async (page: Page, at: Position, modifiers: ('Shift')[] = []) => {
  await idle(page);
  const { x, y } = await pixelOf(page, at);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(x, y);
  for (const m of modifiers) await page.keyboard.up(m);
};

/** The ids MapLibre drew in some style layers, once each, sorted. */
const drawnIds = async (page: Page, layers: string[]) => {
  await idle(page);
  return page.evaluate((ids) => {
    const { map } = (window as never as { fibreMap: { map: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): { properties: { id: string } }[] } } }).fibreMap;
    const present = ids.filter((id) => map.getLayer(id));
    return [...new Set(map.queryRenderedFeatures({ layers: present }).map((f) => String(f.properties.id)))].sort();
  }, layers);
};

/** The feature state of a section or a site. */
const stateOf = (page: Page, sourceLayer: 'sections' | 'sites', id: string) => page.evaluate(({ sourceLayer, id }) => {
  const { map } = (window as never as { fibreMap: { map: { getFeatureState(f: object): Record<string, unknown> } } }).fibreMap;
  return map.getFeatureState({ source: 'network', sourceLayer, id });
}, { sourceLayer, id });

/** Which of the layers that draw the panels' highlights are shown (they are hidden while there is nothing to highlight). */
const highlightLayersShown = (page: Page) => page.evaluate(() => {
  const { map } = (window as never as { fibreMap: { map: { getLayoutProperty(id: string, p: string): string | undefined } } }).fibreMap;
  return ['plan-sections', 'focus-sections', 'cut-sections-halo', 'cut-sections', 'site-rings'].filter((id) => map.getLayoutProperty(id, 'visibility') !== 'none');
});

const sorted = (ids: Iterable<string>) => [...ids].sort();
const SITE_LAYERS = ['site-headend', 'site-pop', 'site-nro', 'site-junction'];

describe('the web map’s files', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-map-files-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('gives the page to browsers at / and the JSON links to other clients', async () => {
    const page = await app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers.vary).toContain('Accept');
    expect(page.body).toContain('<script type="module" src="/js/main.js">');
    expect(page.body).toContain('<script src="/vendor/maplibre/maplibre-gl.js">');
    // MapLibre runs its workers from blob: URLs; nothing else is loosened.
    expect(page.headers['content-security-policy']).toContain("worker-src 'self' blob:");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const res = await app.inject({ url: '/', headers: accept ? { accept } : {} });
      expect(res.headers['content-type'], String(accept)).toMatch(/^application\/json/);
      expect(res.json().links.map((l: { rel: string }) => l.rel)).toContain('service-desc');
    }
  });

  it('serves the modules, the styles and MapLibre’s build from the project, and nothing else of it', async () => {
    const html = (await app.inject({ url: '/', headers: { accept: 'text/html' } })).body;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.every((a) => a.startsWith('/'))).toBe(true);
    for (const path of [...assets, '/vendor/maplibre/maplibre-gl.js', '/vendor/maplibre/maplibre-gl.css', '/js/map-view.js', '/js/map-style.js']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(200);
    }
    const modules = ['main.js', 'map-view.js', 'map-style.js', 'api.js'].map((f) => readFileSync(join(root, 'api/public/js', f), 'utf8')).join('\n');
    expect(modules).not.toMatch(/https?:\/\//);
    for (const path of ['/vendor/maplibre/maplibre-gl.js.map', '/vendor/maplibre/maplibre-gl-dev.js', '/vendor/maplibre/package.json', '/vendor/leaflet/leaflet.js']) {
      expect((await app.inject(path)).statusCode, path).toBe(404);
    }
    expect((await app.inject('/js/nowhere.js')).json().code).toBe('not-found');
    expect((await app.inject('/js/../../package.json')).statusCode).not.toBe(200);
  });

  it('has no basemap unless one is configured, and then allows its origin only', async () => {
    expect((await app.inject('/map-config.json')).json()).toEqual({ basemap: null });
    const withBasemap = await buildApp({
      dataDir: mkdtempSync(join(tmpdir(), 'fibre-map-files-')), rateLimit: false,
      basemap: { url: 'https://tile.example.org/{z}/{x}/{y}.png', attribution: '© Example contributors' },
    });
    try {
      const res = await withBasemap.inject('/map-config.json');
      expect(res.json()).toEqual({ basemap: { url: 'https://tile.example.org/{z}/{x}/{y}.png', attribution: '© Example contributors' } });
      expect(res.headers['content-security-policy']).toContain("connect-src 'self' https://tile.example.org");
    } finally {
      await withBasemap.close();
    }
  });
});

describe.skipIf(!hasChromium)('the web map in Chromium (WebGL), on the Somme network', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const problems: string[] = [];
  const foreignRequests: string[] = [];
  const mapRequests: string[] = [];

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  /** Sections and sites the map shows: those the analysis keeps (planned ones are left out by default). */
  const existingSections = somme.sections.filter((s) => s.status !== 'planned');
  const existingSites = somme.sites.filter((s) => s.status !== 'planned');

  beforeAll(async () => {
    // The Somme network and a tiny one, for the topology picker.
    const folder = mkdtempSync(join(tmpdir(), 'fibre-map-'));
    mkdirSync(join(folder, 'topology'));
    copyFileSync(SOMME_FILE, join(folder, 'topology/somme.json'));
    writeFileSync(join(folder, 'topology/tiny.json'), JSON.stringify(tinyTopology()));
    app = await buildApp({ topologyDir: join(folder, 'topology'), dataDir: join(folder, 'data'), rateLimit: false });
    base = await listening(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // An English browser: the words and numbers asserted below are the English ones (tests/map-i18n.test.ts checks French).
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    // Failed responses are counted once, from the responses (the console repeats them).
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // MapLibre cancels the tiles a moving view no longer needs.
    page.on('requestfailed', (r) => !(r.url().includes('.mvt') && r.failure()?.errorText === 'net::ERR_ABORTED') && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    // The only 404s: looking up the id typed that names nothing.
    // (and tiles.json while the server builds the tiles: the map asks again after Retry-After).
    page.on('response', (r) => r.status() >= 400 && !r.url().includes('/items/NOT-AN-ID') && !(r.status() === 503 && r.url().includes('/tiles.json'))
      && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreignRequests.push(r.url());
      else mapRequests.push(r.url().slice(base.length));
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.waitForSelector('#map[data-drawn="true"]', { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws on WebGL every section and site of the Somme network from its vector tiles, with counts in the legend', async () => {
    expect(await page.evaluate(() => Boolean(document.createElement('canvas').getContext('webgl2')))).toBe(true);
    expect(mapRequests.some((u) => /^\/v1\/topologies\/somme\/tiles\/\d+\/\d+\/\d+\.mvt\?/.test(u))).toBe(true);
    expect(await drawnIds(page, ['sections', 'sections-planned'])).toEqual(sorted(existingSections.map((s) => s.id)));
    const kinds = ['headend', 'pop', 'nro'];
    const drawnSites = await drawnIds(page, SITE_LAYERS);
    expect(drawnSites.filter((id) => kinds.includes(somme.sites.find((s) => s.id === id)!.kind)))
      .toEqual(sorted(existingSites.filter((s) => kinds.includes(s.kind)).map((s) => s.id)));
    const legend = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-count]')].map((e) => [e.dataset.count, e.textContent])));
    expect(legend).toMatchObject({
      sections: String(somme.sections.length),
      nro: String(somme.sites.filter((s) => s.kind === 'nro').length),
      pop: String(somme.sites.filter((s) => s.kind === 'pop').length),
      links: String(somme.redundancyLinks?.length ?? 0),
    });
    // The NRO statuses of the legend are the analysis'.
    const analysis = await api('/v1/topologies/somme/analysis');
    const singleHomed = analysis.nros.filter((n: { status: string }) => n.status === 'single-homed').length;
    expect(await page.textContent('[data-status="single-homed"] .fr-count')).toBe(String(singleHomed));
    // The names of the head-ends are written next to them.
    const headends = existingSites.filter((s) => s.kind === 'headend').map((s) => s.id);
    expect(await page.locator('.fr-label--headend').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.site).sort())).toEqual(sorted(headends));
  });

  it('never downloads a whole analysis, saturation or topology: the panels ask for pages', () => {
    const whole = mapRequests.filter((u) => {
      const [path, query = ''] = u.split('?');
      const params = new URLSearchParams(query);
      if (/\/analysis$/.test(path)) return !params.has('limit');
      if (/\/saturation$/.test(path)) return !params.has('limit');
      return /^\/v1\/topologies\/[^/]+$/.test(path);
    });
    expect(whole).toEqual([]);
    expect(mapRequests.filter((u) => /\/analysis\?.*limit=\d/.test(u)).length).toBeGreaterThan(0);
  });

  it('shows the API’s cut answer for a clicked section, and draws it', async () => {
    expect(await highlightLayersShown(page)).toEqual([]);
    expect(await drawnIds(page, ['cut-sections'])).toEqual([]);
    const analysis = await api('/v1/topologies/somme/analysis');
    const worst = analysis.cutImpact[0].section as string;
    await clickAt(page, sectionPoint(somme, worst));
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const expected = await api('/v1/topologies/somme/cuts', { sections: [worst], reroute: true });
    expect(expected.subscribersCut).toBeGreaterThan(0);
    expect(await impactPanel(page)).toEqual({
      subscribersCut: String(expected.subscribersCut),
      isolatedNros: sorted(expected.isolatedNros),
      isolatedSites: String(expected.isolatedSites.length),
      rerouted: String(expected.reroute.rerouted.length),
      saturating: String(strainedIds(expected.reroute).length),
      saturatingIds: strainedIds(expected.reroute),
      chips: [worst],
    });
    expect(await page.getAttribute('#impact', 'aria-live')).toBe('polite');
    expect(await page.locator('#impact output[data-field="subscribersCut"]').textContent()).toBe(expected.subscribersCut.toLocaleString('en-GB'));
    // On the map: the section cut, the sites that lose service ringed.
    expect(await stateOf(page, 'sections', worst)).toEqual({ cut: 'failed' });
    for (const id of expected.isolatedSites) expect((await stateOf(page, 'sites', id)).cutRing, id).toBe('isolated');
    expect(await highlightLayersShown(page)).toEqual(['cut-sections-halo', 'cut-sections', 'site-rings']);
    expect(await drawnIds(page, ['cut-sections'])).toContain(worst);
  });

  it('adds to the cut with shift-click, and resets', async () => {
    const first = (await impactPanel(page)).chips[0];
    const site = 'J-FLIXECOURT';
    await page.evaluate(() => (window as never as { fibreMap: { map: { zoomIn(o: object): void } } }).fibreMap.map.zoomIn({ animate: false }));
    await clickAt(page, sitePoint(somme, site), ['Shift']);
    await page.waitForFunction((n) => document.querySelectorAll('.fr-chips li').length === n, 2);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const expected = await api('/v1/topologies/somme/cuts', { sections: [first], sites: [site], reroute: true });
    const shown = await impactPanel(page);
    expect(shown.chips).toEqual([first, site]);
    expect(shown.subscribersCut).toBe(String(expected.subscribersCut));
    expect(shown.isolatedNros).toEqual(sorted(expected.isolatedNros));
    expect(shown.saturatingIds).toEqual(strainedIds(expected.reroute));
    expect(await stateOf(page, 'sites', site)).toMatchObject({ cutRing: 'failed' });
    await page.click('#fit-network');
    await idle(page);
    await page.mouse.move(5, 500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-cut.png') });
    if (process.env.MAP_SCREENSHOT_DOCS === '1' || !existsSync(DOCS_SHOT)) await page.screenshot({ path: DOCS_SHOT });

    await page.click('#cut-reset');
    expect(await page.locator('#impact output').count()).toBe(0);
    expect(await page.locator('.fr-chips li').count()).toBe(0);
    expect(await stateOf(page, 'sections', String(first))).toEqual({});
    expect(await page.getAttribute('#map', 'data-cut-sections')).toBe('0');
    expect(await highlightLayersShown(page)).toEqual([]);
  });

  it('cuts every conduit of an owner, and a risk group, as the API does', async () => {
    const owner = [...new Set(somme.sections.map((s) => s.owner))].sort()[0];
    await page.selectOption('#cut-owner', owner);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const byOwner = await api('/v1/topologies/somme/cuts', { owners: [owner], reroute: true });
    expect((await impactPanel(page)).subscribersCut).toBe(String(byOwner.subscribersCut));
    expect(await page.getAttribute('#map', 'data-cut-sections')).toBe(String(new Set([
      ...byOwner.failedSections, ...byOwner.reroute.rerouted.flatMap((r: { sections: string[] }) => r.sections), ...strainedIds(byOwner.reroute),
    ]).size));
    await page.click('#cut-reset');
    const group = [...new Set(somme.sections.flatMap((s) => s.riskGroups ?? []))].sort()[0];
    await page.selectOption('#cut-risk-group', group);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const byGroup = await api('/v1/topologies/somme/cuts', { riskGroups: [group], reroute: true });
    expect(await impactPanel(page)).toMatchObject({ subscribersCut: String(byGroup.subscribersCut), isolatedNros: sorted(byGroup.isolatedNros) });
    // The sections of the group, from the topology file, are the ones cut.
    expect(sorted(byGroup.failedSections)).toEqual(sorted(somme.sections.filter((s) => s.riskGroups?.includes(group)).map((s) => s.id)));
    for (const id of byGroup.failedSections) expect(await stateOf(page, 'sections', id), id).toEqual({ cut: 'failed' });
    await page.click('#cut-reset');
  });

  it('adds a section or a site typed by its id', async () => {
    await page.fill('#cut-id', 'S-041');
    await page.click('#cut-id-add');
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    expect((await impactPanel(page)).chips).toEqual(['S-041']);
    await page.fill('#cut-id', 'NOT-AN-ID');
    await page.click('#cut-id-add');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('NOT-AN-ID'));
    await page.click('#cut-reset');
  });

  it('switches a layer off and on from the legend', async () => {
    const nros = somme.sites.filter((s) => s.kind === 'nro' && s.status !== 'planned').map((s) => s.id);
    await page.uncheck('#layer-nro');
    expect(await drawnIds(page, ['site-nro'])).toEqual([]);
    expect(await page.getAttribute('#map', 'data-layer-nro')).toBe('off');
    await page.check('#layer-nro');
    expect(await drawnIds(page, ['site-nro'])).toEqual(sorted(nros));
    await page.uncheck('#layer-sections');
    expect(await drawnIds(page, ['sections', 'sections-planned'])).toEqual([]);
    await page.check('#layer-sections');
    expect((await drawnIds(page, ['sections'])).length).toBe(existingSections.length);
  });

  it('colours the sections by owner and by criticality from the legend', async () => {
    for (const mode of ['owner', 'critical', 'saturation']) {
      await page.selectOption('#color-mode', mode);
      expect(await page.getAttribute('#map', 'data-color-mode')).toBe(mode);
    }
    await page.selectOption('#color-mode', 'owner');
    const owners = [...new Set(somme.sections.map((s) => s.owner))].sort();
    expect(await page.locator('.fr-key[aria-label="colours of the sections"] li').count()).toBe(owners.length + 2);
    await page.selectOption('#color-mode', 'saturation');
  });

  it('lists the NROs a page at a time, filters the single-homed ones and shows the critical sections of one', async () => {
    const analysis = await api('/v1/topologies/somme/analysis');
    const rowIds = () => page.locator('#panel-nros [data-part="list"] li[data-id]').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id));
    await page.click('#tab-nros');
    await page.waitForSelector('#panel-nros [data-part="list"] li[data-id]');
    const bySubscribers = (nros: { id: string; subscribers: number }[]) => [...nros].sort((a, b) => b.subscribers - a.subscribers || (a.id < b.id ? -1 : 1)).map((n) => n.id);
    expect(analysis.nros.length).toBeGreaterThan(50);
    expect(await rowIds()).toEqual(bySubscribers(analysis.nros).slice(0, 50));
    await page.click('#nro-more');
    await page.waitForFunction((n) => document.querySelectorAll('#panel-nros [data-part="list"] li[data-id]').length === n, analysis.nros.length);
    expect(await rowIds()).toEqual(bySubscribers(analysis.nros));
    expect(await page.locator('#nro-more').count()).toBe(0);

    await page.check('#nro-single');
    const exposed = analysis.nros.filter((n: { status: string }) => n.status !== 'secured');
    await page.waitForFunction((n) => document.querySelectorAll('#panel-nros [data-part="list"] li[data-id]').length === n, exposed.length);
    const ids = await rowIds();
    expect(ids).toEqual(bySubscribers(exposed));
    await page.click(`#panel-nros li[data-id="${ids[0]}"] button`);
    const nro = analysis.nros.find((n: { id: string }) => n.id === ids[0]);
    await page.waitForSelector('#panel-nros [data-field="criticalSections"]');
    expect(await page.textContent('#panel-nros [data-field="criticalSections"]')).toBe(nro.criticalSections.join(', ') || 'none');
    for (const id of nro.criticalSections) expect(await stateOf(page, 'sections', id)).toEqual({ focus: 'critical' });
    expect(await stateOf(page, 'sites', nro.id)).toEqual({ focusRing: 'focus' });
    await page.uncheck('#nro-single');
    await page.click('#tab-cut');
    await page.click('#fit-network');
  });

  it('shows an NRO’s expected outage and what its routes share, and colours every NRO by its outage, as the API computes', async () => {
    const availability = await api('/v1/topologies/somme/availability?works=false&top=1');
    await page.click('#tab-nros');
    await page.waitForSelector('#panel-nros [data-part="list"] li[data-id]');
    const first = await page.locator('#panel-nros [data-part="list"] li[data-id]').first().getAttribute('data-id');
    const record = availability.nros.find((n: { nro: string }) => n.nro === first);
    await page.click(`#panel-nros li[data-id="${first}"] button`);
    await page.waitForSelector('#panel-nros [data-field="unavailability"]');
    const minutes = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    expect(await page.textContent('#panel-nros [data-field="unavailability"]')).toContain(minutes(record.unavailabilityMinPerYear.lower));
    expect(await page.textContent('#panel-nros [data-field="doubleFailures"]')).toContain(`${record.doubleFailures.sectionPairs} section pair`);

    await page.check('#nro-outage');
    type Outage = { fibreMap: { shapes: { outage?: { id: string; properties: { fill: string } }[] } } };
    await page.waitForFunction(() => ((window as never as Outage).fibreMap.shapes.outage ?? []).length > 0);
    const drawn = await page.evaluate(() => (window as never as Outage).fibreMap.shapes.outage!.map((f): [string, string] => [f.id, f.properties.fill]));
    // The key's classes, restated: under 30 minutes a year green, 30–60 amber, 60–120 orange, 120 and more red.
    const colour = (m: number) => (m < 30 ? '#2b8a3e' : m < 60 ? '#f59f00' : m < 120 ? '#e8590c' : '#c92a2a');
    expect(new Map(drawn)).toEqual(new Map(availability.nros.map((n: { nro: string; unavailabilityMinPerYear: { lower: number } }) => [n.nro, colour(n.unavailabilityMinPerYear.lower)])));
    expect(await page.locator('#panel-nros [data-part="outage-key"] li').count()).toBe(4);
    await page.uncheck('#nro-outage');
    expect(await page.evaluate(() => (window as never as Outage).fibreMap.shapes.outage!.length)).toBe(0);
    await page.click('#tab-cut');
  });

  it('cuts a drawn area as the API does for the same polygon', async () => {
    await idle(page);
    const box = (await page.locator('#map').boundingBox())!;
    await page.click('#cut-draw');
    const corners = [[0.3, 0.2], [0.5, 0.18], [0.55, 0.45], [0.32, 0.47]].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
    for (const [i, [x, y]] of corners.entries()) {
      await page.mouse.click(x, y, { delay: 30 });
      await page.waitForSelector(`#map[data-vertices="${i + 1}"]`, { timeout: 5000 });
    }
    const request = page.waitForRequest((r) => r.url().includes('/cuts') && r.method() === 'POST');
    await page.keyboard.press('Enter');
    const body = JSON.parse((await request).postData()!);
    expect(body.polygon.type).toBe('Polygon');
    expect(body.polygon.coordinates[0]).toHaveLength(5);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const expected = await api('/v1/topologies/somme/cuts', body);
    const shown = await impactPanel(page);
    expect(shown.subscribersCut).toBe(String(expected.subscribersCut));
    expect(shown.isolatedNros).toEqual(sorted(expected.isolatedNros));
    expect(shown.chips).toEqual(['']);
    // The area is drawn over the map.
    expect(await page.evaluate(() => (window as never as { fibreMap: { shapes: Record<string, { geometry: { type: string } }[]> } }).fibreMap.shapes.cut.map((f) => f.geometry.type))).toEqual(['Polygon']);
    await page.click('#cut-reset');
  });

  it('exports what the view draws with its results as GeoJSON and CSV', async () => {
    await page.click('#fit-network');
    await clickAt(page, sectionPoint(somme, 'S-041'));
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    await idle(page);
    const [geo] = await Promise.all([page.waitForEvent('download'), page.click('#export-geojson')]);
    expect(geo.suggestedFilename()).toBe('somme-view.geojson');
    const fc = JSON.parse(readFileSync((await geo.path())!, 'utf8'));
    type F = { properties: { featureType: string; id: string; cutFailed?: boolean; owner?: string } };
    const of = (type: string) => fc.features.filter((f: F) => f.properties.featureType === type);
    expect(sorted(of('section').map((f: F) => f.properties.id))).toEqual(sorted(existingSections.map((s) => s.id)));
    expect(sorted(of('site').map((f: F) => f.properties.id))).toEqual(await drawnIds(page, SITE_LAYERS));
    // Each section's owner, as the topology file says.
    for (const f of of('section') as F[]) expect(f.properties.owner, f.properties.id).toBe(somme.sections.find((s) => s.id === f.properties.id)!.owner);
    expect(fc.cut.subscribersCut).toBe((await api('/v1/topologies/somme/cuts', { sections: ['S-041'] })).subscribersCut);
    expect(of('section').filter((f: F) => f.properties.cutFailed).map((f: F) => f.properties.id)).toEqual(['S-041']);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\ufefffeatureType;id;')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(fc.features.length + 1);
    await page.click('#cut-reset');
  });

  it('ranks the works and plans under the budget of the slider, as the API does, drawing the plan', async () => {
    const ranking = await api('/v1/topologies/somme/rankings');
    await page.click('#tab-ranking');
    await page.waitForSelector('[data-table="links"] tbody tr');
    expect(await page.locator('[data-table="links"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id)))
      .toEqual(ranking.links.links.map((l: { id: string }) => l.id));
    expect(await page.locator('[data-table="works"] tbody tr').count()).toBe(ranking.desaturationWorks.works.length);
    // A ranked link on the map: the straight line between its ends.
    await page.click(`[data-table="links"] tbody tr[data-id="${ranking.links.links[0].id}"] button`);
    await page.waitForFunction(() => ((window as never as { fibreMap: { shapes: Record<string, unknown[]> } }).fibreMap.shapes.focus ?? []).length === 1);

    await page.click('#tab-plan');
    const budget = 1_000_000;
    const answer = page.waitForResponse((r) => r.url().includes('/plans') && JSON.parse(r.request().postData() ?? '{}').budgetEur === budget);
    await page.locator('#plan-budget').fill(String(budget));
    await answer;
    const plan = await api('/v1/topologies/somme/plans', { budgetEur: budget, years: 3 });
    await page.waitForFunction((cost) => document.querySelector<HTMLElement>('output[data-field="planCost"]')?.dataset.value === String(cost), plan.costEur);
    expect(await page.locator('[data-list="planned"] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id)))
      .toEqual(plan.selected.map((w: { id: string }) => w.id));
    expect(plan.selected.length).toBeGreaterThan(0);
    await page.waitForFunction((n) => ((window as never as { fibreMap: { shapes: Record<string, unknown[]> } }).fibreMap.shapes.plan ?? []).length === n, plan.selected.length);
    await page.click('#plan-clear');
    expect(await page.evaluate(() => (window as never as { fibreMap: { shapes: Record<string, unknown[]> } }).fibreMap.shapes.plan.length)).toBe(0);
    await page.click('#tab-cut');
  });

  it('highlights the API’s route between two sites clicked on the map or typed, with its length', async () => {
    await page.click('#fit-network');
    await page.click('#tab-route');
    const shownRoute = () => page.evaluate(() => ({
      drawn: ((window as never as { fibreMap: { shapes: Record<string, unknown[]> } }).fibreMap.shapes.route ?? []).length,
      lengthM: document.querySelector<HTMLElement>('#panel-route output[data-field="lengthM"]')?.dataset.value,
      hops: document.querySelector<HTMLElement>('#panel-route output[data-field="hops"]')?.dataset.value,
      listed: [...document.querySelectorAll<HTMLElement>('#panel-route [data-list="sections"] li')].map((li) => li.dataset.id),
    }));
    // Two sites clicked on the map while the Route tab is open: a route, not a cut.
    await clickAt(page, sitePoint(somme, 'NRO-CAY'));
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#route-from')?.value === 'NRO-CAY');
    const answered = page.waitForResponse((r) => r.url().includes('/route?'));
    await clickAt(page, sitePoint(somme, 'J-FLIXECOURT'));
    await answered;
    await page.waitForSelector('#panel-route [aria-busy="false"] output[data-field="lengthM"]');
    const clicked = await api('/v1/topologies/somme/route?from=NRO-CAY&to=J-FLIXECOURT');
    expect(clicked.found).toBe(true);
    // Each section drawn twice: a white halo and the route's colour.
    expect(await shownRoute()).toEqual({ drawn: 2 * clicked.sections.length, lengthM: String(clicked.lengthM), hops: String(clicked.hops), listed: clicked.sections });
    expect(await stateOf(page, 'sites', 'NRO-CAY')).toEqual({ routeRing: 'route' });
    expect(await page.locator('.fr-chips li').count()).toBe(0);
    expect(await page.locator('#panel-route output[data-field="lengthM"]').textContent()).toContain(`${clicked.lengthM.toLocaleString('en-GB')} m`);

    // The same typed, by fewest sections.
    await page.fill('#route-from', 'NRO-CAY');
    await page.check('#route-hops');
    const byHops = page.waitForResponse((r) => r.url().includes('/route?') && r.url().includes('weight=hops') && r.url().includes('to=HE-AMIENS'));
    await page.fill('#route-to', 'HE-AMIENS');
    await page.dispatchEvent('#route-to', 'change');
    await byHops;
    const expected = await api('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&weight=hops');
    await page.waitForFunction((hops) => document.querySelector<HTMLElement>('#panel-route output[data-field="hops"]')?.dataset.value === String(hops), expected.hops);
    expect(await shownRoute()).toEqual({ drawn: 2 * expected.sections.length, lengthM: String(expected.lengthM), hops: String(expected.hops), listed: expected.sections });
    const byLength = await api('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS');
    expect(expected.hops).toBeLessThan(byLength.hops);
    await page.waitForTimeout(700); // the view flies to the route
    await idle(page);
    await page.mouse.move(5, 500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-route.png') });

    await page.click('#route-clear');
    expect((await shownRoute()).drawn).toBe(0);
    await page.uncheck('#route-hops');
    await page.click('#tab-cut');
  });

  it('switches topology with the picker', async () => {
    expect(await page.locator('#topology option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['somme', 'tiny']);
    await page.selectOption('#topology', 'tiny');
    await page.waitForSelector('body[data-topology="tiny"][data-ready="true"]');
    await page.waitForSelector('#map[data-drawn="true"]');
    const tiny = tinyTopology() as unknown as TopologyFile;
    expect(await drawnIds(page, ['sections', 'sections-planned'])).toEqual(sorted(tiny.sections.filter((s) => s.status !== 'planned').map((s) => s.id)));
    expect(await page.evaluate(() => location.hash)).toBe('#tiny');
    await page.selectOption('#topology', 'somme');
    await page.waitForSelector('body[data-topology="somme"][data-ready="true"]');
    await page.waitForSelector('#map[data-drawn="true"]');
    expect((await drawnIds(page, ['sections'])).length).toBe(existingSections.length);
  });

  it('has no console error, no failed request and no request outside the server', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('the web map in Chromium (WebGL), on a network of 1e5 sections', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  const topology = fibreNetwork({ sections: 100_000, seed: 42 }) as unknown as TopologyFile;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fibre-map-1e5-'));
    mkdirSync(join(folder, 'topology'));
    writeFileSync(join(folder, 'topology/big.json'), JSON.stringify(topology));
    app = await buildApp({ topologyDir: join(folder, 'topology'), dataDir: join(folder, 'data'), rateLimit: false, deadlineMs: 300_000 });
    const base = await listening(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // The console's "Failed to load resource" lines are the 503s of tiles.json while the tiles are built.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && !(r.status() === 503 && r.url().includes('/tiles.json')) && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    page.on('request', (r) => requests.push(r.url().slice(base.length)));
    await page.goto(`${base}/`);
    await page.waitForSelector('#map[data-drawn="true"]', { timeout: 240_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 240_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws the backbone zoomed out and every section zoomed in, from tiles', async () => {
    const zoomedOut = await drawnIds(page, ['sections', 'sections-planned']);
    expect(zoomedOut.length).toBeGreaterThan(0);
    expect(zoomedOut.length).toBeLessThan(topology.sections.length);
    await page.screenshot({ path: join(ARTIFACTS, 'map-1e5.png') });
    // Zoomed in on an NRO (at the full-detail zoom or beyond): every section of the topology file within the view is drawn.
    const nro = topology.sites.filter((s) => s.kind === 'nro')[100];
    const zoom = await page.evaluate(([lon, lat]) => {
      const view = (window as never as { fibreMap: { tiles: { fullDetailZoom?: number }; map: { jumpTo(o: object): void; getZoom(): number } } }).fibreMap;
      view.map.jumpTo({ center: [lon, lat], zoom: Math.max(11, view.tiles.fullDetailZoom ?? 0) });
      return { at: view.map.getZoom(), full: view.tiles.fullDetailZoom };
    }, [nro.lon, nro.lat]);
    expect(zoom.full, JSON.stringify(zoom)).toBeGreaterThan(0);
    const bounds = await page.evaluate(() => (window as never as { fibreMap: { map: { getBounds(): { toArray(): number[][] } } } }).fibreMap.map.getBounds().toArray());
    const [[w, s], [e, n]] = bounds;
    const byId = new Map(topology.sites.map((x) => [x.id, x]));
    // Sections with a vertex well inside the view (the generated network's sections are long straight lines).
    const inside = (p: { lon: number; lat: number }) => p.lon > w + (e - w) * 0.1 && p.lon < e - (e - w) * 0.1 && p.lat > s + (n - s) * 0.1 && p.lat < n - (n - s) * 0.1;
    const vertices = (x: TopologyFile['sections'][number]) => x.geometry?.map(([lon, lat]) => ({ lon, lat })) ?? [byId.get(x.from)!, byId.get(x.to)!];
    const expected = topology.sections.filter((x) => x.status !== 'planned' && vertices(x).some(inside)).map((x) => x.id);
    expect(expected.length, JSON.stringify({ zoom, bounds })).toBeGreaterThan(0);
    const drawn = new Set(await drawnIds(page, ['sections', 'sections-planned']));
    expect(expected.filter((id) => !drawn.has(id))).toEqual([]);
  }, 120_000);

  it('fetches pages, never a whole analysis or saturation', async () => {
    await page.click('#tab-nros');
    await page.waitForSelector('#panel-nros [data-part="list"] li[data-id]', { timeout: 120_000 });
    expect(await page.locator('#panel-nros [data-part="list"] li[data-id]').count()).toBe(50);
    const nros = topology.sites.filter((x) => x.kind === 'nro' && x.status !== 'planned').length;
    expect(await page.textContent('#panel-nros [data-part="summary"]')).toContain(`${nros.toLocaleString('en-GB')} NROs`);
    const whole = requests.filter((u) => /\/(analysis|saturation)(\?|$)/.test(u) && !/[?&]limit=/.test(u));
    expect(whole).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});

/** What the impact panel says, read from its data attributes. */
async function impactPanel(page: Page) {
  return page.evaluate(() => {
    const field = (name: string) => document.querySelector<HTMLElement>(`#impact output[data-field="${name}"]`)?.dataset.value;
    return {
      subscribersCut: field('subscribersCut'),
      isolatedNros: [...document.querySelectorAll<HTMLElement>('#impact [data-list="isolatedNros"] li')].map((li) => li.dataset.id!).sort(),
      isolatedSites: field('isolatedSites'),
      rerouted: field('rerouted'),
      saturating: field('saturating'),
      saturatingIds: [...document.querySelectorAll<HTMLElement>('#impact tbody tr')].map((tr) => tr.dataset.id),
      chips: [...document.querySelectorAll<HTMLElement>('.fr-chips li')].map((li) => li.dataset.id),
    };
  });
}

type StrainedSection = { section: string; after: { ratio: number } };

/** The sections a re-routing strains, as the panel lists them: worst first after the cut. */
function strainedIds(reroute: { sections: StrainedSection[]; loadedFurther: StrainedSection[] }): string[] {
  return [...reroute.sections, ...reroute.loadedFurther].sort((a, b) => b.after.ratio - a.after.ratio).map((s) => s.section);
}
