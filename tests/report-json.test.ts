import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { resilienceReportStream } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { jsonChunks } from '../src/io/json-chunks.js';
import { reportJsonBytes } from '../src/io/report-json.js';
import { REPORT_PARTS } from '../src/io/report-parts.js';
import { type ReportTables, reportTables } from '../src/io/report-tables.js';
import { runParallel } from '../src/parallel/threads.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE } from './support/api.js';

/** A network whose ids, names and owners need escaping or are not ASCII. */
function awkward(topology: Topology): Topology {
  const rename = new Map(topology.sites.map((s, i) => [s.id, i % 7 === 0 ? `${s.id}-é"\\\u2028` : i % 11 === 0 ? `Ñ${s.id}` : s.id]));
  return {
    ...topology,
    sites: topology.sites.map((s, i) => ({ ...s, id: rename.get(s.id)!, ...(i % 5 === 0 ? { name: `Site « ${i} » "quoted"` } : {}) })),
    sections: topology.sections.map((s, i) => ({
      ...s, id: i % 13 === 0 ? `${s.id}/ü` : s.id, from: rename.get(s.from)!, to: rename.get(s.to)!, owner: i % 3 === 0 ? 'Société "Ø"' : s.owner,
      ...(i % 17 === 0 ? { riskGroups: ['tranchée-1', 'pont "A"'] } : {}),
    })),
    redundancyLinks: (topology.redundancyLinks ?? []).map((l) => ({ ...l, a: rename.get(l.a)!, b: rename.get(l.b)! })),
    desaturationWorks: [],
  };
}

const written = (topology: Topology) => {
  const analysis = resilienceAnalysis(compileNetwork(topology));
  return {
    bytes: Buffer.concat([...reportJsonBytes(analysis)]),
    reference: Buffer.from([...jsonChunks(resilienceReportStream(analysis))].join('')),
  };
};

describe('reportJsonBytes (the analyse --json document written from indices)', () => {
  const networks: Array<[string, Topology]> = [
    ['Somme', JSON.parse(readFileSync(SOMME_FILE, 'utf8'))],
    ['generated, 3 000 sections', fibreNetwork({ sections: 3_000, seed: 3 })],
    ['generated, 20 000 sections', fibreNetwork({ sections: 20_000, seed: 11 })],
    ['awkward ids, names and owners', awkward(fibreNetwork({ sections: 4_000, seed: 5 }))],
    ['no head-end', { ...fibreNetwork({ sections: 500, seed: 2 }), sites: fibreNetwork({ sections: 500, seed: 2 }).sites.map((s) => (s.kind === 'headend' ? { ...s, kind: 'pop' as const } : s)) }],
    ['empty', { format: 'fibre-topology/1', name: 'empty', sites: [], sections: [] }],
  ];
  for (const [name, topology] of networks) {
    it(`writes byte for byte what JSON.stringify does, one record a line: ${name}`, () => {
      const { bytes, reference } = written(topology);
      expect(bytes.length).toBe(reference.length);
      expect(bytes.equals(reference)).toBe(true);
      // and it is the document: the JSON parses, with every NRO of the file
      const nros = topology.sites.filter((s) => s.kind === 'nro' && (s.status ?? 'existing') === 'existing').length;
      expect(JSON.parse(bytes.toString('utf8')).nros).toHaveLength(nros);
    });
  }

  it('writes the same bytes on two threads as on one, the parts written at once', () => {
    for (const topology of [networks[2][1], networks[3][1], networks[5][1]]) {
      const analysis = resilienceAnalysis(compileNetwork(topology));
      const reference = Buffer.from([...jsonChunks(resilienceReportStream(analysis))].join(''));
      expect(Buffer.concat([...reportJsonBytes(analysis, { threads: 2 })]).equals(reference)).toBe(true);
    }
  });

  it('has a worker thread write every part the same as the calling thread', () => {
    const analysis = resilienceAnalysis(compileNetwork(networks[3][1]));
    const tables = reportTables(analysis);
    // The calling thread takes no part: it waits until the worker has written all four.
    const [answer] = runParallel<ReportTables, { parts: Array<[number, Uint8Array[]]> }>({
      task: 'report',
      data: tables,
      chunks: REPORT_PARTS,
      threads: 2,
      runHere: (claims) => {
        const wait = new Int32Array(new SharedArrayBuffer(4));
        for (let waited = 0; claims.itemsDone < REPORT_PARTS && waited < 600; waited++) Atomics.wait(wait, 0, 0, 50);
      },
    });
    expect(answer?.parts.map(([part]) => part).sort()).toEqual([0, 1, 2, 3]);
    const byPart = new Map(answer?.parts);
    const fromWorker = Buffer.concat(Array.from({ length: REPORT_PARTS }, (_, part) => byPart.get(part) ?? []).flat());
    expect(fromWorker.equals(Buffer.concat([...reportJsonBytes(analysis, { threads: 1 })]))).toBe(true);
  }, 60_000);

  it('hands out chunks of about 1 MiB, each once', () => {
    const chunks = [...reportJsonBytes(resilienceAnalysis(compileNetwork(fibreNetwork({ sections: 20_000, seed: 11 }))), { threads: 1 })];
    expect(chunks.length).toBeGreaterThan(2);
    // Each part of the document ends its last chunk.
    expect(chunks.filter((c) => c.length < 2 ** 20).length).toBeLessThanOrEqual(REPORT_PARTS);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });
});
