import { compareIds } from '../analysis/id-order.js';
import { reachableSites } from '../analysis/reachability.js';
import { resilienceReport } from '../analysis/resilience-report.js';
import { compileNetwork } from '../graph/compile.js';
import type { RedundancyLink, SiteKind, Topology } from '../model/schema.js';
import { type RankedLink, rankLink } from './link-ranking.js';
import { linkUnavailable, scenarioNetwork, type ScenarioOptions } from './link-scenario.js';
import { InvalidOptionError } from '../model/errors.js';

export interface CandidateLinkOptions extends ScenarioOptions {
  /** Route length over straight-line distance. Default 1.3. */
  detourFactor?: number;
  /** Cost per metre of a new link, € HT. Default 25 (the seed's rate). */
  eurPerM?: number;
  /** Candidates proposed per single-homed NRO, nearest first. Default 2. */
  perNro?: number;
  /** Kinds of site a candidate may end at. Default head-ends, POPs and NROs. */
  targetKinds?: readonly SiteKind[];
  /** Seed links taken as built before proposing: 'all' (default: every link that can be analysed) or ids. */
  afterLinks?: 'all' | readonly string[];
  /** Owner of the proposed links. Default 'SMSN'. */
  owner?: string;
}

/** A proposed link, with the figures of the seed's links against the network with `assumedBuilt`. */
export interface ProposedLink extends RankedLink {
  /** The single-homed NRO it was proposed for. */
  forNro: string;
  /** Straight-line distance between its ends, metres. */
  distanceM: number;
}

export interface CandidateLinks {
  /** The seed's links taken as built before proposing. */
  assumedBuilt: string[];
  /** NROs still single-homed with those links. */
  singleHomedNros: string[];
  /** Best value first: €/subscriber secured, then cost. */
  links: ProposedLink[];
  /** Single-homed NROs for which no site qualifies (nothing outside what hangs on the same critical sections). */
  noCandidate: string[];
  method: string;
}

/**
 * Proposes new redundancy links for the NROs still single-homed once the seed's links are
 * built: from each such NRO to the nearest sites in another 2-edge-connected part of the network
 * that none of its critical sections cuts off (a link to a site hanging below the NRO would
 * secure nothing). Length = straight-line distance × detour factor, cost = length × €/m; each
 * proposal is then analysed like the seed's links.
 *
 * @example
 * proposeCandidateLinks(topology, { detourFactor: 1.3, eurPerM: 25 }).links[0];
 * // { id: 'P-NRO-MOY-NRO-HAM', forNro: 'NRO-MOY', distanceM: 8123, lengthM: 10560, costEur: 264000, … }
 */
export function proposeCandidateLinks(topology: Topology, options: CandidateLinkOptions = {}): CandidateLinks {
  const detour = options.detourFactor ?? 1.3;
  const eurPerM = options.eurPerM ?? 25;
  const perNro = options.perNro ?? 2;
  const kinds = new Set(options.targetKinds ?? ['headend', 'pop', 'nro']);
  if (!(detour >= 1)) throw new InvalidOptionError('detourFactor', `candidate-links: detourFactor must be ≥ 1, got ${detour}`);
  if (!(eurPerM >= 0)) throw new InvalidOptionError('eurPerM', `candidate-links: eurPerM must be ≥ 0, got ${eurPerM}`);
  if (!(Number.isInteger(perNro) && perNro >= 1)) throw new InvalidOptionError('perNro', `candidate-links: perNro must be a positive integer, got ${perNro}`);

  const seed = topology.redundancyLinks ?? [];
  const assumedBuilt =
    options.afterLinks === undefined || options.afterLinks === 'all'
      ? seed.filter((l) => !linkUnavailable(topology, l, options)).map((l) => l.id)
      : [...options.afterLinks];
  const scenario: ScenarioOptions = { ...options, baseLinks: [...(options.baseLinks ?? []), ...assumedBuilt] };
  const net = compileNetwork(topology, scenarioNetwork(scenario));
  const report = resilienceReport(net);
  const reached = reachableSites(net);
  const isolatedBy = new Map(report.cutImpact.map((c) => [c.section, c.isolatedSites]));
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const usedIds = new Set([...topology.sites, ...topology.sections, ...seed].map((x) => x.id));
  const priority = Math.max(0, ...seed.map((l) => l.priority)) + 1;

  const singleHomed = report.nros.filter((n) => n.status === 'single-homed');
  const proposals: Array<RedundancyLink & { forNro: string; distanceM: number }> = [];
  const pairs = new Set<string>();
  const noCandidate: string[] = [];
  for (const nro of singleHomed) {
    const hanging = new Set(nro.criticalSections.flatMap((s) => isolatedBy.get(s) ?? []));
    hanging.add(nro.id);
    const from = sites.get(nro.id)!;
    const targets = net.siteIds
      .filter((id, v) => reached[v] && !hanging.has(id) && kinds.has(sites.get(id)!.kind))
      .map((id) => ({ id, distanceM: distanceM(from, sites.get(id)!) }))
      .sort((x, y) => x.distanceM - y.distanceM || compareIds(x.id, y.id))
      .slice(0, perNro);
    if (targets.length === 0) noCandidate.push(nro.id);
    for (const t of targets) {
      const pair = [nro.id, t.id].sort(compareIds).join('\u0000');
      if (pairs.has(pair)) continue;
      pairs.add(pair);
      let id = `P-${nro.id}-${t.id}`;
      for (let k = 2; usedIds.has(id); k++) id = `P-${nro.id}-${t.id}-${k}`;
      usedIds.add(id);
      const lengthM = Math.max(1, Math.round(t.distanceM * detour));
      proposals.push({ id, priority, a: nro.id, b: t.id, lengthM, costEur: Math.round(lengthM * eurPerM), owner: options.owner ?? 'SMSN', forNro: nro.id, distanceM: Math.round(t.distanceM) });
    }
  }

  const augmented: Topology = { ...topology, redundancyLinks: [...seed, ...proposals.map(({ forNro: _f, distanceM: _d, ...l }) => l)] };
  const links = proposals
    .map((p) => ({ ...rankLink(augmented, p, report, scenario), forNro: p.forNro, distanceM: p.distanceM }))
    .sort((x, y) => (x.eurPerSubscriber ?? Infinity) - (y.eurPerSubscriber ?? Infinity) || x.costEur - y.costEur || compareIds(x.id, y.id));
  return {
    assumedBuilt,
    singleHomedNros: singleHomed.map((n) => n.id),
    links,
    noCandidate,
    method: `nearest ${perNro} site(s) per single-homed NRO outside what its critical sections cut off; length = distance × ${detour}, cost = length × ${eurPerM} €/m`,
  };
}

/**
 * Great-circle distance in metres between two WGS 84 points (haversine, mean Earth radius).
 *
 * @example
 * distanceM({ lon: 2, lat: 49 }, { lon: 2, lat: 50 }); // 111195.08
 */
export function distanceM(p: { lon: number; lat: number }, q: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (q.lat - p.lat) * rad;
  const dLon = (q.lon - p.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p.lat * rad) * Math.cos(q.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
