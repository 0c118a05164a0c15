import type { SiteKind } from '../../../model/schema.js';

/**
 * How one GraceTHD version names the tables and fields the importer reads. One object per
 * version (`v2-0-1.ts`, `v2-0-2.ts`, `v3.ts`); the importer reads a delivery only through it.
 * Field names are lower case, as the readers give them.
 */

/** The versions the importer reads. `3.x` covers 3.0, 3.0.1 and 3.1 (same tables and fields read). */
export type GracethdVersion = '2.0.1' | '2.0.2' | '3.x';
export const VERSIONS: readonly GracethdVersion[] = ['2.0.1', '2.0.2', '3.x'];

/** State of the works (`*_avct`, l_avancement) → section status. */
export type WorksState = 'existing' | 'planned' | 'excluded';

/** Logical use of a cable or pathway (`*_typelog`, l_infra_type_log / l_cable_chem_type_log). */
export type NetworkLevel = 'collecte' | 'transport' | 'distribution' | 'raccordement' | 'other';

export interface NodeMapping {
  table: string;
  code: string;
  /** Node type (v2 `nd_type`); v3 nodes carry none. */
  type?: string;
}

export interface PathwayMapping {
  table: string;
  code: string;
  /** The two end-node fields, in order (`from`, `to`). */
  ends: readonly [string, string];
  /** Length fields, best first: the first non-empty positive one is the length. Empty: geometry only. */
  lengths: readonly string[];
  /** Phase of the study (l_statut), only checked against `statutValues`. */
  statut: string;
  statutValues: ReadonlySet<string>;
  /** State of the works and what each code means. */
  state: string;
  stateValues: Readonly<Record<string, WorksState>>;
  /** Owner fields on the pathway itself, best first (v3); empty when owners come from ducts (v2). */
  owner: readonly string[];
  /** Logical type of the pathway and the level each code marks. */
  typelog: string;
}

export interface TechnicalSiteMapping {
  table: string;
  code: string;
  node: string;
  name: string;
  typelog: string;
  /** `typelog` code → site kind; `null`: a customer site, which gives the node no kind nor name. */
  kinds: Readonly<Record<string, SiteKind | null>>;
  /** Codes of `typelog` whose sites are the default head-ends (the "tête de réseau"). */
  headOfNetwork: readonly string[];
  /** A boolean field that marks a copper exchange (NRA) on the site (v3 `st_nra`): kind `pop`. */
  nraFlag?: string;
}

/** v3 `t_local`: the rooms (technical or subscriber premises) of a site. */
export interface LocalMapping {
  table: string;
  code: string;
  site: string;
  typelog: string;
  /** `typelog` code → kind it gives its site (NRO, SRO rooms). */
  kinds: Readonly<Record<string, SiteKind>>;
  /** `typelog` codes of subscriber premises: each such local is one subscriber on its site's node. */
  subscriberTypes: ReadonlySet<string>;
}

export interface TechnicalPointMapping {
  table: string;
  code: string;
  node: string;
  label: string;
  typephy: string;
  /** `typephy` code → word naming the point. */
  labels: Readonly<Record<string, string>>;
}

/** Where subscribers come from: one per subscriber unit (v2 t_suf) or per subscriber local (v3). */
export type SubscriberMapping =
  | { from: 'units'; table: string; code: string; node: string }
  | { from: 'locals' };

export interface DuctMapping {
  table: string;
  code: string;
  /** Owner fields, best first (`cd_prop`, then `cd_gest`). */
  owner: readonly string[];
  /** The duct-on-pathway link table. */
  link: { table: string; duct: string; pathway: string };
}

export interface CableMapping {
  table: string;
  code: string;
  ends: readonly [string, string];
  capacity: string;
  used: string;
  available: string;
  typelog: string;
}

/** How cables are placed on pathways: through ducts (v2 t_cab_cond) or directly (v3 t_cab_chem). */
export type CableLinkMapping =
  | { via: 'duct'; table: string; cable: string; duct: string }
  | { via: 'pathway'; table: string; cable: string; pathway: string };

export interface OrganisationMapping {
  table: string;
  code: string;
  name: string;
}

/** Addresses: documented for each version; subscriber counts per address are not read yet. */
export interface AddressMapping {
  table: string;
  code: string;
  /** Premises counts per address (e.g. residential, professional). */
  counts: readonly string[];
}

/**
 * Risk groups (sections that fail together: one trench, bridge or duct bank) in a table of
 * fibre-resilience's own, beside the GraceTHD tables: GraceTHD has no link from a pathway to
 * the trench it shares (v3 `t_tranchee` is tied to pathway ends, not to pathways). One row per
 * group and pathway; the importer reads it when a delivery holds it (the exporter writes it).
 */
export interface RiskGroupMapping {
  table: string;
  group: string;
  pathway: string;
}

/** The risk-group table, the same in every version. */
export const RISK_GROUP_TABLE: RiskGroupMapping = { table: 'fibre_risk_group', group: 'rg_code', pathway: 'rg_cm_code' };

export interface GracethdMapping {
  version: GracethdVersion;
  label: string;
  /** Where the names come from (repository, path, commit). */
  sources: readonly string[];
  /** Geometry columns of a table delivered as CSV (WKT). */
  geometryColumns: readonly string[];
  nodes: NodeMapping;
  pathways: PathwayMapping;
  technicalSites: TechnicalSiteMapping;
  locals?: LocalMapping;
  technicalPoints: TechnicalPointMapping;
  subscribers: SubscriberMapping;
  ducts?: DuctMapping;
  cables: CableMapping;
  cableLinks: CableLinkMapping;
  organisations: OrganisationMapping;
  addresses: AddressMapping;
  /** fibre-resilience's risk-group table (not a GraceTHD table: its absence is no finding). */
  riskGroups: RiskGroupMapping;
  /** Logical type codes (cables and pathways) → network levels they carry. */
  levels: Readonly<Record<string, readonly NetworkLevel[]>>;
  /** Tables whose presence marks this version (detection). */
  markerTables: readonly string[];
  /** The rule that picks the default head-ends, as the report says it. */
  headendRule: string;
  /** One sentence for the topology's provenance: where sites, sections, owners, capacity, subscribers come from. */
  provenance: string;
}

/** Every table a mapping reads, in a stable order. */
export function mappingTables(m: GracethdMapping): string[] {
  const names = [
    m.nodes.table,
    m.pathways.table,
    m.technicalSites.table,
    m.technicalPoints.table,
    m.ducts?.link.table,
    m.ducts?.table,
    m.cableLinks.table,
    m.cables.table,
    m.organisations.table,
    m.subscribers.from === 'units' ? m.subscribers.table : undefined,
    m.locals?.table,
    m.riskGroups.table,
  ];
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** Tables without which there is no network to import. */
export const requiredTables = (m: GracethdMapping): string[] => [m.nodes.table, m.pathways.table];
