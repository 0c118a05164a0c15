import type { Topology } from '../model/schema.js';

/** A figure printed in the source that the rows do not add up to: reported, never corrected. */
export interface ReconciliationWarning {
  table: 'redundancyLinks' | 'desaturationWorks';
  field: 'lengthM' | 'costEur';
  declared: number;
  rowSum: number;
  difference: number;
  message: string;
}

const LABEL = { redundancyLinks: 'redundancy links', desaturationWorks: 'desaturation works' } as const;
const UNIT = { lengthM: 'm', costEur: '€' } as const;

/**
 * Compares the declared totals of a topology with the sums of its rows.
 *
 * @example
 * totalsReconciliation(somme)[0].message;
 * // 'redundancy links: declared total 131618 m, rows sum to 131619 m (+1)'
 */
export function totalsReconciliation(topology: Topology): ReconciliationWarning[] {
  const warnings: ReconciliationWarning[] = [];
  for (const table of ['redundancyLinks', 'desaturationWorks'] as const) {
    const declared = topology.declaredTotals?.[table];
    if (!declared) continue;
    for (const field of ['lengthM', 'costEur'] as const) {
      const rowSum = (topology[table] ?? []).reduce((total, row) => total + row[field], 0);
      const difference = rowSum - declared[field];
      if (difference === 0) continue;
      warnings.push({
        table,
        field,
        declared: declared[field],
        rowSum,
        difference,
        message: `${LABEL[table]}: declared total ${declared[field]} ${UNIT[field]}, rows sum to ${rowSum} ${UNIT[field]} (${difference > 0 ? '+' : ''}${difference})`,
      });
    }
  }
  return warnings;
}

/** A work whose €/m departs from its table's rate: reported, never corrected. */
export interface RateWarning {
  table: 'redundancyLinks' | 'desaturationWorks';
  id: string;
  eurPerM: number;
  /** The table's rate: the one given, or the median €/m of its rows. */
  tableRate: number;
  /** eurPerM / tableRate - 1. */
  departure: number;
  message: string;
}

export interface RateOptions {
  /** Relative departure from the table's rate above which a row is reported. Default 0.05 (5 %). */
  tolerance?: number;
  /** The rate of each table in €/m; default the median €/m of its rows. */
  rates?: Partial<Record<'redundancyLinks' | 'desaturationWorks', number>>;
}

/**
 * Finds the works whose cost per metre departs from their table's rate by more than the
 * tolerance: the seed prices links at about 25 €/m and desaturation at 10–20 €/m, so a row far
 * from its table's median is either a special case or a typing error worth a look.
 *
 * @example
 * rateReconciliation(somme)[0].message;
 * // 'desaturation works: D-01 costs 20 €/m, 100 % above the table's rate of 10 €/m'
 */
export function rateReconciliation(topology: Topology, options: RateOptions = {}): RateWarning[] {
  const tolerance = options.tolerance ?? 0.05;
  const warnings: RateWarning[] = [];
  for (const table of ['redundancyLinks', 'desaturationWorks'] as const) {
    const rows = topology[table] ?? [];
    if (rows.length === 0) continue;
    const tableRate = options.rates?.[table] ?? median(rows.map((r) => r.costEur / r.lengthM));
    if (!(tableRate > 0)) continue;
    for (const row of rows) {
      const eurPerM = row.costEur / row.lengthM;
      const departure = eurPerM / tableRate - 1;
      if (Math.abs(departure) <= tolerance) continue;
      const pct = Math.round(Math.abs(departure) * 1000) / 10;
      warnings.push({
        table,
        id: row.id,
        eurPerM,
        tableRate,
        departure,
        message: `${LABEL[table]}: ${row.id} costs ${round2(eurPerM)} €/m, ${pct} % ${departure > 0 ? 'above' : 'below'} the table's rate of ${round2(tableRate)} €/m`,
      });
    }
  }
  return warnings;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
