import type { Section, Site, Topology } from '../src/model/schema.js';
import { prng } from './prng.js';

export interface FibreNetworkOptions {
  /** Number of sections wanted (approximately, within 1 %). */
  sections: number;
  seed?: number;
}

const OWNERS = ['SMSN', 'Viatel', 'Level 3', 'Global Crossing', 'divers'];

/**
 * A national-scale fibre-like network: two head-ends on a meshed backbone of POPs, and under
 * each POP a distribution tree of junctions and NROs, a third of its branches closed into
 * rings, with parallel conduits, shared trenches (risk groups), planned extensions and a
 * few islands. About 1 site per section, like real collection networks.
 *
 * @example
 * fibreNetwork({ sections: 10_000, seed: 1 }).sections.length; // ≈ 10 000
 */
export function fibreNetwork(options: FibreNetworkOptions): Topology {
  const random = prng(options.seed ?? 1);
  const target = options.sections;
  const sites: Site[] = [];
  const sections: Section[] = [];
  const place = () => ({ lon: round(-4 + random() * 12), lat: round(42.5 + random() * 8.5) });
  const addSite = (kind: Site['kind'], extra: Partial<Site> = {}): Site => {
    const site: Site = { id: `${kind.toUpperCase().slice(0, 3)}-${sites.length}`, kind, ...place(), ...extra };
    sites.push(site);
    return site;
  };
  const addSection = (a: Site, b: Site, extra: Partial<Section> = {}): Section => {
    const planned = a.status === 'planned' || b.status === 'planned' || extra.status === 'planned';
    const capacity = 48 * (1 + Math.floor(random() * 6));
    const section: Section = {
      id: `S-${sections.length}`,
      from: a.id,
      to: b.id,
      lengthM: 100 + Math.floor(random() * 15_000),
      owner: OWNERS[Math.floor(random() ** 2 * OWNERS.length)],
      capacityFibres: capacity,
      usedFibres: Math.floor(random() * capacity * 0.7),
      ...extra,
      ...(planned && { status: 'planned' as const }),
    };
    sections.push(section);
    return section;
  };

  const headends = [addSite('headend'), addSite('headend')];
  const popCount = Math.max(4, Math.round(target / 60));
  const pops = Array.from({ length: popCount }, () => addSite('pop'));
  pops.forEach((pop, i) => {
    addSection(pop, pops[(i + 1) % popCount]);
  });
  for (let k = 0; k < popCount / 3; k++) {
    const [a, b] = [pops[Math.floor(random() * popCount)], pops[Math.floor(random() * popCount)]];
    if (a !== b) addSection(a, b);
  }
  headends.forEach((he, i) => {
    addSection(he, pops[(i * popCount) >> 1]);
    addSection(he, pops[((i * popCount) >> 1) + 1]);
  });

  let trench = 0;
  while (sections.length < target) {
    const pop = pops[Math.floor(random() * popCount)];
    const branch: Site[] = [pop];
    const depth = 2 + Math.floor(random() * 8);
    for (let d = 0; d < depth && sections.length < target; d++) {
      const parent = branch[Math.max(0, branch.length - 1 - Math.floor(random() * 2))];
      const planned = random() < 0.02;
      const nro = random() < 0.45;
      const site = addSite(nro ? 'nro' : 'junction', {
        ...(nro && { subscribers: 100 + Math.floor(random() * 4000) }),
        ...(planned && { status: 'planned' as const }),
      });
      const section = addSection(parent, site);
      if (random() < 0.03) addSection(parent, site, { owner: section.owner === 'SMSN' ? 'Viatel' : 'SMSN' });
      if (random() < 0.02) {
        const group = `trench-${trench++}`;
        section.riskGroups = [group];
        const other = sections[Math.floor(random() * sections.length)];
        other.riskGroups = [...(other.riskGroups ?? []), group];
      }
      branch.push(site);
    }
    const chordTo = pops[Math.floor(random() * popCount)];
    if (random() < 0.35 && sections.length < target && branch[branch.length - 1] !== chordTo) {
      addSection(branch[branch.length - 1], chordTo);
    }
    if (random() < 0.002) addSite('nro', { subscribers: 50 });
  }
  return {
    format: 'fibre-topology/1',
    name: `Synthetic fibre network, ${target} sections, seed ${options.seed ?? 1}`,
    sites,
    sections,
  };
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;
