import { describe, expect, it } from 'vitest';
import type { Topology } from '../src/model/schema.js';
import { csvCell, frenchCsv } from '../src/planning/csv.js';
import { rateReconciliation, totalsReconciliation } from '../src/planning/reconciliation.js';

// The seed's tables (seed/redundancy_links.csv, seed/desaturation_works.csv), transcribed.
const LINKS: Array<[number, string, string, number, number]> = [
  [1, 'CAY', 'FCT', 15011, 375265], [1, 'VIG', 'VIB', 11268, 281710], [1, 'COB', 'FIN', 8935, 223375],
  [1, 'ESM', 'ESD', 15077, 376915], [1, 'ESM', 'CRO', 2879, 71968], [1, 'HAM', 'CRO', 2995, 74883],
  [1, 'BEH', 'RIA', 8193, 204820], [2, 'QPT', 'VRO', 20142, 503553], [2, 'BOU', 'ROY', 6380, 159500],
  [3, 'B6T', 'P6R', 10399, 259985], [3, 'ROI', 'FIN', 4615, 115363], [3, 'LIG', 'POI', 10393, 259820],
  [3, 'VRB', 'COR', 3672, 91795], [4, 'MOY', 'FEQ', 11660, 291500],
];
const WORKS: Array<[number, string, number, number]> = [
  [1, 'Feuquieres à Bouvaincourt', 7800, 156000], [1, 'Boismont à St Valéry sur Somme', 3600, 36000],
  [2, 'Pont-Remy à Cocquerel', 3600, 36000], [2, 'Condé-Folie à Yzeux', 5550, 55500],
  [2, 'Picquigny à Tirancourt', 1900, 19000], [1, 'Sailly le Sec à Bray sur Somme', 10000, 100000],
  [1, 'Meaulte à Albert', 3400, 34000], [3, "Albert jusqu'au NRO", 1000, 10000],
  [2, 'Péronne à Feuillères', 7300, 73000], [1, 'Eterpigny à Péronne', 2000, 20000], [1, 'Ham à Douilly', 5500, 55000],
];

function seedTables(): Topology {
  const ids = [...new Set(LINKS.flatMap(([, a, b]) => [a, b]))];
  return {
    format: 'fibre-topology/1',
    name: 'seed tables',
    sites: ids.map((id) => ({ id: `NRO-${id}`, kind: 'nro' as const, lon: 2, lat: 50 })),
    sections: [],
    redundancyLinks: LINKS.map(([priority, a, b, lengthM, costEur], i) => ({ id: `R-${String(i + 1).padStart(2, '0')}`, priority, a: `NRO-${a}`, b: `NRO-${b}`, lengthM, costEur, owner: 'SMSN' })),
    desaturationWorks: WORKS.map(([urgency, label, lengthM, costEur], i) => ({ id: `D-${String(i + 1).padStart(2, '0')}`, urgency, label, sections: ['S-x'], owner: 'SMSN', lengthM, costEur })),
    declaredTotals: { redundancyLinks: { lengthM: 131618, costEur: 3290450 }, desaturationWorks: { lengthM: 51650, costEur: 594500 } },
  };
}

describe('reconciliation of the seed tables', () => {
  it('reports the declared link totals against the row sums (131 619 m / 3 290 452 €), and nothing for the works', () => {
    expect(totalsReconciliation(seedTables()).map((w) => [w.table, w.field, w.declared, w.rowSum, w.difference])).toEqual([
      ['redundancyLinks', 'lengthM', 131618, 131619, 1],
      ['redundancyLinks', 'costEur', 3290450, 3290452, 2],
    ]);
  });

  it('flags the one work priced off its table’s rate: Feuquières–Bouvaincourt at 20 €/m against 10 €/m', () => {
    const warnings = rateReconciliation(seedTables());
    expect(warnings.map((w) => [w.table, w.id, w.eurPerM, w.tableRate])).toEqual([['desaturationWorks', 'D-01', 20, 10]]);
    expect(warnings[0].message).toBe("desaturation works: D-01 costs 20 €/m, 100 % above the table's rate of 10 €/m");
  });

  it('finds no link off the 25 €/m rate: the seed rounds, it does not depart', () => {
    expect(rateReconciliation(seedTables()).filter((w) => w.table === 'redundancyLinks')).toEqual([]);
  });

  it('takes a given rate and tolerance, and reports departures below as well as above', () => {
    const t = seedTables();
    t.redundancyLinks![0].costEur = 15011 * 20;
    const warnings = rateReconciliation(t, { rates: { redundancyLinks: 25, desaturationWorks: 20 }, tolerance: 0.01 });
    expect(warnings.find((w) => w.id === 'R-01')!.message).toBe("redundancy links: R-01 costs 20 €/m, 20 % below the table's rate of 25 €/m");
    // Against 20 €/m every work but Feuquières is 50 % below.
    expect(warnings.filter((w) => w.table === 'desaturationWorks').map((w) => w.id)).toEqual(['D-02', 'D-03', 'D-04', 'D-05', 'D-06', 'D-07', 'D-08', 'D-09', 'D-10', 'D-11']);
  });
});

describe('French spreadsheet CSV', () => {
  const text = frenchCsv(['id', 'libellé', '€/m', 'coût', 'sans effet'], [
    ['R-01', 'Cayeux; Fort-Mahon', 24.99953, 375265, false],
    ['D-08', 'Albert "jusqu\'au" NRO', 10, 10000, true],
    ['=cmd', null, -1.5, 0, undefined],
  ]);

  it('starts with a UTF-8 byte-order mark and separates fields with ;', () => {
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe('id;libellé;€/m;coût;sans effet');
  });

  it('writes numbers with a decimal comma and no thousands separator, quotes what needs it, disarms formulas', () => {
    const lines = text.slice(1).split('\r\n');
    expect(lines[1]).toBe('R-01;"Cayeux; Fort-Mahon";24,99953;375265;non');
    expect(lines[2]).toBe('D-08;"Albert ""jusqu\'au"" NRO";10;10000;oui');
    expect(lines[3]).toBe("'=cmd;;-1,5;0;");
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });

  it('formats single cells', () => {
    expect(csvCell(1234567.891)).toBe('1234567,891');
    expect(csvCell(1 / 3)).toBe('0,333333');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
});
