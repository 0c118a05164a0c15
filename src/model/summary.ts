import type { Topology } from './schema.js';

export interface LengthCount {
  count: number;
  lengthM: number;
}

export interface TopologySummary {
  name: string;
  sites: { total: number; byKind: Record<string, number>; planned: number; subscribers: number };
  sections: { total: number; lengthM: number; planned: number; byOwner: Record<string, LengthCount> };
  redundancyLinks: LengthCount & { costEur: number };
  desaturationWorks: LengthCount & { costEur: number };
}

/**
 * Counts by kind and owner and total lengths of a topology, as `info` prints them.
 *
 * @example
 * topologySummary(somme).sections.byOwner['Level 3']; // { count: 9, lengthM: 61200 }
 */
export function topologySummary(topology: Topology): TopologySummary {
  const byKind: Record<string, number> = {};
  for (const s of topology.sites) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  const byOwner: Record<string, LengthCount> = {};
  for (const s of topology.sections) {
    byOwner[s.owner] ??= { count: 0, lengthM: 0 };
    const entry = byOwner[s.owner];
    entry.count++;
    entry.lengthM += s.lengthM;
  }
  const totals = (rows: ReadonlyArray<{ lengthM: number; costEur: number }> = []) => ({
    count: rows.length,
    lengthM: sum(rows.map((r) => r.lengthM)),
    costEur: sum(rows.map((r) => r.costEur)),
  });
  return {
    name: topology.name,
    sites: {
      total: topology.sites.length,
      byKind,
      planned: topology.sites.filter((s) => s.status === 'planned').length,
      subscribers: sum(topology.sites.map((s) => s.subscribers ?? 0)),
    },
    sections: {
      total: topology.sections.length,
      lengthM: sum(topology.sections.map((s) => s.lengthM)),
      planned: topology.sections.filter((s) => s.status === 'planned').length,
      byOwner,
    },
    redundancyLinks: totals(topology.redundancyLinks),
    desaturationWorks: totals(topology.desaturationWorks),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
