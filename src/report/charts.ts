import type { TopLevelSpec } from 'vega-lite';
import type { ReportLang } from './figures.js';
import type { Messages } from './messages.js';
import type { ReportSources } from './report-data.js';
import { vegaLiteSvg } from './svg.js';

/** Colours of the conduit owners, the largest first, the same on the map and in the charts. */
const OWNER_COLOURS = ['#1f4e79', '#d95f02', '#7b3fa0', '#1b9e77', '#8c8c8c', '#e7298a', '#a6761d', '#66a61e', '#e6ab02', '#17becf'];
const FUNDER_COLOURS = ['#1f4e79', '#6fa8dc', '#b7b7b7', '#d95f02', '#1b9e77', '#7b3fa0', '#e6ab02'];

/**
 * The owners by length of conduit, longest first, and a colour each (past ten, grey).
 *
 * @example
 * ownerColours(data.sources).domain[0]; // 'SMSN'
 */
export function ownerColours(sources: ReportSources): { domain: string[]; range: string[] } {
  const domain = [...sources.analysis.ownerImpact].sort((a, b) => b.lengthM - a.lengthM || (a.owner < b.owner ? -1 : 1)).map((o) => o.owner);
  return { domain, range: domain.map((_, i) => OWNER_COLOURS[i] ?? '#bbbbbb') };
}

/**
 * Vega's number formats in the report's language: thousands apart, the decimal mark.
 *
 * @example
 * vegaLocale('fr').number.decimal; // ','
 */
export const vegaLocale = (lang: ReportLang) => ({
  number: lang === 'fr'
    ? { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] as [string, string], percent: '\u202f%' }
    : { decimal: '.', thousands: ',', grouping: [3], currency: ['', '\u00a0€'] as [string, string], percent: '%' },
});

/**
 * Subscribers out of service if every conduit of an owner is lost (`analyse`'s `ownerImpact`),
 * one bar per owner, in the answer's order (most subscribers first).
 *
 * @example
 * const svg = await ownerChart(data.sources, FR);
 */
export function ownerChart(sources: ReportSources, m: Messages): Promise<string> {
  const colours = ownerColours(sources);
  const values = sources.analysis.ownerImpact.map((o) => ({ owner: o.owner, subscribers: o.subscribersCut }));
  const spec: TopLevelSpec = {
    width: 460,
    height: { step: 26 },
    title: m.ownersChartTitle,
    config: { locale: vegaLocale(m.lang) },
    data: { values },
    encoding: {
      y: { field: 'owner', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 11 } },
      x: { field: 'subscribers', type: 'quantitative', title: m.ownersAxis, axis: { format: ',d', tickCount: 6 } },
    },
    layer: [
      { mark: { type: 'bar', height: 18 }, encoding: { color: { field: 'owner', type: 'nominal', scale: colours, legend: null } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { text: { field: 'subscribers', type: 'quantitative', format: ',d' } } },
    ],
  };
  return vegaLiteSvg(spec, m.ownersChartTitle);
}

export interface SaturationBar {
  label: string;
  before: number;
  after: number | null;
}

/**
 * Load ratio of each strained section before and after the programme's works (the saturation
 * report's `sections` and each work's `after`), with the near and saturated thresholds.
 *
 * @example
 * const svg = await saturationChart([{ label: 'S-014', before: 1.16, after: 0.39 }], 0.8, 1, FR);
 */
export function saturationChart(bars: readonly SaturationBar[], nearRatio: number, saturatedRatio: number, m: Messages): Promise<string> {
  const values = bars.flatMap((b) => [
    { label: b.label, phase: m.before, ratio: b.before },
    ...(b.after === null ? [] : [{ label: b.label, phase: m.after, ratio: b.after }]),
  ]);
  const thresholds = [{ ratio: nearRatio, name: m.nearLine }, { ratio: saturatedRatio, name: m.fullLine }];
  const spec: TopLevelSpec = {
    width: 360,
    title: m.saturationChartTitle,
    config: { locale: vegaLocale(m.lang) },
    layer: [
      {
        data: { values },
        height: { step: 9 },
        mark: { type: 'bar', height: 8 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 600, labelFontSize: 9 } },
          yOffset: { field: 'phase', sort: [m.before, m.after] },
          x: { field: 'ratio', type: 'quantitative', title: m.saturationAxis, axis: { format: '.0%' }, scale: { domainMin: 0 } },
          color: { field: 'phase', type: 'nominal', sort: [m.before, m.after], scale: { range: ['#c0392b', '#7fb3d5'] }, legend: { title: null, orient: 'bottom', direction: 'horizontal' } },
        },
      },
      {
        data: { values: thresholds },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#444' },
        encoding: { x: { field: 'ratio', type: 'quantitative' } },
      },
      // The near line's name to its left, the saturated line's to its right: they never overlap.
      {
        data: { values: thresholds.slice(0, 1) },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -3, dy: -2, fontSize: 9, color: '#444' },
        encoding: { x: { field: 'ratio', type: 'quantitative' }, y: { value: 0 }, text: { field: 'name' } },
      },
      {
        data: { values: thresholds.slice(1) },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 9, color: '#444' },
        encoding: { x: { field: 'ratio', type: 'quantitative' }, y: { value: 0 }, text: { field: 'name' } },
      },
    ],
  };
  return vegaLiteSvg(spec, m.saturationChartTitle);
}

/**
 * Each year's spending split by funder (the plan's `years[].funding`), stacked.
 *
 * @example
 * const svg = await fundingChart(data.sources, FR);
 */
export function fundingChart(sources: ReportSources, m: Messages): Promise<string> {
  const { plan } = sources;
  const funders = plan.funding.shares.map((s) => s.source);
  const yearName = (y: (typeof plan.years)[number]) => (y.calendarYear !== undefined ? String(y.calendarYear) : m.yearLabel(String(y.year)));
  const values = plan.years.flatMap((y) => y.funding.map((f, i) => ({ year: yearName(y), source: f.source, order: i, amount: f.amountEur })));
  const totals = plan.years.map((y) => ({ year: yearName(y), amount: y.costEur }));
  const spec: TopLevelSpec = {
    width: 420,
    height: 220,
    title: m.planChartTitle,
    config: { locale: vegaLocale(m.lang) },
    encoding: {
      x: { field: 'year', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0, labelFontSize: 11 } },
    },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', width: { band: 0.6 } },
        encoding: {
          y: { field: 'amount', type: 'quantitative', stack: 'zero', title: m.planAxis, axis: { format: '$,d', tickCount: 5 } },
          color: { field: 'source', type: 'nominal', sort: funders, scale: { domain: funders, range: funders.map((_, i) => FUNDER_COLOURS[i % FUNDER_COLOURS.length]) }, legend: { title: null, orient: 'right' } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        data: { values: totals },
        mark: { type: 'text', dy: -6, fontSize: 10, fontWeight: 'bold' },
        encoding: { y: { field: 'amount', type: 'quantitative' }, text: { field: 'amount', type: 'quantitative', format: '$,d' } },
      },
    ],
  };
  return vegaLiteSvg(spec, m.planChartTitle);
}
