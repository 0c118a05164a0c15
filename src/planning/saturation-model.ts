import { compileNetwork, type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import type { DesaturationWork, Topology } from '../model/schema.js';
import { type SaturationOptions, saturationOptions } from '../saturation/options.js';
import { loadAfterWorks, type RelievedLoad } from '../saturation/section-loads.js';
import { scenarioNetwork, type ScenarioOptions } from './link-scenario.js';

export type { RelievedLoad };

/** The collection route of one NRO: the sections its traffic crosses. */
export interface CollectionRoute {
  nro: string;
  subscribers: number;
  sections: readonly string[];
}

/**
 * What planning needs from a saturation model (docs/analysis.md, "Saturation"): section loads with and without
 * works, and the routes they serve. The saturation engine can implement it; until then
 * `staticSaturationModel` is the documented proxy.
 */
export interface SaturationModel {
  /** Named in every output that uses the model. */
  readonly name: string;
  /** The load of each named section once the given works are done. */
  sectionLoads(sections: readonly string[], works: readonly string[]): RelievedLoad[];
  readonly routes: readonly CollectionRoute[];
}

/** The scenario and the thresholds (`nearRatio`, `saturatedRatio`, `fibresPerRoute`) of the saturation engine's options. */
export type SaturationModelOptions = ScenarioOptions & SaturationOptions;

/**
 * A proxy without routing, for comparison and for tests: load = `usedFibres` as declared (no routed
 * fibres added), capacity = `capacityFibres` + the `addedCapacityFibres` of every work done on
 * the section; routes = each NRO's shortest path (by length) to the nearest head-end on the
 * baseline network. Where fibre counts are missing the source's word is taken: a section that
 * a desaturation work names is `near` before (the source says it is nearly saturated) and
 * `ok` once a work on it is done.
 *
 * @example
 * const model = staticSaturationModel(topology);
 * model.sectionLoads(['S-040'], ['D-01'])[0].state; // 'ok'
 */
export function staticSaturationModel(topology: Topology, options: SaturationModelOptions = {}): SaturationModel {
  const resolved = saturationOptions(options);
  const { nearRatio: near, saturatedRatio: saturated } = resolved;
  const sections = new Map(topology.sections.map((s) => [s.id, s]));
  const works = new Map((topology.desaturationWorks ?? []).map((w) => [w.id, w]));
  const named = new Set((topology.desaturationWorks ?? []).flatMap((w) => w.sections));
  const net = compileNetwork(topology, scenarioNetwork(options));

  const load = (id: string, done: readonly string[]): RelievedLoad => {
    const s = sections.get(id);
    const onIt = done.map((w) => works.get(w)).filter((w): w is DesaturationWork => w?.sections.includes(id) === true);
    return loadAfterWorks(id, { load: s?.usedFibres ?? (s ? 0 : null), capacity: s?.capacityFibres ?? null }, onIt, named.has(id), resolved);
  };

  return {
    name: `static proxy: usedFibres/capacityFibres (near ≥ ${near * 100} %, saturated ≥ ${saturated * 100} %), sections named by a work without fibre counts taken as near; routes = shortest path to the nearest head-end`,
    sectionLoads: (ids, done) => ids.map((id) => load(id, done)),
    routes: shortestRoutes(net),
  };
}

/**
 * Each connected NRO's shortest path (by length) to the nearest head-end: multi-source Dijkstra.
 *
 * @example
 * shortestRoutes(compileNetwork(topology))[0]; // { nro: 'NRO-ABB', subscribers: 5200, sections: ['S-012', 'S-001'] }
 */
export function shortestRoutes(net: CompiledNetwork): CollectionRoute[] {
  const n = net.siteCount;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(n).fill(-1);
  const heap = new MinHeap();
  for (const h of net.headends) {
    dist[h] = 0;
    heap.push(0, h);
  }
  while (heap.size > 0) {
    const [d, v] = heap.pop();
    if (d > dist[v]) continue;
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
      const e = net.adjSection[i];
      const w = net.adjSite[i];
      const nd = d + net.lengthM[e];
      if (nd < dist[w] || (nd === dist[w] && via[w] >= 0 && net.sectionIds[e] < net.sectionIds[via[w]])) {
        if (nd < dist[w]) heap.push(nd, w);
        dist[w] = nd;
        via[w] = e;
      }
    }
  }
  const routes: CollectionRoute[] = [];
  for (let v = 0; v < n; v++) {
    if (net.siteKind[v] !== KIND_NRO || !Number.isFinite(dist[v])) continue;
    const path: string[] = [];
    for (let x = v; via[x] >= 0; ) {
      const e = via[x];
      path.push(net.sectionIds[e]);
      x = net.sectionFrom[e] === x ? net.sectionTo[e] : net.sectionFrom[e];
    }
    routes.push({ nro: net.siteIds[v], subscribers: net.subscribers[v], sections: path });
  }
  return routes;
}

class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size() {
    return this.keys.length;
  }

  push(key: number, value: number) {
    let i = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.values[i] = this.values[p];
      i = p;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.keys[0], this.values[0]];
    const key = this.keys.pop()!;
    const value = this.values.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
        if (this.keys[c] >= key) break;
        this.keys[i] = this.keys[c];
        this.values[i] = this.values[c];
        i = c;
      }
      this.keys[i] = key;
      this.values[i] = value;
    }
    return top;
  }
}
