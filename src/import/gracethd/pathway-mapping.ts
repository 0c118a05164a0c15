import { distance, lineLength, NodeGrid } from './geometry.js';
import type { FindingCollector } from './quality-report.js';
import { field, numberField, type Row, type Table, type XY } from './tables.js';
import type { PathwayMapping } from './versions/mapping.js';
import { V2_0_1 } from './versions/v2-0-1.js';

export interface PathwayOptions {
  /** An empty or unknown end node is snapped to the nearest node within this distance (m). */
  snapToleranceM: number;
  /** A geometry end farther than this from its node is reported (m). */
  endToleranceM: number;
}

/** The nodes of the delivery: every known code, and the position of those with a geometry. */
export interface NodeIndex {
  known: ReadonlySet<string>;
  located: ReadonlyMap<string, XY>;
}

/** A pathway (t_cheminement row) kept as a section, in Lambert-93. */
export interface MappedPathway {
  code: string;
  from: string;
  to: string;
  lengthM: number;
  status: 'existing' | 'planned';
  /** Oriented from `from` to `to`; absent when the delivery has none. */
  geometry?: XY[];
}

/**
 * Turns pathway rows (t_cheminement) into sections, one per pathway, read through `pm` (the
 * version's mapping; field names below are v2's), applying and reporting these rules:
 *
 * * ends: `cm_ndcode1` → `from`, `cm_ndcode2` → `to`. An empty or unknown end code is replaced
 *   by the node nearest to the matching end of the geometry within `snapToleranceM` (the
 *   other end excluded); without one the pathway is left out;
 * * orientation: a geometry drawn from `cm_ndcode2` to `cm_ndcode1` is reversed (vertices
 *   untouched); a geometry end farther than `endToleranceM` from its node is reported;
 * * length: `cm_lgreel`, else `cm_long`, else the length of the geometry (v3: the geometry,
 *   its pathways having no length field);
 * * status: from `cm_avct` (see `AVANCEMENT`); empty, it is taken as existing.
 */
export function mapPathways(
  table: Table,
  nodes: NodeIndex,
  options: PathwayOptions,
  findings: FindingCollector,
  pm: PathwayMapping = V2_0_1.pathways,
): MappedPathway[] {
  const T = pm.table;
  const grid = new NodeGrid(nodes.located, Math.max(options.snapToleranceM, options.endToleranceM));
  const seen = new Set<string>();
  const kept: MappedPathway[] = [];
  table.rows.forEach((row, index) => {
    const code = field(row, pm.code);
    if (code === null) {
      findings.add('missing-code', 'error', `${T}.${pm.code}`, 'pathway without a code: left out', { id: `row ${index + 1}`, detail: '' });
      return;
    }
    if (seen.has(code)) {
      findings.add('duplicate-code', 'error', `${T}.${pm.code}`, 'code already used by an earlier pathway: this one is left out', { id: code, detail: '' });
      return;
    }
    seen.add(code);
    const status = pathwayStatus(row, code, findings, pm);
    if (status === 'excluded') return;
    const shape = table.shapes?.[index] ?? null;
    const geometry = shape && shape.length >= 2 ? shape : undefined;
    const ends = resolveEnds(row, code, geometry, nodes, grid, options, findings, pm);
    if (!ends) return;
    const lengthM = pathwayLength(row, code, ends.geometry, findings, pm);
    if (lengthM === undefined) return;
    kept.push({ code, from: ends.from, to: ends.to, lengthM, status, ...(ends.geometry && { geometry: ends.geometry }) });
  });
  return kept;
}

function pathwayStatus(row: Row, code: string, findings: FindingCollector, pm: PathwayMapping): 'existing' | 'planned' | 'excluded' {
  const T = pm.table;
  const statut = field(row, pm.statut);
  if (statut !== null && !pm.statutValues.has(statut.toUpperCase())) {
    findings.add('unknown-code', 'warning', `${T}.${pm.statut}`, 'not a code of l_statut', { id: code, detail: `"${statut}"` });
  }
  const avct = field(row, pm.state)?.toUpperCase() ?? null;
  if (avct === null) {
    findings.add(
      'status-assumed',
      'info',
      `${T}.${pm.state}`,
      `state of the works (${pm.state}) empty: taken as existing; ${pm.statut} is the phase of the study, not the state of the works`,
      { id: code, detail: '' },
    );
    return 'existing';
  }
  const status = pm.stateValues[avct];
  if (status === undefined) {
    findings.add('unknown-code', 'warning', `${T}.${pm.state}`, 'not a code of l_avancement: taken as existing', { id: code, detail: `"${avct}"` });
    return 'existing';
  }
  if (status === 'excluded') {
    findings.add('pathway-out-of-service', 'info', `${T}.${pm.state}`, 'out of service (H) or abandoned (A): left out', { id: code, detail: avct });
  }
  return status;
}

interface Ends {
  from: string;
  to: string;
  geometry?: XY[];
}

function resolveEnds(
  row: Row,
  code: string,
  geometry: XY[] | undefined,
  nodes: NodeIndex,
  grid: NodeGrid,
  options: PathwayOptions,
  findings: FindingCollector,
  pm: PathwayMapping,
): Ends | undefined {
  const T = pm.table;
  const names = pm.ends;
  const given = [field(row, names[0]), field(row, names[1])];
  const reversedMessage = `geometry drawn from ${names[1]} to ${names[0]}: reversed to run from → to`;
  const ok = given.map((c) => c !== null && nodes.known.has(c));
  for (const i of [0, 1]) {
    if (ok[i] && !nodes.located.has(given[i]!)) {
      findings.add('node-without-geometry', 'error', `${T}.${names[i]}`, 'end node has no position in t_noeud: pathway left out', {
        id: code,
        node: given[i]!,
        detail: `${names[i]} ${given[i]} has no geometry`,
      });
      return undefined;
    }
  }
  let oriented = geometry;
  if (geometry && ok[0] && ok[1]) {
    const [a, b] = [nodes.located.get(given[0]!)!, nodes.located.get(given[1]!)!];
    const first = geometry[0];
    const last = geometry[geometry.length - 1];
    if (distance(a, last) + distance(b, first) < distance(a, first) + distance(b, last)) {
      oriented = [...geometry].reverse();
      findings.add('geometry-reversed', 'warning', `${T} geometry`, reversedMessage, {
        id: code,
        detail: '',
      });
    }
  } else if (geometry && (ok[0] || ok[1])) {
    // One end known: the geometry end nearer to it is its end.
    const known = ok[0] ? 0 : 1;
    const p = nodes.located.get(given[known]!)!;
    const nearFirst = distance(p, geometry[0]) <= distance(p, geometry[geometry.length - 1]);
    if (nearFirst !== (known === 0)) {
      oriented = [...geometry].reverse();
      findings.add('geometry-reversed', 'warning', `${T} geometry`, reversedMessage, {
        id: code,
        detail: '',
      });
    }
  }
  const ends: string[] = [];
  for (const i of [0, 1]) {
    if (ok[i]) {
      ends.push(given[i]!);
      continue;
    }
    const codeName = names[i];
    const findingCode = given[i] === null ? 'end-node-empty' : 'end-node-unknown';
    const what = given[i] === null ? `${codeName} empty` : `${codeName} ${given[i]} is not in t_noeud`;
    const message =
      given[i] === null
        ? `end node empty: snapped to the node nearest the geometry end within ${options.snapToleranceM} m, else the pathway is left out`
        : `end node not in t_noeud: snapped to the node nearest the geometry end within ${options.snapToleranceM} m, else the pathway is left out`;
    const severity = 'warning';
    const at = oriented ? (i === 0 ? oriented[0] : oriented[oriented.length - 1]) : undefined;
    const other = ok[1 - i] ? given[1 - i]! : undefined;
    const near = at ? grid.nearest(at, other) : undefined;
    if (!near || near.distanceM > options.snapToleranceM) {
      const lost = given[i] === null ? 'end node empty' : 'end node not in t_noeud';
      findings.add(findingCode, 'error', `${T}.${codeName}`, `${lost} and no node within ${options.snapToleranceM} m of the geometry end: pathway left out`, {
        id: code,
        detail: `${what}; ${at ? `no node within ${options.snapToleranceM} m of the geometry end` : 'no geometry to snap from'}: left out`,
      });
      return undefined;
    }
    findings.add(findingCode, severity, `${T}.${codeName}`, message, {
      id: code,
      node: near.node,
      distanceM: near.distanceM,
      detail: `${what}; geometry end snapped to ${near.node} at ${near.distanceM.toFixed(2)} m`,
    });
    ends.push(near.node);
  }
  const [from, to] = ends;
  if (from === to) {
    findings.add('self-loop', 'error', `${T}`, 'both ends on the same node: left out', { id: code, node: from, detail: `both ends on ${from}` });
    return undefined;
  }
  if (oriented) {
    for (const i of [0, 1]) {
      if (!ok[i]) continue;
      const node = ends[i];
      const at = i === 0 ? oriented[0] : oriented[oriented.length - 1];
      const d = distance(nodes.located.get(node)!, at);
      if (d <= options.endToleranceM) continue;
      const near = grid.nearest(at);
      const hint = near && near.node !== node ? `; nearest node to that end: ${near.node} at ${near.distanceM.toFixed(2)} m` : '';
      findings.add(
        'geometry-end-far',
        'warning',
        `${T} geometry`,
        `geometry end more than ${options.endToleranceM} m from its node (kept as drawn; the section joins the coded nodes)`,
        { id: code, node, distanceM: d, detail: `${i === 0 ? 'start' : 'end'} ${d.toFixed(2)} m from ${names[i]} ${node}${hint}` },
      );
    }
  }
  return { from, to, ...(oriented && { geometry: oriented }) };
}

function pathwayLength(row: Row, code: string, geometry: XY[] | undefined, findings: FindingCollector, pm: PathwayMapping): number | undefined {
  const T = pm.table;
  const number = (name: string) => {
    const value = numberField(row, name);
    if (value !== null && Number.isNaN(value)) {
      findings.add('invalid-number', 'warning', `${T}.${name}`, 'not a number: ignored', { id: code, detail: `"${field(row, name)}"` });
      return null;
    }
    return value !== null && value > 0 ? value : null;
  };
  const [measured, declared] = pm.lengths;
  if (measured !== undefined) {
    const real = number(measured);
    if (real !== null) return real;
  }
  if (declared !== undefined) {
    const given = number(declared);
    if (given !== null) {
      findings.add('length-from-cm_long', 'info', `${T}.${measured}`, `measured length (${measured}) empty: length from ${declared}`, { id: code, detail: '' });
      return given;
    }
  }
  const drawn = geometry ? Math.round(lineLength(geometry) * 100) / 100 : 0;
  const last = pm.lengths[pm.lengths.length - 1];
  if (drawn > 0) {
    if (last === undefined) {
      findings.add('length-from-geometry', 'info', `${T} geometry`, 'pathways of this GraceTHD version have no length field: length of the geometry', {
        id: code,
        distanceM: drawn,
        detail: `${drawn.toFixed(2)} m`,
      });
    } else {
      findings.add('length-from-geometry', 'warning', `${T}.${last}`, `${pm.lengths.join(' and ')} empty: length of the geometry`, {
        id: code,
        distanceM: drawn,
        detail: `${drawn.toFixed(2)} m`,
      });
    }
    return drawn;
  }
  const none = pm.lengths.length ? `no length in ${pm.lengths.join(', ')} nor the geometry` : 'no geometry to measure';
  findings.add('no-length', 'error', `${T}${last === undefined ? ' geometry' : `.${last}`}`, `${none}: left out`, { id: code, detail: '' });
  return undefined;
}
