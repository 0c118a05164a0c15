// @ts-check
/**
 * The committee report of the topology shown (GET /v1/topologies/{id}/report), in the map's
 * language: a button in the header opening two links, the HTML page and the PDF.
 */
import { h, localized } from './dom.js';
import { language, t } from './i18n.js';

/** The report's route, as the API documents it. */
export const REPORT_ROUTE = '/v1/topologies/{id}/report';

/**
 * `/v1/topologies/somme/report?lang=fr&format=pdf`: the committee report of a topology in a language.
 * @param {string} base
 * @param {string} topologyId
 * @param {{ lang: string, format?: 'html' | 'pdf' }} options
 * @returns {string}
 * @example reportUrl('', 'somme', { lang: 'fr', format: 'pdf' }); // '/v1/topologies/somme/report?lang=fr&format=pdf'
 */
export function reportUrl(base, topologyId, { lang, format = 'html' }) {
  const params = new URLSearchParams({ lang });
  if (format === 'pdf') params.set('format', 'pdf');
  return `${base}/v1/topologies/${encodeURIComponent(topologyId)}/report?${params}`;
}

export class ReportMenu {
  /**
   * @param {HTMLElement} menu the element the links go in
   * @param {{ api: import('./api.js').Api }} deps
   */
  constructor(menu, { api }) {
    this.menu = menu;
    this.api = api;
    /** @type {{ id: string, name: string } | null} */
    this.topology = null;
    localized(menu, () => this.view());
  }

  /**
   * The topology the links are for.
   * @param {{ id: string, name: string } | null} topology
   */
  show(topology) {
    this.topology = topology;
    localized(this.menu, () => this.view());
  }

  view() {
    const shown = this.topology;
    if (!shown) return h('p', { className: 'fr-note' }, t('report.noTopology'));
    if (!this.api.has('get', REPORT_ROUTE)) return h('p', { className: 'fr-note' }, t('report.missing', { route: `GET ${REPORT_ROUTE}` }));
    const lang = language();
    return h('ul', { className: 'fr-report-links' },
      h('li', {}, h('a', { href: reportUrl(this.api.base, shown.id, { lang }), target: '_blank', rel: 'noopener', title: t('report.htmlTitle', { name: shown.name }), dataset: { format: 'html' } }, t('report.html'))),
      h('li', {}, h('a', { href: reportUrl(this.api.base, shown.id, { lang, format: 'pdf' }), download: '', title: t('report.pdfTitle', { name: shown.name }), dataset: { format: 'pdf' } }, t('report.pdf'))));
  }
}
