import type { CompiledNetwork } from '../graph/compile.js';
import type { Zeros } from '../parallel/threads.js';

/**
 * The arrays of a network with its sites numbered again (`renumberInto`), section indices
 * unchanged: what the route searches read. Made by `renumberedArrays` (in shared memory for
 * workers) so that a thread can be handed them before they are filled.
 */
export interface RenumberedArrays {
  /** New site index of each original site. */
  newSite: Int32Array;
  /** Original site of each new index: the order of the renumbering. */
  oldSite: Int32Array;
  isHeadend: Uint8Array;
  headends: Int32Array;
  adjOffset: Int32Array;
  adjSection: Int32Array;
  adjSite: Int32Array;
  sectionFrom: Int32Array;
  sectionTo: Int32Array;
  /** `bridgeFarSides` of the renumbered network. */
  farSide: Int32Array;
}

/**
 * The arrays of a renumbered routing, filled by `relabelInto`: made by `relabelArrays` (in
 * shared memory for workers) so that a thread can be handed them before they are filled.
 */
export interface RelabelArrays extends RenumberedArrays {
  /** Every section, by the new index of its farther end from the head-ends (`sectionsInTreeOrder`). */
  sectionOrder: Int32Array;
  nros: Int32Array;
  toHeadend: Float64Array;
  via: Int32Array;
}

/** The parts of a routing a renumbering reads and keeps. */
interface RelabelSource {
  readonly net: CompiledNetwork;
  /** Site index of each routed NRO. */
  readonly nros: Int32Array;
  /** The intact tree: distance to the nearest head-end and first section, by site. */
  readonly toHeadend: Float64Array;
  readonly via: Int32Array;
}

/**
 * A routing on the same network with its sites numbered again, section indices unchanged:
 * what a thread that searches much (the N-1 sweep) works on, so that the sites a search
 * meets together lie together in memory. Routes are sections, so they are the routing's own.
 */
export type RelabeledRouting = RelabelSource & {
  /** New site index of each original site. */
  readonly newSite: Int32Array;
  /** `bridgeFarSides` of the renumbered network. */
  readonly farSide: Int32Array;
  /** Every section in depth-first order of the tree (`sectionsInTreeOrder`). */
  readonly sectionOrder: Int32Array;
};

/**
 * Arrays for `renumberInto` of `net`, from `zeros` (`sharedZeros` for workers; plain arrays by
 * default).
 *
 * @example
 * const arrays = renumberedArrays(net, sharedZeros); // posted, then filled
 */
export function renumberedArrays(net: CompiledNetwork, zeros: Zeros = plainZeros): RenumberedArrays {
  const n = net.siteCount;
  const m = net.sectionCount;
  const arcs = net.adjSite.length;
  return {
    newSite: zeros(Int32Array, n, 4),
    oldSite: zeros(Int32Array, n, 4),
    isHeadend: zeros(Uint8Array, n, 1),
    headends: zeros(Int32Array, net.headends.length, 4),
    adjOffset: zeros(Int32Array, n + 1, 4),
    adjSection: zeros(Int32Array, arcs, 4),
    adjSite: zeros(Int32Array, arcs, 4),
    sectionFrom: zeros(Int32Array, m, 4),
    sectionTo: zeros(Int32Array, m, 4),
    farSide: zeros(Int32Array, m, 4),
  };
}

/**
 * Arrays for `relabelInto` of a network with `nroCount` NROs, from `zeros` (`sharedZeros` for
 * workers; plain arrays by default).
 *
 * @example
 * const arrays = relabelArrays(net, routing.nros.length, sharedZeros); // posted, then filled
 */
export function relabelArrays(net: CompiledNetwork, nroCount: number, zeros: Zeros = plainZeros): RelabelArrays {
  const n = net.siteCount;
  return {
    ...renumberedArrays(net, zeros),
    sectionOrder: zeros(Int32Array, net.sectionCount, 4),
    nros: zeros(Int32Array, nroCount, 4),
    toHeadend: zeros(Float64Array, n, 8),
    via: zeros(Int32Array, n, 4),
  };
}

/**
 * The routing on its network renumbered in depth-first order of the intact shortest-path
 * tree (each head-end, then the subtree under each site, children by ascending index; the
 * sites off the tree last, in their order): a search that explores around a site finds its
 * subtrees next to it in memory, and the subtree under a section, which a cut recomputes,
 * is one run of sites. Each site keeps its sections in the same order, the head-ends their
 * order and the sections their indices, so every search explores in the same order and
 * gives the same routes (its answers are sections) and the same loads.
 *
 * Only the arrays the route searches, the tree repair and the sweep read are carried over
 * (no ids, names, kinds or capacities).
 *
 * @example
 * const renumbered = relabeledRouting(routing, bridgeFarSides(routing.net));
 * renumbered.nros[0] === renumbered.newSite[routing.nros[0]]; // true
 */
export function relabeledRouting(routing: RelabelSource, farSide: Int32Array): RelabeledRouting {
  const arrays = relabelArrays(routing.net, routing.nros.length);
  relabelInto(routing, farSide, arrays);
  return relabeledView(routing.net, arrays);
}

/**
 * The renumbered routing read from filled `RelabelArrays` (a worker's view of what another
 * thread renumbered), on the arrays of `net` that keep their section indices.
 *
 * @example
 * const renumbered = relabeledView(networkView(data.net), data.relabeled);
 */
export function relabeledView(net: CompiledNetwork, arrays: RelabelArrays): RelabeledRouting {
  const { newSite, farSide, sectionOrder, nros, toHeadend, via } = arrays;
  return { net: renumberedNetwork(net, arrays), nros, toHeadend, via, newSite, farSide, sectionOrder };
}

/**
 * `net` renumbered, read from filled `RenumberedArrays`: its topology arrays, on the arrays of
 * `net` that keep their section indices (lengths, fibres, owners, risk groups; no ids, names,
 * kinds or capacities).
 *
 * @example
 * const router = new Router(renumberedNetwork(net, data.renumbered), { … });
 */
export function renumberedNetwork(net: CompiledNetwork, arrays: RenumberedArrays): CompiledNetwork {
  const { isHeadend, headends, adjOffset, adjSection, adjSite, sectionFrom, sectionTo } = arrays;
  return {
    siteCount: net.siteCount,
    sectionCount: net.sectionCount,
    isHeadend,
    headends,
    sectionFrom,
    sectionTo,
    lengthM: net.lengthM,
    usedFibres: net.usedFibres,
    adjOffset,
    adjSection,
    adjSite,
    sectionOwner: net.sectionOwner,
    riskOffset: net.riskOffset,
    riskSections: net.riskSections,
    owners: net.owners,
    riskGroups: net.riskGroups,
  } as unknown as CompiledNetwork;
}

/**
 * Renumbers `routing` (see `relabeledRouting`) into `into`, made by `relabelArrays` for its
 * network.
 *
 * @example
 * relabelInto(routing, farSide, data.relabeled); // then raiseFlag(data.relabelReady)
 */
export function relabelInto(routing: RelabelSource, farSide: Int32Array, into: RelabelArrays): void {
  const { net, via } = routing;
  const n = net.siteCount;
  const { sectionFrom, sectionTo } = net;
  // The tree's children, by ascending index.
  const parent = (v: number) => {
    const e = via[v];
    return e < 0 ? -1 : sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
  };
  const childOffset = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const p = parent(v);
    if (p >= 0) childOffset[p + 1]++;
  }
  for (let v = 0; v < n; v++) childOffset[v + 1] += childOffset[v];
  const cursor = childOffset.slice(0, n);
  const children = new Int32Array(childOffset[n]);
  for (let v = 0; v < n; v++) {
    const p = parent(v);
    if (p >= 0) children[cursor[p]++] = v;
  }
  const { oldSite } = into;
  const placed = new Uint8Array(n);
  let next = 0;
  const stack = new Int32Array(n);
  const place = (root: number) => {
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const v = stack[--top];
      placed[v] = 1;
      oldSite[next++] = v;
      // Pushed backwards: the lowest child comes out first.
      for (let c = childOffset[v + 1] - 1; c >= childOffset[v]; c--) stack[top++] = children[c];
    }
  };
  for (const h of net.headends) if (!placed[h]) place(h);
  for (let v = 0; v < n; v++) if (!placed[v]) oldSite[next++] = v;

  renumberInto(net, farSide, into);
  for (let x = 0; x < n; x++) {
    into.toHeadend[x] = routing.toHeadend[oldSite[x]];
    into.via[x] = via[oldSite[x]];
  }
  for (let k = 0; k < routing.nros.length; k++) into.nros[k] = into.newSite[routing.nros[k]];
  sectionsInTreeOrder(into.sectionFrom, into.sectionTo, n, into.sectionOrder);
}

/**
 * Renumbers `net` into `into`, made by `renumberedArrays` for it, in the order `into.oldSite`
 * already holds (every site once): each site keeps its sections in the same order and the
 * head-ends their order, so that every search explores in the same order and finds the same
 * routes. `farSide` is the network's `bridgeFarSides`. O(n + m).
 *
 * @example
 * tree.order.forEach(…); // oldSite filled in depth-first preorder
 * renumberInto(net, bridgeFarSides(net), data.renumbered);
 */
export function renumberInto(net: CompiledNetwork, farSide: Int32Array, into: RenumberedArrays): void {
  const n = net.siteCount;
  const m = net.sectionCount;
  const { adjOffset, adjSection, adjSite, sectionFrom, sectionTo } = net;
  const { newSite, oldSite, isHeadend, adjOffset: newOffset, adjSection: newAdjSection, adjSite: newAdjSite } = into;
  for (let x = 0; x < n; x++) newSite[oldSite[x]] = x;
  newOffset[0] = 0;
  for (let x = 0; x < n; x++) {
    const v = oldSite[x];
    isHeadend[x] = net.isHeadend[v];
    newOffset[x + 1] = newOffset[x] + adjOffset[v + 1] - adjOffset[v];
  }
  for (let x = 0; x < n; x++) {
    const v = oldSite[x];
    for (let i = adjOffset[v], j = newOffset[x]; i < adjOffset[v + 1]; i++, j++) {
      newAdjSection[j] = adjSection[i];
      newAdjSite[j] = newSite[adjSite[i]];
    }
  }
  for (let e = 0; e < m; e++) {
    into.sectionFrom[e] = newSite[sectionFrom[e]];
    into.sectionTo[e] = newSite[sectionTo[e]];
    into.farSide[e] = farSide[e] < 0 ? -1 : newSite[farSide[e]];
  }
  for (let j = 0; j < net.headends.length; j++) into.headends[j] = newSite[net.headends[j]];
}

/**
 * Every section into `out`, by the new index of its farther end (the child's, for a tree
 * section), then by index: the depth-first order of the tree, in which a section's subtree
 * comes right after it. A sweep that cuts them in this order recomputes, cut after cut, parts
 * of the part it has just recomputed, and re-routes mostly the NROs it has just re-routed.
 * Counted into order, O(n + m).
 *
 * @example
 * sectionsInTreeOrder(renumbered.sectionFrom, renumbered.sectionTo, n, order); // order[0]: a head-end's section
 */
export function sectionsInTreeOrder(sectionFrom: Int32Array, sectionTo: Int32Array, siteCount: number, out: Int32Array): Int32Array {
  const start = new Int32Array(siteCount + 1);
  for (let e = 0; e < sectionFrom.length; e++) start[Math.max(sectionFrom[e], sectionTo[e]) + 1]++;
  for (let x = 0; x < siteCount; x++) start[x + 1] += start[x];
  for (let e = 0; e < sectionFrom.length; e++) out[start[Math.max(sectionFrom[e], sectionTo[e])]++] = e;
  return out;
}

const plainZeros: Zeros = (Kind, length) => new Kind(length);
