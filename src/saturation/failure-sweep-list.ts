import { compareIds } from '../analysis/id-order.js';
import { bucket } from '../graph/bucket.js';
import type { CompiledNetwork, IdLookup } from '../graph/compile.js';
import { InvalidOptionError, UnknownReferenceError } from '../model/errors.js';

/** What a failure sweep fails, one element at a time, in this order (docs/sweeps.md). */
export const FAILURE_KINDS = ['section', 'site', 'riskGroup', 'owner'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** One failure: an element of the network by kind and id. */
export interface Failure {
  kind: FailureKind;
  id: string;
}

/** Elements never failed, by kind (ids of the analysed network). */
export interface FailureExclusions {
  /** Sections held as safe: never failed alone, and kept in service when their risk group or owner fails (not when one of their sites fails). */
  sections?: readonly string[];
  /** Sites never failed. */
  sites?: readonly string[];
  /** Risk groups never failed as a group (their sections still fail alone and with their owner). */
  riskGroups?: readonly string[];
  /** Owners never failed as a whole. */
  owners?: readonly string[];
}

/** The exclusions as sorted ids, each once. */
export interface ResolvedExclusions {
  sections: string[];
  sites: string[];
  riskGroups: string[];
  owners: string[];
}

/**
 * Every failure a sweep makes, in the fixed order: kind (section, site, risk group, owner),
 * then index in the network. A failure is named by its **code**, its rank in that order over
 * the whole network (a section's code is its index, a site's `sectionCount` + its index, …),
 * so that comparing codes compares failures; `failureOf` reads one back.
 */
export interface FailureList {
  /** The codes of the failures swept, ascending. */
  readonly codes: Int32Array;
  /** The sections failure p takes down are `deadSections[deadOffset[p] … deadOffset[p + 1])`. */
  readonly deadOffset: Int32Array;
  readonly deadSections: Int32Array;
  /** Failures swept, by kind. */
  readonly counts: Record<FailureKind, number>;
  readonly excluded: ResolvedExclusions;
}

/** The code of the first failure of each kind: sections, then sites, risk groups, owners. */
export function failureCodeBase(net: CompiledNetwork): Record<FailureKind, number> {
  const site = net.sectionCount;
  const riskGroup = site + net.siteCount;
  return { section: 0, site, riskGroup, owner: riskGroup + net.riskGroups.length };
}

/**
 * The failure a code names.
 *
 * @example
 * failureOf(net, net.sectionCount + net.siteIndex.get('POP-ABB')!); // { kind: 'site', id: 'POP-ABB' }
 */
export function failureOf(net: CompiledNetwork, code: number): Failure {
  const base = failureCodeBase(net);
  if (code < 0) throw new RangeError(`failureOf: no failure ${code}`);
  if (code < base.site) return { kind: 'section', id: net.sectionIds[code] };
  if (code < base.riskGroup) return { kind: 'site', id: net.siteIds[code - base.site] };
  if (code < base.owner) return { kind: 'riskGroup', id: net.riskGroups[code - base.riskGroup] };
  if (code < base.owner + net.owners.length) return { kind: 'owner', id: net.owners[code - base.owner] };
  throw new RangeError(`failureOf: no failure ${code}`);
}

/**
 * The kinds to sweep, checked: a non-empty list of `FAILURE_KINDS`, each once, in the fixed order.
 *
 * @example
 * failureKinds(['owner', 'site']); // ['site', 'owner']
 */
export function failureKinds(kinds: readonly string[] = FAILURE_KINDS): FailureKind[] {
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw new InvalidOptionError('kinds', `failureSweep: kinds must name at least one of ${FAILURE_KINDS.join(', ')}`);
  }
  for (const kind of kinds) {
    if (!(FAILURE_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidOptionError('kinds', `failureSweep: unknown failure kind "${kind}" (expected ${FAILURE_KINDS.join(', ')})`);
    }
  }
  return FAILURE_KINDS.filter((k) => kinds.includes(k));
}

/**
 * The failures of a sweep over `kinds` less the exclusions, with the sections each takes down:
 * a section itself; a site every section at it (excluded sections too: nothing passes a failed
 * site); a risk group or an owner its sections less the excluded ones. Throws
 * `UnknownReferenceError` (field `exclude.sections`, `exclude.sites`, `exclude.riskGroups` or
 * `exclude.owners`) for an id the analysed network does not hold.
 *
 * @example
 * const list = failureList(net, ['site', 'owner'], { owners: ['divers'] });
 * list.counts; // { section: 0, site: 113, riskGroup: 0, owner: 4 }
 */
export function failureList(net: CompiledNetwork, kinds: readonly FailureKind[], exclude: FailureExclusions = {}): FailureList {
  const m = net.sectionCount;
  const n = net.siteCount;
  const excludedSection = flags(m, exclude.sections, net.sectionIndex, 'exclude.sections', 'section');
  const excludedSite = flags(n, exclude.sites, net.siteIndex, 'exclude.sites', 'site');
  const excludedGroup = flags(net.riskGroups.length, exclude.riskGroups, indexOf(net.riskGroups), 'exclude.riskGroups', 'risk group');
  const excludedOwner = flags(net.owners.length, exclude.owners, indexOf(net.owners), 'exclude.owners', 'owner');
  const base = failureCodeBase(net);
  const codes: number[] = [];
  const offsets: number[] = [0];
  const dead: number[] = [];
  const counts: Record<FailureKind, number> = { section: 0, site: 0, riskGroup: 0, owner: 0 };
  const close = (kind: FailureKind, code: number) => {
    codes.push(code);
    offsets.push(dead.length);
    counts[kind]++;
  };
  const want = new Set(kinds);
  if (want.has('section')) {
    for (let e = 0; e < m; e++) {
      if (excludedSection[e]) continue;
      dead.push(e);
      close('section', e);
    }
  }
  if (want.has('site')) {
    for (let v = 0; v < n; v++) {
      if (excludedSite[v]) continue;
      for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) dead.push(net.adjSection[i]);
      close('site', base.site + v);
    }
  }
  if (want.has('riskGroup')) {
    // A section may name its group twice: each failed section once.
    const seen = new Int32Array(m).fill(-1);
    for (let g = 0; g < net.riskGroups.length; g++) {
      if (excludedGroup[g]) continue;
      for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) {
        const e = net.riskSections[k];
        if (excludedSection[e] || seen[e] === g) continue;
        seen[e] = g;
        dead.push(e);
      }
      close('riskGroup', base.riskGroup + g);
    }
  }
  if (want.has('owner')) {
    const { offset, items } = bucket(net.owners.length, net.sectionOwner, Int32Array.from({ length: m }, (_, e) => e));
    for (let o = 0; o < net.owners.length; o++) {
      if (excludedOwner[o]) continue;
      for (let k = offset[o]; k < offset[o + 1]; k++) if (!excludedSection[items[k]]) dead.push(items[k]);
      close('owner', base.owner + o);
    }
  }
  return {
    codes: Int32Array.from(codes),
    deadOffset: Int32Array.from(offsets),
    deadSections: Int32Array.from(dead),
    counts,
    excluded: {
      sections: sortedUnique(exclude.sections),
      sites: sortedUnique(exclude.sites),
      riskGroups: sortedUnique(exclude.riskGroups),
      owners: sortedUnique(exclude.owners),
    },
  };
}

function flags(size: number, ids: readonly string[] | undefined, index: IdLookup, field: string, what: string): Uint8Array {
  const out = new Uint8Array(size);
  for (const id of ids ?? []) {
    const i = index.get(id);
    if (i === undefined) throw new UnknownReferenceError(field, id, `failureSweep: no analysed ${what} "${id}" to exclude`);
    out[i] = 1;
  }
  return out;
}

function indexOf(values: readonly string[]): IdLookup {
  const map = new Map(values.map((v, i) => [v, i]));
  return { get: (id) => map.get(id), has: (id) => map.has(id) };
}

const sortedUnique = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])].sort(compareIds);
