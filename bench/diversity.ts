import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { threadCount } from '../src/parallel/threads.js';
import { collectionRecords, collectionRoutes, PARALLEL_ROUTING_SECTIONS } from '../src/routing/collection-routes.js';
import { ROUTE_DIVERSITIES, type RouteDiversity } from '../src/routing/route-diversity.js';

export interface DiversityBenchOptions {
  /** The levels to time, each in the same run, besides `section` (always timed first, the reference). Default every level. */
  diversities?: readonly RouteDiversity[];
  /** Threads for the routing; default the engine's (every core from `PARALLEL_ROUTING_SECTIONS` sections). */
  threads?: number;
  /** Also count what the pairs share (`collectionRecords`, not timed). Default true. */
  sharing?: boolean;
  /** Route once at `section` level, untimed, before the timed runs (the first run also pays the compiler's warm-up). Default true. */
  warmUp?: boolean;
}

/** One level's routing: its time and what its pairs reach. */
export interface DiversityFigures {
  diversity: RouteDiversity;
  routeMs: number;
  /** Threads the routing ran on. */
  routeThreads: number;
  /** `routeMs` over the section level's, in the same run. */
  versusSection: number | null;
  protectedNros: number;
  /** Sum of the primary and backup lengths of the protected NROs, in km. */
  pairKm: number;
  /** Protected NROs whose pair is not proven the best at the level (risk-group, owner). */
  notExact: number;
  /** With `sharing`: protected NROs whose two routes share a site, a risk group. */
  sharingSite: number | null;
  sharingRiskGroup: number | null;
}

export interface DiversityBenchFigures {
  sites: number;
  sections: number;
  nros: number;
  compileMs: number;
  levels: DiversityFigures[];
  peakHeapMB: number;
}

/**
 * Times `collectionRoutes` at each diversity level on one topology, the section level first
 * (the reference of `versusSection`), on the same compiled network. Synchronous.
 *
 * @example
 * diversityBench(fibreNetwork({ sections: 100_000, seed: 42 }), { diversities: ['section', 'site'] });
 * // { sections: 96780, levels: [{ diversity: 'section', routeMs: 330, … }, { diversity: 'site', routeMs: 420, versusSection: 1.27, … }], … }
 */
export function diversityBench(topology: Topology, options: DiversityBenchOptions = {}): DiversityBenchFigures {
  let peak = process.memoryUsage().heapUsed;
  const timed = <T>(run: () => T): [T, number] => {
    const start = performance.now();
    const value = run();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return [value, ms];
  };
  const [net, compileMs] = timed(() => compileNetwork(topology));
  const asked = options.diversities ?? ROUTE_DIVERSITIES;
  const order: RouteDiversity[] = ['section', ...asked.filter((d) => d !== 'section')];
  const levels: DiversityFigures[] = [];
  let sectionMs: number | null = null;
  let nros = 0;
  if (options.warmUp ?? true) collectionRoutes(net, { diversity: 'section', threads: options.threads });
  for (const diversity of order) {
    const [routing, routeMs] = timed(() => collectionRoutes(net, { diversity, threads: options.threads }));
    if (diversity === 'section') sectionMs = routeMs;
    nros = routing.nros.length;
    let protectedNros = 0;
    let pairM = 0;
    let notExact = 0;
    routing.backup.forEach((backup, k) => {
      if (!backup) return;
      protectedNros++;
      pairM += backup.lengthM + routing.primary[k]!.lengthM;
      if (routing.exact && !routing.exact[k]) notExact++;
    });
    let sharingSite: number | null = null;
    let sharingRiskGroup: number | null = null;
    if (options.sharing ?? true) {
      const records = collectionRecords(routing).filter((r) => r.shares);
      sharingSite = records.filter((r) => r.shares!.sites.length > 0).length;
      sharingRiskGroup = records.filter((r) => r.shares!.riskGroups.length > 0).length;
    }
    levels.push({
      diversity,
      routeMs,
      routeThreads: Math.min(threadCount(options.threads, net.sectionCount, PARALLEL_ROUTING_SECTIONS), Math.max(1, nros)),
      versusSection: sectionMs ? Math.round((routeMs / sectionMs) * 100) / 100 : null,
      protectedNros,
      pairKm: Math.round(pairM / 1000),
      notExact,
      sharingSite,
      sharingRiskGroup,
    });
  }
  return {
    sites: net.siteCount,
    sections: net.sectionCount,
    nros,
    compileMs,
    levels,
    peakHeapMB: Math.round(peak / 2 ** 20),
  };
}
