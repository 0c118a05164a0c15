import type { SiteKind, Status } from '../../model/schema.js';
import { BACKBONE_HEAD_TYPES } from '../../import/gracethd/import-view.js';
import type { GracethdMapping } from '../../import/gracethd/versions/index.js';

/**
 * The code values the exporter writes, each picked from the importer's mapping so that the
 * importer reads them back as what they were: the state of the works, the phase of the
 * study, the logical types of sites, rooms, cables and pathways. Throws when a mapping does
 * not hold a code the exporter needs (a mapping changed without the exporter).
 */
export interface ExportCodes {
  /** `*_avct` (l_avancement) of an existing / planned pathway: the first code the mapping reads as that state. */
  state: Record<Status, string>;
  /** `*_statut` (l_statut): REC (as built) for existing, PRO (project) for planned pathways. */
  statut: Record<Status, string>;
  /** `*_typelog` of cables and pathways: CO (collecte), the level of a backbone/collection network. */
  infraTypelog: string;
  /**
   * v2: `st_typelog` of the technical site of a head-end (NRA: the first head of the collection
   * network the importer's backbone view knows, `BACKBONE_HEAD_TYPES`), an NRO (NRO) and a POP
   * (BRASSAGE: a patching site, of kind pop and no head).
   */
  siteTypelog: Partial<Record<SiteKind, string>>;
  /** v3: `st_typelog` of a network site (RESEAU) and of a customer site (CLIENT). */
  networkSite?: string;
  customerSite?: string;
  /** v3: `lc_typelog` of the room that makes a site an NRO (NRO) or a POP (SRO), and of a subscriber's premises (RES); a v3 head-end is flagged `st_nra`. */
  nroRoom?: string;
  popRoom?: string;
  subscriberRoom?: string;
  /** v2: `pt_typephy` of the technical point carrying a junction's name (Z, point technique). */
  pointType: string;
}

function pick<T>(what: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`exportGracethd: the mapping holds no ${what}`);
  return value;
}

const keyOf = <V>(record: Readonly<Record<string, V>>, value: V, preferred?: string): string | undefined =>
  preferred !== undefined && record[preferred] === value ? preferred : Object.keys(record).find((k) => record[k] === value);

export function exportCodes(m: GracethdMapping): ExportCodes {
  const pm = m.pathways;
  const ts = m.technicalSites;
  const statut = (code: string) => pick(`l_statut code ${code}`, pm.statutValues.has(code) ? code : undefined);
  const levels = m.levels.CO;
  const codes: ExportCodes = {
    state: {
      existing: pick('l_avancement code for existing', keyOf(pm.stateValues, 'existing' as const, 'E')),
      planned: pick('l_avancement code for planned', keyOf(pm.stateValues, 'planned' as const, 'C')),
    },
    statut: { existing: statut('REC'), planned: statut('PRO') },
    infraTypelog: pick('logical type CO (collecte)', levels?.length === 1 && levels[0] === 'collecte' ? 'CO' : undefined),
    siteTypelog: {},
    pointType: pick('l_ptech_type_phy code Z', m.technicalPoints.labels.Z !== undefined ? 'Z' : undefined),
  };
  const head = pick('head-of-network code', ts.headOfNetwork[0]);
  const nra = pick('head of the collection network', BACKBONE_HEAD_TYPES[0]);
  if (m.locals) {
    const lc = m.locals;
    codes.networkSite = pick('network site code', keyOf(ts.kinds, 'junction' as const, 'RESEAU'));
    codes.customerSite = pick('customer site code', keyOf(ts.kinds, null, 'CLIENT'));
    codes.nroRoom = pick('NRO room code', lc.kinds[head] === 'nro' ? head : undefined);
    codes.popRoom = pick('SRO room code', keyOf(lc.kinds, 'pop' as const, 'SRO'));
    codes.subscriberRoom = pick('subscriber room code', lc.subscriberTypes.has('RES') ? 'RES' : undefined);
    pick('NRA flag', ts.nraFlag);
  } else {
    codes.siteTypelog = {
      headend: pick('NRA site code', ts.kinds[nra] === 'pop' ? nra : undefined),
      nro: pick('NRO site code', keyOf(ts.kinds, 'nro' as const, head)),
      pop: pick('BRASSAGE site code', ts.kinds.BRASSAGE === 'pop' && !BACKBONE_HEAD_TYPES.includes('BRASSAGE') ? 'BRASSAGE' : undefined),
    };
  }
  return codes;
}
