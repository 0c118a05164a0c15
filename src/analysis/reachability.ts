import type { CompiledNetwork } from '../graph/compile.js';

export interface Failures {
  /** 1 for each failed section. */
  sections?: Uint8Array;
  /** 1 for each failed site: the site and all its sections are gone. */
  sites?: Uint8Array;
}

/**
 * Marks the sites that still reach a head-end when the given sections and sites fail: one
 * breadth-first search from every surviving head-end, linear in the network.
 *
 * @example
 * const reached = reachableSites(net, { sections: failedSections });
 * reached[net.siteIndex.get('NRO-CAY')!]; // 0 when the cut isolates it
 */
export function reachableSites(net: CompiledNetwork, failures: Failures = {}): Uint8Array {
  const { adjOffset, adjSection, adjSite } = net;
  // Arrays of zeros rather than optional checks: they stay out of the inner loop (a second at 1e6).
  const deadSection = failures.sections ?? new Uint8Array(net.sectionCount);
  const deadSite = failures.sites ?? new Uint8Array(net.siteCount);
  const reached = new Uint8Array(net.siteCount);
  const queue = new Int32Array(net.siteCount);
  let tail = 0;
  for (const h of net.headends) {
    if (!reached[h] && !deadSite[h]) {
      reached[h] = 1;
      queue[tail++] = h;
    }
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      const w = adjSite[i];
      if (reached[w] || deadSection[adjSection[i]] || deadSite[w]) continue;
      reached[w] = 1;
      queue[tail++] = w;
    }
  }
  return reached;
}
