import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { eur, fmt, km, pct } from '../api/public/js/dom.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { language, languageOf, setLanguage, t, tEnum } from '../api/public/js/i18n.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { MESSAGES } from '../api/public/js/messages.js';
// @ts-expect-error TS7016: plain browser JS, type-checked by tsconfig.browser.json
import { reportUrl } from '../api/public/js/report.js';
import { SiteKind } from '../src/model/schema.js';
import { ROUTE_DIVERSITIES } from '../src/routing/route-diversity.js';
import { listening, SOMME_FILE } from './support/api.js';

/**
 * The map in French and English. (1) The message table: the same keys in both languages, no
 * empty message, the same parameters, every key the page names present and every key used;
 * the language functions and number formats against values written by hand. (2) In Chromium,
 * the same tour of the Somme network (every panel opened, a cut, an NRO, the works, a plan, a
 * route, the legend's colourings, tooltips, the errors of a missing id and a missing topology)
 * in a French browser and in an English one: every visible text and every title, aria-label and
 * placeholder is collected, and no string reads the same in both unless it holds only API data
 * (ids, names, owners, the engine's own sentences), numbers and a few words both languages
 * share (NRO, POP, site, km…); the French rendering has no English words, the English no
 * French ones. (3) The FR | EN switch changes every word without a reload, and is remembered.
 */
const root = join(import.meta.dirname, '..');
const PUBLIC = join(root, 'api/public');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(root, 'tests/artifacts');

type Table = Record<string, string>;
const { fr, en } = MESSAGES as { fr: Table; en: Table };
const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** The parameters of a message: `{name}` and the number of `{name|one|other}`. */
const paramsOf = (message: string) => [...new Set([...message.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]))].sort();

const scripts = readdirSync(join(PUBLIC, 'js')).filter((f) => f.endsWith('.js') && f !== 'messages.js')
  .map((f) => ({ file: f, text: readFileSync(join(PUBLIC, 'js', f), 'utf8') }));
const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');

describe('the message table (messages.js)', () => {
  it('has the same keys in French and English, no empty message, the same parameters', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).length).toBeGreaterThan(200);
    for (const [key, message] of [...Object.entries(fr), ...Object.entries(en)]) expect(message.trim(), key).not.toBe('');
    for (const key of Object.keys(en)) expect(paramsOf(fr[key]), key).toEqual(paramsOf(en[key]));
  });

  it('has every key the page names, and no key it does not', () => {
    const called = scripts.flatMap(({ file, text }) => [...text.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => `${file}: ${m[1]}`));
    const inHtml = [...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1]);
    expect(called.length).toBeGreaterThan(150);
    expect(called.filter((c) => !(c.split(': ')[1] in en))).toEqual([]);
    expect(inHtml.filter((k) => !(k in en))).toEqual([]);
    // The enumerations go through tEnum(group, value): their keys are enum.<group>.<value>.
    const groups = new Set(scripts.flatMap(({ text }) => [...text.matchAll(/\btEnum\(\s*'([^']+)'/g)].map((m) => m[1])));
    const quoted = new Set(scripts.flatMap(({ text }) => [...text.matchAll(/'((?:[^'\\\n]|\\.)*)'/g)].map((m) => m[1])));
    const used = (key: string) => quoted.has(key) || inHtml.includes(key) || (key.startsWith('enum.') && groups.has(key.split('.')[1]));
    expect(Object.keys(en).filter((k) => !used(k))).toEqual([]);
    expect([...groups].filter((g) => !Object.keys(en).some((k) => k.startsWith(`enum.${g}.`)))).toEqual([]);
  });

  it('names every value of the API’s enumerations it translates', () => {
    const values = (group: string) => Object.keys(en).filter((k) => k.startsWith(`enum.${group}.`)).map((k) => k.slice(`enum.${group}.`.length)).sort();
    // NroStatus (src/analysis/resilience-report.ts) and the tiles' 'not analysed' of planned NROs.
    expect(values('nroStatus')).toEqual(['isolated', 'not analysed', 'secured', 'single-homed']);
    expect(values('nroStatusLegend')).toEqual(values('nroStatus'));
    // The section load states (docs/analysis.md, Saturation) and planned sections.
    expect(values('loadState')).toEqual(['near', 'not analysed', 'ok', 'saturated', 'unknown']);
    expect(values('loadStateLegend')).toEqual(values('loadState'));
    expect(values('siteKind')).toEqual([...SiteKind.options].sort());
    // CollectionStatus (src/routing/collection-routes.ts), RouteRole (src/saturation/reroute-collection.ts).
    expect(values('routeStatus')).toEqual(['at-headend', 'protected', 'unprotected', 'unroutable']);
    expect(values('routeRole')).toEqual(['backup', 'primary']);
    expect(values('diversity')).toEqual([...ROUTE_DIVERSITIES].sort());
  });

  it('leaves no word of the page’s HTML outside the table', () => {
    // The static words are the English messages (shown only once i18n.js has set them in the page's language).
    const body = html.slice(html.indexOf('<body>'));
    const keyed = [...body.matchAll(/<([a-z0-9]+)[^>]*\sdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g)];
    expect(keyed.length).toBe([...body.matchAll(/\sdata-i18n="/g)].length);
    expect(keyed.filter(([, , key, text]) => text.replace(/&amp;/g, '&') !== en[key]).map(([, , key]) => key)).toEqual([]);
    // Any other text between tags: the product's name, the switch's FR and EN, the formats.
    const texts = [...body.replace(/<([a-z0-9]+)[^>]*\sdata-i18n="[^"]+"[^>]*>[^<]*<\/\1>/g, '').matchAll(/>([^<>]*[A-Za-zÀ-ÿ][^<>]*)</g)]
      .map((m) => m[1].trim()).filter(Boolean);
    expect(texts).toEqual(['fibre-resilience', 'FR', 'EN', 'GeoJSON', 'CSV']);
    const attributes = [...body.matchAll(/\s(?:title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
    expect(attributes).toEqual(['S-017, POP-ABBEVILLE…', 'NRO-CAY…', 'HE-AMIENS…']);
  });
});

describe('the language and its numbers (i18n.js, dom.js)', () => {
  it('takes French from a French browser, else English', () => {
    expect(languageOf(['fr-FR', 'en-US'])).toBe('fr');
    expect(languageOf(['fr-CA'])).toBe('fr');
    expect(languageOf(['FR'])).toBe('fr');
    expect(languageOf(['de-DE', 'fr-FR'])).toBe('fr');
    expect(languageOf(['en-GB', 'fr-FR'])).toBe('en');
    expect(languageOf(['de-DE'])).toBe('en');
    expect(languageOf([])).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });

  it('writes messages with their parameters, plurals and French spaces', () => {
    setLanguage('fr', { remember: false });
    expect(language()).toBe('fr');
    expect(t('nros.summary', { total: 63, subscribers: 128800, shown: 1 })).toBe(`63 NRO, 128${NNBSP}800 abonnés · 1 affiché`);
    expect(t('nros.summary', { total: 1, subscribers: 1, shown: 0 })).toBe('1 NRO, 1 abonné · 0 affiché');
    expect(t('status.noSuchId', { id: 'X' })).toBe(`Aucun tronçon ni site «${NBSP}X${NBSP}» dans ce réseau.`);
    expect(t('cut.failed', { message: 'boom: x' })).toBe(`La coupure a échoué${NBSP}: boom: x`);
    expect(tEnum('nroStatus', 'single-homed')).toBe('collecte unique');
    expect(tEnum('loadState', 'near')).toBe('proche de la saturation');
    expect(tEnum('nroStatus', 'something new')).toBe('something new');
    setLanguage('en', { remember: false });
    expect(t('nros.summary', { total: 63, subscribers: 128800, shown: 1 })).toBe('63 NROs, 128,800 subscribers · 1 shown');
    expect(t('nros.summary', { total: 1, subscribers: 0, shown: 0 })).toBe('1 NRO, 0 subscribers · 0 shown');
    expect(t('outage.sectionPairs', { count: 1 })).toBe('1 section pair');
    expect(tEnum('nroStatus', 'single-homed')).toBe('single-homed');
  });

  it('writes numbers, euros, percentages and kilometres the French or the English way', () => {
    // French spaces are no-break ones (ICU's choice of U+00A0 or U+202F varies with its version): none may break.
    const spaced = (texts: string[]) => {
      for (const text of texts) expect(text, text).not.toContain(' ');
      return texts.map((text) => text.replace(/[\u00a0\u202f]/g, ' '));
    };
    setLanguage('fr', { remember: false });
    expect(spaced([fmt(1294984), eur(1294984), pct(0.875), pct(0.873), pct(1.2), km(12345), km(15011), fmt(null)]))
      .toEqual(['1 294 984', '1 294 984 €', '87,5 %', '87,3 %', '120 %', '12,3 km', '15,0 km', '–']);
    setLanguage('en', { remember: false });
    expect([fmt(1294984), eur(1294984), pct(0.875), pct(1.2), km(12345).replace(/\u00a0/g, ' '), eur(null)])
      .toEqual(['1,294,984', '€1,294,984', '87.5%', '120%', '12.3 km', '–']);
  });

  it('names the committee report of a topology in a language', () => {
    expect(reportUrl('', 'somme', { lang: 'fr' })).toBe('/v1/topologies/somme/report?lang=fr');
    expect(reportUrl('http://h', 'a b', { lang: 'en', format: 'pdf' })).toBe('http://h/v1/topologies/a%20b/report?lang=en&format=pdf');
  });
});

/* ---------- the page in Chromium, in French and in English ---------- */

interface TopologyFile {
  name: string;
  sites: Array<{ id: string; name?: string; kind: string; lon: number; lat: number; status?: string }>;
  sections: Array<{ id: string; from: string; to: string; owner: string; status?: string; riskGroups?: string[]; geometry?: [number, number][] }>;
  redundancyLinks?: Array<{ id: string }>;
  desaturationWorks?: Array<{ id: string; label: string }>;
}
const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as TopologyFile;

/** Words that read the same in French and English, and the API's own names (a parameter, a route). */
const SHARED = /\b(NRO|POP|sites?|min|km|m|lon|lat|version|HTML|PDF|GeoJSON|CSV|FR|EN|API|MapLibre|fibre-resilience|Aa|with-link|HiGHS|MILP)\b|(GET|POST) \/v1\S*/g;

/** The strings the API and the topology gave the page: ids, names, owners, labels, the engine's sentences. Not its enumerations. */
const DATA_KEYS = new Set(['id', 'name', 'label', 'owner', 'source', 'method', 'a', 'b', 'forNro', 'nro', 'section', 'from', 'to', 'message', 'reason',
  'warnings', 'riskGroups', 'sharedRiskGroups', 'sites', 'sections', 'criticalSections', 'criticalSites', 'exposedBy', 'singleHomedNros', 'isolatedNros',
  'isolatedSites', 'failedSections', 'failedSites', 'unprotected', 'securedNros', 'owners', 'description']);
function dataStrings(value: unknown, out: Set<string>, underDataKey = false): Set<string> {
  if (typeof value === 'string') {
    if (underDataKey && value.length > 1) out.add(value);
  } else if (Array.isArray(value)) for (const v of value) dataStrings(v, out, underDataKey);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) dataStrings(v, out, DATA_KEYS.has(k));
  return out;
}

/** What a string says once the data, numbers, units, symbols and shared words are taken out: '' when nothing is in a language. */
function wordsOf(text: string, data: string[]): string {
  let rest = text;
  for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
  return rest.replace(/\d+°\d+′[NSEWO]/g, ' ').replace(SHARED, ' ').replace(/[^\p{L}]+/gu, ' ').trim();
}

const ENGLISH = /\b(the|and|of|with|section|sections|cut|subscribers?|saturated|secured|near|none|shown|links?|works?|expected|outage|owner|before|after|loses|fail|show|map|legend|layers|add|clear|draw)\b/i;
const FRENCH = /\b(le|la|les|des|du|et|tronçons?|abonnés?|coupure|sécurisés?|saturés?|chemins?|aucun|propriétaire|carte|travaux|légende|avant|après)\b/i;

/** Every visible text of the page and every title, aria-label and placeholder (options of closed lists included). */
const collect = (page: Page) => page.evaluate(() => {
  const out: string[] = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, template')) continue;
    if (el.closest('select') || el.checkVisibility({ checkVisibilityCSS: true })) out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const value = el.getAttribute(name)?.trim();
      if (value) out.push(value);
    }
  }
  return out;
});

type Position = [number, number];
const sitePoint = (id: string): Position => {
  const s = somme.sites.find((x) => x.id === id)!;
  return [s.lon, s.lat];
};
const sectionPoint = (id: string): Position => {
  const s = somme.sections.find((x) => x.id === id)!;
  const line = s.geometry ?? [sitePoint(s.from), sitePoint(s.to)];
  const i = Math.floor((line.length - 1) / 2);
  return [(line[i][0] + line[i + 1][0]) / 2, (line[i][1] + line[i + 1][1]) / 2];
};
const idle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  const { map } = (window as never as { fibreMap: { map: { loaded(): boolean; isMoving(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } } }).fibreMap;
  if (map.loaded() && !map.isMoving()) resolve();
  else map.once('idle', () => resolve());
  map.triggerRepaint();
}));
const pixelOf = async (page: Page, at: Position) => {
  await idle(page);
  return page.evaluate((lonLat) => {
    const { map } = (window as never as { fibreMap: { map: { project(p: Position): { x: number; y: number }; getContainer(): HTMLElement } } }).fibreMap;
    const p = map.project(lonLat);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, at);
};

describe.skipIf(!hasChromium)('the map in Chromium, in a French and an English browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  /** What each rendering showed, every step of the tour together. */
  const shown: Record<'fr' | 'en', Set<string>> = { fr: new Set(), en: new Set() };
  const data = new Set<string>();
  let dataList: string[] = [];
  let offersReport = false;
  const worst = { section: '', nro: '' };

  const api = async (path: string) => (await fetch(`${base}${path}`)).json();

  async function open(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${locale} page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`${locale} console: ${m.text()}`));
    // The API's answers: their ids, names and sentences are data, shown as they are in both languages.
    page.on('response', async (r) => {
      if (!r.url().includes('/v1/') || !(r.headers()['content-type'] ?? '').includes('json')) return;
      try {
        dataStrings(await r.json(), data);
      } catch {
        // a body already gone (a cancelled request): nothing shown from it
      }
    });
    return page;
  }

  async function ready(page: Page, hash = '') {
    // A new document each time (going to the same page with another hash would not load it again).
    await page.goto('about:blank');
    await page.goto(`${base}/${hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    await page.waitForSelector('#map[data-drawn="true"]', { timeout: 90_000 });
  }

  /** Every panel opened, in order; what the page shows after each step. */
  async function tour(page: Page, lang: 'fr' | 'en') {
    const take = async () => {
      for (const s of await collect(page)) shown[lang].add(s);
    };
    await ready(page);
    await take();
    // Tooltips: a section, a site.
    for (const at of [sectionPoint(worst.section), sitePoint(worst.nro)]) {
      const { x, y } = await pixelOf(page, at);
      await page.mouse.move(x, y);
      await page.waitForSelector('.maplibregl-popup', { timeout: 10_000 });
      await take();
    }
    await page.mouse.move(5, 600);
    // A cut clicked on the map, then a chamber added by its id: routes re-routed, sections loaded; the re-routed routes opened.
    const { x, y } = await pixelOf(page, sectionPoint(worst.section));
    await page.mouse.click(x, y);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    await take();
    await page.fill('#cut-id', 'J-FLIXECOURT');
    await page.click('#cut-id-add');
    await page.waitForFunction(() => document.querySelectorAll('.fr-chips li').length === 2);
    await page.waitForSelector('#impact[aria-busy="false"] details summary');
    await page.click('#impact details summary');
    await take();
    // An id that names nothing.
    await page.fill('#cut-id', 'NOT-AN-ID');
    await page.click('#cut-id-add');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('NOT-AN-ID'));
    await take();
    // Drawing an area: the button and the help change.
    await page.click('#cut-draw');
    await take();
    await page.keyboard.press('Escape');
    await page.click('#cut-reset');
    // The NROs: the single-homed ones, the worst in detail with its expected outage, the outage key.
    await page.click('#tab-nros');
    await page.check('#nro-single');
    await page.waitForSelector(`#panel-nros li[data-id="${worst.nro}"] button`);
    await page.click(`#panel-nros li[data-id="${worst.nro}"] button`);
    await page.waitForSelector('#panel-nros [data-field="unavailability"]');
    await page.check('#nro-outage');
    await page.waitForSelector('#panel-nros [data-part="outage-key"] li');
    await take();
    await page.screenshot({ path: join(ARTIFACTS, `map-${lang}.png`) });
    // A secured NRO, and the whole list.
    await page.uncheck('#nro-single');
    await page.waitForSelector('#panel-nros li[data-status="secured"] button');
    await page.click('#panel-nros li[data-status="secured"] button');
    await page.waitForSelector('#panel-nros [data-field="routes"]');
    await take();
    await page.uncheck('#nro-outage');
    // The works and a plan.
    await page.click('#tab-ranking');
    await page.waitForSelector('[data-table="works"] tbody tr');
    await take();
    await page.click('#tab-plan');
    await page.waitForSelector('output[data-field="planCost"]', { timeout: 60_000 });
    await take();
    // A route, and one to a site that does not exist.
    await page.click('#tab-route');
    await page.fill('#route-from', 'NRO-CAY');
    await page.fill('#route-to', 'HE-AMIENS');
    await page.dispatchEvent('#route-to', 'change');
    await page.waitForSelector('#panel-route [aria-busy="false"] output[data-field="lengthM"]');
    await take();
    await page.fill('#route-to', 'NOPE');
    await page.dispatchEvent('#route-to', 'change');
    await page.waitForSelector('#panel-route [role="alert"]');
    await take();
    await page.click('#route-clear');
    // The legend's other colourings.
    for (const mode of ['owner', 'critical']) {
      await page.selectOption('#color-mode', mode);
      await take();
    }
    await page.selectOption('#color-mode', 'saturation');
    // The committee report's links.
    await page.click('#report summary');
    await take();
    const links = await page.locator('#report a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
    expect(links).toEqual(offersReport ? [`/v1/topologies/somme/report?lang=${lang}`, `/v1/topologies/somme/report?lang=${lang}&format=pdf`] : []);
    if (offersReport) {
      // The HTML link opens the report in the map's language (the PDF is the same report printed).
      const report = await fetch(`${base}${links[0]}`);
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await report.text()).toMatch(new RegExp(`<html[^>]*lang="${lang}"`));
    }
    await page.click('#report summary');
    // A topology the server does not have.
    await ready(page, '#nowhere');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('nowhere'));
    await take();
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
  }

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fibre-map-i18n-'));
    mkdirSync(join(folder, 'topology'));
    copyFileSync(SOMME_FILE, join(folder, 'topology/somme.json'));
    app = await buildApp({ topologyDir: join(folder, 'topology'), dataDir: join(folder, 'data'), rateLimit: false });
    base = await listening(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
    offersReport = Boolean((await api('/openapi.json')).paths?.['/v1/topologies/{id}/report']?.get);
    const analysis = await api('/v1/topologies/somme/analysis');
    worst.section = analysis.cutImpact[0].section;
    // The single-homed NRO with the most subscribers: the first of the filtered list.
    worst.nro = [...analysis.nros].filter((n: { status: string }) => n.status !== 'secured')
      .sort((a: { subscribers: number; id: string }, b: { subscribers: number; id: string }) => b.subscribers - a.subscribers || (a.id < b.id ? -1 : 1))[0].id;
    // Names as the map labels them too: without their parenthesised detail.
    for (const s of somme.sites) for (const v of [s.id, s.name, s.name?.replace(/\s*\(.*\)\s*$/, '')]) if (v) data.add(v);
    for (const s of somme.sections) for (const v of [s.id, s.owner, ...(s.riskGroups ?? [])]) data.add(v);
    for (const v of [somme.name, ...(somme.redundancyLinks ?? []).map((l) => l.id), ...(somme.desaturationWorks ?? []).flatMap((w) => [w.id, w.label])]) data.add(v);
    // Each browser context is its own profile: no language choice is shared between them.
    await tour(await open('fr-FR'), 'fr');
    await tour(await open('en-US'), 'en');
    // Longest first: a name is taken out before an id it contains.
    dataList = [...data].sort((a, b) => b.length - a.length);
    for (const lang of ['fr', 'en'] as const) writeFileSync(join(ARTIFACTS, `map-i18n-${lang}.txt`), `${[...shown[lang]].sort().join('\n')}\n`);
  }, 400_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
  });

  it('shows no string the same in French and English, but data, numbers and shared words', () => {
    expect(shown.fr.size).toBeGreaterThan(250);
    expect(shown.en.size).toBeGreaterThan(250);
    const same = [...shown.fr].filter((s) => shown.en.has(s));
    expect(same.filter((s) => wordsOf(s, dataList) !== '')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('has no English word in the French map, and no French word in the English one', () => {
    expect([...shown.fr].filter((s) => ENGLISH.test(wordsOf(s, dataList)))).toEqual([]);
    expect([...shown.en].filter((s) => FRENCH.test(wordsOf(s, dataList)))).toEqual([]);
    // The NRO statuses and load states are translated where they are shown.
    expect([...shown.fr].some((s) => s.includes('collecte unique'))).toBe(true);
    expect([...shown.fr].some((s) => s.includes('proche de la saturation'))).toBe(true);
    expect([...shown.en].some((s) => s.includes('single-homed'))).toBe(true);
  });

  it('switches language without a reload, every panel with it, and remembers the choice', async () => {
    const page = await open('fr-FR');
    await ready(page);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getAttribute('#lang-fr', 'aria-pressed')).toBe('true');
    // A page with something in every panel: a cut, an NRO in detail with its outage, the works, a route.
    const { x, y } = await pixelOf(page, sectionPoint(worst.section));
    await page.mouse.click(x, y);
    await page.waitForSelector('#impact[aria-busy="false"] output[data-field="subscribersCut"]');
    await page.click('#tab-ranking');
    await page.waitForSelector('[data-table="works"] tbody tr');
    await page.click('#tab-route');
    await page.fill('#route-from', 'NRO-CAY');
    await page.fill('#route-to', 'HE-AMIENS');
    await page.dispatchEvent('#route-to', 'change');
    await page.waitForSelector('#panel-route [aria-busy="false"] output[data-field="lengthM"]');
    await page.click('#tab-nros');
    await page.waitForSelector(`#panel-nros li[data-id="${worst.nro}"] button`);
    await page.click(`#panel-nros li[data-id="${worst.nro}"] button`);
    await page.waitForSelector('#panel-nros [data-field="unavailability"]');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const before = await collect(page);
    expect(before.filter((s) => FRENCH.test(wordsOf(s, dataList))).length).toBeGreaterThan(30);

    await page.click('#lang-en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.evaluate(() => (window as never as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.getAttribute('#lang-en', 'aria-pressed')).toBe('true');
    const after = await collect(page);
    // Only strings with words: a scale bar's "3 km" is the same in both languages, whatever zoom each tour ended on.
    const frenchOnly = new Set([...shown.fr].filter((s) => !shown.en.has(s) && wordsOf(s, dataList) !== ''));
    expect(after.filter((s) => frenchOnly.has(s))).toEqual([]);
    expect(after.filter((s) => FRENCH.test(wordsOf(s, dataList)))).toEqual([]);
    // What was shown is still there, in English, the numbers written the English way.
    expect(await page.textContent('#tab-cut')).toBe('Cut');
    expect(await page.textContent('#panel-nros [data-part="availability"] dt')).toBe('minutes a year');
    expect(await page.locator('#impact output[data-field="subscribersCut"]').textContent()).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(await page.textContent('#panel-route [data-part="route"] dt')).toBe('from');
    expect(await page.textContent('[data-table="works"] caption')).toBe(en['works.worksCaption']);
    expect(await page.getAttribute('#fit-network', 'title')).toBe(en['map.fitTitle']);
    expect(await page.getAttribute('.maplibregl-ctrl-zoom-in', 'title')).toBe(en['maplibre.zoomIn']);
    expect(await page.textContent('.maplibregl-ctrl-attrib')).toContain(en['map.attribution']);

    // Remembered: a new visit of this browser opens in English, then in French again once switched back.
    await ready(page);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#tab-cut')).toBe('Cut');
    await page.click('#lang-fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.textContent('#status')).toMatch(/tronçons/);
    await ready(page);
    expect(await page.textContent('#tab-cut')).toBe('Coupure');
    expect(await page.evaluate(() => localStorage.getItem('fibre-resilience.language'))).toBe('fr');
    expect(problems).toEqual([]);
  }, 180_000);
});
