import type { TopLevelSpec } from 'vega-lite';

/** The report's typefaces, as its CSS names them: the system's own, nothing loaded. */
export const SANS = '"DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif';
export const SERIF = '"DejaVu Serif", "Liberation Serif", Georgia, "Times New Roman", serif';

/** One look for every chart and the map: the document's sans-serif, dark text, light grid. */
const CONFIG = {
  font: SANS,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: 'normal', labelColor: '#222', titleColor: '#222', gridColor: '#e4e4e4', domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 10, titleFontSize: 10, titleFontWeight: 'bold', labelLimit: 260, symbolSize: 90 },
  header: { labelFontSize: 10, titleFontSize: 10 },
  title: { fontSize: 11, fontWeight: 'bold', anchor: 'start' },
  text: { font: SANS, fontSize: 10 },
} as const;

/**
 * A Vega-Lite chart rendered to SVG on the server (Vega's headless view, no browser, no
 * canvas): the markup to inline in the report. The spec holds its data inline; nothing is
 * fetched.
 *
 * @example
 * const svg = await vegaLiteSvg({ data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a' }, y: { field: 'b', type: 'quantitative' } } });
 * svg.startsWith('<svg'); // true
 */
export async function vegaLiteSvg(spec: TopLevelSpec, description = ''): Promise<string> {
  // Loaded on first use: at import, Vega keeps the API's tsx worker threads from starting under the tests.
  const [{ parse, View, logger, None }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // Vega-Lite's warnings (a channel it would rather see sorted) would land on the CLI's stderr.
  const config = { ...CONFIG, ...spec.config, legend: { ...CONFIG.legend, ...spec.config?.legend } };
  const { spec: vega } = compile({ ...spec, config } as TopLevelSpec, { logger: logger(None) });
  const view = new View(parse(vega), { renderer: 'none', logLevel: None });
  try {
    const svg = await view.toSVG();
    // A chart is a figure of the document: its accessible name says what it shows.
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${description.replace(/[&<>"]/g, ' ')}" `);
  } finally {
    view.finalize();
  }
}
