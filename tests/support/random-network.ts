import fc from 'fast-check';
import { prng } from '../../bench/prng.js';
import type { Section, Site, Topology } from '../../src/model/schema.js';

export { prng };

export interface RandomNetworkOptions {
  sites: number;
  /** Extra sections beyond the spanning forest. */
  chords: number;
  headends: number;
  /** Share of sites and sections marked planned. */
  plannedShare?: number;
  /** Share of sites left without any link to the tree (islands). */
  islandShare?: number;
  riskGroups?: number;
}

/**
 * A small fibre-like network: a random forest hanging from the head-ends, chords, parallel
 * sections, islands, planned elements and risk groups. Always valid per docs/format.md.
 */
export function randomNetwork(seed: number, options: RandomNetworkOptions): Topology {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const kinds = ['pop', 'nro', 'nro', 'junction'] as const;
  const owners = ['SMSN', 'Viatel', 'Level 3'];
  const planned = options.plannedShare ?? 0.1;
  const sites: Site[] = [];
  for (let i = 0; i < options.sites; i++) {
    const headend = i < options.headends;
    sites.push({
      id: `V${i}`,
      kind: headend ? 'headend' : pick(kinds),
      name: `Site ${i}`,
      lon: 2 + random(),
      lat: 49.8 + random() / 2,
      subscribers: headend ? 0 : Math.floor(random() * 1000),
      ...(!headend && random() < planned && { status: 'planned' as const }),
    });
  }
  const sections: Section[] = [];
  const addSection = (a: Site, b: Site) => {
    if (a.id === b.id) return;
    const touchesPlanned = a.status === 'planned' || b.status === 'planned';
    sections.push({
      id: `E${sections.length}`,
      from: a.id,
      to: b.id,
      lengthM: 1 + Math.floor(random() * 5000),
      owner: pick(owners),
      ...((touchesPlanned || random() < planned) && { status: 'planned' as const }),
    });
  };
  for (let i = 1; i < sites.length; i++) {
    if (random() < (options.islandShare ?? 0.05)) continue;
    addSection(sites[i], sites[Math.floor(random() * i)]);
  }
  for (let k = 0; k < options.chords; k++) {
    if (random() < 0.3 && sections.length > 0) {
      const twin = pick(sections);
      addSection(sites.find((s) => s.id === twin.from)!, sites.find((s) => s.id === twin.to)!);
    } else {
      addSection(pick(sites), pick(sites));
    }
  }
  for (let g = 0; g < (options.riskGroups ?? 0) && sections.length > 0; g++) {
    const members = 1 + Math.floor(random() * 3);
    for (let k = 0; k < members; k++) {
      const s = pick(sections);
      s.riskGroups = [...new Set([...(s.riskGroups ?? []), `G${g}`])];
    }
  }
  return { format: 'fibre-topology/1', name: `random ${seed}`, sites, sections };
}

/**
 * For fast-check: a random network without planned elements, up to `maxSites` sites and
 * `maxChords` chords, with 1–3 head-ends.
 *
 * @example
 * fc.assert(fc.property(randomNetworks(), (topology) => { const net = compileNetwork(topology); … }));
 */
export function randomNetworks(maxSites = 40, maxChords = 30): fc.Arbitrary<Topology> {
  return fc
    .tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: maxSites }), fc.integer({ min: 0, max: maxChords }), fc.integer({ min: 1, max: 3 }))
    .map(([seed, sites, chords, headends]) => randomNetwork(seed, { sites, chords, headends, plannedShare: 0 }));
}
