import type { FindingCollector } from './quality-report.js';
import { field, numberField, type Row, type Tables } from './tables.js';

/** What the ducts and cables of a pathway say about its owner and its fibres. */
export interface PathwayEquipment {
  owner: string;
  capacityFibres?: number;
  usedFibres?: number;
}

/** The owner given to a pathway when nothing names one. */
export const UNKNOWN_OWNER = 'unknown';

/**
 * Owner, capacity and use of each pathway, through its ducts (t_cond_chem → t_conduite) and the
 * cables laid in them (t_cab_cond → t_cable):
 *
 * * a duct's owner is the name (`or_nom` in t_organisme) of its `cd_prop`, else of its
 *   `cd_gest`; a code t_organisme does not hold is used as it is (reported);
 * * a pathway's owner is the owner of its ducts; when they differ, the most frequent one (ties
 *   by name), reported; a pathway without a duct or whose ducts name nobody is `unknown`,
 *   reported;
 * * capacity is the sum of `cb_capafo` over the distinct cables in its ducts; use, the sum of
 *   `cb_fo_util`, else `cb_capafo − cb_fo_disp` (reported), and only when every cable gives one.
 */
export function mapEquipment(tables: Tables, pathways: readonly string[], findings: FindingCollector): Map<string, PathwayEquipment> {
  const organisations = new Map<string, string>();
  for (const row of tables.t_organisme?.rows ?? []) {
    const code = field(row, 'or_code');
    if (code !== null) organisations.set(code, field(row, 'or_nom') ?? code);
  }
  const ducts = indexBy(tables.t_conduite?.rows ?? [], 'cd_code');
  const cables = indexBy(tables.t_cable?.rows ?? [], 'cb_code');
  const allPathways = new Set((tables.t_cheminement?.rows ?? []).map((r) => field(r, 'cm_code')));

  const ductsOf = new Map<string, string[]>();
  for (const row of tables.t_cond_chem?.rows ?? []) {
    const duct = field(row, 'dm_cd_code');
    const pathway = field(row, 'dm_cm_code');
    if (duct === null || pathway === null) continue;
    if (!ducts.has(duct)) {
      findings.add('unknown-reference', 'warning', 't_cond_chem.dm_cd_code', 'names no duct of t_conduite: ignored', { id: duct, detail: `in pathway ${pathway}` });
      continue;
    }
    if (!allPathways.has(pathway)) {
      findings.add('unknown-reference', 'warning', 't_cond_chem.dm_cm_code', 'names no pathway of t_cheminement: ignored', { id: pathway, detail: `duct ${duct}` });
      continue;
    }
    const list = ductsOf.get(pathway) ?? [];
    if (!list.includes(duct)) list.push(duct);
    ductsOf.set(pathway, list);
  }

  const cablesIn = new Map<string, string[]>();
  const laid = new Set<string>();
  for (const row of tables.t_cab_cond?.rows ?? []) {
    const cable = field(row, 'cc_cb_code');
    const duct = field(row, 'cc_cd_code');
    if (cable === null || duct === null) continue;
    if (!cables.has(cable)) {
      findings.add('unknown-reference', 'warning', 't_cab_cond.cc_cb_code', 'names no cable of t_cable: ignored', { id: cable, detail: `in duct ${duct}` });
      continue;
    }
    if (!ducts.has(duct)) {
      findings.add('unknown-reference', 'warning', 't_cab_cond.cc_cd_code', 'names no duct of t_conduite: ignored', { id: duct, detail: `cable ${cable}` });
      continue;
    }
    laid.add(cable);
    const list = cablesIn.get(duct);
    if (list) list.push(cable);
    else cablesIn.set(duct, [cable]);
  }
  for (const [code, row] of cables) {
    if (field(row, 'cb_nd1') === null || field(row, 'cb_nd2') === null) {
      findings.add('cable-without-ends', 'info', 't_cable.cb_nd1/cb_nd2', 'cable end nodes empty: cables are placed by their ducts (t_cab_cond) only', {
        id: code,
        detail: '',
      });
    }
    if (!laid.has(code)) {
      findings.add('cable-not-in-duct', 'info', 't_cab_cond', 'cable laid in no duct: its fibres count in no section capacity', { id: code, detail: '' });
    }
  }

  const ductOwner = (duct: string): string | undefined => {
    const row = ducts.get(duct)!;
    for (const name of ['cd_prop', 'cd_gest']) {
      const code = field(row, name);
      if (code === null) continue;
      const known = organisations.get(code);
      if (known === undefined) {
        findings.add('unknown-code', 'warning', `t_conduite.${name}`, 'names no organisation of t_organisme: the code is used as the owner', { id: duct, detail: code });
      }
      return known ?? code;
    }
    return undefined;
  };

  const result = new Map<string, PathwayEquipment>();
  for (const pathway of pathways) {
    const its = ductsOf.get(pathway) ?? [];
    const owners = its.map(ductOwner).filter((o): o is string => o !== undefined);
    let owner = UNKNOWN_OWNER;
    if (owners.length === 0) {
      findings.add(
        'owner-unknown',
        'warning',
        't_cond_chem',
        its.length ? 'ducts name no owner (cd_prop, cd_gest): owner "unknown"' : 'pathway holds no duct (t_cond_chem): owner "unknown"',
        { id: pathway, detail: '' },
      );
    } else {
      const tally = new Map<string, number>();
      for (const o of owners) tally.set(o, (tally.get(o) ?? 0) + 1);
      owner = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
      if (tally.size > 1) {
        findings.add('owner-mixed', 'warning', 't_conduite.cd_prop', 'ducts of several owners: the most frequent is the owner', {
          id: pathway,
          detail: [...tally].map(([o, n]) => `${o} ×${n}`).join(', '),
        });
      }
    }
    const equipment: PathwayEquipment = { owner };
    const cableCodes = [...new Set(its.flatMap((d) => cablesIn.get(d) ?? []))];
    if (cableCodes.length) Object.assign(equipment, fibres(pathway, cableCodes.map((c) => [c, cables.get(c)!] as const), findings));
    result.set(pathway, equipment);
  }
  return result;
}

function fibres(pathway: string, cables: ReadonlyArray<readonly [string, Row]>, findings: FindingCollector) {
  let capacity = 0;
  let used = 0;
  let useKnown = true;
  for (const [code, row] of cables) {
    const capa = positiveInt(numberField(row, 'cb_capafo'));
    if (capa === undefined) {
      findings.add('capacity-unknown', 'warning', 't_cable.cb_capafo', 'cable capacity empty or invalid: not counted in its sections', { id: code, detail: `in pathway ${pathway}` });
    } else capacity += capa;
    const util = nonNegativeInt(numberField(row, 'cb_fo_util'));
    const disp = nonNegativeInt(numberField(row, 'cb_fo_disp'));
    if (util !== undefined) used += util;
    else if (capa !== undefined && disp !== undefined && disp <= capa) {
      used += capa - disp;
      findings.add('use-from-available', 'info', 't_cable.cb_fo_util', 'fibres used (cb_fo_util) empty: taken as cb_capafo − cb_fo_disp', { id: code, detail: '' });
    } else useKnown = false;
  }
  const out: { capacityFibres?: number; usedFibres?: number } = {};
  if (capacity > 0) out.capacityFibres = capacity;
  if (useKnown && capacity > 0) {
    if (used <= capacity) out.usedFibres = used;
    else findings.add('use-over-capacity', 'warning', 't_cable.cb_fo_util', 'more fibres used than the cables hold: use left out', { id: pathway, detail: `${used} > ${capacity}` });
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
