import { compareIds } from '../analysis/id-order.js';
import { resilienceReport, type ResilienceReport } from '../analysis/resilience-report.js';
import { compileNetwork } from '../graph/compile.js';
import type { RedundancyLink, Topology } from '../model/schema.js';
import { type LinkGain, linkGain, linkUnavailable, scenarioNetwork, type ScenarioOptions } from './link-scenario.js';

/** One redundancy link and what the analysis says it buys on its own. */
export interface RankedLink extends LinkGain {
  id: string;
  priority: number;
  a: string;
  b: string;
  owner: string;
  lengthM: number;
  costEur: number;
  eurPerM: number;
  /** Cost divided by subscribers secured; null when it secures none. */
  eurPerSubscriber: number | null;
  /** True when it secures, connects and covers nothing. */
  buysNothing: boolean;
  /** Set when the link cannot be analysed in this scenario; every figure is then empty. */
  unavailable?: string;
}

export interface LinkRanking {
  /** The links in order: priority, then €/m, then id. */
  links: RankedLink[];
  /** The NROs not secured in the baseline (before any of the links). */
  baseline: { singleHomedNros: string[]; isolatedNros: string[]; subscribersNotSecured: number };
}

/**
 * Ranks redundancy links by priority, then €/m, each with what it buys on its own: every link
 * is analysed as a scenario (the baseline plus that link) and compared with the baseline.
 * One resilience report per link.
 *
 * @example
 * const { links } = rankRedundancyLinks(topology);
 * links.filter((l) => l.buysNothing).map((l) => l.id);
 */
export function rankRedundancyLinks(topology: Topology, options: ScenarioOptions = {}): LinkRanking {
  const before = resilienceReport(compileNetwork(topology, scenarioNetwork(options)));
  const links = orderByPriority(topology.redundancyLinks ?? []).map((link) => rankLink(topology, link, before, options));
  return { links, baseline: baselineOf(before) };
}

/**
 * Priority, then €/m, then id: the seed's order.
 *
 * @example
 * orderByPriority(topology.redundancyLinks ?? []).map((l) => l.id);
 */
export function orderByPriority<T extends { priority: number; costEur: number; lengthM: number; id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((x, y) => x.priority - y.priority || x.costEur / x.lengthM - y.costEur / y.lengthM || compareIds(x.id, y.id));
}

/**
 * One link's figures against a baseline report.
 *
 * @example
 * rankLink(topology, link, resilienceReport(compileNetwork(topology)), {}).securedNros;
 */
export function rankLink(topology: Topology, link: RedundancyLink, before: ResilienceReport, options: ScenarioOptions): RankedLink {
  const head = {
    id: link.id,
    priority: link.priority,
    a: link.a,
    b: link.b,
    owner: link.owner,
    lengthM: link.lengthM,
    costEur: link.costEur,
    eurPerM: link.costEur / link.lengthM,
  };
  const unavailable = linkUnavailable(topology, link, options);
  if (unavailable) {
    const empty = { securedNros: [], subscribersSecured: 0, connectedNros: [], subscribersConnected: 0, coveredSections: [] };
    return { ...head, ...empty, eurPerSubscriber: null, buysNothing: true, unavailable };
  }
  const after = resilienceReport(compileNetwork(topology, scenarioNetwork(options, [link.id])));
  const gain = linkGain(before, after);
  return {
    ...head,
    ...gain,
    eurPerSubscriber: gain.subscribersSecured > 0 ? link.costEur / gain.subscribersSecured : null,
    buysNothing: gain.securedNros.length === 0 && gain.connectedNros.length === 0 && gain.coveredSections.length === 0,
  };
}

function baselineOf(report: ResilienceReport): LinkRanking['baseline'] {
  const at = (status: string) => report.nros.filter((n) => n.status === status);
  return {
    singleHomedNros: at('single-homed').map((n) => n.id),
    isolatedNros: at('isolated').map((n) => n.id),
    subscribersNotSecured: report.nros.filter((n) => n.status !== 'secured').reduce((s, n) => s + n.subscribers, 0),
  };
}
