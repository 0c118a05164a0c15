import type { CompiledNetwork } from '../../src/graph/compile.js';
import type { Topology } from '../../src/model/schema.js';
import type { Route } from '../../src/routing/route.js';
import { prng } from './random-network.js';

/**
 * Deliberately naive routing for tiny networks, independent of the router: enumerate every
 * simple path from a site to the head-ends and try every pair. Exponential; keep networks
 * to a dozen sections.
 */
export interface BrutePath {
  sections: number[];
  length: number;
}

/** Every node-simple path from `source` that ends at the first head-end it meets, on usable sections. */
export function simplePaths(net: CompiledNetwork, source: number, usable: (e: number) => boolean = () => true): BrutePath[] {
  const paths: BrutePath[] = [];
  const onPath = new Set<number>([source]);
  const sections: number[] = [];
  const visit = (v: number, length: number) => {
    if (net.isHeadend[v] && v !== source) {
      paths.push({ sections: [...sections], length });
      return;
    }
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
      const e = net.adjSection[i];
      const w = net.adjSite[i];
      if (!usable(e) || onPath.has(w)) continue;
      onPath.add(w);
      sections.push(e);
      visit(w, length + net.lengthM[e]);
      sections.pop();
      onPath.delete(w);
    }
  };
  if (!net.isHeadend[source]) visit(source, 0);
  return paths;
}

/** The least length of a path to a head-end, null when none. */
export function bruteShortest(net: CompiledNetwork, source: number, usable?: (e: number) => boolean): number | null {
  const lengths = simplePaths(net, source, usable).map((p) => p.length);
  return lengths.length ? Math.min(...lengths) : null;
}

/** The least total length of two section-disjoint paths to the head-ends, null when no pair exists. */
export function brutePairTotal(net: CompiledNetwork, source: number, usable?: (e: number) => boolean): number | null {
  const paths = simplePaths(net, source, usable).sort((a, b) => a.length - b.length);
  let best: number | null = null;
  for (let i = 0; i < paths.length; i++) {
    if (best !== null && 2 * paths[i].length >= best) break;
    const used = new Set(paths[i].sections);
    for (let j = i + 1; j < paths.length; j++) {
      const total = paths[i].length + paths[j].length;
      if (best !== null && total >= best) break;
      if (paths[j].sections.every((e) => !used.has(e))) best = total;
    }
  }
  return best;
}

/** The route along `sections` from `source`: the head-end it reaches (walked end to end) and its length. */
export function routeAlong(net: CompiledNetwork, source: number, sections: Int32Array): Route {
  let site = source;
  let lengthM = 0;
  for (const e of sections) {
    site = net.sectionFrom[e] === site ? net.sectionTo[e] : net.sectionFrom[e];
    lengthM += net.lengthM[e];
  }
  return { headend: site, sections, lengthM };
}

/**
 * Throws unless `route` is a walk of distinct usable sections from `source` to its head-end,
 * with the length it claims.
 */
export function assertValidRoute(net: CompiledNetwork, source: number, route: Route, usable: (e: number) => boolean = () => true) {
  let v = source;
  let length = 0;
  const seen = new Set<number>();
  for (const e of route.sections) {
    if (seen.has(e)) throw new Error(`section ${net.sectionIds[e]} used twice`);
    if (!usable(e)) throw new Error(`section ${net.sectionIds[e]} is not usable`);
    seen.add(e);
    if (net.sectionFrom[e] === v) v = net.sectionTo[e];
    else if (net.sectionTo[e] === v) v = net.sectionFrom[e];
    else throw new Error(`section ${net.sectionIds[e]} does not continue the route at ${net.siteIds[v]}`);
    length += net.lengthM[e];
  }
  if (v !== route.headend || !net.isHeadend[v]) throw new Error(`route ends at ${net.siteIds[v]}, not at its head-end`);
  if (Math.abs(length - route.lengthM) > 1e-6) throw new Error(`route length ${route.lengthM}, sections add up to ${length}`);
}

/**
 * Gives a random network capacities and used fibres: most sections a capacity of 2–24 fibres
 * with some already used, a few none (unknown).
 */
export function withCapacities(topology: Topology, seed: number): Topology {
  const random = prng(seed ^ 0x5eed);
  return {
    ...topology,
    sections: topology.sections.map((s) => {
      if (random() < 0.15) return s;
      const capacityFibres = 2 + Math.floor(random() * 23);
      return { ...s, capacityFibres, usedFibres: Math.floor(random() * random() * capacityFibres) };
    }),
  };
}
