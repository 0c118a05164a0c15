import { AVANCEMENT, PTECH_LABELS, STATUTS } from '../codes.js';
import { type GracethdMapping, RISK_GROUP_TABLE } from './mapping.js';
import { CABLES, INFRA_LEVELS } from './v2-0-1.js';

/**
 * GraceTHD v3 (3.0, 3.0.1, 3.1), from the PostgreSQL creation scripts of its three parts,
 * `gracethd_reseau_optique`, `gracethd_genie_civil` and `gracethd_commun` (pgModeler 0.9.2;
 * see docs/gracethd.md for where they were read). What changes for the importer:
 *
 * * t_sitetech becomes t_site, whose `st_typelog` is only CLIENT or RESEAU; what a site is
 *   (NRO, SRO) is said by its rooms, t_local (`lc_st_code`, `lc_typelog` NRO / SRO / TEC…),
 *   and `st_nra` flags a copper exchange;
 * * t_conduite, t_cond_chem and t_cab_cond are gone: cables lie on pathways through
 *   t_cab_chem (`cc_cb_code`, `cc_cm_code`), and the owner is on the pathway (`cm_prop`,
 *   `cm_gest`);
 * * t_cheminement has no length field any more (no `cm_long` nor `cm_lgreel`): the length is
 *   the geometry's;
 * * t_suf is gone: subscribers are the subscriber premises of t_local (RES, PRO, ENT, PUB,
 *   OPE, OBJ, FTTH) on the node of their site; t_adresse (gracethd_commun) has no node;
 * * nodes (t_noeud) carry no type; `*_codeext` fields appear on most tables (not read).
 */
export const V3: GracethdMapping = {
  version: '3.x',
  label: 'GraceTHD v3',
  sources: [
    'GraceTHD v3 PostgreSQL script "référentiel <ReseauOptique>" (schema gracethd_reseau_optique)',
    'GraceTHD v3 PostgreSQL script "référentiel <GénieCivil>" (schema gracethd_genie_civil)',
    'GraceTHD v3 PostgreSQL script "référentiel <gracethd_commun>" (schema gracethd_commun)',
  ],
  geometryColumns: ['geom'],
  nodes: { table: 't_noeud', code: 'nd_code' },
  pathways: {
    table: 't_cheminement',
    code: 'cm_code',
    ends: ['cm_ndcode1', 'cm_ndcode2'],
    lengths: [],
    statut: 'cm_statut',
    statutValues: STATUTS,
    state: 'cm_avct',
    stateValues: AVANCEMENT,
    owner: ['cm_prop', 'cm_gest'],
    typelog: 'cm_typelog',
  },
  technicalSites: {
    table: 't_site',
    code: 'st_code',
    node: 'st_nd_code',
    name: 'st_nom',
    typelog: 'st_typelog',
    kinds: { RESEAU: 'junction', CLIENT: null },
    headOfNetwork: ['NRO'],
    nraFlag: 'st_nra',
  },
  locals: {
    table: 't_local',
    code: 'lc_code',
    site: 'lc_st_code',
    typelog: 'lc_typelog',
    kinds: { NRO: 'nro', SRO: 'pop' },
    subscriberTypes: new Set(['RES', 'PRO', 'ENT', 'PUB', 'OPE', 'OBJ', 'FTTH']),
  },
  technicalPoints: { table: 't_ptech', code: 'pt_code', node: 'pt_nd_code', label: 'pt_etiquet', typephy: 'pt_typephy', labels: PTECH_LABELS },
  subscribers: { from: 'locals' },
  cables: CABLES,
  cableLinks: { via: 'pathway', table: 't_cab_chem', cable: 'cc_cb_code', pathway: 'cc_cm_code' },
  organisations: { table: 't_organisme', code: 'or_code', name: 'or_nom' },
  addresses: { table: 't_adresse', code: 'ad_code', counts: ['ad_nblres', 'ad_nblpro', 'ad_nblent', 'ad_nblpub'] },
  riskGroups: RISK_GROUP_TABLE,
  levels: INFRA_LEVELS,
  markerTables: ['t_site', 't_local', 't_cab_chem', 't_pointaccueil', 't_tranchee', 't_point_leve'],
  headendRule: 'the sites holding an NRO room (t_local.lc_typelog NRO), by default',
  provenance:
    'GraceTHD v3 (Lambert-93, reprojected to CRS84). Sites: nodes (nd_code) that pathways join, kinds from the rooms ' +
    '(t_local.lc_typelog) of their site (t_site); sections: pathways (cm_code), length from the geometry (v3 pathways ' +
    'have no length field); owners from cm_prop, else cm_gest (→ t_organisme); capacity from the cables on them ' +
    '(t_cab_chem → t_cable); subscribers: subscriber premises (t_local) per node of their site.',
};
