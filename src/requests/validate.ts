import { type ReadTopologyOptions, topologyFromJSON } from '../io/read-topology.js';
import type { Topology } from '../model/schema.js';
import { topologySummary } from '../model/summary.js';
import { type ReconciliationWarning, totalsReconciliation } from '../planning/reconciliation.js';

/** What a valid document holds, as `/v1/topologies` and `validate` count it. */
export interface TopologyCounts {
  sites: number;
  nros: number;
  headends: number;
  sections: number;
  redundancyLinks: number;
  desaturationWorks: number;
  subscribers: number;
  lengthM: number;
}

export interface ValidationAnswer {
  valid: true;
  name: string;
  counts: TopologyCounts;
  warnings: ReconciliationWarning[];
}

/**
 * Checks a parsed document (`fibre-topology/1` or its GeoJSON form): its counts and the
 * reconciliation warnings when valid; a `TopologyError` with every problem otherwise.
 *
 * @example
 * validateRequest(JSON.parse(text)).counts.nros; // 63
 */
export function validateRequest(document: unknown, options: ReadTopologyOptions = {}): ValidationAnswer {
  return validationAnswer(topologyFromJSON(document, options));
}

/** What is said of a topology once it is known to be valid: its name, its counts and the reconciliation warnings. */
export function validationAnswer(topology: Topology): ValidationAnswer {
  return { valid: true, name: topology.name, counts: topologyCounts(topology), warnings: totalsReconciliation(topology) };
}

/** Counts of a topology by kind, with its subscribers and its length of sections. */
export function topologyCounts(topology: Topology): TopologyCounts {
  const summary = topologySummary(topology);
  return {
    sites: summary.sites.total,
    nros: summary.sites.byKind.nro ?? 0,
    headends: summary.sites.byKind.headend ?? 0,
    sections: summary.sections.total,
    redundancyLinks: summary.redundancyLinks.count,
    desaturationWorks: summary.desaturationWorks.count,
    subscribers: summary.sites.subscribers,
    lengthM: summary.sections.lengthM,
  };
}
