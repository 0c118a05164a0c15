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

export const Site = z.strictObject({
  id: Id,
  kind: SiteKind.describe('headend: where the network meets the outside world; pop: backbone aggregation site; nro: FTTH optical node serving subscribers; junction: any other point'),
  name: z.string().optional(),
  lon: Longitude,
  lat: Latitude,
  subscribers: z.number().int().min(0).optional().describe('FTTH lines (prises) served; default 0'),
  status: Status.optional().describe('default existing'),
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

export const Topology = z.strictObject({
  format: z.literal(FORMAT),
  name: z.string().min(1),
  description: z.string().optional(),
  provenance: z.string().optional(),
  sites: z.array(Site),
  sections: z.array(Section),
  redundancyLinks: z.array(RedundancyLink).optional(),
  desaturationWorks: z.array(DesaturationWork).optional(),
  declaredTotals: DeclaredTotals.optional(),
});

export type Site = z.infer<typeof Site>;
export type Section = z.infer<typeof Section>;
export type RedundancyLink = z.infer<typeof RedundancyLink>;
export type DesaturationWork = z.infer<typeof DesaturationWork>;
export type DeclaredTotals = z.infer<typeof DeclaredTotals>;
export type Topology = z.infer<typeof Topology>;
export type SiteKind = z.infer<typeof SiteKind>;
export type Status = z.infer<typeof Status>;
