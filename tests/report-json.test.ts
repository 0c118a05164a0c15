import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { resilienceReportStream } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { jsonChunks } from '../src/io/json-chunks.js';
import { reportJsonBytes } from '../src/io/report-json.js';
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

  it('hands out chunks of about 1 MiB, each once', () => {
    const chunks = [...reportJsonBytes(resilienceAnalysis(compileNetwork(fibreNetwork({ sections: 20_000, seed: 11 }))))];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(2 ** 20);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });
});
