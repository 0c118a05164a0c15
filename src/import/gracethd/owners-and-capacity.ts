import type { FindingCollector } from './quality-report.js';
import { field, numberField, type Row, type Tables } from './tables.js';
import type { CableMapping, DuctMapping, GracethdMapping } from './versions/mapping.js';
import { V2_0_1 } from './versions/v2-0-1.js';

/** What the ducts and cables of a pathway say about its owner and its fibres. */
export interface PathwayEquipment {
  owner: string;
  capacityFibres?: number;
  usedFibres?: number;
}

/** The owner given to a pathway when nothing names one. */
export const UNKNOWN_OWNER = 'unknown';

/**
 * Owner, capacity and use of each pathway, read through `m`:
 *
 * * v2: through its ducts (t_cond_chem → t_conduite) and the cables laid in them
 *   (t_cab_cond → t_cable). A duct's owner is the name (`or_nom` in t_organisme) of its
 *   `cd_prop`, else of its `cd_gest`; a pathway's owner is the owner of its ducts; when they
 *   differ, the most frequent one (ties by name), reported; a pathway without a duct or whose
 *   ducts name nobody is `unknown`, reported;
 * * v3: the owner is on the pathway (`cm_prop`, else `cm_gest`, by name in t_organisme); the
 *   cables lie on it directly (t_cab_chem → t_cable);
 * * a code t_organisme does not hold is used as it is (reported);
 * * capacity is the sum of `cb_capafo` over the distinct cables of the pathway; use, the sum of
 *   `cb_fo_util`, else `cb_capafo − cb_fo_disp` (reported), and only when every cable gives one.
 */
export function mapEquipment(tables: Tables, pathways: readonly string[], findings: FindingCollector, m: GracethdMapping = V2_0_1): Map<string, PathwayEquipment> {
  const og = m.organisations;
  const organisations = new Map<string, string>();
  for (const row of tables[og.table]?.rows ?? []) {
    const code = field(row, og.code);
    if (code !== null) organisations.set(code, field(row, og.name) ?? code);
  }
  const cb = m.cables;
  const cables = indexBy(tables[cb.table]?.rows ?? [], cb.code);
  const pathwayRows = indexBy(tables[m.pathways.table]?.rows ?? [], m.pathways.code);
  const placed = placeCables(tables, m, cables, pathwayRows, findings);

  for (const [code, row] of cables) {
    if (field(row, cb.ends[0]) === null || field(row, cb.ends[1]) === null) {
      findings.add('cable-without-ends', 'info', `${cb.table}.${cb.ends[0]}/${cb.ends[1]}`, `cable end nodes empty: cables are placed by ${m.cableLinks.via === 'duct' ? 'their ducts' : 'their pathways'} (${m.cableLinks.table}) only`, {
        id: code,
        detail: '',
      });
    }
    if (!placed.laid.has(code)) {
      const message = m.cableLinks.via === 'duct' ? 'cable laid in no duct: its fibres count in no section capacity' : 'cable on no pathway: its fibres count in no section capacity';
      findings.add('cable-not-in-duct', 'info', m.cableLinks.table, message, { id: code, detail: '' });
    }
  }

  const ownerOf = (table: string, id: string, row: Row, fields: readonly string[]): string | undefined => {
    for (const name of fields) {
      const code = field(row, name);
      if (code === null) continue;
      const known = organisations.get(code);
      if (known === undefined) {
        findings.add('unknown-code', 'warning', `${table}.${name}`, `names no organisation of ${og.table}: the code is used as the owner`, { id, detail: code });
      }
      return known ?? code;
    }
    return undefined;
  };

  const result = new Map<string, PathwayEquipment>();
  for (const pathway of pathways) {
    const owner = m.ducts
      ? ductsOwner(pathway, placed.ductsOf.get(pathway) ?? [], m.ducts, placed.ducts, ownerOf, findings)
      : pathwayOwner(pathway, pathwayRows.get(pathway), m, ownerOf, findings);
    const equipment: PathwayEquipment = { owner };
    const cableCodes = placed.cablesOf(pathway);
    if (cableCodes.length) Object.assign(equipment, fibres(pathway, cableCodes.map((c) => [c, cables.get(c)!] as const), findings, cb));
    result.set(pathway, equipment);
  }
  return result;
}

type OwnerOf = (table: string, id: string, row: Row, fields: readonly string[]) => string | undefined;

/** v2: the owner of a pathway's ducts; the most frequent when they differ. */
function ductsOwner(pathway: string, its: readonly string[], dm: DuctMapping, ducts: ReadonlyMap<string, Row>, ownerOf: OwnerOf, findings: FindingCollector): string {
  const owners = its.map((d) => ownerOf(dm.table, d, ducts.get(d)!, dm.owner)).filter((o): o is string => o !== undefined);
  if (owners.length === 0) {
    findings.add(
      'owner-unknown',
      'warning',
      dm.link.table,
      its.length ? `ducts name no owner (${dm.owner.join(', ')}): owner "unknown"` : `pathway holds no duct (${dm.link.table}): owner "unknown"`,
      { id: pathway, detail: '' },
    );
    return UNKNOWN_OWNER;
  }
  const tally = new Map<string, number>();
  for (const o of owners) tally.set(o, (tally.get(o) ?? 0) + 1);
  const owner = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  if (tally.size > 1) {
    findings.add('owner-mixed', 'warning', `${dm.table}.${dm.owner[0]}`, 'ducts of several owners: the most frequent is the owner', {
      id: pathway,
      detail: [...tally].map(([o, n]) => `${o} ×${n}`).join(', '),
    });
  }
  return owner;
}

/** v3: the owner named on the pathway itself. */
function pathwayOwner(pathway: string, row: Row | undefined, m: GracethdMapping, ownerOf: OwnerOf, findings: FindingCollector): string {
  const pm = m.pathways;
  const owner = row ? ownerOf(pm.table, pathway, row, pm.owner) : undefined;
  if (owner !== undefined) return owner;
  findings.add('owner-unknown', 'warning', `${pm.table}.${pm.owner[0] ?? 'owner'}`, `pathway names no owner (${pm.owner.join(', ')}): owner "unknown"`, {
    id: pathway,
    detail: '',
  });
  return UNKNOWN_OWNER;
}

/** Where the cables lie: the cables of each pathway, the cables laid somewhere, and (v2) the ducts of each pathway. */
interface Placement {
  cablesOf: (pathway: string) => string[];
  laid: Set<string>;
  ducts: Map<string, Row>;
  ductsOf: Map<string, string[]>;
}

function placeCables(tables: Tables, m: GracethdMapping, cables: ReadonlyMap<string, Row>, pathways: ReadonlyMap<string, Row>, findings: FindingCollector): Placement {
  const cb = m.cables;
  const link = m.cableLinks;
  const laid = new Set<string>();
  const ductsOf = new Map<string, string[]>();
  const dm = m.ducts;
  const ducts = dm ? indexBy(tables[dm.table]?.rows ?? [], dm.code) : new Map<string, Row>();
  if (dm) {
    for (const row of tables[dm.link.table]?.rows ?? []) {
      const duct = field(row, dm.link.duct);
      const pathway = field(row, dm.link.pathway);
      if (duct === null || pathway === null) continue;
      if (!ducts.has(duct)) {
        findings.add('unknown-reference', 'warning', `${dm.link.table}.${dm.link.duct}`, `names no duct of ${dm.table}: ignored`, { id: duct, detail: `in pathway ${pathway}` });
        continue;
      }
      if (!pathways.has(pathway)) {
        findings.add('unknown-reference', 'warning', `${dm.link.table}.${dm.link.pathway}`, `names no pathway of ${m.pathways.table}: ignored`, { id: pathway, detail: `duct ${duct}` });
        continue;
      }
      const list = ductsOf.get(pathway) ?? [];
      if (!list.includes(duct)) list.push(duct);
      ductsOf.set(pathway, list);
    }
  }
  const holder = link.via === 'duct' ? link.duct : link.pathway;
  const holders = link.via === 'duct' ? ducts : pathways;
  const holderWhat = link.via === 'duct' ? `duct of ${dm?.table ?? 't_conduite'}` : `pathway of ${m.pathways.table}`;
  const cablesIn = new Map<string, string[]>();
  for (const row of tables[link.table]?.rows ?? []) {
    const cable = field(row, link.cable);
    const at = field(row, holder);
    if (cable === null || at === null) continue;
    if (!cables.has(cable)) {
      findings.add('unknown-reference', 'warning', `${link.table}.${link.cable}`, `names no cable of ${cb.table}: ignored`, {
        id: cable,
        detail: `in ${link.via === 'duct' ? 'duct' : 'pathway'} ${at}`,
      });
      continue;
    }
    if (!holders.has(at)) {
      findings.add('unknown-reference', 'warning', `${link.table}.${holder}`, `names no ${holderWhat}: ignored`, { id: at, detail: `cable ${cable}` });
      continue;
    }
    laid.add(cable);
    const list = cablesIn.get(at);
    if (list) list.push(cable);
    else cablesIn.set(at, [cable]);
  }
  const cablesOf =
    link.via === 'duct'
      ? (pathway: string) => [...new Set((ductsOf.get(pathway) ?? []).flatMap((d) => cablesIn.get(d) ?? []))]
      : (pathway: string) => [...new Set(cablesIn.get(pathway) ?? [])];
  return { cablesOf, laid, ducts, ductsOf };
}

function fibres(pathway: string, cables: ReadonlyArray<readonly [string, Row]>, findings: FindingCollector, cb: CableMapping) {
  let capacity = 0;
  let used = 0;
  let useKnown = true;
  for (const [code, row] of cables) {
    const capa = positiveInt(numberField(row, cb.capacity));
    if (capa === undefined) {
      findings.add('capacity-unknown', 'warning', `${cb.table}.${cb.capacity}`, 'cable capacity empty or invalid: not counted in its sections', { id: code, detail: `in pathway ${pathway}` });
    } else capacity += capa;
    const util = nonNegativeInt(numberField(row, cb.used));
    const disp = nonNegativeInt(numberField(row, cb.available));
    if (util !== undefined) used += util;
    else if (capa !== undefined && disp !== undefined && disp <= capa) {
      used += capa - disp;
      findings.add('use-from-available', 'info', `${cb.table}.${cb.used}`, `fibres used (${cb.used}) empty: taken as ${cb.capacity} − ${cb.available}`, { id: code, detail: '' });
    } else useKnown = false;
  }
  const out: { capacityFibres?: number; usedFibres?: number } = {};
  if (capacity > 0) out.capacityFibres = capacity;
  if (useKnown && capacity > 0) {
    if (used <= capacity) out.usedFibres = used;
    else findings.add('use-over-capacity', 'warning', `${cb.table}.${cb.used}`, 'more fibres used than the cables hold: use left out', { id: pathway, detail: `${used} > ${capacity}` });
  }
  return out;
}

const positiveInt = (n: number | null) => (n !== null && Number.isInteger(n) && n > 0 ? n : undefined);
const nonNegativeInt = (n: number | null) => (n !== null && Number.isInteger(n) && n >= 0 ? n : undefined);

function indexBy(rows: readonly Row[], key: string): Map<string, Row> {
  const map = new Map<string, Row>();
  for (const row of rows) {
    const code = field(row, key);
    if (code !== null && !map.has(code)) map.set(code, row);
  }
  return map;
}
