import type { ResilienceReport } from '../../src/analysis/resilience-report.js';
import type { CompiledNetwork } from '../../src/graph/compile.js';
import type { CandidateLinks } from '../../src/planning/candidate-links.js';
import type { WorkRanking } from '../../src/planning/desaturation-ranking.js';
import type { LinkRanking } from '../../src/planning/link-ranking.js';
import type { Plan } from '../../src/planning/plan/plan.js';
import type { SaturationReport } from '../../src/saturation/saturation-report.js';
import type { Topology } from '../../src/model/schema.js';
import type { Feature, FeatureCollection } from '../schemas/geojson.js';

type Position = number[];

/** Where each site and section of a topology lies, redundancy links included (a straight line). */
export class TopologyGeometry {
  private readonly sites = new Map<string, Position>();
  private readonly lines = new Map<string, Position[]>();

  constructor(topology: Topology) {
    for (const s of topology.sites) this.sites.set(s.id, [s.lon, s.lat]);
    for (const l of topology.redundancyLinks ?? []) this.lines.set(l.id, [this.sites.get(l.a)!, this.sites.get(l.b)!]);
    for (const s of topology.sections) this.lines.set(s.id, s.geometry ?? [this.sites.get(s.from)!, this.sites.get(s.to)!]);
  }

  point(siteId: string): Feature['geometry'] {
    const p = this.sites.get(siteId);
    return p ? { type: 'Point', coordinates: p } : null;
  }

  line(sectionId: string): Feature['geometry'] {
    const l = this.lines.get(sectionId);
    return l ? { type: 'LineString', coordinates: l } : null;
  }
}

/** The layers of the analysis's GeoJSON, each of one geometry type. */
export const ANALYSIS_LAYERS = ['sites', 'sections'] as const;
export type AnalysisLayer = (typeof ANALYSIS_LAYERS)[number];

/**
 * The analysis as map layers of one geometry type each, so that QGIS opens each whole: `sites`
 * (Point: every analysed site, its NRO status and what losing it cuts) or `sections`
 * (LineString: every analysed section, bridge or not, and what cutting it cuts). The report's
 * head-ends are a foreign member.
 *
 * @example
 * analysisToGeoJSON(topology, net, report, 'sites').features.filter((f) => f.properties.status === 'single-homed');
 */
export function analysisToGeoJSON(topology: Topology, net: CompiledNetwork, report: ResilienceReport, layer: AnalysisLayer = 'sites'): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const nros = new Map(report.nros.map((n) => [n.id, n]));
  const siteImpact = new Map(report.siteImpact.map((i) => [i.site, i]));
  const sectionImpact = new Map(report.cutImpact.map((i) => [i.section, i]));
  const bridges = new Set(report.bridges);
  const articulation = new Set(report.articulationSites);
  const headends = new Set(report.headends);
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const sections = new Map(topology.sections.map((s) => [s.id, s]));
  const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
  const features: Feature[] = [];

  for (const id of layer === 'sites' ? net.siteIds : []) {
    const site = sites.get(id)!;
    const nro = nros.get(id);
    const impact = siteImpact.get(id);
    features.push({
      type: 'Feature',
      id: `site/${id}`,
      geometry: geometry.point(id),
      properties: {
        featureType: 'site',
        id,
        kind: site.kind,
        ...(site.name !== undefined && { name: site.name }),
        subscribers: site.subscribers ?? 0,
        headend: headends.has(id),
        articulation: articulation.has(id),
        ...(nro && { paths: nro.paths, status: nro.status, criticalSections: nro.criticalSections, criticalSites: nro.criticalSites,
          sharedRiskGroups: nro.sharedRiskGroups, exposedBy: nro.exposedBy }),
        ...(impact && { subscribersCut: impact.subscribersCut, isolatedNros: impact.isolatedNros }),
      },
    });
  }
  for (const id of layer === 'sections' ? net.sectionIds : []) {
    const section = sections.get(id);
    const link = section ? undefined : links.get(id);
    const impact = sectionImpact.get(id)!;
    features.push({
      type: 'Feature',
      id: `section/${id}`,
      geometry: geometry.line(id),
      properties: {
        featureType: section ? 'section' : 'redundancyLink',
        id,
        from: section?.from ?? link?.a,
        to: section?.to ?? link?.b,
        owner: section?.owner ?? link?.owner,
        lengthM: section?.lengthM ?? link?.lengthM,
        bridge: bridges.has(id),
        subscribersCut: impact.subscribersCut,
        isolatedNros: impact.isolatedNros,
      },
    });
  }
  return { type: 'FeatureCollection', layer, headends: report.headends, features };
}

/**
 * The saturation as a map layer: every analysed section with its load, capacity and state
 * (and its worst single-cut state with a sweep). The summary is a foreign member.
 */
export function saturationToGeoJSON(topology: Topology, report: SaturationReport): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const sweep = new Map((report.sweep ?? []).map((row) => [row.section, row]));
  return {
    type: 'FeatureCollection',
    summary: report.summary,
    features: report.sections.map((s) => {
      const worst = sweep.get(s.section);
      return {
        type: 'Feature' as const,
        id: `section/${s.section}`,
        geometry: geometry.line(s.section),
        properties: {
          featureType: 'section', id: s.section, owner: s.owner, capacityFibres: s.capacityFibres, usedFibres: s.usedFibres,
          routedFibres: s.routedFibres, loadFibres: s.loadFibres, ratio: s.ratio, state: s.state, routes: s.routes, nros: s.nros,
          ...(worst && { worstState: worst.worst.state, worstRatio: worst.worst.ratio, worstCut: worst.worstCut }),
        },
      };
    }),
  };
}

/** Where a work lies, as a MultiLineString: a redundancy link between its sites, a desaturation work along the sections it relieves. */
function workGeometry(topology: Topology, geometry: TopologyGeometry, id: string, ends?: { a: string; b: string }): Feature['geometry'] {
  const link = (topology.redundancyLinks ?? []).find((l) => l.id === id);
  if (link || ends) {
    const { a, b } = link ?? ends!;
    const pa = geometry.point(a);
    const pb = geometry.point(b);
    // A MultiLineString of one line, like the works: one geometry type in the whole layer, which QGIS and GDAL open as one layer.
    return pa && pb ? { type: 'MultiLineString', coordinates: [[pa.coordinates, pb.coordinates]] } : null;
  }
  const work = (topology.desaturationWorks ?? []).find((w) => w.id === id);
  if (!work) return null;
  const lines = work.sections.flatMap((s) => {
    const g = geometry.line(s);
    return g ? [g.coordinates] : [];
  });
  return { type: 'MultiLineString', coordinates: lines };
}

interface RankingsLike {
  links: LinkRanking;
  desaturationWorks: WorkRanking;
  proposedLinks: CandidateLinks;
}

/** The rankings as a map layer: the seed's links, the proposed links and the desaturation works, each with its figures. */
export function rankingsToGeoJSON(topology: Topology, rankings: RankingsLike): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const features: Feature[] = [];
  for (const [i, l] of rankings.links.links.entries()) features.push({
    type: 'Feature', id: `redundancyLink/${l.id}`, geometry: workGeometry(topology, geometry, l.id),
    properties: { featureType: 'redundancyLink', rankOrder: i + 1, ...l },
  });
  for (const [i, l] of rankings.proposedLinks.links.entries()) features.push({
    type: 'Feature', id: `proposedLink/${l.id}`, geometry: workGeometry(topology, geometry, l.id, l),
    properties: { featureType: 'proposedLink', rankOrder: i + 1, ...l },
  });
  for (const [i, w] of rankings.desaturationWorks.works.entries()) features.push({
    type: 'Feature', id: `desaturationWork/${w.id}`, geometry: workGeometry(topology, geometry, w.id),
    properties: { featureType: 'desaturationWork', rankOrder: i + 1, ...w },
  });
  return { type: 'FeatureCollection', features };
}

/** A plan as a map layer: each selected work with its year(s) and cost. */
export function planToGeoJSON(topology: Topology, plan: Plan): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  return {
    type: 'FeatureCollection',
    budgetEur: plan.budgetEur,
    costEur: plan.costEur,
    features: plan.selected.map((w) => ({
      type: 'Feature' as const,
      id: `work/${w.id}`,
      geometry: workGeometry(topology, geometry, w.id, w.ends),
      properties: { featureType: w.kind === 'redundancy link' ? 'redundancyLink' : 'desaturationWork', firstYear: Math.min(...w.payments.map((p) => p.year)), ...w },
    })),
  };
}
