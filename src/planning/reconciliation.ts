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
