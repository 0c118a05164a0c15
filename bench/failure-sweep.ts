import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import type { CollectionRouting } from '../src/routing/collection-routes.js';
import { failureSweep } from '../src/saturation/failure-sweep.js';
import { FAILURE_KINDS, type FailureKind } from '../src/saturation/failure-sweep-list.js';
import { failureSweepRecords } from '../src/saturation/failure-sweep-records.js';

export interface FailureSweepBenchOptions {
  /** The kinds to time, each on its own. Default every kind. */
  kinds?: readonly FailureKind[];
  /**
   * Stop a kind's sweep after this many milliseconds and extrapolate linearly in its failures.
   * Failures do not cost alike (an owner re-routes a large part of the network, a spur's
   * section nothing), so this is only a rough figure. Default none: every failure.
   */
  budgetMs?: number;
  /** Threads for each sweep; default the engine's (every core from 50 000 sections). */
  threads?: number;
}

/** One kind's sweep. */
export interface KindFigures {
  kind: FailureKind;
  /** Failures of that kind swept. */
  failures: number;
  ms: number;
  /** Threads that took part; null when stopped by the budget. */
  threads: number | null;
  /** True when `ms` is extrapolated from the part swept within the budget. */
  extrapolated: boolean;
}

export interface FailureSweepBenchFigures {
  sites: number;
  sections: number;
  nros: number;
  riskGroups: number;
  owners: number;
  routeMs: number;
  kinds: KindFigures[];
  /** Every kind together, records included; null when a budget is set or a kind was left out. */
  allKindsMs: number | null;
  /** Building the records (JSON-ready) of the sweep of every kind; null as `allKindsMs`. */
  recordsMs: number | null;
  peakHeapMB: number;
}

/**
 * Times the failure sweep on one topology: the routing, then `failureSweep` per kind (sections,
 * sites, risk groups, owners, each on its own), then, without a budget, every kind together and
 * its records. Synchronous (the workers are waited for with Atomics).
 *
 * @example
 * failureSweepBench(fibreNetwork({ sections: 10_000, seed: 42 }));
 * // { sections: 9680, kinds: [{ kind: 'section', failures: 9680, ms: 900, … }, { kind: 'site', … }, …], … }
 */
export function failureSweepBench(topology: Topology, options: FailureSweepBenchOptions = {}): FailureSweepBenchFigures {
  let peak = process.memoryUsage().heapUsed;
  const timed = <T>(run: () => T): [T, number] => {
    const start = performance.now();
    const value = run();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return [value, Math.round((performance.now() - start) * 10) / 10];
  };
  const net = compileNetwork(topology);
  const [routing, routeMs] = timed(() => collectionRoutes(net));
  const budget = options.budgetMs ?? Number.POSITIVE_INFINITY;
  const kinds = (options.kinds ?? FAILURE_KINDS).map((kind) => timedKind(routing, kind, options.threads, budget));
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  let allKindsMs: number | null = null;
  let recordsMs: number | null = null;
  if (options.budgetMs === undefined && options.kinds === undefined) {
    const [sweep, ms] = timed(() => failureSweep(routing, { threads: options.threads }));
    allKindsMs = ms;
    recordsMs = timed(() => failureSweepRecords(sweep))[1];
  }
  return {
    sites: net.siteCount,
    sections: net.sectionCount,
    nros: routing.nros.length,
    riskGroups: net.riskGroups.length,
    owners: net.owners.length,
    routeMs,
    kinds,
    allKindsMs,
    recordsMs,
    peakHeapMB: Math.round(peak / 2 ** 20),
  };
}

/** One kind's sweep, stopped after `budget` ms and extrapolated linearly in the failures if need be. */
function timedKind(routing: CollectionRouting, kind: FailureKind, threads: number | undefined, budget: number): KindFigures {
  const start = performance.now();
  let done = 0;
  let total = 0;
  let used: number | null = null;
  try {
    const sweep = failureSweep(routing, {
      kinds: [kind],
      threads,
      progressEvery: 100,
      onProgress: (failures, all) => {
        total = all;
        done = failures;
        if (performance.now() - start > budget && failures < all) throw new BudgetReached();
      },
    });
    used = sweep.threads;
    total = sweep.failures.codes.length;
    done = total;
  } catch (error) {
    if (!(error instanceof BudgetReached)) throw error;
  }
  const elapsed = performance.now() - start;
  return { kind, failures: total, ms: Math.round((elapsed * Math.max(1, total)) / Math.max(1, done)), threads: used, extrapolated: used === null };
}

class BudgetReached extends Error {}
