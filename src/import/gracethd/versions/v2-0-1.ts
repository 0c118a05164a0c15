import { AVANCEMENT, PTECH_LABELS, SITE_KINDS, STATUTS } from '../codes.js';
import { type GracethdMapping, type NetworkLevel, RISK_GROUP_TABLE } from './mapping.js';

/**
 * `l_infra_type_log` (GraceTHD v2 `cb_typelog`, `cm_typelog`): the network levels each code
 * carries. The same codes are in v3's `l_cable_chem_type_log`.
 */
export const INFRA_LEVELS: Readonly<Record<string, readonly NetworkLevel[]>> = {
  CX: ['collecte', 'transport', 'distribution'],
  CO: ['collecte'],
  CT: ['collecte', 'transport'],
  CD: ['collecte', 'distribution'],
  TD: ['transport', 'distribution'],
  TR: ['transport'],
  DI: ['distribution'],
  RA: ['raccordement'],
  BM: ['other'],
  LH: ['other'],
  NC: ['other'],
};

/**
 * GraceTHD-MCD v2.0.1, from `sql_postgis/gracethd_30_tables.sql` and `db_shpcsv/l_*.csv` of
 * GraceTHD-community/GraceTHD-MCD at e38918cff7bb374b33911b4f5f466b700cdb9d67 (see
 * docs/gracethd.md). Pathways join nodes; ducts (t_conduite) lie in pathways (t_cond_chem);
 * cables lie in ducts (t_cab_cond); subscriber units (t_suf) sit on nodes.
 */
/** `t_cable`, whose fields the importer reads are the same in v2 and v3. */
export const CABLES: GracethdMapping['cables'] = {
  table: 't_cable',
  code: 'cb_code',
  ends: ['cb_nd1', 'cb_nd2'],
  capacity: 'cb_capafo',
  used: 'cb_fo_util',
  available: 'cb_fo_disp',
  typelog: 'cb_typelog',
};

export const V2_0_1: GracethdMapping = {
  version: '2.0.1',
  label: 'GraceTHD v2.0.1',
  sources: ['GraceTHD-community/GraceTHD-MCD@e38918cff7bb374b33911b4f5f466b700cdb9d67:sql_postgis/gracethd_30_tables.sql'],
  geometryColumns: ['geom'],
  nodes: { table: 't_noeud', code: 'nd_code', type: 'nd_type' },
  pathways: {
    table: 't_cheminement',
    code: 'cm_code',
    ends: ['cm_ndcode1', 'cm_ndcode2'],
    lengths: ['cm_lgreel', 'cm_long'],
    statut: 'cm_statut',
    statutValues: STATUTS,
    state: 'cm_avct',
    stateValues: AVANCEMENT,
    owner: [],
    typelog: 'cm_typelog',
  },
  technicalSites: {
    table: 't_sitetech',
    code: 'st_code',
    node: 'st_nd_code',
    name: 'st_nom',
    typelog: 'st_typelog',
    kinds: SITE_KINDS,
    headOfNetwork: ['NRO'],
  },
  technicalPoints: { table: 't_ptech', code: 'pt_code', node: 'pt_nd_code', label: 'pt_etiquet', typephy: 'pt_typephy', labels: PTECH_LABELS },
  subscribers: { from: 'units', table: 't_suf', code: 'sf_code', node: 'sf_nd_code' },
  ducts: {
    table: 't_conduite',
    code: 'cd_code',
    owner: ['cd_prop', 'cd_gest'],
    link: { table: 't_cond_chem', duct: 'dm_cd_code', pathway: 'dm_cm_code' },
  },
  cables: CABLES,
  cableLinks: { via: 'duct', table: 't_cab_cond', cable: 'cc_cb_code', duct: 'cc_cd_code' },
  organisations: { table: 't_organisme', code: 'or_code', name: 'or_nom' },
  addresses: { table: 't_adresse', code: 'ad_code', counts: ['ad_nblhab', 'ad_nblpro'] },
  riskGroups: RISK_GROUP_TABLE,
  levels: INFRA_LEVELS,
  markerTables: ['t_sitetech', 't_suf', 't_conduite', 't_cond_chem', 't_cab_cond', 't_ltech'],
  headendRule: 'the NRO technical sites (st_typelog NRO), by default',
  provenance:
    'GraceTHD (Lambert-93, reprojected to CRS84). Sites: nodes (nd_code) that pathways join, kinds from st_typelog; ' +
    'sections: pathways (cm_code), length from cm_lgreel, else cm_long, else the geometry; owners from the ducts ' +
    '(t_cond_chem → t_conduite → t_organisme); capacity from the cables in them (t_cab_cond → t_cable); ' +
    'subscribers: subscriber units (t_suf) per node.',
};
