import { SITE_KINDS } from '../codes.js';
import type { GracethdMapping } from './mapping.js';
import { V2_0_1 } from './v2-0-1.js';

/**
 * GraceTHD-MCD v2.0.2 (release candidate, GraceTHD-community/GraceTHD-MCD-dev at
 * 3865302d95e2d869f0ff3fb1e5dff16dfb3122b2): the tables and fields the importer reads are
 * those of v2.0.1 (checked field by field in `sql_postgis/gracethd_30_tables.sql`); the new
 * attributes come in separate `*_patch201` / `*_patch202` tables, which mark the version, and
 * `l_site_type_log` gains SROS (co-located SROs) and FTTH (a customer site with a PBI).
 */
export const V2_0_2: GracethdMapping = {
  ...V2_0_1,
  version: '2.0.2',
  label: 'GraceTHD v2.0.2',
  sources: ['GraceTHD-community/GraceTHD-MCD-dev@3865302d95e2d869f0ff3fb1e5dff16dfb3122b2:sql_postgis/gracethd_30_tables.sql'],
  technicalSites: { ...V2_0_1.technicalSites, kinds: { ...SITE_KINDS, SROS: 'pop', FTTH: 'junction' } },
  markerTables: [
    't_adresse_patch202',
    't_cable_patch201',
    't_cassette_patch201',
    't_ltech_patch201',
    't_position_patch202',
    't_ptech_patch202',
    't_siteemission_patch202',
    't_sitetech_patch202',
    't_znro_patch202',
    't_zpbo_patch201',
    't_zsro_patch202',
  ],
};
