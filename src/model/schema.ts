import { z } from 'zod';

/**
 * The `fibre-topology/1` format (docs/format.md): the single source of truth for the file
 * format, the API bodies and the TypeScript types. Structural checks only; the checks
 * that need the whole document (ids, references) live in `validate.ts`.
 */

export const FORMAT = 'fibre-topology/1';

export const Id = z.string().min(1, 'must be a non-empty string');
export const Status = z.enum(['existing', 'planned']);
export const SiteKind = z.enum(['headend', 'pop', 'nro', 'junction']);
const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);
const Position = z.tuple([Longitude, Latitude]).rest(z.number());
const Metres = z.number().finite().positive('must be > 0');
const Euros = z.number().finite().min(0);

/**
 * How a section's cable is laid, as a French RIP planner names it (docs/format.md): `duct`
 * conduite (fourreaux and chambres, the operator's or rented civil works), `buried` pleine terre
 * (cable or micro-duct laid directly in a trench), `aerial` aérien (poles), `bridge` ouvrage
 * d'art (bridge, viaduct, tunnel or canal crossing), `facade` façade (along building fronts).
 */
export const Installation = z.enum(['duct', 'buried', 'aerial', 'bridge', 'facade']);

export const Site = z.strictObject({
  id: Id,
  kind: SiteKind.describe('headend: where the network meets the outside world; pop: backbone aggregation site; nro: FTTH optical node serving subscribers; junction: any other point'),
  name: z.string().optional(),
  lon: Longitude,
  lat: Latitude,
  subscribers: z.number().int().min(0).optional().describe('FTTH lines (prises) served; default 0'),
  status: Status.optional().describe('default existing'),
  deploymentYear: z.number().int().min(1900).max(2200).optional()
    .describe('year the NRO is, or will be, in service: a work securing it is worth something from that year on (docs/analysis.md, "Planning"); default in service'),
});

export const Section = z.strictObject({
  id: Id,
  from: Id,
  to: Id,
  lengthM: Metres.describe('route length in metres'),
  owner: z.string().min(1).describe('owner or operator of the conduit'),
  status: Status.optional().describe('default existing'),
  capacityFibres: z.number().int().positive().optional(),
  usedFibres: z.number().int().min(0).optional().describe('fibres already used by others'),
  riskGroups: z.array(Id).optional().describe('sections of a group fail together (same trench, bridge, duct bank)'),
  installation: Installation.optional().describe('how the cable is laid: duct (conduite), buried (pleine terre), aerial (aérien), bridge (ouvrage d’art), facade (façade); default the failure model’s defaultInstallation'),
  geometry: z.array(Position).min(2).optional().describe('LineString coordinates, CRS84; default the straight line between the sites'),
});

export const RedundancyLink = z.strictObject({
  id: Id,
  priority: z.number().int().min(1),
  a: Id,
  b: Id,
  lengthM: Metres,
  costEur: Euros,
  owner: z.string().min(1),
  installation: Installation.optional().describe('how the new cable would be laid; default the failure model’s defaultInstallation'),
});

export const DesaturationWork = z.strictObject({
  id: Id,
  urgency: z.number().int().min(1),
  label: z.string(),
  sections: z.array(Id).min(1).describe('sections the work relieves'),
  owner: z.string().min(1),
  lengthM: Metres,
  costEur: Euros,
  addedCapacityFibres: z.number().int().positive().optional(),
});

const DeclaredTotal = z.strictObject({ lengthM: z.number(), costEur: z.number() });

export const DeclaredTotals = z.strictObject({
  redundancyLinks: DeclaredTotal.optional(),
  desaturationWorks: DeclaredTotal.optional(),
});

/** Cuts per 1 000 km of route per year: bounded so that a typo cannot make every section always down. */
const CutRate = z.number().finite().min(0).max(10_000);
/** Failure events per year of one element. */
const EventRate = z.number().finite().min(0).max(1_000);
/** Mean time to repair, hours: from 0 (no outage) to a year. */
const RepairHours = z.number().finite().min(0).max(8_760);

/** The failure figures of a kind of cable run: cuts per 1 000 km per year and mean time to repair. */
export const CableFailure = z.strictObject({
  cutsPer1000KmYear: CutRate.optional().describe('cable cuts per 1 000 km of route per year'),
  mttrHours: RepairHours.optional().describe('mean time to repair a cut, hours'),
});

/** The failure figures of one element that fails as a whole: events per year and mean time to repair. */
export const EventFailure = z.strictObject({
  ratePerYear: EventRate.optional().describe('failures per year'),
  mttrHours: RepairHours.optional().describe('mean time to repair, hours'),
});

/**
 * A conduit of another owner that the topology marks as rentable (docs/format.md): not part of the
 * analysed network, but a candidate for new links (`propose`) at its rent, € per metre.
 */
export const RentableConduit = z.strictObject({
  id: Id,
  from: Id,
  to: Id,
  lengthM: Metres.describe('route length in metres'),
  owner: z.string().min(1).describe('owner of the conduit'),
  eurPerM: Euros.describe('cost of laying a cable in it (rent, IRU or pulling), € HT per metre'),
  installation: Installation.optional().describe('how the conduit is laid; default duct'),
  geometry: z.array(Position).min(2).optional().describe('LineString coordinates, CRS84; default the straight line between the sites'),
});

/** A risk group's event (a dig-up in a trench, a bridge closed): its rate, repair time, or the length and installation it is derived from. */
export const RiskGroupFailure = z.strictObject({
  ratePerYear: EventRate.optional().describe('events per year that break every section of the group at once; default derived from lengthM and installation'),
  mttrHours: RepairHours.optional().describe('mean time to repair every section of the group, hours; default the longest repair of its sections'),
  lengthM: Metres.optional().describe('the length the sections share (the trench, the bridge); default the longest section of the group'),
  installation: Installation.optional().describe('how the shared length is laid; default that of the longest section'),
});

const byInstallation = <T extends z.ZodType>(value: T) =>
  z.strictObject({ duct: value.optional(), buried: value.optional(), aerial: value.optional(), bridge: value.optional(), facade: value.optional() });

/**
 * The failure model (docs/availability.md): every field optional, each overriding the built-in
 * default; `src/availability/failure-model.ts` resolves it.
 */
export const FailureModel = z.strictObject({
  defaultInstallation: Installation.optional().describe('installation of the sections and links that name none (default duct)'),
  installations: byInstallation(CableFailure).optional().describe('cuts per 1 000 km per year and repair time by installation'),
  owners: z.record(z.string().min(1).max(200), CableFailure).optional().describe('by conduit owner: replaces the installation’s figures for that owner’s sections'),
  sections: z.record(Id, CableFailure).optional().describe('by section (or redundancy link) id: replaces every other figure for that section'),
  siteKinds: z.strictObject({ headend: EventFailure.optional(), pop: EventFailure.optional(), nro: EventFailure.optional(), junction: EventFailure.optional() })
    .optional().describe('failures per year and repair time of a whole site, by kind'),
  sites: z.record(Id, EventFailure).optional().describe('by site id: replaces its kind’s figures'),
  riskGroups: z.record(Id, RiskGroupFailure).optional().describe('by risk group id'),
});

export const Topology = z.strictObject({
  format: z.literal(FORMAT),
  name: z.string().min(1),
  description: z.string().optional(),
  provenance: z.string().optional(),
  sites: z.array(Site),
  sections: z.array(Section),
  redundancyLinks: z.array(RedundancyLink).optional(),
  desaturationWorks: z.array(DesaturationWork).optional(),
  rentableConduits: z.array(RentableConduit).optional().describe('conduits of other owners a new link may be laid in (propose)'),
  declaredTotals: DeclaredTotals.optional(),
  failureModel: FailureModel.optional().describe('failure rates and repair times overriding the defaults (docs/availability.md)'),
});

export type Site = z.infer<typeof Site>;
export type Section = z.infer<typeof Section>;
export type RedundancyLink = z.infer<typeof RedundancyLink>;
export type DesaturationWork = z.infer<typeof DesaturationWork>;
export type RentableConduit = z.infer<typeof RentableConduit>;
export type DeclaredTotals = z.infer<typeof DeclaredTotals>;
export type Topology = z.infer<typeof Topology>;
export type SiteKind = z.infer<typeof SiteKind>;
export type Status = z.infer<typeof Status>;
export type Installation = z.infer<typeof Installation>;
export type FailureModel = z.infer<typeof FailureModel>;
