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
  private document: Topology | undefined;

  constructor(topology: Topology, options: WorkspaceOptions = {}) {
    this.document = topology;
    this.networks = new LRUCache({ max: options.networks ?? 8 });
    this.memos = options.memos ?? 64;
  }

  /** The topology document. Throws `DocumentReleasedError` once `releaseDocument` was called. */
  get topology(): Topology {
    if (!this.document) throw new DocumentReleasedError();
    return this.document;
  }

  /**
   * Lets the document go, keeping the networks compiled so far and what derives from them: for a
   * run that needs nothing more of it (the CLI's `analyse`), so that the collector frees it — a
   * national network's document is hundreds of MB. A network not yet compiled, or a request that
   * reads the document, then throws `DocumentReleasedError`.
   *
   * @example
   * workspace.network(options); workspace.releaseDocument(); workspace.network(options).analysis(); // still answers
   */
  releaseDocument(): void {
    this.document = undefined;
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
    const loaded = loadNetwork(this, normal, this.memos);
    this.networks.set(key, loaded);
    return loaded;
  }
}

/** A workspace's document was asked for after `releaseDocument`: a mistake of the calling code, not of the input. */
export class DocumentReleasedError extends Error {
  constructor() {
    super('the topology document of this workspace was released after compiling (releaseDocument)');
    this.name = 'DocumentReleasedError';
  }
}

function loadNetwork(workspace: NetworkWorkspace, options: NetworkRequest, memoCount: number): LoadedNetwork {
  const net = compileNetwork(workspace.topology, options);
  let analysis: ResilienceAnalysis | undefined;
  let report: ResilienceReport | undefined;
  const memos = new LRUCache<string, { value: unknown }>({ max: memoCount });
  const loaded: LoadedNetwork = {
    get topology() {
      return workspace.topology;
    },
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
