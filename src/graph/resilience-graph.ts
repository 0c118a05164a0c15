import Graph from 'graphology';
import type { MultiUndirectedGraph } from 'graphology';
import type { NroStatus } from '../analysis/resilience-report.js';
import type { Section, Site } from '../model/schema.js';
import { NetworkRequest, type NetworkRequestInput } from '../requests/bounds.js';
import type { LoadedNetwork, NetworkWorkspace } from '../requests/network-workspace.js';
import { parseRequest } from '../requests/request-error.js';

/** A site of the analysed network: its record in the topology. */
export type NetworkSiteAttributes = Site;

/**
 * A section of the analysed network: its record in the topology, or, for a redundancy link
 * taken as built (`withLinks`), the link as a section (`redundancyLink: true`).
 */
export type NetworkSectionAttributes = Section & { redundancyLink: boolean };

/** The analysed network as a graphology multigraph: sites keyed by id, sections keyed by id. */
export type AnalysedNetworkGraph = MultiUndirectedGraph<NetworkSiteAttributes, NetworkSectionAttributes>;

/** What the analysis says of one NRO (docs/analysis.md). */
export interface NroAnalysisAttributes {
  status: NroStatus;
  paths: 0 | 1 | 2;
  criticalSections: string[];
  criticalSites: string[];
  sharedRiskGroups: string[];
  exposedBy: string[];
}

/**
 * A site of the resilience graph: its record and its analysis. NRO fields are present on NROs
 * only; `status` is the NRO's resilience status, so the record's own `status` (existing or
 * planned) is given as `planned`.
 */
export type ResilienceSiteAttributes = Omit<Site, 'status'> & Partial<NroAnalysisAttributes> & {
  /** The site is planned (analysed with `includePlanned` only). */
  planned: boolean;
  /** A head-end of this analysis. */
  headend: boolean;
  /** Its failure alone disconnects another connected site. */
  articulation: boolean;
  /** Subscribers that lose service when this site alone fails (its own included); 0 for a head-end. */
  subscribersCut: number;
};

/** A section of the resilience graph: its record and what cutting it alone does. */
export type ResilienceSectionAttributes = NetworkSectionAttributes & {
  /** The section is planned, or a redundancy link taken as built. */
  planned: boolean;
  /** Its removal alone disconnects at least one connected site. */
  bridge: boolean;
  /** Subscribers that lose service when this section alone is cut. */
  subscribersCut: number;
  /** NROs that lose service when this section alone is cut. */
  isolatedNros: string[];
};

/** The resilience graph: `MultiUndirectedGraph` of the analysed network with the analysis on its nodes and edges. */
export type ResilienceGraph = MultiUndirectedGraph<ResilienceSiteAttributes, ResilienceSectionAttributes>;

/**
 * The analysed network as a new graphology `MultiUndirectedGraph`: the sites and sections that
 * `compileNetwork` keeps under these options (planned ones with `includePlanned`, redundancy
 * links named in `withLinks` as sections), keyed by id, each carrying a copy of its record.
 * Parallel sections are distinct edges. Nothing of the topology is shared or mutated.
 *
 * @example
 * const graph = analysedNetworkGraph(workspace.network({ headends: [], includePlanned: false, withLinks: ['R-01'] }));
 * graph.getEdgeAttribute('R-01', 'redundancyLink'); // true
 */
export function analysedNetworkGraph(loaded: LoadedNetwork): AnalysedNetworkGraph {
  const { net, topology } = loaded;
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const sections = new Map(topology.sections.map((s) => [s.id, s]));
  const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
  const graph = new Graph.MultiUndirectedGraph<NetworkSiteAttributes, NetworkSectionAttributes>();
  for (const id of net.siteIds) graph.addNode(id, structuredClone(sites.get(id)!));
  net.sectionIds.forEach((id, e) => {
    const from = net.siteIds[net.sectionFrom[e]];
    const to = net.siteIds[net.sectionTo[e]];
    const section = sections.get(id);
    const link = section ? undefined : links.get(id)!;
    const attributes: NetworkSectionAttributes = section
      ? { ...structuredClone(section), redundancyLink: false }
      : { id, from, to, lengthM: link!.lengthM, owner: link!.owner, status: 'planned', redundancyLink: true };
    graph.addEdgeWithKey(id, from, to, attributes);
  });
  return graph;
}

/**
 * The analysed network of a workspace and its analysis as a new graphology
 * `MultiUndirectedGraph`, for programmatic users (docs/library.md). Nodes are sites keyed by
 * id: the site's fields, `planned` (for the record's `status`), `headend`, `articulation`,
 * `subscribersCut` (what losing it alone cuts) and, on NROs, `status`, `paths`,
 * `criticalSections`, `criticalSites`, `sharedRiskGroups`, `exposedBy` as `analyse --json` gives
 * them. Edges are sections keyed by id: the section's fields, `planned`, `redundancyLink`,
 * `bridge`, and the `subscribersCut` and `isolatedNros` of its single cut.
 *
 * The figures are the typed-array kernels' (the same as `analyseRequest`); the graph is built
 * from them, fresh at every call, and the caller may change it freely. Throws `RequestError`
 * for malformed network options and `UnknownReferenceError` for an unknown head-end or link.
 *
 * @example
 * const graph = resilienceGraph(new NetworkWorkspace(topology));
 * graph.getNodeAttribute('NRO-CAY', 'status'); // 'single-homed'
 * graph.filterEdges((_, a) => a.bridge); // the bridges
 */
export function resilienceGraph(workspace: NetworkWorkspace, network: NetworkRequestInput = {}): ResilienceGraph {
  const options = parseRequest(NetworkRequest, network, 'resilienceGraph');
  const loaded = workspace.network(options);
  const report = loaded.report();
  const headends = new Set(report.headends);
  const articulation = new Set(report.articulationSites);
  const nros = new Map(report.nros.map((n) => [n.id, n]));
  const siteCut = new Map(report.siteImpact.map((i) => [i.site, i.subscribersCut]));
  const sectionCut = new Map(report.cutImpact.map((i) => [i.section, i]));
  const bridges = new Set(report.bridges);
  const base = analysedNetworkGraph(loaded);
  const graph = new Graph.MultiUndirectedGraph<ResilienceSiteAttributes, ResilienceSectionAttributes>();
  base.forEachNode((id, site) => {
    const nro = nros.get(id);
    const { status, ...record } = site;
    graph.addNode(id, {
      ...record,
      planned: status === 'planned',
      headend: headends.has(id),
      articulation: articulation.has(id),
      subscribersCut: siteCut.get(id) ?? 0,
      ...(nro && {
        // Copies: the report is the workspace's, kept for every later request.
        status: nro.status, paths: nro.paths, criticalSections: [...nro.criticalSections], criticalSites: [...nro.criticalSites],
        sharedRiskGroups: [...nro.sharedRiskGroups], exposedBy: [...nro.exposedBy],
      }),
    });
  });
  base.forEachEdge((id, section, from, to) => {
    const impact = sectionCut.get(id);
    graph.addEdgeWithKey(id, from, to, {
      ...section,
      planned: section.status === 'planned',
      bridge: bridges.has(id),
      subscribersCut: impact?.subscribersCut ?? 0,
      isolatedNros: [...(impact?.isolatedNros ?? [])],
    });
  });
  return graph;
}
