import type { LoadedNetwork } from '../../src/requests/network-workspace.js';
import { SITE_KINDS } from '../../src/graph/compile.js';
import { saturationOf } from '../../src/requests/saturation.js';
import type { BuildPhase } from './build-progress.js';

/** Saturation states, by their index in `TileAttributes.state`. */
export const STATES = ['ok', 'near', 'saturated', 'unknown'] as const;
const NRO_KIND = SITE_KINDS.indexOf('nro');
/** NRO statuses, by their index in `TileAttributes.nroStatus` (0: not an NRO). */
export const NRO_STATUSES = ['', 'secured', 'single-homed', 'isolated'] as const;

/** What the tiles say of each analysed section and site, by index in the compiled network: the figures of `/analysis` and `/saturation`. */
export interface TileAttributes {
  loaded: LoadedNetwork;
  /** By section: index into STATES. */
  state: Uint8Array;
  /** By section: load / capacity, NaN when unknown. */
  loadRatio: Float64Array;
  /** By section: 1 when a critical section of at least one NRO. */
  criticalSection: Uint8Array;
  /** By site: 1 when a critical site of at least one NRO. */
  criticalSite: Uint8Array;
  /** By site: index into NRO_STATUSES. */
  nroStatus: Uint8Array;
}

/**
 * The attributes of one network, from what the workspace already holds: the compact analysis
 * behind `analyseRequest` (`loaded.analysis()`: an NRO's critical sections and sites are the
 * chains of its `nearestBridge` and `nearestSeparation` pointers up the depth-first tree, as the
 * report lists them, walked here once for all NROs instead of as one record per NRO) and
 * `saturationOf` with its default options (states and load ratios after routing), as
 * `/analysis` and `/saturation` give them.
 */
export function tileAttributes(loaded: LoadedNetwork, onPhase?: (phase: BuildPhase) => void): TileAttributes {
  onPhase?.('analysis');
  const { net } = loaded;
  const analysis = loaded.analysis();
  const { tree, nearestBridge, nearestSeparation } = analysis;
  const criticalSection = new Uint8Array(net.sectionCount);
  const criticalSite = new Uint8Array(net.siteCount);
  const nroStatus = new Uint8Array(net.siteCount);
  // By preorder: 1 once the chain from there up has been walked (it is the same for every NRO below).
  const bridgesWalked = new Uint8Array(tree.visited + 1);
  const separationsWalked = new Uint8Array(tree.visited + 1);
  for (let v = 0; v < net.siteCount; v++) {
    if (net.siteKind[v] !== NRO_KIND) continue;
    const x = tree.pre[v];
    if (x < 0) {
      nroStatus[v] = NRO_STATUSES.indexOf('isolated');
      continue;
    }
    nroStatus[v] = NRO_STATUSES.indexOf(nearestBridge[x] >= 0 ? 'single-homed' : 'secured');
    for (let c = nearestBridge[x]; c >= 0 && !bridgesWalked[c]; c = tree.parent[c] > 0 ? nearestBridge[tree.parent[c]] : -1) {
      bridgesWalked[c] = 1;
      criticalSection[tree.parentSection[c]] = 1;
    }
    for (let c = nearestSeparation[x]; c >= 0 && !separationsWalked[c]; c = tree.parent[c] > 0 ? nearestSeparation[tree.parent[c]] : -1) {
      separationsWalked[c] = 1;
      criticalSite[tree.order[tree.parent[c]]] = 1;
    }
  }
  const state = new Uint8Array(net.sectionCount).fill(STATES.indexOf('unknown'));
  const loadRatio = new Float64Array(net.sectionCount).fill(Number.NaN);
  onPhase?.('saturation');
  for (const load of saturationOf(loaded).sections) {
    const e = net.sectionIndex.get(load.section)!;
    state[e] = STATES.indexOf(load.state);
    if (load.ratio !== null && load.state !== 'unknown') loadRatio[e] = load.ratio;
  }
  return { loaded, state, loadRatio, criticalSection, criticalSite, nroStatus };
}
