import { idOrder } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';
import { InvalidOptionError } from '../model/errors.js';
import type { Route } from './route.js';

/**
 * How diverse the two routes of an NRO must be, each level containing the one before it:
 * `section` no shared section; `site` no shared section nor site (the NRO and the head-ends
 * excepted); `risk-group` nor risk group; `owner` nor owner either (each owner taken as one
 * more risk group). docs/analysis.md, "Saturation", says why `site` is the default.
 */
export type RouteDiversity = 'section' | 'site' | 'risk-group' | 'owner';

/** The levels from the weakest to the strongest. */
export const ROUTE_DIVERSITIES: readonly RouteDiversity[] = Object.freeze(['section', 'site', 'risk-group', 'owner']);

/** A backup through the same POP fails with it (power, room, a fire): a planner does not call it a backup. */
export const DEFAULT_DIVERSITY: RouteDiversity = 'site';

/** What the two routes of a pair both use, as sorted ids. */
export interface RouteSharing {
  sections: string[];
  /** Sites both routes pass through, the NRO and the head-ends excepted. */
  sites: string[];
  riskGroups: string[];
  owners: string[];
}

/**
 * The diversity option checked: one of `ROUTE_DIVERSITIES`, the default when absent.
 *
 * @example
 * routeDiversity(undefined); // 'site'
 * routeDiversity('srlg'); // throws InvalidOptionError (field 'diversity')
 */
export function routeDiversity(value: string | undefined): RouteDiversity {
  if (value === undefined) return DEFAULT_DIVERSITY;
  if (!(ROUTE_DIVERSITIES as readonly string[]).includes(value)) {
    throw new InvalidOptionError('diversity', `routeDiversity: diversity must be one of ${ROUTE_DIVERSITIES.join(', ')}, got "${value}"`);
  }
  return value as RouteDiversity;
}

/**
 * What two routes from the same NRO share: sections, sites they both pass through (neither
 * the NRO nor a head-end), risk groups and owners with a section on each. Pure; the routes
 * must be walks from one site to their head-ends (as the router gives them).
 *
 * @example
 * routeSharing(net, routing.primary[k]!, routing.backup[k]!);
 * // { sections: [], sites: ['POP-ABB'], riskGroups: ['bridge-somme-abbeville'], owners: ['SMSN'] }
 */
export function routeSharing(net: CompiledNetwork, primary: Route, backup: Route): RouteSharing {
  const sectionsA = new Set(primary.sections);
  const sitesA = new Set(intermediateSites(net, primary));
  const groupsA = new Set<number>();
  const ownersA = new Set<number>();
  const { offset, groups } = sectionRiskGroups(net);
  for (const e of primary.sections) {
    for (let i = offset[e]; i < offset[e + 1]; i++) groupsA.add(groups[i]);
    ownersA.add(net.sectionOwner[e]);
  }
  const sections = new Set<number>();
  const sites = new Set<number>();
  const sharedGroups = new Set<number>();
  const owners = new Set<number>();
  for (const e of backup.sections) {
    if (sectionsA.has(e)) sections.add(e);
    for (let i = offset[e]; i < offset[e + 1]; i++) if (groupsA.has(groups[i])) sharedGroups.add(groups[i]);
    if (ownersA.has(net.sectionOwner[e])) owners.add(net.sectionOwner[e]);
  }
  for (const v of intermediateSites(net, backup)) if (sitesA.has(v) && !net.isHeadend[v]) sites.add(v);
  const byId = (ids: readonly string[], indices: Set<number>) => idOrder(ids).sorted([...indices]);
  return {
    sections: byId(net.sectionIds, sections),
    sites: byId(net.siteIds, sites),
    riskGroups: byId(net.riskGroups, sharedGroups),
    owners: byId(net.owners, owners),
  };
}

/**
 * The strongest level a pair reaches given what it shares; null when it shares a section
 * (no diversity at all).
 *
 * @example
 * diversityReached({ sections: [], sites: [], riskGroups: ['trench-D925'], owners: [] }); // 'site'
 */
export function diversityReached(sharing: RouteSharing): RouteDiversity | null {
  if (sharing.sections.length > 0) return null;
  if (sharing.sites.length > 0) return 'section';
  if (sharing.riskGroups.length > 0) return 'site';
  if (sharing.owners.length > 0) return 'risk-group';
  return 'owner';
}

/**
 * The sites a route passes through, in order, without its two ends (the NRO it starts from
 * and the head-end it reaches): walked back from the head-end.
 *
 * @example
 * intermediateSites(net, route); // Int32Array [site of POP-ABB, site of POP-AMI]
 */
export function intermediateSites(net: CompiledNetwork, route: Route): Int32Array {
  const count = route.sections.length;
  const sites = new Int32Array(Math.max(0, count - 1));
  let v = route.headend;
  for (let k = count - 1; k >= 1; k--) {
    const e = route.sections[k];
    v = otherEnd(net, e, v);
    sites[k - 1] = v;
  }
  return sites;
}

const otherEnd = (net: CompiledNetwork, e: number, v: number): number => {
  if (net.sectionFrom[e] === v) return net.sectionTo[e];
  if (net.sectionTo[e] === v) return net.sectionFrom[e];
  throw new RangeError(`intermediateSites: section ${e} does not continue the route at site ${v}`);
};

/** Section → risk groups and owner → sections, in CSR form. */
export interface SectionGroups {
  /** The risk groups of section e are `groups[offset[e] … offset[e + 1])`. */
  offset: Int32Array;
  groups: Int32Array;
}

const sectionGroupsOf = new WeakMap<CompiledNetwork, SectionGroups>();
const ownerSectionsOf = new WeakMap<CompiledNetwork, SectionGroups>();

/**
 * The risk groups of every section (the compiled network lists the sections of every group),
 * computed once per network. Read only.
 *
 * @example
 * const { offset, groups } = sectionRiskGroups(net);
 * groups.subarray(offset[e], offset[e + 1]); // the groups of section e
 */
export function sectionRiskGroups(net: CompiledNetwork): SectionGroups {
  let answer = sectionGroupsOf.get(net);
  if (!answer) {
    answer = transposed(net.riskOffset, net.riskSections, net.sectionCount);
    sectionGroupsOf.set(net, answer);
  }
  return answer;
}

/**
 * The sections of every owner (`groups[offset[o] … offset[o + 1])` for owner o), computed
 * once per network. Read only.
 *
 * @example
 * const { offset, groups: sections } = ownerSections(net);
 */
export function ownerSections(net: CompiledNetwork): SectionGroups {
  let answer = ownerSectionsOf.get(net);
  if (!answer) {
    const owners = net.owners.length;
    const offset = new Int32Array(owners + 1);
    for (let e = 0; e < net.sectionCount; e++) offset[net.sectionOwner[e] + 1]++;
    for (let o = 0; o < owners; o++) offset[o + 1] += offset[o];
    const cursor = offset.slice(0, owners);
    const groups = new Int32Array(net.sectionCount);
    for (let e = 0; e < net.sectionCount; e++) groups[cursor[net.sectionOwner[e]]++] = e;
    answer = { offset, groups };
    ownerSectionsOf.set(net, answer);
  }
  return answer;
}

/** The transpose of a CSR relation rows → items, as items → rows (rows in ascending order). */
function transposed(offset: Int32Array, items: Int32Array, itemCount: number): SectionGroups {
  const rows = offset.length - 1;
  const out = new Int32Array(itemCount + 1);
  for (let i = 0; i < items.length; i++) out[items[i] + 1]++;
  for (let x = 0; x < itemCount; x++) out[x + 1] += out[x];
  const cursor = out.slice(0, itemCount);
  const groups = new Int32Array(items.length);
  for (let g = 0; g < rows; g++) for (let i = offset[g]; i < offset[g + 1]; i++) groups[cursor[items[i]]++] = g;
  return { offset: out, groups };
}
