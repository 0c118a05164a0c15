import Graph from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import type { Section, Site, Topology } from '../model/schema.js';

export type SiteAttributes = Site;
export type SectionAttributes = Section;
export type NetworkGraph = AbstractGraph<SiteAttributes, SectionAttributes>;

export interface NetworkGraphOptions {
  /** Keep planned sites and sections. Default true: the model holds the whole network. */
  includePlanned?: boolean;
}

/**
 * The network as a graphology `MultiUndirectedGraph`: sites keyed by id, sections keyed by id
 * (parallel sections are distinct edges), each carrying its document record as attributes.
 * For the model the API queries and edits, shortest paths and exports; the kernels use
 * `compileNetwork`.
 *
 * @example
 * const graph = networkGraph(topology);
 * graph.extremities('S-017'); // ['NRO-CAY', 'POP-ABB']
 */
export function networkGraph(topology: Topology, options: NetworkGraphOptions = {}): NetworkGraph {
  const includePlanned = options.includePlanned ?? true;
  const kept = (status?: string) => includePlanned || (status ?? 'existing') === 'existing';
  const graph = new Graph.MultiUndirectedGraph<SiteAttributes, SectionAttributes>();
  for (const site of topology.sites) if (kept(site.status)) graph.addNode(site.id, { ...site });
  for (const section of topology.sections) {
    if (kept(section.status) && graph.hasNode(section.from) && graph.hasNode(section.to)) {
      graph.addEdgeWithKey(section.id, section.from, section.to, { ...section });
    }
  }
  return graph;
}
