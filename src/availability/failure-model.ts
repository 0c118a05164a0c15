import type { z } from 'zod';
import { type CompiledNetwork, SITE_KINDS } from '../graph/compile.js';
import { InvalidOptionError, UnknownReferenceError } from '../model/errors.js';
import { FailureModel, Installation, type SiteKind, type Topology } from '../model/schema.js';

/**
 * The failure model (docs/availability.md): what fails, how often and for how long. Its zod
 * schema lives with the format (`src/model/schema.ts`, as the topology's `failureModel`) and is
 * re-exported here, where it is resolved against the defaults and turned into rates.
 */
export { FailureModel, Installation };
export type FailureModelInput = z.input<typeof FailureModel>;
export type InstallationKind = z.infer<typeof Installation>;

/** Hours in the (365-day) year the rates are counted in. */
export const HOURS_PER_YEAR = 8760;
export const INSTALLATIONS: readonly InstallationKind[] = Installation.options;

export interface CableFigures {
  cutsPer1000KmYear: number;
  mttrHours: number;
}
export interface EventFigures {
  ratePerYear: number;
  mttrHours: number;
}
type Partial2<T> = { [K in keyof T]?: T[K] };
export interface RiskGroupFigures extends Partial2<EventFigures> {
  lengthM?: number;
  installation?: InstallationKind;
}

/** The failure model with every default filled in: what an answer echoes as `model`. */
export interface ResolvedFailureModel {
  defaultInstallation: InstallationKind;
  installations: Record<InstallationKind, CableFigures>;
  owners: Record<string, Partial2<CableFigures>>;
  sections: Record<string, Partial2<CableFigures>>;
  siteKinds: Record<SiteKind, EventFigures>;
  sites: Record<string, Partial2<EventFigures>>;
  riskGroups: Record<string, RiskGroupFigures>;
}

/**
 * The built-in figures, each with where it comes from. Published figures for cable cuts and
 * repair times vary by a factor of two or more between operators and decades: these are orders
 * of magnitude to start from, and every one is overridden by the topology's `failureModel` or by
 * the request's. Sources (docs/availability.md lists them with what each says):
 * - [V05] S. Verbrugge et al., "General availability model for multilayer transport networks",
 *   DRCN 2005: cable cuts of the order of 3–4 per 1 000 km of buried cable per year, mean time
 *   to repair 12–24 h.
 * - [FCC] the FCC/NRIC outage figures of the 1990s for long-distance cable, as commonly quoted
 *   (e.g. W. D. Grover, "Mesh-Based Survivable Networks", Prentice Hall, 2003, ch. 3): about 4.4
 *   cuts per 1 000 sheath-miles per year, i.e. about 2.7 per 1 000 km, roughly half dig-ups.
 * - [N2P] Net2Plan, `Report_availability` (girtel/Net2Plan): default MTTF 8 748 h (one failure
 *   a year) and MTTR 12 h for every risk, its generic starting point.
 * - [G911] ITU-T G.911, "Parameters and calculation methodologies for reliability and
 *   availability of fibre optic systems": unavailability = MTTR / (MTTF + MTTR), as used here.
 * - [GTR] a "GTR 4 h" (garantie de temps de rétablissement) is the common repair commitment of
 *   French wholesale fibre and site offers: our repair time for powered sites.
 * Figures marked "assumption" have no published per-kilometre source we can name; they are our
 * engineering judgement, stated so that a planner replaces them with the operator's statistics.
 */
export const DEFAULTS: ResolvedFailureModel = {
  // Most RIP backbones run in ducts (their own civil works or rented ones).
  defaultInstallation: 'duct',
  installations: {
    // Conduite: [V05]'s low end and [FCC]'s 2.7/1 000 km (ducts protect the cable; the cut is
    // found between two chambers); MTTR 12 h, [V05]'s low end and [N2P]'s default.
    duct: { cutsPer1000KmYear: 3, mttrHours: 12 },
    // Pleine terre: [V05]'s high end for both (directly buried cable is the dig-up's victim and
    // must be dug out to be spliced).
    buried: { cutsPer1000KmYear: 4, mttrHours: 24 },
    // Aérien: assumption, twice the duct rate (storms, vehicles, falling trees; [FCC]'s
    // dig-ups do not apply but everything else does) and a shorter repair (no digging).
    aerial: { cutsPer1000KmYear: 6, mttrHours: 8 },
    // Ouvrage d'art: assumption, a duct's rate on the structure, a long repair (access to the
    // structure needs its owner's authorisation and often night work).
    bridge: { cutsPer1000KmYear: 3, mttrHours: 48 },
    // Façade: assumption, between duct and aerial (façade works, ravalements), a short repair.
    facade: { cutsPer1000KmYear: 5, mttrHours: 8 },
  },
  owners: {},
  sections: {},
  siteKinds: {
    // A whole site lost (power beyond its batteries, fire, flood): assumption, once in ten years
    // for the powered sites, far below [N2P]'s generic once a year, repaired within a [GTR] 4 h.
    headend: { ratePerYear: 0.1, mttrHours: 4 },
    pop: { ratePerYear: 0.1, mttrHours: 4 },
    nro: { ratePerYear: 0.1, mttrHours: 4 },
    // A passive point (chamber, splice closure) crushed or flooded: assumption, once a century,
    // repaired as a cable is ([V05], [N2P]: 12 h).
    junction: { ratePerYear: 0.01, mttrHours: 12 },
  },
  sites: {},
  riskGroups: {},
};

/** Rate, repair time and steady-state unavailability of each element of one kind, by index. */
export interface ElementRates {
  /** Failures (cuts, events) per year. */
  ratePerYear: Float64Array;
  mttrHours: Float64Array;
  /** Probability of being down at a random instant: λ·MTTR / (8760 + λ·MTTR) [G911]. */
  unavailability: Float64Array;
}

/** The rates of every element of a network under a resolved failure model. */
export interface FailureRates {
  model: ResolvedFailureModel;
  /** By section index; `installation` is an index into `INSTALLATIONS`. */
  sections: ElementRates & { installation: Uint8Array };
  /** By site index. */
  sites: ElementRates;
  /** By risk-group index (`net.riskGroups`); `lengthM` is the shared length the rate was derived from. */
  riskGroups: ElementRates & { lengthM: Float64Array };
}

export interface FailureRatesOptions {
  /** Overrides on top of the topology's `failureModel`, field by field (the request's or `--failure-model`'s). */
  model?: FailureModelInput;
  /** The model already resolved (`failureModelOf`), for many networks of one topology: `model` and the topology's are then not read. */
  resolved?: ResolvedFailureModel;
}

/**
 * The steady-state unavailability of an element failing `ratePerYear` times a year for
 * `mttrHours` each time: MTTR / (MTTF + MTTR) with MTTF = 8760 / λ.
 *
 * @example
 * unavailability(1, 12); // 12 / 8772 ≈ 0.001368
 */
export function unavailability(ratePerYear: number, mttrHours: number): number {
  const down = ratePerYear * mttrHours;
  return down / (HOURS_PER_YEAR + down);
}

/**
 * The defaults, overridden by the topology's failure model, overridden by the request's, field
 * by field (an override of `installations.duct.mttrHours` keeps the duct's cut rate).
 *
 * @example
 * resolveFailureModel({ installations: { duct: { mttrHours: 8 } } }).installations.duct; // { cutsPer1000KmYear: 3, mttrHours: 8 }
 */
export function resolveFailureModel(...models: (FailureModelInput | undefined)[]): ResolvedFailureModel {
  // Records keyed by ids have no prototype: an owner named "constructor" is an owner like another.
  const resolved: ResolvedFailureModel = {
    ...structuredClone(DEFAULTS),
    owners: Object.create(null),
    sections: Object.create(null),
    sites: Object.create(null),
    riskGroups: Object.create(null),
  };
  for (const model of models) {
    if (!model) continue;
    if (model.defaultInstallation) resolved.defaultInstallation = model.defaultInstallation;
    for (const kind of INSTALLATIONS) Object.assign(resolved.installations[kind], defined(model.installations?.[kind]));
    for (const kind of SITE_KINDS) Object.assign(resolved.siteKinds[kind], defined(model.siteKinds?.[kind]));
    mergeRecords(resolved.owners, model.owners);
    mergeRecords(resolved.sections, model.sections);
    mergeRecords(resolved.sites, model.sites);
    mergeRecords(resolved.riskGroups, model.riskGroups);
  }
  return resolved;
}

/**
 * The failure model of a topology: the defaults, its `failureModel`, then `model` (a request's),
 * which is parsed with its bounds and whose ids are checked against the topology. Throws
 * `InvalidOptionError` (a value out of bounds) or `UnknownReferenceError` (an id the topology
 * does not hold), each naming the field.
 *
 * @example
 * failureModelOf(topology, { siteKinds: { headend: { ratePerYear: 0.5 } } }).siteKinds.headend; // { ratePerYear: 0.5, mttrHours: 4 }
 */
export function failureModelOf(
  topology: Pick<Topology, 'sites' | 'sections' | 'redundancyLinks' | 'failureModel'>,
  model?: FailureModelInput,
): ResolvedFailureModel {
  return resolveFailureModel(topology.failureModel, model === undefined ? undefined : checkedModel(model, topology));
}

/**
 * Every element's failure rate, repair time and unavailability (docs/availability.md):
 * - a section: cuts per 1 000 km per year × its length, the figures of its installation unless
 *   its owner's, or its own (`failureModel.sections`), replace them; a redundancy link added by
 *   the scenario is a section like the others (its `installation` or the default);
 * - a site: the figures of its kind unless its own replace them (a head-end too);
 * - a risk group: one event breaks all its sections. Unless given, its rate is the cut rate of
 *   the shared length — taken as long as its longest section, laid as that section is — and its
 *   repair time is the longest of its sections'. Each section keeps its own rate besides.
 *
 * The installation of each section is read from the topology by id, once: the compiled network
 * does not carry it.
 *
 * @example
 * const rates = failureRates(net, topology);
 * rates.sections.unavailability[net.sectionIndex.get('S-017')!]; // ≈ 6e-5 for 15 km of duct
 */
export function failureRates(
  net: CompiledNetwork,
  topology: Pick<Topology, 'sites' | 'sections' | 'redundancyLinks' | 'failureModel'>,
  options: FailureRatesOptions = {},
): FailureRates {
  const model = options.resolved ?? failureModelOf(topology, options.model);
  const installationIndex = new Map(INSTALLATIONS.map((kind, i) => [kind, i]));
  const fallback = installationIndex.get(model.defaultInstallation) ?? 0;

  const m = net.sectionCount;
  const sections = { ...elementRates(m), installation: sectionInstallations(net, topology, installationIndex, fallback) };
  const ownerFigures = net.owners.map((owner) => model.owners[owner]);
  const hasSectionOverrides = Object.keys(model.sections).length > 0;
  const figuresOf = (e: number, installation: number) => {
    const base = model.installations[INSTALLATIONS[installation]];
    const owner = ownerFigures[net.sectionOwner[e]];
    const own = hasSectionOverrides ? model.sections[net.sectionIds[e]] : undefined;
    return {
      cuts: own?.cutsPer1000KmYear ?? owner?.cutsPer1000KmYear ?? base.cutsPer1000KmYear,
      mttr: own?.mttrHours ?? owner?.mttrHours ?? base.mttrHours,
    };
  };
  for (let e = 0; e < m; e++) {
    const { cuts, mttr } = figuresOf(e, sections.installation[e]);
    setRate(sections, e, (cuts * net.lengthM[e]) / 1e6, mttr);
  }

  const sites = elementRates(net.siteCount);
  const hasSiteOverrides = Object.keys(model.sites).length > 0;
  for (let v = 0; v < net.siteCount; v++) {
    const kind = model.siteKinds[SITE_KINDS[net.siteKind[v]]];
    const own = hasSiteOverrides ? model.sites[net.siteIds[v]] : undefined;
    setRate(sites, v, own?.ratePerYear ?? kind.ratePerYear, own?.mttrHours ?? kind.mttrHours);
  }

  const groupCount = net.riskGroups.length;
  const riskGroups = { ...elementRates(groupCount), lengthM: new Float64Array(groupCount) };
  for (let g = 0; g < groupCount; g++) {
    const own = model.riskGroups[net.riskGroups[g]];
    let longest = -1;
    let mttr = 0;
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) {
      const e = net.riskSections[k];
      if (longest < 0 || net.lengthM[e] > net.lengthM[longest]) longest = e;
      mttr = Math.max(mttr, sections.mttrHours[e]);
    }
    if (longest < 0) continue;
    const installation = own?.installation === undefined ? sections.installation[longest] : (installationIndex.get(own.installation) ?? fallback);
    const shared = figuresOf(longest, installation);
    const lengthM = own?.lengthM ?? net.lengthM[longest];
    riskGroups.lengthM[g] = lengthM;
    setRate(riskGroups, g, own?.ratePerYear ?? (shared.cuts * lengthM) / 1e6, own?.mttrHours ?? Math.max(mttr, shared.mttr));
  }
  return { model, sections, sites, riskGroups };
}

function elementRates(n: number): ElementRates {
  return { ratePerYear: new Float64Array(n), mttrHours: new Float64Array(n), unavailability: new Float64Array(n) };
}

function setRate(rates: ElementRates, i: number, ratePerYear: number, mttrHours: number): void {
  rates.ratePerYear[i] = ratePerYear;
  rates.mttrHours[i] = mttrHours;
  rates.unavailability[i] = unavailability(ratePerYear, mttrHours);
}

/**
 * Each analysed section's installation index. The compiled sections are the document's, in its
 * order, less those not analysed, then the scenario's links: one walk matches them by id.
 */
function sectionInstallations(
  net: CompiledNetwork,
  topology: Pick<Topology, 'sections' | 'redundancyLinks'>,
  index: ReadonlyMap<string, number>,
  fallback: number,
): Uint8Array {
  const installation = new Uint8Array(net.sectionCount).fill(fallback);
  const { sectionIds } = net;
  let e = 0;
  for (const section of topology.sections) {
    if (e === sectionIds.length) break;
    if (section.id !== sectionIds[e]) continue;
    if (section.installation !== undefined) installation[e] = index.get(section.installation) ?? fallback;
    e++;
  }
  if (e < sectionIds.length) {
    const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
    for (; e < sectionIds.length; e++) {
      const kind = links.get(sectionIds[e])?.installation;
      if (kind !== undefined) installation[e] = index.get(kind) ?? fallback;
    }
  }
  return installation;
}

/**
 * A failure model given with a request: parsed with its bounds, and every id it names checked
 * against the topology (ids of elements that the scenario does not analyse are fine).
 */
function checkedModel(input: FailureModelInput, topology: Pick<Topology, 'sites' | 'sections' | 'redundancyLinks'>): FailureModelInput {
  const parsed = FailureModel.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['failureModel', ...issue.path.map(String)].join('.');
    throw new InvalidOptionError(field, `failureRates: ${field}: ${issue.message}`);
  }
  const model = parsed.data;
  const lazily = <T>(make: () => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const siteIds = lazily(() => new Set(topology.sites.map((s) => s.id)));
  const sectionIds = lazily(() => new Set([...topology.sections.map((s) => s.id), ...(topology.redundancyLinks ?? []).map((l) => l.id)]));
  const groups = lazily(() => new Set(topology.sections.flatMap((s) => s.riskGroups ?? [])));
  const owners = lazily(() => new Set([...topology.sections.map((s) => s.owner), ...(topology.redundancyLinks ?? []).map((l) => l.owner)]));
  const known: [keyof FailureModelInput, string, () => Set<string>][] = [
    ['sites', 'site', siteIds], ['sections', 'section or redundancy link', sectionIds], ['riskGroups', 'risk group', groups], ['owners', 'owner', owners],
  ];
  for (const [field, what, ids] of known) {
    for (const id of Object.keys((model[field] as Record<string, unknown> | undefined) ?? {})) {
      if (!ids().has(id)) throw new UnknownReferenceError(`failureModel.${field}`, id, `failureRates: failureModel.${field} names unknown ${what} "${id}"`);
    }
  }
  return model;
}

/** The fields of an override that are set (zod leaves absent optional fields absent, but a caller may pass undefined). */
function defined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, x]) => x !== undefined)) as Partial<T>;
}

function mergeRecords<T extends object>(into: Record<string, T>, from: Record<string, T> | undefined): void {
  if (!from) return;
  for (const [id, value] of Object.entries(from)) {
    Object.defineProperty(into, id, { value: { ...into[id], ...defined(value) }, enumerable: true, writable: true, configurable: true });
  }
}
