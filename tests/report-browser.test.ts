import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { QUESTIONS } from '../api/jobs/questions.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { reportPdf } from '../src/report/pdf.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { reportRequest } from '../src/requests/report.js';

/**
 * The committee report as a reader gets it: the HTML opened in Debian's Chromium with every
 * request intercepted (nothing but the document itself may load), and the PDF printed from it,
 * rendered to images by poppler's `pdftoppm` and looked at — pages there, and not blank.
 * Screenshots and pages go to tests/artifacts/ (gitignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const hasPoppler = existsSync('/usr/bin/pdftoppm');
const root = join(import.meta.dirname, '..');
const ARTIFACTS = join(root, 'tests/artifacts');
const DOCUMENT = 'http://report.test/somme.html';

if (!hasChromium || !hasPoppler) console.warn('report browser tests skipped: they need /usr/bin/chromium and /usr/bin/pdftoppm (apt-get install chromium poppler-utils)');

/** A binary PPM (P6) image: its size and how many of its pixels are not white. */
function inkOf(ppm: Buffer): { width: number; height: number; ink: number } {
  // Header: "P6", width, height, max value, each separated by whitespace, then the RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const [whole, w, h] = header;
  const width = Number(w);
  const height = Number(h);
  const pixels = ppm.subarray(whole.length);
  let ink = 0;
  for (let i = 0; i + 2 < width * height * 3; i += 3) if (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235) ink++;
  return { width, height, ink };
}

describe.skipIf(!hasChromium || !hasPoppler)('the report in a browser and on paper', () => {
  let html: string;
  let browser: Browser;
  let pdf: Uint8Array;
  const dir = mkdtempSync(join(tmpdir(), 'fibre-report-pdf-'));

  beforeAll(async () => {
    const workspace = new NetworkWorkspace(topologyFromJSON(JSON.parse(readFileSync(join(root, 'topology/somme.json'), 'utf8'))));
    ({ html } = await reportRequest(workspace, { budgetEur: 3_884_950, years: 3 }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    pdf = await reportPdf(html);
    writeFileSync(join(dir, 'somme.pdf'), pdf);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens with no request leaving the page but the document itself, and shows every part', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === DOCUMENT) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      requested.push(url);
      return route.abort();
    });
    await page.goto(DOCUMENT, { waitUntil: 'load' });
    // Whatever the page might still start (fonts, images, prefetches) would have by now.
    await page.waitForTimeout(500);
    expect(requested).toEqual([]);
    expect(errors).toEqual([]);
    const seen = await page.evaluate(() => ({
      parts: [...document.querySelectorAll('h2')].map((h) => h.textContent),
      charts: document.querySelectorAll('svg').length,
      drawn: [...document.querySelectorAll('svg')].map((svg) => svg.getBoundingClientRect().width),
      scripts: document.scripts.length,
      figures: document.querySelectorAll('[data-figure]').length,
    }));
    expect(seen.parts).toEqual(['L’essentiel', 'Le réseau', 'Les NRO non sécurisés', 'Les coupures les plus graves', 'La dépendance envers chaque propriétaire de fourreaux',
      'La saturation du backbone', 'Ce que rapporte chaque opération', 'Le programme année par année', 'Méthode et hypothèses', 'Sources des chiffres']);
    expect(seen.charts).toBe(4);
    expect(seen.drawn.every((w) => w > 300)).toBe(true);
    expect(seen.scripts).toBe(0);
    expect(seen.figures).toBeGreaterThan(300);
    await page.screenshot({ path: join(ARTIFACTS, 'report-fr.png'), fullPage: false });
    await page.close();
  });

  it('prints an A4 PDF of several pages, with the title and page numbers in the footer', () => {
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [join(dir, 'somme.pdf')], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)|Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', join(dir, 'somme.pdf'), '-'], { encoding: 'utf8' });
    expect(first).toContain('Sécurisation et désaturation');
    expect(first).toContain(`1 / ${pages}`);
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), join(dir, 'somme.pdf'), '-'], { encoding: 'utf8' });
    expect(last).toContain(`${pages} / ${pages}`);
  });

  it('renders every page with pdftoppm, and none is blank', () => {
    execFileSync('pdftoppm', ['-png', '-r', '50', join(dir, 'somme.pdf'), join(dir, 'page')]);
    const pngs = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pngs.length).toBeGreaterThanOrEqual(4);
    for (const png of pngs) expect(readFileSync(join(dir, png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    execFileSync('pdftoppm', ['-r', '50', join(dir, 'somme.pdf'), join(dir, 'raw')]);
    const ppms = readdirSync(dir).filter((f) => /^raw-\d+\.ppm$/.test(f)).sort();
    expect(ppms.length).toBe(pngs.length);
    for (const ppm of ppms) {
      const { width, height, ink } = inkOf(readFileSync(join(dir, ppm)));
      // A4 at 50 dpi is 414 × 586 pixels (rounded up); a page of text and tables inks well over 1 % of them.
      expect([width, height]).toEqual([414, 586]);
      expect(ink / (width * height), ppm).toBeGreaterThan(0.01);
    }
    // The map page carries colour: the owners' lines and the NROs' marks.
    const map = readFileSync(join(dir, ppms[1]));
    let coloured = 0;
    for (let i = 15; i + 2 < map.length; i += 3) if (Math.max(map[i], map[i + 1], map[i + 2]) - Math.min(map[i], map[i + 1], map[i + 2]) > 60) coloured++;
    expect(coloured).toBeGreaterThan(500);
    writeFileSync(join(ARTIFACTS, 'report-somme.pdf'), pdf);
  });
});

/** Runs once `report` is one of the workers' questions (api/jobs/questions.ts) and its route is registered (api/app.ts). */
describe.skipIf(!hasChromium || !('report' in QUESTIONS))('GET /v1/topologies/{id}/report', () => {
  it('answers the HTML, with a policy that lets nothing load, and the PDF on request, from a worker', async () => {
    const app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-report-api-')), rateLimit: false });
    try {
      const page = await app.inject('/v1/topologies/somme/report?budgetEur=3884950&years=3');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).toContain('<html lang="fr">');
      const english = await app.inject({ url: '/v1/topologies/somme/report?budgetEur=3884950&years=3&lang=en', headers: { accept: 'application/pdf' } });
      expect(english.statusCode).toBe(200);
      expect(english.headers['content-type']).toBe('application/pdf');
      expect(english.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const wrong = await app.inject('/v1/topologies/somme/report?lang=de&colour=blue');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['colour', 'lang']);
    } finally {
      await app.close();
    }
  }, 180_000);
});
