import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutImpact } from '../src/analysis/cut-impact.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork, type CompiledNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { n1Sweep } from '../src/saturation/n1-sweep.js';
import { rerouteAfterCut } from '../src/saturation/reroute-after-cut.js';
import { sectionLoads } from '../src/saturation/section-loads.js';

const somme: Topology = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));

/** A digest of everything a compiled network holds, typed arrays and lists alike. */
function fingerprint(net: CompiledNetwork): string {
  const hash = createHash('sha256');
  for (const [key, value] of Object.entries(net).sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(key);
    if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else hash.update(JSON.stringify(value instanceof Map ? [...value] : value));
  }
  return hash.digest('hex');
}

describe('the engine never mutates the network it is given', () => {
  it('holds for the analysis, cuts, routing, loads, re-routing and the sweep', () => {
    const net = compileNetwork(somme, { withLinks: ['R-01'] });
    const before = fingerprint(net);
    resilienceReport(net);
    cutImpact(net, { owners: ['Level 3'], sites: ['POP-ALBERT'] });
    const routing = collectionRoutes(net);
    sectionLoads(routing);
    rerouteAfterCut(routing, { sections: ['S-041'], riskGroups: ['canal-somme-ham'] });
    n1Sweep(routing);
    expect(fingerprint(net)).toBe(before);
  });

  it('and the topology document it was compiled from stays as it was', () => {
    const copy = structuredClone(somme);
    const net = compileNetwork(copy, { includePlanned: true });
    resilienceReport(net);
    rerouteAfterCut(collectionRoutes(net), { sections: ['S-017'] });
    expect(copy).toEqual(somme);
  });
});
