import type { SiteKind } from '../../model/schema.js';

/**
 * GraceTHD-MCD v2.0.1 code lists the importer reads, and how each maps onto
 * `fibre-topology/1`. Codes are compared in upper case.
 */

/**
 * `st_typelog` (l_site_type_log) → site kind. The NRO is the optical node of the network; it
 * becomes the head-end by default (see `import-gracethd.ts`). Sub-distribution frames (SRO,
 * also called PM, and SROL, the SRO inside an NRO) aggregate the drop network: `pop`.
 * Sites that host active equipment or patching (NRA copper exchanges and their variants,
 * HEBERG, BRASSAGE) are aggregation points too: `pop`. Copper sub-distributors (SRP, SRS,
 * SRT) and customer sites (CLIENT) are passed through: `junction`.
 */
export const SITE_KINDS: Readonly<Record<string, SiteKind>> = {
  NRO: 'nro',
  SRO: 'pop',
  SROL: 'pop',
  NRA: 'pop',
  NRAHD: 'pop',
  NRAMED: 'pop',
  NRAZO: 'pop',
  HEBERG: 'pop',
  BRASSAGE: 'pop',
  SRP: 'junction',
  SRS: 'junction',
  SRT: 'junction',
  CLIENT: 'junction',
};

/** `pt_typephy` (l_ptech_type_phy): every technical point is a `junction`; the label names it. */
export const PTECH_LABELS: Readonly<Record<string, string>> = {
  A: 'appui',
  C: 'chambre',
  F: 'ancrage façade',
  I: 'immeuble',
  Z: 'point technique',
};

/**
 * `*_avct` (l_avancement), the state of the works → section status. E existing and S in
 * service are `existing`; C to build and T under works are `planned`; H out of service and
 * A abandoned carry nothing: the pathway is left out (reported).
 */
export const AVANCEMENT: Readonly<Record<string, 'existing' | 'planned' | 'excluded'>> = {
  E: 'existing',
  S: 'existing',
  C: 'planned',
  T: 'planned',
  H: 'excluded',
  A: 'excluded',
};

/**
 * `*_statut` (l_statut): the phase of the study that produced the record (PRE … REC, MCO).
 * It says how far the *documents* went, not whether the conduit is in the ground, so it does
 * not set the status; it is only checked against the list.
 */
export const STATUTS: ReadonlySet<string> = new Set(['PRE', 'DIA', 'AVP', 'PRO', 'ACT', 'EXE', 'TVX', 'REC', 'MCO']);
