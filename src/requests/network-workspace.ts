import { LRUCache } from 'lru-cache';
import { type ResilienceAnalysis, resilienceAnalysis } from '../analysis/resilience-analysis.js';
import { materialisedReport, type ResilienceReport, resilienceReportStream } from '../analysis/resilience-report.js';
import { compileNetwork, type CompiledNetwork } from '../graph/compile.js';
import type { Topology } from '../model/schema.js';
import type { NetworkRequest } from './bounds.js';

/** A compiled network of a topology under one set of network options, with what is derived from it computed once. */
export interface LoadedNetwork {
  topology: Topology;
  options: NetworkRequest;
  net: CompiledNetwork;
  /** The analysis, computed once and held compactly. */
  analysis(): ResilienceAnalysis;
  /** The `analyse --json` report as records, built once from the analysis. */
  report(): ResilienceReport;
  /** Anything else derived from this network (routing, a layer, a ranking), computed once; the least recently used go first. */
  memo<T>(key: string, compute: () => T): T;
}

export interface WorkspaceOptions {
  /** Networks (sets of network options) kept compiled. Default 8. */
  networks?: number;
  /** Derived results kept per network. Default 64. */
  memos?: number;
}

/**
 * One topology and the networks compiled from it, each under one set of network options: what
 * every request works on. The CLI makes one per run; the API's workers keep one per topology
 * version. Nothing here mutates the topology.
 *
 * @example
 * const workspace = new NetworkWorkspace(topology);
 * workspace.network({ headends: [], includePlanned: false, withLinks: ['R-01'] }).analysis();
 */
export class NetworkWorkspace {
  private readonly networks: LRUCache<string, LoadedNetwork>;
  private readonly memos: number;

  constructor(readonly topology: Topology, options: WorkspaceOptions = {}) {
    this.networks = new LRUCache({ max: options.networks ?? 8 });
    this.memos = options.memos ?? 64;
  }

  /** The network under these options, compiled on first use. Throws `UnknownReferenceError` for an unknown head-end or link. */
  network(options: NetworkRequest): LoadedNetwork {
    const normal: NetworkRequest = {
      headends: [...new Set(options.headends)].sort(),
      includePlanned: options.includePlanned,
      withLinks: [...new Set(options.withLinks)].sort(),
    };
    const key = JSON.stringify(normal);
    const hit = this.networks.get(key);
    if (hit) return hit;
    const loaded = loadNetwork(this.topology, normal, this.memos);
    this.networks.set(key, loaded);
    return loaded;
  }
}

function loadNetwork(topology: Topology, options: NetworkRequest, memoCount: number): LoadedNetwork {
  const net = compileNetwork(topology, options);
  let analysis: ResilienceAnalysis | undefined;
  let report: ResilienceReport | undefined;
  const memos = new LRUCache<string, { value: unknown }>({ max: memoCount });
  const loaded: LoadedNetwork = {
    topology,
    options,
    net,
    analysis: () => (analysis ??= resilienceAnalysis(net)),
    report: () => (report ??= materialisedReport(resilienceReportStream(loaded.analysis()))),
    memo: <T>(key: string, compute: () => T): T => {
      const hit = memos.get(key);
      if (hit) return hit.value as T;
      const value = compute();
      memos.set(key, { value });
      return value;
    },
  };
  return loaded;
}
