import type { CompiledNetwork } from '../graph/compile.js';
import type { CollectionRouting } from './collection-routes.js';

/**
 * A routing on the same network with its sites numbered again, section indices unchanged:
 * what a thread that searches much (the N-1 sweep) works on, so that the sites a search
 * meets together lie together in memory.
 */
export interface RelabeledRouting {
  /** The routing on the renumbered network (routes are sections: unchanged; NROs, tree and distances renumbered). */
  readonly routing: CollectionRouting;
  /** New site index of each original site. */
  readonly newSite: Int32Array;
  /** `bridgeFarSides` of the renumbered network. */
  readonly farSide: Int32Array;
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
 * const { routing: renumbered, newSite } = relabeledRouting(routing, bridgeFarSides(routing.net));
 * renumbered.nros[0] === newSite[routing.nros[0]]; // true
 */
export function relabeledRouting(routing: CollectionRouting, farSide: Int32Array): RelabeledRouting {
  const { net, via } = routing;
  const n = net.siteCount;
  const m = net.sectionCount;
  const { adjOffset, adjSection, adjSite, sectionFrom, sectionTo } = net;
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
  const newSite = new Int32Array(n).fill(-1);
  const oldSite = new Int32Array(n);
  let next = 0;
  const stack = new Int32Array(n);
  const place = (root: number) => {
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const v = stack[--top];
      newSite[v] = next;
      oldSite[next++] = v;
      // Pushed backwards: the lowest child comes out first.
      for (let c = childOffset[v + 1] - 1; c >= childOffset[v]; c--) stack[top++] = children[c];
    }
  };
  for (const h of net.headends) if (newSite[h] < 0) place(h);
  for (let v = 0; v < n; v++) {
    if (newSite[v] >= 0) continue;
    newSite[v] = next;
    oldSite[next++] = v;
  }

  const isHeadend = new Uint8Array(n);
  const newOffset = new Int32Array(n + 1);
  for (let x = 0; x < n; x++) {
    const v = oldSite[x];
    isHeadend[x] = net.isHeadend[v];
    newOffset[x + 1] = newOffset[x] + adjOffset[v + 1] - adjOffset[v];
  }
  const newAdjSection = new Int32Array(adjSection.length);
  const newAdjSite = new Int32Array(adjSite.length);
  for (let x = 0; x < n; x++) {
    const v = oldSite[x];
    for (let i = adjOffset[v], j = newOffset[x]; i < adjOffset[v + 1]; i++, j++) {
      newAdjSection[j] = adjSection[i];
      newAdjSite[j] = newSite[adjSite[i]];
    }
  }
  const newFrom = new Int32Array(m);
  const newTo = new Int32Array(m);
  const newFar = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    newFrom[e] = newSite[sectionFrom[e]];
    newTo[e] = newSite[sectionTo[e]];
    newFar[e] = farSide[e] < 0 ? -1 : newSite[farSide[e]];
  }
  const toHeadend = new Float64Array(n);
  const newVia = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    toHeadend[x] = routing.toHeadend[oldSite[x]];
    newVia[x] = via[oldSite[x]];
  }
  const renumbered = {
    siteCount: n,
    sectionCount: m,
    isHeadend,
    headends: Int32Array.from(net.headends, (h) => newSite[h]),
    sectionFrom: newFrom,
    sectionTo: newTo,
    lengthM: net.lengthM,
    usedFibres: net.usedFibres,
    adjOffset: newOffset,
    adjSection: newAdjSection,
    adjSite: newAdjSite,
    sectionOwner: net.sectionOwner,
    riskOffset: net.riskOffset,
    riskSections: net.riskSections,
    owners: net.owners,
    riskGroups: net.riskGroups,
  } as unknown as CompiledNetwork;
  return {
    routing: {
      net: renumbered,
      nros: Int32Array.from(routing.nros, (v) => newSite[v]),
      primary: routing.primary,
      backup: routing.backup,
      diversity: routing.diversity,
      exact: routing.exact,
      toHeadend,
      via: newVia,
    },
    newSite,
    farSide: newFar,
  };
}
