import type { TopLevelSpec } from 'vega-lite';
import type { Topology } from '../model/schema.js';
import { ownerColours } from './charts.js';
import type { Messages } from './messages.js';
import type { ReportSources } from './report-data.js';
import { vegaLiteSvg } from './svg.js';

/**
 * A site's name without what the parentheses add.
 *
 * @example
 * shortName('Ailly-sur-Somme (chambre Viatel)'); // 'Ailly-sur-Somme'
 */
export const shortName = (name: string) => name.replace(/\s*\(.*\)\s*$/, '');

export interface MapOptions {
  /** Size of the map in CSS pixels, legends aside. Default 560 × 450. */
  width?: number;
  height?: number;
}

/**
 * The network on a static map: a Vega-Lite geoshape layer of the sections coloured by owner
 * (thick when saturated or nearly, dotted when planned), the programme's redundancy links
 * dashed black, the head-ends, POPs and NROs as points with the NROs on a single path marked,
 * the POPs and head-ends named; Mercator, fitted to the network.
 *
 * @example
 * const svg = await networkMap(data.topology, data.sources, FR);
 */
export function networkMap(topology: Topology, sources: ReportSources, m: Messages, options: MapOptions = {}): Promise<string> {
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const at = (id: string) => [sites.get(id)!.lon, sites.get(id)!.lat];
  const strained = new Set(sources.saturation.sections.filter((s) => s.state === 'near' || s.state === 'saturated').map((s) => s.section));
  const lineKinds = [m.lineExisting, m.lineStrained, m.linePlanned, m.lineProgramme];
  const sections = topology.sections.map((s) => ({
    type: 'Feature',
    properties: {
      owner: s.owner,
      line: (s.status ?? 'existing') === 'planned' ? m.linePlanned : strained.has(s.id) ? m.lineStrained : m.lineExisting,
    },
    geometry: { type: 'LineString', coordinates: s.geometry ?? [at(s.from), at(s.to)] },
  }));
  const programme = new Set(sources.plan.selected.filter((w) => w.kind === 'redundancy link').map((w) => w.id));
  const links = (topology.redundancyLinks ?? []).filter((l) => programme.has(l.id) && sites.has(l.a) && sites.has(l.b)).map((l) => ({
    type: 'Feature',
    properties: { owner: m.programmeLinks, line: m.lineProgramme },
    geometry: { type: 'LineString', coordinates: [at(l.a), at(l.b)] },
  }));
  const notSecured = new Set(sources.analysis.nros.filter((n) => n.status !== 'secured').map((n) => n.id));
  const analysedNros = new Set(sources.analysis.nros.map((n) => n.id));
  const kinds = [m.siteHeadend, m.sitePlanned, m.sitePop, m.siteSecured, m.siteNotSecured];
  const points = topology.sites.flatMap((s) => {
    const kind = s.kind === 'headend' ? ((s.status ?? 'existing') === 'planned' ? m.sitePlanned : m.siteHeadend) : s.kind === 'pop' ? m.sitePop
      : s.kind === 'nro' && analysedNros.has(s.id) ? (notSecured.has(s.id) ? m.siteNotSecured : m.siteSecured) : null;
    if (kind === null) return [];
    return [{ lon: s.lon, lat: s.lat, kind, label: s.kind === 'nro' ? '' : shortName(s.name ?? s.id) }];
  });
  // Not-secured NROs drawn last, above the rest.
  points.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
  const owners = ownerColours(sources);
  const legend = { orient: 'right', direction: 'vertical', offset: 8, padding: 2 } as const;
  const spec: TopLevelSpec = {
    width: options.width ?? 560,
    height: options.height ?? 450,
    projection: { type: 'mercator' },
    layer: [
      {
        data: { values: [...sections, ...links] },
        mark: { type: 'geoshape', filled: false, strokeCap: 'butt' },
        encoding: {
          color: {
            field: 'properties.owner', type: 'nominal', title: m.legendOwner,
            scale: { domain: [...owners.domain, m.programmeLinks], range: [...owners.range, '#111111'] },
            legend: { ...legend, symbolType: 'stroke', symbolStrokeWidth: 3 },
          },
          strokeWidth: {
            field: 'properties.line', type: 'nominal', title: m.legendLine,
            scale: { type: 'ordinal', domain: lineKinds, range: [1.5, 4.5, 1.5, 2] },
            legend: { ...legend, symbolType: 'stroke', symbolStrokeColor: '#333' },
          },
          strokeDash: {
            field: 'properties.line', type: 'nominal', title: m.legendLine,
            scale: { domain: lineKinds, range: [[1, 0], [1, 0], [2, 3], [6, 3]] },
            legend: { ...legend, symbolType: 'stroke', symbolStrokeColor: '#333' },
          },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, stroke: 'white', strokeWidth: 0.6, opacity: 1 },
        encoding: {
          longitude: { field: 'lon', type: 'quantitative' },
          latitude: { field: 'lat', type: 'quantitative' },
          shape: { field: 'kind', type: 'nominal', title: m.legendSite, scale: { domain: kinds, range: ['square', 'square', 'diamond', 'circle', 'triangle-up'] }, legend: { ...legend, symbolSize: 70 } },
          color: { field: 'kind', type: 'nominal', title: m.legendSite, scale: { domain: kinds, range: ['#111111', '#9e9e9e', '#555555', '#2e7d32', '#d32f2f'] }, legend: { ...legend, symbolSize: 70 } },
          size: { field: 'kind', type: 'nominal', scale: { type: 'ordinal', domain: kinds, range: [80, 70, 50, 30, 90] }, legend: null },
        },
      },
      {
        data: { values: points.filter((p) => p.label !== '') },
        mark: { type: 'text', dy: -8, fontSize: 8.5, color: 'white', stroke: 'white', strokeWidth: 2.5, strokeOpacity: 0.9 },
        encoding: {
          longitude: { field: 'lon', type: 'quantitative' },
          latitude: { field: 'lat', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
      {
        data: { values: points.filter((p) => p.label !== '') },
        mark: { type: 'text', dy: -8, fontSize: 8.5, color: '#222' },
        encoding: {
          longitude: { field: 'lon', type: 'quantitative' },
          latitude: { field: 'lat', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
    resolve: { scale: { color: 'independent', strokeWidth: 'independent', shape: 'independent', size: 'independent', strokeDash: 'independent' } },
  };
  return vegaLiteSvg(spec, m.mapLabel);
}
