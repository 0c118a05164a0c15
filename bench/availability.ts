import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { doubleFailures } from '../src/availability/double-failures.js';
import { failureModelOf, failureRates } from '../src/availability/failure-model.js';
import { nroAvailability, odds } from '../src/availability/nro-availability.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';

/** What `availability` costs at one size, phase by phase, beside the analysis it starts from. */
export interface AvailabilityBenchFigures {
  sites: number;
  sections: number;
  nros: number;
  /** The peer in the same run: the resilience analysis (bridges, articulation sites, risk groups) of the same network. */
  analysisMs: number;
  /** The failure model turned into rates per element. */
  ratesMs: number;
  /** Every NRO's double failures: section pairs exactly, the other kinds as docs/double-failures.md says. */
  doubleFailuresMs: number;
  /** Every NRO's unavailability: single failures exactly, the bounds with the double failures. */
  nroAvailabilityMs: number;
  /** The three together: `availability --no-works` less reading and writing. */
  totalMs: number;
  /** Whether every kind of pair was enumerated (small networks) or only some (see the docs). */
  pairsComplete: boolean;
  /** Expected subscriber-hours lost a year by the NROs that reach a head-end (lower bound): a check that the run did the work. */
  subscriberHoursPerYear: number;
}

/**
 * Times the availability of a network (docs/availability.md) with the default failure model,
 * without the works (one network per work), beside its resilience analysis.
 *
 * @example
 * availabilityBench(fibreNetwork({ sections: 100_000, seed: 42 }));
 * // { sections: 96780, nros: 39643, analysisMs: 120, doubleFailuresMs: 700, nroAvailabilityMs: 900, … }
 */
export function availabilityBench(topology: Topology): AvailabilityBenchFigures {
  const timed = <T>(run: () => T): [T, number] => {
    const start = performance.now();
    const value = run();
    return [value, Math.round((performance.now() - start) * 10) / 10];
  };
  const net = compileNetwork(topology);
  const [analysis, analysisMs] = timed(() => resilienceAnalysis(net));
  const [rates, ratesMs] = timed(() => failureRates(net, topology, { resolved: failureModelOf(topology) }));
  const [pairs, doubleFailuresMs] = timed(() => doubleFailures(net, {
    sectionWeight: odds(rates.sections.unavailability), siteWeight: odds(rates.sites.unavailability), riskGroupWeight: odds(rates.riskGroups.unavailability),
  }));
  const [nros, nroAvailabilityMs] = timed(() => nroAvailability(net, rates, { analysis, doubleFailures: pairs }));
  let hours = 0;
  for (const nro of nros) if (nro.status !== 'isolated') hours += net.subscribers[nro.site] * nro.unavailability.lower * 8760;
  return {
    sites: net.siteCount,
    sections: net.sectionCount,
    nros: nros.length,
    analysisMs,
    ratesMs,
    doubleFailuresMs,
    nroAvailabilityMs,
    totalMs: Math.round((ratesMs + doubleFailuresMs + nroAvailabilityMs) * 10) / 10,
    pairsComplete: pairs.every((p) => p.complete.sectionSection && p.complete.riskGroupRiskGroup && p.complete.mixed),
    subscriberHoursPerYear: Math.round(hours),
  };
}
