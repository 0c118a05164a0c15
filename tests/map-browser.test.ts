import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { SOMME_FILE, tinyTopology } from './support/api.js';

/**
 * The web map in a real browser: Debian's Chromium (installed by .ci/run) driven by
 * playwright-core, against the real app listening on a free port. Screenshots go to
 * tests/artifacts/ (gitignored); docs/map.png, the README's picture, is rewritten only with
 * MAP_SCREENSHOT_DOCS=1 (or when missing), so that a test run does not dirty the tree.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const root = join(import.meta.dirname, '..');
const ARTIFACTS = join(root, 'tests/artifacts');
const DOCS_SHOT = join(root, 'docs/map.png');

if (!hasChromium) {
  console.warn(`map browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
}

const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as {
  sites: Array<{ id: string; kind: string }>;
  sections: Array<{ id: string }>;
  redundancyLinks: Array<{ id: string }>;
};

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
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const res = await app.inject({ url: '/', headers: accept ? { accept } : {} });
      expect(res.headers['content-type'], String(accept)).toMatch(/^application\/json/);
      expect(res.json().links.map((l: { rel: string }) => l.rel)).toContain('service-desc');
    }
  });

  it('serves the modules, the styles and Leaflet from the project, and nothing else', async () => {
    const html = (await app.inject({ url: '/', headers: { accept: 'text/html' } })).body;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.every((a) => a.startsWith('/'))).toBe(true);
    const modules = readdirSync(join(root, 'api/public/js')).map((f) => readFileSync(join(root, 'api/public/js', f), 'utf8')).join('\n');
    for (const path of [...assets, '/vendor/leaflet/leaflet-src.esm.js', '/vendor/leaflet/images/layers.png', '/js/map-view.js']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(200);
    }
    expect(modules).not.toMatch(/https?:\/\//);
    expect((await app.inject('/vendor/leaflet/leaflet.js.map')).statusCode).toBe(404);
    expect((await app.inject('/js/nowhere.js')).json().code).toBe('not-found');
    expect((await app.inject('/js/../../package.json')).statusCode).not.toBe(200);
  });
});

describe.skipIf(!hasChromium)('the web map in Chromium, on the Somme network', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    // The Somme network and a tiny one, for the topology picker.
    const folder = mkdtempSync(join(tmpdir(), 'fibre-map-'));
    mkdirSync(join(folder, 'topology'));
    copyFileSync(SOMME_FILE, join(folder, 'topology/somme.json'));
    writeFileSync(join(folder, 'topology/tiny.json'), JSON.stringify(tinyTopology()));
    app = await buildApp({ topologyDir: join(folder, 'topology'), dataDir: join(folder, 'data'), rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && foreignRequests.push(r.url()));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves the page to browsers and the JSON landing to other clients, with Leaflet self-hosted', async () => {
    const html = await fetch(`${base}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('<script type="module" src="/js/main.js">');
    const json = await fetch(`${base}/`);
    expect((await json.json()).links.some((l: { rel: string }) => l.rel === 'service-desc')).toBe(true);
    // Each body is read to the end: an unread large body holds its connection open, and close() waits for it.
    const status = async (path: string) => {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      return res.status;
    };
    for (const path of ['/vendor/leaflet/leaflet-src.esm.js', '/vendor/leaflet/leaflet.css', '/vendor/leaflet/images/marker-icon.png', '/style.css', '/js/main.js']) {
      expect(await status(path), path).toBe(200);
    }
    for (const path of ['/openapi.json', '/docs', '/ogc/somme', '/ogc/somme/collections/sites/items?limit=1', '/health']) {
      expect(await status(path), path).toBe(200);
    }
    expect(await status('/nowhere.js')).toBe(404);
  });

  it('draws every site and section of the Somme network, with counts in the legend', async () => {
    const drawn = await page.evaluate(() => ({
      sections: document.querySelectorAll('path.fr-section').length,
      sites: document.querySelectorAll('[data-site]').length,
      nros: document.querySelectorAll('path.fr-site--nro').length,
      links: document.querySelectorAll('path.fr-link').length,
      dataset: { ...document.querySelector<HTMLElement>('#map')!.dataset },
      legend: Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-count]')].map((e) => [e.dataset.count, e.textContent])),
    }));
    expect(drawn.sections).toBe(somme.sections.length);
    expect(drawn.sites).toBe(somme.sites.length);
    expect(drawn.nros).toBe(somme.sites.filter((s) => s.kind === 'nro').length);
    expect(drawn.links).toBe(somme.redundancyLinks.length);
    expect(drawn.dataset).toMatchObject({ sitesDrawn: String(somme.sites.length), sectionsDrawn: String(somme.sections.length) });
    expect(drawn.legend).toMatchObject({ sections: String(somme.sections.length), nro: String(drawn.nros) });

    // The NRO statuses of the legend are the analysis'.
    const analysis = await api('/v1/topologies/somme/analysis');
    const singleHomed = analysis.nros.filter((n: { status: string }) => n.status === 'single-homed').length;
    expect(await page.textContent('[data-status="single-homed"] .fr-count')).toBe(String(singleHomed));
    // Every section lies inside the map's view.
    const box = (await page.locator('#map').boundingBox())!;
    const outside = await page.evaluate(({ box }) => [...document.querySelectorAll('path.fr-section')].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.left < box.x || r.right > box.x + box.width || r.top < box.y || r.bottom > box.y + box.height;
    }).length, { box });
    expect(outside).toBe(0);
    // …and no site hides under the legend.
    const legend = (await page.locator('.fr-legend').boundingBox())!;
    const hidden = await page.evaluate(({ legend }) => [...document.querySelectorAll('[data-site]')].filter((el) => {
      const r = el.getBoundingClientRect();
      const x = (r.left + r.right) / 2;
      const y = (r.top + r.bottom) / 2;
      return x >= legend.x && x <= legend.x + legend.width && y >= legend.y && y <= legend.y + legend.height;
    }).map((el) => (el as HTMLElement).dataset.site), { legend });
    expect(hidden).toEqual([]);
  });

  it('shows the API’s cut answer for a clicked section: NROs, subscribers, re-routing', async () => {
    const analysis = await api('/v1/topologies/somme/analysis');
    const worst = analysis.cutImpact[0].section as string;
    await page.click(`path.fr-hit[data-section="${worst}"]`);
    await page.waitForSelector('#impact output[data-field="subscribersCut"]');
    const expected = await api('/v1/topologies/somme/cuts', { sections: [worst], reroute: true });
    expect(expected.subscribersCut).toBeGreaterThan(0);
    const shown = await impactPanel(page);
    expect(shown).toEqual({
      subscribersCut: String(expected.subscribersCut),
      isolatedNros: [...expected.isolatedNros].sort(),
      isolatedSites: String(expected.isolatedSites.length),
      rerouted: String(expected.reroute.rerouted.length),
      saturating: String(strainedIds(expected.reroute).length),
      saturatingIds: strainedIds(expected.reroute),
      chips: [worst],
    });
    expect(await page.getAttribute('#impact', 'aria-live')).toBe('polite');
    expect(await page.locator('#impact output[data-field="subscribersCut"]').textContent()).toBe(expected.subscribersCut.toLocaleString('fr-FR'));
  });

  it('adds to the cut with shift-click, and resets', async () => {
    const first = (await impactPanel(page)).chips[0];
    const analysis = await api('/v1/topologies/somme/analysis');
    const site = 'J-FLIXECOURT';
    expect(analysis.siteImpact.some((i: { site: string }) => i.site === site)).toBe(true);
    await page.click(`[data-site="${site}"]`, { modifiers: ['Shift'] });
    await page.waitForFunction((n) => document.querySelectorAll('.fr-chips li').length === n, 2);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const expected = await api('/v1/topologies/somme/cuts', { sections: [first], sites: [site], reroute: true });
    const shown = await impactPanel(page);
    expect(shown.subscribersCut).toBe(String(expected.subscribersCut));
    expect(shown.isolatedNros).toEqual([...expected.isolatedNros].sort());
    expect(shown.saturatingIds).toEqual(strainedIds(expected.reroute));
    await page.mouse.move(5, 500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-cut.png') });
    if (process.env.MAP_SCREENSHOT_DOCS === '1' || !existsSync(DOCS_SHOT)) {
      mkdirSync(join(root, 'docs'), { recursive: true });
      await page.screenshot({ path: DOCS_SHOT });
    }

    await page.click('#cut-reset');
    expect(await page.locator('#impact output').count()).toBe(0);
    expect(await page.locator('.fr-chips li').count()).toBe(0);
  });

  it('switches a layer off and on from the legend', async () => {
    const nros = somme.sites.filter((s) => s.kind === 'nro').length;
    await page.uncheck('#layer-nro');
    expect(await page.locator('path.fr-site--nro').count()).toBe(0);
    expect(await page.getAttribute('#map', 'data-layer-nro')).toBe('off');
    await page.check('#layer-nro');
    expect(await page.locator('path.fr-site--nro').count()).toBe(nros);
    await page.uncheck('#layer-sections');
    expect(await page.locator('path.fr-section').count()).toBe(0);
    expect(await page.locator('path.fr-hit').count()).toBe(0);
    await page.check('#layer-sections');
    expect(await page.locator('path.fr-section').count()).toBe(somme.sections.length);
  });

  it('lists the NROs, filters the single-homed ones and shows the critical sections of one', async () => {
    const analysis = await api('/v1/topologies/somme/analysis');
    await page.click('#tab-nros');
    expect(await page.locator('#panel-nros [data-part="list"] li').count()).toBe(analysis.nros.length);
    await page.check('#nro-single');
    const exposed = analysis.nros.filter((n: { status: string }) => n.status !== 'secured');
    const ids = await page.locator('#panel-nros [data-part="list"] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id));
    const bySubscribers = [...exposed].sort((a, b) => b.subscribers - a.subscribers || a.id.localeCompare(b.id)).map((n) => n.id);
    expect(ids).toEqual(bySubscribers);
    await page.click(`#panel-nros li[data-id="${ids[0]}"] button`);
    const nro = analysis.nros.find((n: { id: string }) => n.id === ids[0]);
    expect(await page.textContent('#panel-nros [data-field="criticalSections"]')).toBe(nro.criticalSections.join(', '));
    await page.uncheck('#nro-single');
    await page.click('#tab-cut');
  });

  it('cuts a drawn area as the API does for the same polygon', async () => {
    const box = (await page.locator('#map').boundingBox())!;
    await page.click('#cut-draw');
    const corners = [[0.3, 0.25], [0.5, 0.22], [0.55, 0.5], [0.32, 0.52]].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
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
    expect(shown.isolatedNros).toEqual([...expected.isolatedNros].sort());
    expect(shown.chips).toEqual(['']);
    await page.click('#cut-reset');
  });

  it('exports the current view with its results as GeoJSON and CSV', async () => {
    await page.click('#fit-network');
    await page.click('path.fr-hit[data-section="S-041"]');
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    const [geo] = await Promise.all([page.waitForEvent('download'), page.click('#export-geojson')]);
    expect(geo.suggestedFilename()).toBe('somme-view.geojson');
    const fc = JSON.parse(readFileSync((await geo.path())!, 'utf8'));
    type F = { properties: { featureType: string; id: string; cutFailed?: boolean; cutIsolated?: boolean } };
    const of = (type: string) => fc.features.filter((f: F) => f.properties.featureType === type);
    expect(of('site')).toHaveLength(somme.sites.length);
    expect(of('section')).toHaveLength(somme.sections.length);
    expect(fc.cut.subscribersCut).toBe((await api('/v1/topologies/somme/cuts', { sections: ['S-041'] })).subscribersCut);
    expect(of('section').filter((f: F) => f.properties.cutFailed).map((f: F) => f.properties.id)).toEqual(['S-041']);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\ufefffeatureType;id;')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(fc.features.length + 1);
    await page.click('#cut-reset');
  });

  it('ranks the works and plans under the budget of the slider, as the API does', async () => {
    const ranking = await api('/v1/topologies/somme/rankings');
    await page.click('#tab-ranking');
    await page.waitForSelector('[data-table="links"] tbody tr');
    expect(await page.locator('[data-table="links"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id)))
      .toEqual(ranking.links.links.map((l: { id: string }) => l.id));
    expect(await page.locator('[data-table="works"] tbody tr').count()).toBe(ranking.desaturationWorks.works.length);

    await page.click('#tab-plan');
    const budget = 1_000_000;
    const answer = page.waitForResponse((r) => r.url().includes('/plans') && JSON.parse(r.request().postData() ?? '{}').budgetEur === budget);
    await page.locator('#plan-budget').fill(String(budget));
    await answer;
    await page.waitForSelector(`output[data-field="planCost"]`);
    const plan = await api('/v1/topologies/somme/plans', { budgetEur: budget, years: 3 });
    await page.waitForFunction((cost) => document.querySelector<HTMLElement>('output[data-field="planCost"]')?.dataset.value === String(cost), plan.costEur);
    expect(await page.locator('[data-list="planned"] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id)))
      .toEqual(plan.selected.map((w: { id: string }) => w.id));
    await page.click('#plan-clear');
    await page.click('#tab-cut');
  });

  it('highlights the API’s route between two sites picked on the map or in the lists, with its length', async () => {
    await page.click('#fit-network');
    await page.click('#tab-route');
    /** The route sections drawn, in drawing order, and the figures of the panel. */
    const shownRoute = () => page.evaluate(() => ({
      sections: [...document.querySelectorAll<SVGPathElement>('path.fr-route')].map((p) => p.dataset.routeSection ?? p.getAttribute('data-route-section')),
      lengthM: document.querySelector<HTMLElement>('#panel-route output[data-field="lengthM"]')?.dataset.value,
      hops: document.querySelector<HTMLElement>('#panel-route output[data-field="hops"]')?.dataset.value,
      listed: [...document.querySelectorAll<HTMLElement>('#panel-route [data-list="sections"] li')].map((li) => li.dataset.id),
    }));
    // Two sites clicked on the map while the Route tab is open: a route, not a cut.
    await page.click('[data-site="NRO-CAY"]');
    const answered = page.waitForResponse((r) => r.url().includes('/route?'));
    await page.click('[data-site="J-FLIXECOURT"]');
    await answered;
    await page.waitForSelector('#panel-route [aria-busy="false"] output[data-field="lengthM"]');
    const clicked = await api('/v1/topologies/somme/route?from=NRO-CAY&to=J-FLIXECOURT');
    expect(clicked.found).toBe(true);
    expect(await shownRoute()).toEqual({ sections: clicked.sections, lengthM: String(clicked.lengthM), hops: String(clicked.hops), listed: clicked.sections });
    expect(await page.locator('.fr-chips li').count()).toBe(0);
    expect(await page.locator('#panel-route output[data-field="lengthM"]').textContent()).toContain(`${clicked.lengthM.toLocaleString('fr-FR')} m`);

    // The same through the lists, by fewest sections.
    await page.selectOption('#route-from', 'NRO-CAY');
    await page.check('#route-hops');
    const byHops = page.waitForResponse((r) => r.url().includes('/route?') && r.url().includes('weight=hops') && r.url().includes('to=HE-AMIENS'));
    await page.selectOption('#route-to', 'HE-AMIENS');
    await byHops;
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-route [data-list="sections"] li')?.closest('[aria-busy="false"]') !== null
      && document.querySelector<HTMLElement>('#panel-route output[data-field="hops"]')?.dataset.value !== undefined);
    const expected = await api('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&weight=hops');
    await page.waitForFunction((hops) => document.querySelector<HTMLElement>('#panel-route output[data-field="hops"]')?.dataset.value === String(hops), expected.hops);
    expect(await shownRoute()).toEqual({ sections: expected.sections, lengthM: String(expected.lengthM), hops: String(expected.hops), listed: expected.sections });
    const byLength = await api('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS');
    expect(expected.hops).toBeLessThan(byLength.hops);
    await page.waitForTimeout(700); // the view flies to the route
    await page.mouse.move(5, 500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-route.png') });

    await page.click('#route-clear');
    expect(await page.locator('path.fr-route').count()).toBe(0);
    await page.uncheck('#route-hops');
    await page.click('#tab-cut');
  });

  it('switches topology with the picker', async () => {
    expect(await page.locator('#topology option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['somme', 'tiny']);
    await page.selectOption('#topology', 'tiny');
    await page.waitForSelector('body[data-topology="tiny"][data-ready="true"]');
    expect(await page.locator('[data-site]').count()).toBe(tinyTopology().sites.length);
    expect(await page.locator('path.fr-section').count()).toBe(tinyTopology().sections.length);
    expect(await page.evaluate(() => location.hash)).toBe('#tiny');
    await page.selectOption('#topology', 'somme');
    await page.waitForSelector('body[data-topology="somme"][data-ready="true"]');
    expect(await page.locator('path.fr-section').count()).toBe(somme.sections.length);
  });

  it('has no console error, no failed request and no request outside the server', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
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
