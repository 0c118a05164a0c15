import { UnknownReferenceError } from '../model/errors.js';
import { elementEnds, elementIndex } from '../model/id-index.js';
import type { SiteKind, Topology } from '../model/schema.js';
import { bucket } from './bucket.js';
import type { NetworkOptions } from './options.js';

export const SITE_KINDS: readonly SiteKind[] = ['headend', 'pop', 'nro', 'junction'];
export const KIND_NRO = SITE_KINDS.indexOf('nro');
const KIND_HEADEND = SITE_KINDS.indexOf('headend');
const KIND_NUMBER = Object.fromEntries(SITE_KINDS.map((kind, k) => [kind, k])) as Record<SiteKind, number>;

/**
 * The analysed network as flat typed arrays: sites and sections are numbered 0…n-1 and 0…m-1,
 * adjacency is in CSR form. Built in one linear pass over the document; never mutated after.
 * Typed arrays cannot be frozen, so immutability is a promise of the types and of every kernel.
 */
export interface CompiledNetwork {
  readonly siteCount: number;
  readonly sectionCount: number;
  readonly siteIds: readonly string[];
  readonly siteIndex: IdLookup;
  readonly siteNames: readonly (string | undefined)[];
  /** Index into SITE_KINDS. */
  readonly siteKind: Uint8Array;
  readonly subscribers: Float64Array;
  /** 1 where the site is a head-end of this analysis. */
  readonly isHeadend: Uint8Array;
  readonly headends: Int32Array;
  readonly sectionIds: readonly string[];
  readonly sectionIndex: ReadonlyMap<string, number>;
  readonly sectionFrom: Int32Array;
  readonly sectionTo: Int32Array;
  readonly lengthM: Float64Array;
  /** Index into `owners`. */
  readonly sectionOwner: Int32Array;
  readonly owners: readonly string[];
  /** NaN where unknown. */
  readonly capacityFibres: Float64Array;
  readonly usedFibres: Float64Array;
  /** Sections around site v are adjSection[adjOffset[v] … adjOffset[v+1]), leading to adjSite. */
  readonly adjOffset: Int32Array;
  readonly adjSection: Int32Array;
  readonly adjSite: Int32Array;
  readonly riskGroups: readonly string[];
  /** Sections of risk group g are riskSections[riskOffset[g] … riskOffset[g+1]). */
  readonly riskOffset: Int32Array;
  readonly riskSections: Int32Array;
}

/** The index of each id: what `siteIndex` and `sectionIndex` answer. */
export interface IdLookup {
  get(id: string): number | undefined;
  has(id: string): boolean;
}

interface SectionInput {
  id: string;
  from: string;
  to: string;
  lengthM: number;
  owner: string;
  capacityFibres?: number;
  usedFibres?: number;
  riskGroups?: readonly string[];
}

/**
 * Compiles the analysed part of a valid topology (docs/analysis.md): existing sites and sections,
 * planned ones too with `includePlanned`, and the redundancy links named in `withLinks`.
 *
 * @example
 * const net = compileNetwork(topology, { withLinks: ['R-01'] });
 * net.siteIds[net.headends[0]]; // 'HE-AMIENS'
 */
export function compileNetwork(topology: Topology, options: NetworkOptions = {}): CompiledNetwork {
  const includePlanned = options.includePlanned ?? false;
  const analysed = (status: string | undefined) => includePlanned || (status ?? 'existing') === 'existing';

  // Sites by the document's id table, which validation built, and their analysed numbers: at
  // 1e6 sections a table of their own and a second look-up of the sections' ends were a second.
  const documentIndex = elementIndex(topology.sites);
  const documentSites = topology.sites;
  const analysedSite = new Int32Array(documentSites.length);
  // The sites' fields read in the pass that numbers them: a second pass over a million site
  // objects missed the cache on each, and an array of them grown by push cost a tenth of a second.
  let siteIdList = new Array<string>(documentSites.length);
  let siteNames = new Array<string | undefined>(documentSites.length);
  let siteKind = new Uint8Array(documentSites.length);
  let subscribers = new Float64Array(documentSites.length);
  let n = 0;
  for (let i = 0; i < documentSites.length; i++) {
    const site = documentSites[i];
    if (!analysed(site.status)) {
      analysedSite[i] = -1;
      continue;
    }
    analysedSite[i] = n;
    siteIdList[n] = site.id;
    siteNames[n] = site.name;
    siteKind[n] = KIND_NUMBER[site.kind];
    subscribers[n++] = site.subscribers ?? 0;
  }
  if (n < documentSites.length) {
    siteIdList = siteIdList.slice(0, n);
    siteNames = siteNames.slice(0, n);
    siteKind = siteKind.slice(0, n);
    subscribers = subscribers.slice(0, n);
  }
  const siteNumber = (i: number) => (i < 0 ? -1 : analysedSite[i]);
  const siteIndex: IdLookup = {
    get: (id) => {
      const v = siteNumber(documentIndex.indexOf(id));
      return v < 0 ? undefined : v;
    },
    has: (id) => siteNumber(documentIndex.indexOf(id)) >= 0,
  };

  const links = linkSections(topology, options.withLinks ?? [], siteIndex);
  const most = topology.sections.length + links.length;
  const sectionFrom = new Int32Array(most);
  const sectionTo = new Int32Array(most);
  const lengthM = new Float64Array(most);
  const sectionOwner = new Int32Array(most);
  const capacityFibres = new Float64Array(most);
  const usedFibres = new Float64Array(most);
  const sectionIds: string[] = [];
  const owners = new Interner();
  const groups = new Interner();
  const groupOf: number[] = [];
  const groupSection: number[] = [];
  // Degrees are counted in place of the offsets (site u's at u), then summed into them.
  const adjOffset = new Int32Array(n + 1);

  // One pass, the ends looked up in a batch: a section is analysed when it and both its sites are.
  let m = 0;
  const add = (s: SectionInput, u: number, v: number) => {
    if (u < 0 || v < 0) return;
    const e = m++;
    sectionIds.push(s.id);
    sectionFrom[e] = u;
    sectionTo[e] = v;
    adjOffset[u]++;
    adjOffset[v]++;
    lengthM[e] = s.lengthM;
    sectionOwner[e] = owners.intern(s.owner);
    capacityFibres[e] = s.capacityFibres ?? Number.NaN;
    usedFibres[e] = s.usedFibres ?? 0;
    const riskGroups = s.riskGroups;
    if (riskGroups === undefined) return;
    for (const g of riskGroups) {
      groupOf.push(groups.intern(g));
      groupSection.push(e);
    }
  };
  const { sections } = topology;
  const ends = elementEnds(sections, 'from', 'to', topology.sites);
  for (let k = 0; k < sections.length; k++) if (analysed(sections[k].status)) add(sections[k], siteNumber(ends[2 * k]), siteNumber(ends[2 * k + 1]));
  for (const s of links) add(s, siteNumber(documentIndex.indexOf(s.from)), siteNumber(documentIndex.indexOf(s.to)));
  let sectionIndex: Map<string, number> | undefined;

  // Each site's sections in ascending order, placed from the end of its range with the sections
  // taken last to first, so that the offsets serve as the cursors (no array of them): the
  // offset of site v is first the end of its range, then its start.
  for (let v = 1; v < n; v++) adjOffset[v] += adjOffset[v - 1];
  adjOffset[n] = 2 * m;
  const adjSection = new Int32Array(2 * m);
  const adjSite = new Int32Array(2 * m);
  for (let e = m - 1; e >= 0; e--) {
    const u = sectionFrom[e];
    const v = sectionTo[e];
    const j = --adjOffset[v];
    adjSection[j] = e;
    adjSite[j] = u;
    const i = --adjOffset[u];
    adjSection[i] = e;
    adjSite[i] = v;
  }
  const { offset: riskOffset, items: riskSections } = bucket(groups.size, groupOf, groupSection);
  const headends = headendIndices(siteKind, siteIndex, options.headends);
  const isHeadend = new Uint8Array(n);
  for (const h of headends) isHeadend[h] = 1;

  return {
    siteCount: n,
    sectionCount: m,
    siteIds: siteIdList,
    siteIndex,
    siteNames,
    siteKind,
    subscribers,
    isHeadend,
    headends,
    sectionIds,
    // Built on first use: the kernels never look a section up by id.
    get sectionIndex() {
      sectionIndex ??= new Map(sectionIds.map((id, e) => [id, e]));
      return sectionIndex;
    },
    sectionFrom: sectionFrom.subarray(0, m),
    sectionTo: sectionTo.subarray(0, m),
    lengthM: lengthM.subarray(0, m),
    sectionOwner: sectionOwner.subarray(0, m),
    owners: owners.values,
    capacityFibres: capacityFibres.subarray(0, m),
    usedFibres: usedFibres.subarray(0, m),
    adjOffset,
    adjSection,
    adjSite,
    riskGroups: groups.values,
    riskOffset,
    riskSections,
  };
}

function linkSections(topology: Topology, ids: readonly string[], siteIndex: IdLookup): SectionInput[] {
  if (ids.length === 0) return [];
  const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
  const sectionIds = new Set(topology.sections.map((s) => s.id));
  return [...new Set(ids)].map((id) => {
    const link = links.get(id);
    if (!link) throw new UnknownReferenceError('withLink', id, `compileNetwork: unknown redundancy link "${id}"`);
    if (sectionIds.has(id)) {
      throw new UnknownReferenceError('withLink', id, `compileNetwork: redundancy link "${id}" has the id of a section`);
    }
    for (const end of [link.a, link.b]) {
      if (!siteIndex.has(end)) {
        throw new UnknownReferenceError('withLink', id,
          `compileNetwork: redundancy link "${id}" ends at site "${end}", which is not analysed (planned? add includePlanned)`);
      }
    }
    return { id, from: link.a, to: link.b, lengthM: link.lengthM, owner: link.owner };
  });
}

function headendIndices(siteKind: Uint8Array, siteIndex: IdLookup, named?: readonly string[]): Int32Array {
  if (!named || named.length === 0) {
    const found: number[] = [];
    for (let v = 0; v < siteKind.length; v++) if (siteKind[v] === KIND_HEADEND) found.push(v);
    return Int32Array.from(found);
  }
  return Int32Array.from(new Set(named), (id) => {
    const index = siteIndex.get(id);
    if (index === undefined) {
      throw new UnknownReferenceError('headend', id, `compileNetwork: head-end "${id}" is not an analysed site`);
    }
    return index;
  });
}


class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  get size() {
    return this.values.length;
  }

  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}
