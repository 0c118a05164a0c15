import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { materialisedReport } from '../src/analysis/resilience-report.js';
import { analyseRequest } from '../src/requests/analyse.js';
import { DocumentReleasedError, NetworkWorkspace } from '../src/requests/network-workspace.js';

const somme = () => topologyFromJSON(JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8')));
const plain = { headends: [], includePlanned: false, withLinks: [] };

describe('NetworkWorkspace.releaseDocument', () => {
  it('keeps answering on the networks compiled before, and refuses what needs the document', () => {
    const before = materialisedReport(analyseRequest(new NetworkWorkspace(somme()), { network: plain }));
    const workspace = new NetworkWorkspace(somme());
    const loaded = workspace.network(plain);
    workspace.releaseDocument();
    const after = materialisedReport(analyseRequest(workspace, { network: plain }));
    expect(after).toEqual(before);
    expect(before.nros.length).toBeGreaterThan(0);
    expect(workspace.network({ ...plain })).toBe(loaded);
    expect(() => workspace.topology).toThrow(DocumentReleasedError);
    expect(() => loaded.topology).toThrow(DocumentReleasedError);
    expect(() => workspace.network({ ...plain, includePlanned: true })).toThrow(DocumentReleasedError);
  });
});
