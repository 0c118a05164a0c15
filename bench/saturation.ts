import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { threadCount } from '../src/parallel/threads.js';
import { collectionRoutes, PARALLEL_ROUTING_SECTIONS } from '../src/routing/collection-routes.js';
import type { CollectionRouting } from '../src/routing/collection-routes.js';
import { n1SweepLoads, PARALLEL_SWEEP_SECTIONS } from '../src/saturation/n1-sweep.js';
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
  /** Threads for the routing and the sweep; default the engine's (every core on large networks). */
  threads?: number;
  /** Also time the routing and the sweep on one thread, in the same run. Default true. */
  singleThread?: boolean;
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
  /** Every NRO's primary and backup (one Dijkstra from the head-ends, then one residual search per NRO), on `routeThreads` threads. */
  routeMs: number;
  /** Threads the routing ran on. */
  routeThreads: number;
  /** The same routing on one thread; null when not timed. */
  routeMsSingleThread: number | null;
  /** Every section's load, state and NRO list as JSON-ready records. */
  loadMs: number;
  /** One `cut --reroute` of the section that carries the most routes, loads before and after. */
  worstCutRerouteMs: number;
  /** The N-1 sweep over every section, on `sweepThreads` threads; null when not run. */
  sweepMs: number | null;
  /** Threads that took part in the sweep; null when not run. */
  sweepThreads: number | null;
  /** The same sweep on one thread; null when not run or not timed. */
  sweepMsSingleThread: number | null;
  /** True when `sweepMs` is extrapolated from the part of the sweep done within the budget. */
  sweepExtrapolated: boolean;
  peakHeapMB: number;
}

/**
 * Times the saturation engine on one topology: compile, routing, loads, a re-route after the
 * busiest section's cut, and the N-1 sweep; the routing and the sweep on the engine's default
 * threads, then on one thread beside them (same run, same routes). Synchronous (the workers
 * are waited for with Atomics); call it with a fresh heap for fair memory figures.
 *
 * @example
 * saturationBench(fibreNetwork({ sections: 100_000, seed: 42 }));
 * // { sections: 96780, nros: 39643, routeMs: 330, routeThreads: 1, sweepMs: 1900, sweepThreads: 2, sweepMsSingleThread: 3800, … }
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
  const threads = options.threads;
  const single = options.singleThread ?? true;
  const [routing, routeMs] = timed(() => collectionRoutes(net, { threads }));
  const routeThreads = Math.min(threadCount(threads, net.sectionCount, PARALLEL_ROUTING_SECTIONS), Math.max(1, routing.nros.length));
  const routeMsSingleThread = single && routeThreads > 1 ? timed(() => collectionRoutes(net, { threads: 1 }))[1] : single ? routeMs : null;
  const [, loadMs] = timed(() => sectionLoads(routing));
  const routed = routedFibres(routing, 1);
  const busiest = routed.reduce((best, r, e) => (r > routed[best] ? e : best), 0);
  const [, worstCutRerouteMs] = timed(() => rerouteAfterCut(routing, { sections: [net.sectionIds[busiest]] }));

  let sweepMs: number | null = null;
  let sweepThreads: number | null = null;
  let sweepMsSingleThread: number | null = null;
  let sweepExtrapolated = false;
  if (options.sweep ?? true) {
    const budget = options.sweepBudgetMs ?? Number.POSITIVE_INFINITY;
    const run = timedSweep(routing, threads, budget);
    sweepMs = run.ms;
    sweepThreads = run.threads;
    sweepExtrapolated = run.extrapolated;
    if (single && run.threads !== 1) {
      const alone = timedSweep(routing, 1, budget);
      sweepMsSingleThread = alone.ms;
      sweepExtrapolated ||= alone.extrapolated;
    } else if (single) sweepMsSingleThread = run.ms;
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
    routeThreads,
    routeMsSingleThread,
    loadMs,
    worstCutRerouteMs,
    sweepMs,
    sweepThreads,
    sweepMsSingleThread,
    sweepExtrapolated,
    peakHeapMB: Math.round(peak / 2 ** 20),
  };
}

/** One N-1 sweep, stopped after `budget` ms and extrapolated linearly in the cuts if need be. */
function timedSweep(routing: CollectionRouting, threads: number | undefined, budget: number): { ms: number; threads: number; extrapolated: boolean } {
  const m = routing.net.sectionCount;
  const start = performance.now();
  let done = m;
  let used: number | null = null;
  try {
    used = n1SweepLoads(routing, {
      threads,
      progressEvery: 1000,
      onProgress: (cuts) => {
        if (performance.now() - start > budget && cuts < m) {
          done = cuts;
          throw new SweepBudgetReached();
        }
      },
    }).threads;
  } catch (error) {
    if (!(error instanceof SweepBudgetReached)) throw error;
  }
  const elapsed = performance.now() - start;
  const resolved = used ?? Math.min(threadCount(threads, m, PARALLEL_SWEEP_SECTIONS), m);
  return { ms: Math.round((elapsed * m) / Math.max(1, done)), threads: resolved, extrapolated: used === null };
}

class SweepBudgetReached extends Error {}
