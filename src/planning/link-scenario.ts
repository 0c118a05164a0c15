import type { ResilienceReport } from '../analysis/resilience-report.js';
import { compareIds } from '../analysis/id-order.js';
import { compileNetwork } from '../graph/compile.js';
import type { NetworkOptions } from '../graph/options.js';
import type { RedundancyLink, Topology } from '../model/schema.js';
import { nroPaths, securedNros } from './nro-paths.js';

/** What the network is compared on: the analysed part and the links taken as already built. */
export interface ScenarioOptions {
  headends?: readonly string[];
  includePlanned?: boolean;
  /** Redundancy links taken as built in the baseline too (`--with-link`). Default none. */
  baseLinks?: readonly string[];
}

/** What adding links buys, by comparing the analysis without and with them. */
export interface LinkGain {
  /** NROs single-homed (or isolated) before and secured after. */
  securedNros: string[];
  subscribersSecured: number;
  /** NROs isolated before that reach a head-end after (secured or not). */
  connectedNros: string[];
  subscribersConnected: number;
  /** Sections critical for some NRO before and no longer critical for that NRO after. */
  coveredSections: string[];
}

/**
 * Compares two resilience reports of the same network, before and after adding links.
 *
 * @example
 * const before = resilienceReport(compileNetwork(topology));
 * const after = resilienceReport(compileNetwork(topology, { withLinks: ['R-01'] }));
 * linkGain(before, after).securedNros; // ['NRO-CAY', 'NRO-FCT']
 */
export function linkGain(before: ResilienceReport, after: ResilienceReport): LinkGain {
  const afterById = new Map(after.nros.map((n) => [n.id, n]));
  const secured: string[] = [];
  const connected: string[] = [];
  const covered = new Set<string>();
  let subscribersSecured = 0;
  let subscribersConnected = 0;
  for (const was of before.nros) {
    const now = afterById.get(was.id);
    if (!now) continue;
    if (was.status !== 'secured' && now.status === 'secured') {
      secured.push(was.id);
      subscribersSecured += was.subscribers;
    }
    if (was.status === 'isolated' && now.status !== 'isolated') {
      connected.push(was.id);
      subscribersConnected += was.subscribers;
    }
    const still = new Set(now.criticalSections);
    for (const s of was.criticalSections) if (!still.has(s)) covered.add(s);
  }
  return {
    securedNros: secured,
    subscribersSecured,
    connectedNros: connected,
    subscribersConnected,
    coveredSections: [...covered].sort(compareIds),
  };
}

/**
 * The network options of a scenario with some links added to the baseline ones.
 *
 * @example
 * compileNetwork(topology, scenarioNetwork({ baseLinks: ['R-05'] }, ['R-04'])); // R-05 and R-04 built
 */
export function scenarioNetwork(options: ScenarioOptions, links: readonly string[] = []): NetworkOptions {
  return {
    headends: options.headends ?? [],
    includePlanned: options.includePlanned ?? false,
    withLinks: [...new Set([...(options.baseLinks ?? []), ...links])],
  };
}

/**
 * Why a link cannot be analysed in this scenario (an end not analysed, an id taken by a
 * section), or undefined when it can.
 *
 * @example
 * linkUnavailable(topology, link, {}); // 'ends at NRO-QPT, which is planned (use --include-planned)'
 */
export function linkUnavailable(topology: Topology, link: RedundancyLink, options: ScenarioOptions): string | undefined {
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  for (const end of [link.a, link.b]) {
    const site = sites.get(end);
    if (!site) return `ends at ${end}, which is not a site`;
    if (site.status === 'planned' && !options.includePlanned) return `ends at ${end}, which is planned (use --include-planned)`;
  }
  if (topology.sections.some((s) => s.id === link.id)) return `has the id of a section`;
  return undefined;
}

/**
 * The set-valued part of the plan's objective: subscribers of the NROs that a set of links
 * secures together, against the baseline. One compile and one depth-first tree per new set;
 * sets are cached by their sorted ids.
 *
 * @example
 * const value = securedByLinks(topology, {});
 * value(['R-01', 'R-02']).subscribersSecured;
 */
export function securedByLinks(topology: Topology, options: ScenarioOptions = {}) {
  const base = compileNetwork(topology, scenarioNetwork(options));
  const before = securedNros(base, nroPaths(base));
  const cache = new Map<string, { securedNros: string[]; subscribersSecured: number }>();
  const evaluate = (links: readonly string[]) => {
    const key = [...new Set(links)].sort(compareIds).join('\u0000');
    let hit = cache.get(key);
    if (!hit) {
      const net = compileNetwork(topology, scenarioNetwork(options, links));
      const after = securedNros(net, nroPaths(net));
      const secured: string[] = [];
      let subscribersSecured = 0;
      for (const [id, subscribers] of after) {
        if (before.has(id)) continue;
        secured.push(id);
        subscribersSecured += subscribers;
      }
      hit = { securedNros: secured.sort(compareIds), subscribersSecured };
      cache.set(key, hit);
    }
    return hit;
  };
  return Object.assign(evaluate, { evaluations: () => cache.size });
}
