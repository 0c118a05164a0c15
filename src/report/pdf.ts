import { existsSync } from 'node:fs';
import { InvalidOptionError } from '../model/errors.js';
import { escapeHtml } from './html.js';
import { SANS } from './svg.js';

/** Debian's Chromium, where .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface PdfOptions {
  /** The Chromium to print with. Default `FIBRE_CHROMIUM` from the environment, else /usr/bin/chromium. */
  executablePath?: string;
  /** The running footer's text, before the page number. Default the document's first heading (`<h1>`). */
  footer?: string;
  /** Milliseconds the whole printing may take. Default 60 000. */
  timeoutMs?: number;
}

/**
 * A report's HTML printed to PDF by headless Chromium (playwright-core): A4, margins, the
 * document's title and the page number (`3 / 12`) in the footer of every page. The page is
 * loaded with every request refused, so nothing outside the document can enter it.
 *
 * @example
 * const pdf = await reportPdf((await reportRequest(workspace, { budgetEur: 3_884_950, years: 3 })).html);
 * writeFileSync('somme.pdf', pdf);
 */
export async function reportPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? process.env.FIBRE_CHROMIUM ?? CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new InvalidOptionError('executablePath', `report: no Chromium at ${executablePath} to print the PDF with (apt-get install chromium, or set FIBRE_CHROMIUM)`);
  }
  const timeout = options.timeoutMs ?? 60_000;
  const title = options.footer === undefined ? (/<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '') : escapeHtml(options.footer);
  // Loaded when a PDF is asked for, not by every command that imports the report.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ARGS, timeout });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const footer = `<div style="font-family: ${escapeHtml(SANS)}; font-size: 7.5pt; color: #555; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;">`
      + `<span>${title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
      margin: { top: '16mm', right: '15mm', bottom: '17mm', left: '15mm' },
      preferCSSPageSize: false,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await browser.close();
  }
}
