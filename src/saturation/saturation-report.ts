import { idOrder } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';
import type { DesaturationWork } from '../model/schema.js';
import {
  type CollectionRecord,
  collectionRecords,
  collectionRoutes,
  type CollectionRouting,
  type CollectionStatus,
} from '../routing/collection-routes.js';
import { type DesaturationEffect, desaturationEffect } from './desaturation-effect.js';
import { n1SweepLoads, type SweepRow, sweepRecords } from './n1-sweep.js';
import { type SaturationOptions, saturationOptions } from './options.js';
import { routedFibres, type SaturationState, type SectionLoad, sectionLoadFibres, sectionLoads } from './section-loads.js';

/** The `saturation --json` document. */
export interface SaturationReport {
  headends: string[];
  fibresPerRoute: number;
  nearRatio: number;
  saturatedRatio: number;
  summary: {
    nros: Record<CollectionStatus, number>;
    sections: Record<SaturationState, number>;
    /** With a sweep: sections whose worst single-cut state is near or saturated. */
    sweep?: Record<SaturationState, number>;
  };
  /** Every NRO's routes, sorted by NRO id. */
  routes: CollectionRecord[];
  /** Every section's load, worst first. */
  sections: SectionLoad[];
  /** Desaturation works by urgency, then €/m. */
  desaturationWorks: DesaturationEffect[];
  /** With a sweep: every section's worst single-cut load, worst first. */
  sweep?: SweepRow[];
}

export interface SaturationReportOptions extends SaturationOptions {
  /** Run the N-1 sweep too. Default false. */
  sweep?: boolean;
  /** Progress of the long phases, e.g. for stderr. */
  onProgress?: (phase: 'routing' | 'sweep', done: number, total: number) => void;
  /** A routing already computed for `net`. */
  routing?: CollectionRouting;
  /** Threads for the routing and the sweep (the same answer whatever the number); default every core on large networks, 1 on small ones. */
  threads?: number;
}

/**
 * Everything the saturation model of docs/analysis.md gives for one network: every NRO's routes, every section's load and
 * state, the effect of each desaturation work and, on request, the N-1 sweep.
 *
 * @example
 * const report = saturationReport(compileNetwork(topology), topology.desaturationWorks ?? [], { sweep: true });
 * report.summary.sections.saturated;
 */
export function saturationReport(
  net: CompiledNetwork,
  works: readonly DesaturationWork[],
  options: SaturationReportOptions = {},
): SaturationReport {
  const resolved = saturationOptions(options);
  const progress = options.onProgress;
  const routing =
    options.routing ?? collectionRoutes(net, { threads: options.threads, onProgress: progress && ((done, total) => progress('routing', done, total)) });
  const routes = collectionRecords(routing);
  const sections = sectionLoads(routing, resolved);
  const load = sectionLoadFibres(net, routedFibres(routing, resolved.fibresPerRoute));
  let sweep: SweepRow[] | undefined;
  let worstLoad: Float64Array | undefined;
  if (options.sweep) {
    const onProgress = progress && ((done: number, total: number) => progress('sweep', done, total));
    const loads = n1SweepLoads(routing, { ...resolved, threads: options.threads, onProgress });
    worstLoad = loads.worstLoad;
    sweep = sweepRecords(net, loads, resolved);
  }
  return {
    headends: idOrder(net.siteIds).sorted(net.headends),
    ...resolved,
    summary: {
      nros: count(['protected', 'unprotected', 'unroutable', 'at-headend'], routes.map((r) => r.status)),
      sections: count(['saturated', 'near', 'ok', 'unknown'], sections.map((s) => s.state)),
      ...(sweep && { sweep: count(['saturated', 'near', 'ok', 'unknown'], sweep.map((s) => s.worst.state)) }),
    },
    routes,
    sections,
    desaturationWorks: desaturationEffect(net, works, load, { ...resolved, worstLoad }),
    ...(sweep && { sweep }),
  };
}

function count<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) counts[v]++;
  return counts;
}
