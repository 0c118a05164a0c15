import type { FindingCollector } from './quality-report.js';
import { field, type Tables } from './tables.js';
import type { GracethdMapping } from './versions/index.js';

/**
 * The risk groups of each pathway, from fibre-resilience's risk-group table (one row per group
 * and pathway; see `RiskGroupMapping`), in the order of its rows. A delivery without the table
 * has no risk groups. A row without a group or a pathway, or naming no pathway of the delivery,
 * is ignored with a finding; a pathway the view leaves out simply keeps its groups out.
 *
 * @example
 * mapRiskGroups(tables, new Set(['CM-1', 'CM-2']), findings, mapping).get('CM-1'); // ['trench-D925']
 */
export function mapRiskGroups(tables: Tables, pathways: ReadonlySet<string>, findings: FindingCollector, m: GracethdMapping): Map<string, string[]> {
  const rg = m.riskGroups;
  const groups = new Map<string, string[]>();
  const table = tables[rg.table];
  if (!table) return groups;
  table.rows.forEach((row, i) => {
    const group = field(row, rg.group);
    const pathway = field(row, rg.pathway);
    if (group === null || pathway === null) {
      const empty = group === null ? rg.group : rg.pathway;
      findings.add('missing-code', 'warning', `${rg.table}.${empty}`, 'risk-group row without a group or a pathway: ignored', { id: `row ${i + 1}`, detail: '' });
      return;
    }
    if (!pathways.has(pathway)) {
      findings.add('unknown-reference', 'warning', `${rg.table}.${rg.pathway}`, `names no pathway of ${m.pathways.table}: ignored`, { id: pathway, detail: `risk group ${group}` });
      return;
    }
    const list = groups.get(pathway) ?? [];
    if (!list.includes(group)) list.push(group);
    groups.set(pathway, list);
  });
  return groups;
}
