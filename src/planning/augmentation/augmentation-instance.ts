import { type ResilienceAnalysis, resilienceAnalysis } from '../../analysis/resilience-analysis.js';
import { bucket } from '../../graph/bucket.js';
import { type CompiledNetwork, compileNetwork } from '../../graph/compile.js';
import { InvalidOptionError, UnknownReferenceError } from '../../model/errors.js';
import type { RedundancyLink, Topology } from '../../model/schema.js';
import { networkWithout } from '../../availability/network-without.js';
import { scenarioNetwork, type ScenarioOptions } from '../link-scenario.js';
import { nroPaths } from '../nro-paths.js';
import type { AugmentationCandidate } from './geometric-candidates.js';

/**
 * What a required site must reach: `secured` (two section-disjoint paths to the head-ends) or
 * `secured-and-groups` (secured, and no single risk group's failure cuts it off).
 */
export type Requirement = 'secured' | 'secured-and-groups';

/**
 * One augmentation problem over a compiled network: the baseline G (the scenario's network),
 * the candidates as extra sections of G + L (every candidate built), and the network of any
 * chosen set as G + L less the candidates not chosen — the same site and section numbering
 * throughout, candidate k being section `firstCandidate + k`.
 */
export interface AugmentationInstance {
  readonly candidates: readonly AugmentationCandidate[];
  /** G + L: the baseline with every candidate built. */
  readonly full: CompiledNetwork;
  /** Section index of candidate 0 in `full`; the baseline's sections come before. */
  readonly firstCandidate: number;
  /** Site indices of each candidate's ends. */
  readonly endA: Int32Array;
  readonly endB: Int32Array;
  readonly costs: Float64Array;
  /** Candidates at each site: `items[offset[v] … offset[v+1])`. */
  readonly atSite: { offset: Int32Array; items: Int32Array };
  readonly requirement: Requirement;
}

/**
 * Builds the instance: the candidates become redundancy links of a copy of the topology (ids
 * checked unique against the topology's, ends analysed), compiled once with all of them built.
 *
 * @example
 * const instance = augmentationInstance(topology, candidates, {}, 'secured');
 * instance.full.sectionIds[instance.firstCandidate]; // candidates[0].id
 */
export function augmentationInstance(topology: Topology, candidates: readonly AugmentationCandidate[], scenario: ScenarioOptions, requirement: Requirement): AugmentationInstance {
  const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
  const taken = new Set<string>();
  for (const list of [topology.sites, topology.sections, topology.desaturationWorks ?? []]) for (const x of list) taken.add(x.id);
  const built = new Set(scenario.baseLinks ?? []);
  const seen = new Set<string>();
  const added: RedundancyLink[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) throw new InvalidOptionError('candidates', `augmentation: two candidates have the id "${c.id}"`);
    seen.add(c.id);
    if (built.has(c.id)) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" is already built (a base link)`);
    if (!(Number.isFinite(c.costEur) && c.costEur >= 0)) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" costs ${c.costEur} €: a finite number ≥ 0 is needed`);
    if (!(c.lengthM > 0)) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" has length ${c.lengthM} m: > 0 is needed`);
    if (c.a === c.b) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" joins site "${c.a}" to itself`);
    const own = links.get(c.id);
    if (own) {
      if (own.a !== c.a || own.b !== c.b) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" has the id of another redundancy link`);
      continue;
    }
    if (taken.has(c.id)) throw new InvalidOptionError('candidates', `augmentation: candidate "${c.id}" has the id of a site, section or work`);
    added.push({ id: c.id, priority: 1, a: c.a, b: c.b, lengthM: c.lengthM, costEur: c.costEur, owner: c.owner, installation: c.installation });
  }
  // To secure, risk groups play no part: compiled without them, every analysis skips their isolation.
  const sections = requirement === 'secured' && topology.sections.some((s) => s.riskGroups)
    ? topology.sections.map(({ riskGroups: _, ...s }) => s)
    : topology.sections;
  const augmented: Topology = { ...topology, sections, redundancyLinks: [...(topology.redundancyLinks ?? []), ...added] };
  const analysed = new Set(topology.sites.filter((s) => scenario.includePlanned || (s.status ?? 'existing') === 'existing').map((s) => s.id));
  for (const c of candidates) {
    for (const end of [c.a, c.b]) {
      if (!analysed.has(end)) throw new UnknownReferenceError('candidates', c.id, `augmentation: candidate "${c.id}" ends at "${end}", which is not an analysed site`);
    }
  }
  const full = compileNetwork(augmented, scenarioNetwork(scenario, candidates.map((c) => c.id)));
  const firstCandidate = full.sectionCount - candidates.length;
  const endA = Int32Array.from(candidates, (c) => full.siteIndex.get(c.a)!);
  const endB = Int32Array.from(candidates, (c) => full.siteIndex.get(c.b)!);
  const ends = new Int32Array(2 * candidates.length);
  const which = new Int32Array(2 * candidates.length);
  for (let k = 0; k < candidates.length; k++) {
    ends[2 * k] = endA[k];
    ends[2 * k + 1] = endB[k];
    which[2 * k] = which[2 * k + 1] = k;
  }
  return {
    candidates,
    full,
    firstCandidate,
    endA,
    endB,
    costs: Float64Array.from(candidates, (c) => c.costEur),
    atSite: bucket(full.siteCount, ends, which),
    requirement,
  };
}

/**
 * The network of G plus the chosen candidates (1 in `chosen`), without compiling it again.
 *
 * @example
 * resilienceAnalysis(networkWith(instance, chosen));
 */
export function networkWith(instance: AugmentationInstance, chosen: Uint8Array): CompiledNetwork {
  const dead = new Uint8Array(instance.full.sectionCount);
  for (let k = 0; k < instance.candidates.length; k++) if (!chosen[k]) dead[instance.firstCandidate + k] = 1;
  return networkWithout(instance.full, { sections: dead });
}

/** The engine's analysis of a network and, by site, whether each meets the requirement. */
export interface Assessment {
  readonly analysis: ResilienceAnalysis;
  /** 1 where the site meets the requirement. */
  readonly meets: Uint8Array;
}

/**
 * Analyses G plus the chosen candidates with the engine (`resilienceAnalysis`) and says which
 * sites meet the requirement: secured (connected, no bridge on the way up), and with
 * `secured-and-groups` also cut off by no risk group.
 *
 * @example
 * assess(instance, chosen).meets[net.siteIndex.get('NRO-CAY')!]; // 1 once Cayeux is secured
 */
export function assess(instance: AugmentationInstance, chosen: Uint8Array): Assessment {
  const analysis = resilienceAnalysis(networkWith(instance, chosen));
  const { tree, nearestBridge } = analysis;
  const n = instance.full.siteCount;
  const meets = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    const x = tree.pre[v];
    meets[v] = x >= 0 && nearestBridge[x] < 0 ? 1 : 0;
  }
  if (instance.requirement === 'secured-and-groups') for (const isolated of analysis.riskGroupIsolated) for (const v of isolated) meets[v] = 0;
  return { analysis, meets };
}

/**
 * By site, 1 where G plus the chosen candidates brings it to the requirement: `nroPaths` alone
 * for `secured` (one depth-first tree), the whole analysis with risk groups.
 *
 * @example
 * meetsOf(instance, chosen)[v] === assess(instance, chosen).meets[v]; // true
 */
export function meetsOf(instance: AugmentationInstance, chosen: Uint8Array): Uint8Array {
  if (instance.requirement !== 'secured') return assess(instance, chosen).meets;
  const paths = nroPaths(networkWith(instance, chosen));
  return Uint8Array.from(paths, (p) => (p === 2 ? 1 : 0));
}
