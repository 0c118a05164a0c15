import { describe, expect, it } from 'vitest';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { tinyTopology } from './support/api.js';

describe('network workspace', () => {
  it('compiles once per set of network options, whatever the order or repetition of the ids', () => {
    const workspace = new NetworkWorkspace(tinyTopology(), { networks: 2 });
    const options = { headends: ['HE'], includePlanned: false, withLinks: [] };
    const a = workspace.network(options);
    expect(workspace.network({ ...options, headends: ['HE', 'HE'] })).toBe(a);
    expect(a.report()).toBe(a.report());
    expect(workspace.network({ ...options, includePlanned: true })).not.toBe(a);
  });

  it('keeps at most the number of networks it is given, the least recently used dropped first', () => {
    const workspace = new NetworkWorkspace(tinyTopology(), { networks: 1 });
    const a = workspace.network({ headends: [], includePlanned: false, withLinks: [] });
    workspace.network({ headends: [], includePlanned: true, withLinks: [] });
    expect(workspace.network({ headends: [], includePlanned: false, withLinks: [] })).not.toBe(a);
  });

  it('memoises a derived result per network and recomputes it once evicted', () => {
    const workspace = new NetworkWorkspace(tinyTopology(), { memos: 1 });
    const loaded = workspace.network({ headends: [], includePlanned: false, withLinks: [] });
    let computed = 0;
    const compute = () => ++computed;
    expect([loaded.memo('a', compute), loaded.memo('a', compute)]).toEqual([1, 1]);
    loaded.memo('b', compute);
    expect(loaded.memo('a', compute)).toBe(3);
  });
});
