import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { rerouteAfterCut } from '../src/saturation/reroute-after-cut.js';
import { routedFibres, sectionLoads } from '../src/saturation/section-loads.js';

export interface SaturationBenchOptions {
  /** Run the N-1 sweep. Default true. */
  sweep?: boolean;
  /**
   * Stop the sweep after this many milliseconds and extrapolate linearly in the cuts. Cuts do
   * not cost alike (a backbone section carries far more routes than a spur), so this is only a
   * rough figure. Default none: the whole sweep.
   */
  sweepBudgetMs?: number;
}

/** Milliseconds of each phase, and what they worked on. */
export interface SaturationBenchFigures {
  sites: number;
  sections: number;
  nros: number;
  protectedNros: number;
  /** Mean number of sections of a route. */
  meanRouteSections: number;
  compileMs: number;
  /** Every NRO's primary and backup (one Dijkstra from the head-ends, then two guided searches per NRO). */
  routeMs: number;
  /** Every section's load, state and NRO list as JSON-ready records. */
  loadMs: number;
  /** One `cut --reroute` of the section that carries the most routes, loads before and after. */
  worstCutRerouteMs: number;
  /** The N-1 sweep over every section; null when not run. */
  sweepMs: number | null;
  /** True when `sweepMs` is extrapolated from the part of the sweep done within the budget. */
  sweepExtrapolated: boolean;
  peakHeapMB: number;
}

/**
 * Times the saturation engine on one topology: compile, routing, loads, a re-route after the
 * busiest section's cut, and the N-1 sweep. Synchronous; call it with a fresh heap for fair
 * memory figures.
 *
 * @example
 * saturationBench(fibreNetwork({ sections: 10_000, seed: 42 }));
 * // { sections: 9714, nros: 3902, routeMs: 68, loadMs: 53, worstCutRerouteMs: 90, sweepMs: 189, … }
 */
export function saturationBench(topology: Topology, options: SaturationBenchOptions = {}): SaturationBenchFigures {
  let peak = process.memoryUsage().heapUsed;
  const timed = <T>(run: () => T): [T, number] => {
    const start = performance.now();
    const value = run();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return [value, ms];
  };
  const [net, compileMs] = timed(() => compileNetwork(topology));
  const [routing, routeMs] = timed(() => collectionRoutes(net));
  const [, loadMs] = timed(() => sectionLoads(routing));
  const routed = routedFibres(routing, 1);
  const busiest = routed.reduce((best, r, e) => (r > routed[best] ? e : best), 0);
  const [, worstCutRerouteMs] = timed(() => rerouteAfterCut(routing, { sections: [net.sectionIds[busiest]] }));

  let sweepMs: number | null = null;
  let sweepExtrapolated = false;
  if (options.sweep ?? true) {
    const budget = options.sweepBudgetMs ?? Number.POSITIVE_INFINITY;
    const start = performance.now();
    let done = net.sectionCount;
    try {
      n1SweepLoads(routing, {
        progressEvery: 1000,
        onProgress: (cuts) => {
          if (performance.now() - start > budget && cuts < net.sectionCount) {
            done = cuts;
            throw new SweepBudgetReached();
          }
        },
      });
    } catch (error) {
      if (!(error instanceof SweepBudgetReached)) throw error;
      sweepExtrapolated = true;
    }
    const elapsed = performance.now() - start;
    sweepMs = Math.round((elapsed * net.sectionCount) / done);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }

  let routes = 0;
  let routeSections = 0;
  for (const route of [...routing.primary, ...routing.backup]) {
    if (route) {
      routes++;
      routeSections += route.sections.length;
    }
  }
  return {
    sites: net.siteCount,
    sections: net.sectionCount,
    nros: routing.nros.length,
    protectedNros: routing.backup.filter((b) => b !== null).length,
    meanRouteSections: Math.round((routeSections / Math.max(1, routes)) * 10) / 10,
    compileMs,
    routeMs,
    loadMs,
    worstCutRerouteMs,
    sweepMs,
    sweepExtrapolated,
    peakHeapMB: Math.round(peak / 2 ** 20),
  };
}

class SweepBudgetReached extends Error {}
