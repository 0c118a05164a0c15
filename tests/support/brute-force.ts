import type { Topology } from '../../src/model/schema.js';

/**
 * A deliberately naive reading of docs/analysis.md, independent of the engine: remove each
 * element and search again from scratch. Quadratic; for small networks in property tests.
 */
export interface BruteOptions {
  headends?: string[];
  includePlanned?: boolean;
}

interface Net {
  sites: Topology['sites'];
  sections: Topology['sections'];
  headends: string[];
}

function analysed(topology: Topology, options: BruteOptions): Net {
  const keep = (status?: string) => options.includePlanned || (status ?? 'existing') === 'existing';
  const sites = topology.sites.filter((s) => keep(s.status));
  const ids = new Set(sites.map((s) => s.id));
  const sections = topology.sections.filter((s) => keep(s.status) && ids.has(s.from) && ids.has(s.to));
  const headends = options.headends?.length ? options.headends : sites.filter((s) => s.kind === 'headend').map((s) => s.id);
  return { sites, sections, headends };
}

function connected(net: Net, deadSections: Set<string>, deadSites: Set<string>): Set<string> {
  const seen = new Set<string>(net.headends.filter((h) => !deadSites.has(h)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of net.sections) {
      if (deadSections.has(s.id) || deadSites.has(s.from) || deadSites.has(s.to)) continue;
      if (seen.has(s.from) !== seen.has(s.to)) {
        seen.add(seen.has(s.from) ? s.to : s.from);
        changed = true;
      }
    }
  }
  return seen;
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

function impact(net: Net, before: Set<string>, deadSections: string[], deadSites: string[]) {
  const after = connected(net, new Set(deadSections), new Set(deadSites));
  const headends = new Set(net.headends);
  const isolated = net.sites.filter((s) => before.has(s.id) && !after.has(s.id) && !headends.has(s.id));
  return {
    isolatedNros: sorted(isolated.filter((s) => s.kind === 'nro').map((s) => s.id)),
    subscribersCut: isolated.reduce((sum, s) => sum + (s.subscribers ?? 0), 0),
    isolatedSites: sorted(isolated.map((s) => s.id)),
  };
}

export function bruteForceReport(topology: Topology, options: BruteOptions = {}) {
  const net = analysed(topology, options);
  const before = connected(net, new Set(), new Set());
  const headends = new Set(net.headends);
  const groups = [...new Set(net.sections.flatMap((s) => s.riskGroups ?? []))];
  const cutImpact = net.sections.map((s) => ({ section: s.id, ...impact(net, before, [s.id], []) }));
  const siteImpact = net.sites
    .filter((s) => !headends.has(s.id))
    .map((s) => ({ site: s.id, ...impact(net, before, [], [s.id]) }));
  const groupImpact = groups.map((g) => ({
    group: g,
    ...impact(net, before, net.sections.filter((s) => s.riskGroups?.includes(g)).map((s) => s.id), []),
  }));
  const nros = net.sites
    .filter((s) => s.kind === 'nro')
    .map((nro) => {
      const isConnected = before.has(nro.id);
      const criticalSections = cutImpact.filter((c) => c.isolatedSites.includes(nro.id)).map((c) => c.section);
      const criticalSites = siteImpact.filter((c) => c.site !== nro.id && c.isolatedSites.includes(nro.id)).map((c) => c.site);
      const paths = !isConnected ? 0 : headends.has(nro.id) || criticalSections.length === 0 ? 2 : 1;
      const owners = net.sections.filter((s) => criticalSections.includes(s.id)).map((s) => s.owner);
      return {
        id: nro.id,
        ...(nro.name !== undefined && { name: nro.name }),
        subscribers: nro.subscribers ?? 0,
        paths,
        status: ['isolated', 'single-homed', 'secured'][paths],
        criticalSections: sorted(criticalSections),
        criticalSites: sorted(criticalSites),
        sharedRiskGroups: sorted(groupImpact.filter((g) => g.isolatedSites.includes(nro.id)).map((g) => g.group)),
        exposedBy: sorted(new Set(owners)),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const bySubscribers = <T extends { subscribersCut: number }>(key: (t: T) => string) => (a: T, b: T) =>
    b.subscribersCut - a.subscribersCut || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    headends: sorted(net.headends),
    nros,
    bridges: sorted(cutImpact.filter((c) => c.isolatedSites.length > 0).map((c) => c.section)),
    articulationSites: sorted(siteImpact.filter((c) => c.isolatedSites.some((id) => id !== c.site)).map((c) => c.site)),
    cutImpact: cutImpact.sort(bySubscribers((c) => c.section)),
    siteImpact: siteImpact.sort(bySubscribers((c) => c.site)),
    ownerImpact: [...new Set(net.sections.map((s) => s.owner))]
      .map((owner) => {
        const conduits = net.sections.filter((s) => s.owner === owner);
        return {
          owner,
          sections: conduits.length,
          lengthM: conduits.reduce((sum, s) => sum + s.lengthM, 0),
          ...impact(net, before, conduits.map((s) => s.id), []),
        };
      })
      .sort(bySubscribers((o) => o.owner)),
  };
}

export function bruteForceCut(topology: Topology, cut: { sections?: string[]; sites?: string[]; riskGroups?: string[]; owners?: string[] }, options: BruteOptions = {}) {
  const net = analysed(topology, options);
  const before = connected(net, new Set(), new Set());
  const dead = net.sections
    .filter((s) => cut.sections?.includes(s.id) || s.riskGroups?.some((g) => cut.riskGroups?.includes(g)) || cut.owners?.includes(s.owner))
    .map((s) => s.id);
  return impact(net, before, dead, cut.sites ?? []);
}
