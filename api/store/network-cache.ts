import { type ResilienceAnalysis, resilienceAnalysis } from '../../src/analysis/resilience-analysis.js';
import { materialisedReport, type ResilienceReport, resilienceReportStream } from '../../src/analysis/resilience-report.js';
import { compileNetwork, type CompiledNetwork } from '../../src/graph/compile.js';
import type { NetworkOptions } from '../../src/graph/options.js';
import type { TopologyRecord } from './topology-store.js';

/** A compiled network of one version of one topology under one set of options, with its analysis on demand. */
export interface LoadedNetwork {
  record: TopologyRecord;
  options: Required<NetworkOptions>;
  net: CompiledNetwork;
  /** The analysis, computed once and held compactly. */
  analysis(): ResilienceAnalysis;
  /** The `analyse --json` report as records, built once from the analysis (for layers of small networks). */
  report(): ResilienceReport;
  /** Anything else derived from this network (a map layer…), computed once. */
  memo<T>(key: string, compute: () => T): T;
}

/**
 * A small LRU cache of compiled networks keyed by topology id, version (entity tag) and network
 * options: OGC clients page through the same layer many times and each page must not recompile.
 *
 * @example
 * const loaded = cache.get(record, { withLinks: ['R-01'] });
 * loaded.report().nros;
 */
export class NetworkCache {
  private readonly entries = new Map<string, LoadedNetwork>();

  constructor(private readonly capacity = 32) {}

  get(record: TopologyRecord, options: NetworkOptions = {}): LoadedNetwork {
    const normal = normalise(options);
    const key = JSON.stringify([record.id, record.etag, normal]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const net = compileNetwork(record.topology, normal);
    let analysis: ResilienceAnalysis | undefined;
    let report: ResilienceReport | undefined;
    const memos = new Map<string, unknown>();
    const loaded: LoadedNetwork = {
      record,
      options: normal,
      net,
      analysis: () => (analysis ??= resilienceAnalysis(net)),
      report: () => (report ??= materialisedReport(resilienceReportStream(loaded.analysis()))),
      memo: <T>(key: string, compute: () => T): T => {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
    };
    this.entries.set(key, loaded);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return loaded;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Options in a canonical form: the order of repeated ids does not change the network. */
function normalise(options: NetworkOptions): Required<NetworkOptions> {
  return {
    headends: [...new Set(options.headends ?? [])].sort(),
    includePlanned: options.includePlanned ?? false,
    withLinks: [...new Set(options.withLinks ?? [])].sort(),
  };
}
