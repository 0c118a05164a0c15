import KDBush from 'kdbush';
import { compareIds } from '../../analysis/id-order.js';
import { compileNetwork, SITE_KINDS } from '../../graph/compile.js';
import { InvalidOptionError } from '../../model/errors.js';
import type { Installation, SiteKind, Topology } from '../../model/schema.js';
import { distanceM } from '../candidate-links.js';
import { linkUnavailable, scenarioNetwork, type ScenarioOptions } from '../link-scenario.js';

/** Where a candidate link comes from. */
export type CandidateSource = 'geometry' | 'rentable conduit' | 'topology';

/** A link `propose` may choose: between two analysed sites, with its length, cost and owner. */
export interface AugmentationCandidate {
  /** Unique against every id of the topology (a topology link or a rentable conduit keeps its own). */
  id: string;
  a: string;
  b: string;
  lengthM: number;
  costEur: number;
  owner: string;
  /** How it would be laid; default duct (geometricCandidates always says). */
  installation?: Installation;
  source: CandidateSource;
  /** Straight-line distance between the ends, metres. */
  distanceM?: number;
}

/** € per metre: one rate, or one per kind of works (the others keep their defaults). */
export type RateTable = number | Partial<Record<Installation, number>>;

/**
 * € HT per metre of a new link by kind of works. `duct` is the seed's rate (cable pulled in
 * ducts, 25 €/m); the others are orders of magnitude of French RIP works, to be set per
 * programme: a trench (`buried`), poles (`aerial`), building fronts (`facade`), a structure
 * crossed (`bridge`).
 */
export const DEFAULT_EUR_PER_M: Readonly<Record<Installation, number>> = { duct: 25, buried: 60, aerial: 12, facade: 20, bridge: 150 };

export interface GeometricCandidateOptions extends ScenarioOptions {
  /** Kinds of site a geometric candidate joins. Default head-ends, POPs and NROs. */
  kinds?: readonly SiteKind[];
  /** Largest straight-line distance between the two ends of a geometric candidate, metres. Default 15 000. */
  radiusM?: number;
  /** Route length over straight-line distance. Default 1.3. */
  detourFactor?: number;
  /** How a geometric candidate would be laid. Default `duct`. */
  installation?: Installation;
  /** € per metre by kind of works (a number: for every kind). Default DEFAULT_EUR_PER_M. */
  eurPerM?: RateTable;
  /** Owner of the geometric candidates. Default 'SMSN'. */
  owner?: string;
  /** € per metre by owner, over `eurPerM`, for the candidates of that owner. */
  ownerEurPerM?: Readonly<Record<string, RateTable>>;
  /** The topology's own redundancy links are candidates too (so the optimum can be compared with the list). Default true. */
  includeTopologyLinks?: boolean;
  /** One candidate per rentable conduit whose ends are analysed. Default true. */
  includeRentableConduits?: boolean;
  /** More geometric candidates than this is an error naming `radiusM`. Default 500 000. */
  maxCandidates?: number;
}

/**
 * The candidates of `propose`: pairs of analysed sites of the given kinds within `radiusM` of
 * each other and not already joined by an analysed section (length = distance × detour factor,
 * cost = length × € per metre by owner and kind of works), one per rentable conduit of the
 * topology whose ends are analysed (at its own rate), and the topology's own redundancy links
 * that the scenario can analyse. Pairs of two head-ends are left out: they secure nothing.
 * Topology links first, then conduits, then geometric candidates by their ends' ids.
 *
 * @example
 * geometricCandidates(topology, { radiusM: 10_000, eurPerM: { duct: 25, buried: 60 } })[0];
 * // { id: 'R-01', a: 'NRO-CAY', b: 'NRO-FCT', lengthM: 15011, costEur: 375265, owner: 'SMSN', installation: 'duct', source: 'topology', … }
 */
export function geometricCandidates(topology: Topology, options: GeometricCandidateOptions = {}): AugmentationCandidate[] {
  const radiusM = options.radiusM ?? 15_000;
  const detour = options.detourFactor ?? 1.3;
  const installation = options.installation ?? 'duct';
  const owner = options.owner ?? 'SMSN';
  const kinds = new Set<SiteKind>(options.kinds ?? ['headend', 'pop', 'nro']);
  const maxCandidates = options.maxCandidates ?? 500_000;
  if (!(Number.isFinite(radiusM) && radiusM >= 0)) throw new InvalidOptionError('radiusM', `geometric-candidates: radiusM must be a finite number ≥ 0, got ${radiusM}`);
  if (!(Number.isFinite(detour) && detour >= 1)) throw new InvalidOptionError('detourFactor', `geometric-candidates: detourFactor must be ≥ 1, got ${detour}`);
  for (const kind of kinds) if (!SITE_KINDS.includes(kind)) throw new InvalidOptionError('kinds', `geometric-candidates: unknown site kind "${kind}"`);
  const rate = rates(options);
  const rateOf = (who: string, how: Installation) => rate.byOwner.get(who)?.[how] ?? rate.base[how];

  const net = compileNetwork(topology, scenarioNetwork(options));
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const analysed = (id: string) => net.siteIndex.has(id);
  const isHeadend = (id: string) => net.isHeadend[net.siteIndex.get(id)!] === 1;
  const joined = new Set<string>();
  for (let e = 0; e < net.sectionCount; e++) joined.add(pairKey(net.sectionFrom[e], net.sectionTo[e]));
  const usedIds = new Set<string>();
  for (const list of [topology.sites, topology.sections, topology.redundancyLinks ?? [], topology.desaturationWorks ?? [], topology.rentableConduits ?? []]) {
    for (const x of list) usedIds.add(x.id);
  }
  const between = (a: string, b: string) => Math.round(distanceM(sites.get(a)!, sites.get(b)!));
  const candidates: AugmentationCandidate[] = [];

  if (options.includeTopologyLinks ?? true) {
    const built = new Set(options.baseLinks ?? []);
    for (const link of topology.redundancyLinks ?? []) {
      if (built.has(link.id) || linkUnavailable(topology, link, options) || link.a === link.b) continue;
      candidates.push({
        id: link.id, a: link.a, b: link.b, lengthM: link.lengthM, costEur: link.costEur, owner: link.owner,
        installation: link.installation ?? 'duct', source: 'topology', distanceM: between(link.a, link.b),
      });
    }
  }
  if (options.includeRentableConduits ?? true) {
    for (const conduit of topology.rentableConduits ?? []) {
      const { from: a, to: b } = conduit;
      if (!analysed(a) || !analysed(b) || a === b || (isHeadend(a) && isHeadend(b))) continue;
      candidates.push({
        id: conduit.id, a, b, lengthM: conduit.lengthM, costEur: Math.round(conduit.lengthM * conduit.eurPerM), owner: conduit.owner,
        installation: conduit.installation ?? 'duct', source: 'rentable conduit', distanceM: between(a, b),
      });
    }
  }

  const eligible: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (kinds.has(sites.get(net.siteIds[v])!.kind)) eligible.push(v);
  const eurPerM = rateOf(owner, installation);
  const pairs = nearPairs(eligible.map((v) => sites.get(net.siteIds[v])!), radiusM, maxCandidates);
  const geometric = pairs
    .map(([i, j, d]) => {
      const [u, v] = [eligible[i], eligible[j]];
      const [a, b] = [net.siteIds[u], net.siteIds[v]].sort(compareIds);
      return { u, v, a, b, d };
    })
    .filter(({ u, v }) => !(net.isHeadend[u] && net.isHeadend[v]) && !joined.has(pairKey(u, v)))
    .sort((x, y) => compareIds(x.a, y.a) || compareIds(x.b, y.b));
  for (const { a, b, d } of geometric) {
    let id = `P-${a}-${b}`;
    for (let k = 2; usedIds.has(id); k++) id = `P-${a}-${b}-${k}`;
    usedIds.add(id);
    const lengthM = Math.max(1, Math.round(d * detour));
    candidates.push({ id, a, b, lengthM, costEur: Math.round(lengthM * eurPerM), owner, installation, source: 'geometry', distanceM: Math.round(d) });
  }
  return candidates;
}

const pairKey = (u: number, v: number) => (u < v ? `${u} ${v}` : `${v} ${u}`);

/** The rate tables, checked: every rate a finite number ≥ 0. */
function rates(options: GeometricCandidateOptions): { base: Record<Installation, number>; byOwner: Map<string, Record<Installation, number>> } {
  const expand = (table: RateTable | undefined, over: Readonly<Record<Installation, number>>, field: string): Record<Installation, number> => {
    const out = { ...over };
    if (table === undefined) return out;
    for (const how of Object.keys(over) as Installation[]) {
      const value = typeof table === 'number' ? table : table[how];
      if (value === undefined) continue;
      if (!(Number.isFinite(value) && value >= 0)) throw new InvalidOptionError(field, `geometric-candidates: ${field}${typeof table === 'number' ? '' : `.${how}`} must be a finite number ≥ 0, got ${value}`);
      out[how] = value;
    }
    if (typeof table !== 'number') {
      for (const key of Object.keys(table)) if (!(key in over)) throw new InvalidOptionError(field, `geometric-candidates: ${field} names unknown kind of works "${key}"`);
    }
    return out;
  };
  const base = expand(options.eurPerM, DEFAULT_EUR_PER_M, 'eurPerM');
  const byOwner = new Map(Object.entries(options.ownerEurPerM ?? {}).map(([who, table]) => [who, expand(table, base, 'ownerEurPerM')]));
  return { base, byOwner };
}

/**
 * Every pair (i < j) of points within `radiusM` of each other by great-circle distance, with the
 * distance: a kd-tree of longitudes and latitudes, each point's box of ±radius (widened for the
 * longitude at the box's far latitude), then the exact distance.
 */
function nearPairs(points: readonly { lon: number; lat: number }[], radiusM: number, max: number): Array<[number, number, number]> {
  const pairs: Array<[number, number, number]> = [];
  if (points.length < 2) return pairs;
  const index = new KDBush(points.length);
  for (const p of points) index.add(p.lon, p.lat);
  index.finish();
  const metresPerDegree = 111_195;
  const dLat = radiusM / metresPerDegree;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const far = Math.min(89.9, Math.abs(p.lat) + dLat);
    const dLon = Math.min(180, dLat / Math.cos((far * Math.PI) / 180));
    for (const j of index.range(p.lon - dLon, p.lat - dLat, p.lon + dLon, p.lat + dLat)) {
      if (j <= i) continue;
      const d = distanceM(p, points[j]);
      if (d > radiusM) continue;
      pairs.push([i, j, d]);
      if (pairs.length > max) {
        throw new InvalidOptionError('radiusM', `geometric-candidates: sites within ${radiusM} m of each other make more than ${max} candidates; lower the radius`);
      }
    }
  }
  return pairs;
}
