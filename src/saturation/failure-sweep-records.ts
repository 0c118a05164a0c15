import { compareIds } from '../analysis/id-order.js';
import { type Failure, type FailureKind, failureOf, type ResolvedExclusions } from './failure-sweep-list.js';
import type { FailureSweep, FailuresByNro } from './failure-sweep.js';
import { type LoadLevel, loadLevel, type SaturationState, worstFirst } from './section-loads.js';

/** One of the worst failures for a section, and the load it leaves there. */
export interface FailureLoad {
  failure: Failure;
  load: LoadLevel;
}

export interface SectionUnderFailures {
  section: string;
  owner: string;
  capacityFibres: number | null;
  /** The load with everything in service. */
  base: LoadLevel;
  /** The highest loads over the failures that raise it, highest first (at most `worst`); empty when none raises it. */
  worst: FailureLoad[];
}

export interface NroUnderFailures {
  nro: string;
  name?: string;
  subscribers: number;
  /** The failures after which it has no route left, in the fixed order (kind, then index). */
  cutOffBy: Failure[];
  /** The failures after which it keeps a route but loses its backup, in the fixed order. */
  unprotectedBy: Failure[];
}

/** The failure sweep as JSON records (docs/sweeps.md). */
export interface FailureSweepRecords {
  headends: string[];
  fibresPerRoute: number;
  nearRatio: number;
  saturatedRatio: number;
  /** The diversity of the routes, which every re-route keeps (docs/analysis.md, "Saturation"). */
  diversity: FailureSweep['diversity'];
  /** Failures kept per section. */
  worst: number;
  /** The kinds swept, in the fixed order. */
  kinds: FailureKind[];
  /** Failures swept, by kind. */
  failures: Record<FailureKind, number>;
  /** Elements never failed, as asked, sorted. */
  excluded: ResolvedExclusions;
  summary: {
    /** Sections by the state of their worst load over every failure (their base load when none raises it). */
    sections: Record<SaturationState, number>;
    /** Sections by the state of their base load. */
    base: Record<SaturationState, number>;
    /** NROs that some failure cuts off. */
    nrosCutOff: number;
    /** NROs that some failure leaves unprotected. */
    nrosUnprotected: number;
  };
  /** Every section, worst first by its worst load (ratio descending, unknown capacities last; then load descending, then id). */
  sections: SectionUnderFailures[];
  /** The NROs some failure cuts off or leaves unprotected: the most failures cutting it off first, then subscribers, then id. */
  nros: NroUnderFailures[];
}

const STATES: readonly SaturationState[] = ['saturated', 'near', 'ok', 'unknown'];

/**
 * The records of a failure sweep: every section with its base load and its worst loads with
 * the failure causing each, worst first; every NRO that some failure cuts off or leaves
 * unprotected, with those failures; the kinds, counts and exclusions swept.
 *
 * @example
 * const records = failureSweepRecords(failureSweep(routing, { worst: 2 }));
 * records.nros[0]; // { nro: 'NRO-CAY', cutOffBy: [{ kind: 'section', id: 'S-017' }, { kind: 'site', id: 'NRO-CAY' }, …], … }
 */
export function failureSweepRecords(sweep: FailureSweep): FailureSweepRecords {
  const { net, saturation, failures, worst, baseLoad, worstLoad, worstFailure } = sweep;
  const failure = cachedFailures(sweep);
  const count = (): Record<SaturationState, number> => ({ saturated: 0, near: 0, ok: 0, unknown: 0 });
  const sectionCounts = count();
  const baseCounts = count();
  const sections = net.sectionIds.map((section, e): SectionUnderFailures => {
    const capacity = net.capacityFibres[e];
    const base = loadLevel(net, e, baseLoad[e], saturation);
    const list: FailureLoad[] = [];
    for (let j = 0; j < worst && worstFailure[e * worst + j] >= 0; j++) {
      list.push({ failure: failure(worstFailure[e * worst + j]), load: loadLevel(net, e, worstLoad[e * worst + j], saturation) });
    }
    baseCounts[base.state]++;
    sectionCounts[(list[0]?.load ?? base).state]++;
    return { section, owner: net.owners[net.sectionOwner[e]], capacityFibres: capacity > 0 ? capacity : null, base, worst: list };
  });
  const worstOf = (s: SectionUnderFailures) => ({ ...(s.worst[0]?.load ?? s.base), section: s.section });
  sections.sort((a, b) => worstFirst(worstOf(a), worstOf(b)));

  const nros: NroUnderFailures[] = [];
  const listOf = (lists: FailuresByNro, k: number) => Array.from(lists.codes.subarray(lists.offset[k], lists.offset[k + 1]), failure);
  let nrosCutOff = 0;
  let nrosUnprotected = 0;
  sweep.nros.forEach((v, k) => {
    const cutOffBy = listOf(sweep.cutOff, k);
    const unprotectedBy = listOf(sweep.unprotected, k);
    if (cutOffBy.length === 0 && unprotectedBy.length === 0) return;
    if (cutOffBy.length > 0) nrosCutOff++;
    if (unprotectedBy.length > 0) nrosUnprotected++;
    const name = net.siteNames[v];
    nros.push({ nro: net.siteIds[v], ...(name !== undefined && { name }), subscribers: net.subscribers[v], cutOffBy, unprotectedBy });
  });
  nros.sort((a, b) => b.cutOffBy.length - a.cutOffBy.length || b.subscribers - a.subscribers
    || b.unprotectedBy.length - a.unprotectedBy.length || compareIds(a.nro, b.nro));

  return {
    headends: Array.from(net.headends, (h) => net.siteIds[h]).sort(compareIds),
    ...saturation,
    diversity: sweep.diversity,
    worst,
    kinds: [...sweep.kinds],
    failures: { ...failures.counts },
    excluded: failures.excluded,
    summary: { sections: ordered(sectionCounts), base: ordered(baseCounts), nrosCutOff, nrosUnprotected },
    sections,
    nros,
  };
}

/** One record per failure code, shared by every list that names it. */
function cachedFailures(sweep: FailureSweep): (code: number) => Failure {
  const cache = new Map<number, Failure>();
  return (code) => {
    let failure = cache.get(code);
    if (!failure) {
      failure = failureOf(sweep.net, code);
      cache.set(code, failure);
    }
    return failure;
  };
}

const ordered = (counts: Record<SaturationState, number>) => Object.fromEntries(STATES.map((s) => [s, counts[s]])) as Record<SaturationState, number>;
