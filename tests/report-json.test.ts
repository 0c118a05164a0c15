import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { resilienceReportStream } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { jsonChunks } from '../src/io/json-chunks.js';
import { type ReportMade, reportJsonBytes, reportStart, type WrittenPiece } from '../src/io/report-json.js';
import { reportInputs } from '../src/io/report-tables.js';
import { startParallel } from '../src/parallel/threads.js';
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

  it('writes the same bytes on two or three threads as on one', () => {
    const generated = fibreNetwork({ sections: 30_000, seed: 7 });
    for (const topology of [networks[2][1], networks[3][1], networks[5][1], generated, awkward(generated)]) {
      const analysis = resilienceAnalysis(compileNetwork(topology));
      const one = Buffer.concat([...reportJsonBytes(analysis, { threads: 1 })]);
      expect(one.equals(Buffer.from([...jsonChunks(resilienceReportStream(analysis))].join('')))).toBe(true);
      for (const threads of [2, 3]) expect(Buffer.concat([...reportJsonBytes(analysis, { threads })]).equals(one)).toBe(true);
    }
  }, 120_000);

  it('has a worker thread make the tables and write every piece the same as the calling thread', () => {
    for (const topology of [networks[3][1], fibreNetwork({ sections: 30_000, seed: 7 })]) {
      const analysis = resilienceAnalysis(compileNetwork(topology));
      // The calling thread takes no job and no piece: it reads what the worker sends.
      const run = startParallel<null, ReportMade | WrittenPiece>({ task: 'report', data: null, chunks: 2 ** 30, threads: 2 });
      try {
        const start = reportStart(analysis);
        run.post(start);
        run.post({ inputs: reportInputs(analysis, true, start.ids) } satisfies ReportMade);
        const pieces: Uint8Array[][] = [];
        let count = -1;
        for (let waited = 0; (count < 0 || pieces.filter(Boolean).length < count) && waited < 600; waited++) {
          const message = run.receive(100);
          if (message && 'piece' in message) pieces[message.piece] = message.chunks;
          else if (message && 'tables' in message) count = message.pieces.length / 3;
        }
        expect(Array.from(start.jobs)).toEqual([2, 2, 2, 2]);
        expect(pieces.filter(Boolean)).toHaveLength(count);
        expect(Buffer.concat(pieces.flat()).equals(Buffer.concat([...reportJsonBytes(analysis, { threads: 1 })]))).toBe(true);
      } finally {
        run.close();
      }
    }
  }, 120_000);

  it('hands out chunks of about 1 MiB, each once', () => {
    const chunks = [...reportJsonBytes(resilienceAnalysis(compileNetwork(fibreNetwork({ sections: 20_000, seed: 11 }))), { threads: 1 })];
    expect(chunks.length).toBeGreaterThan(2);
    // Only the document's last chunk is shorter.
    expect(chunks.filter((c) => c.length < 2 ** 20).length).toBe(1);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });
});
