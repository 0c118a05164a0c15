import type { Topology } from '../../src/model/schema.js';

/**
 * A small network whose planning figures are worked out by hand in the tests:
 *
 *            HE ──S1── POP-A ──S4── NRO-1 ──S5── NRO-2
 *             \          |
 *              S3        S2
 *               \        |
 *                 POP-B ─┘ ──S6── NRO-3
 *                   └──S7── NRO-4          NRO-5 (island)
 *
 * Subscribers: NRO-1 1000, NRO-2 500, NRO-3 800, NRO-4 300, NRO-5 200.
 * S3 is saturated (96/96), S2 near (130/144), S6 has no fibre counts.
 */
export function planningNetwork(): Topology {
  const site = (id: string, kind: 'headend' | 'pop' | 'nro', lon: number, lat: number, subscribers = 0) => ({ id, kind, lon, lat, subscribers });
  const section = (id: string, from: string, to: string, lengthM: number, extra: object = {}) => ({ id, from, to, lengthM, owner: 'SMSN', ...extra });
  return {
    format: 'fibre-topology/1',
    name: 'planning hand-made',
    sites: [
      site('HE', 'headend', 2.0, 50.0),
      site('POP-A', 'pop', 1.9, 50.05),
      site('POP-B', 'pop', 2.1, 50.05),
      site('NRO-1', 'nro', 1.85, 50.1, 1000),
      site('NRO-2', 'nro', 1.8, 50.15, 500),
      site('NRO-3', 'nro', 2.15, 50.1, 800),
      site('NRO-4', 'nro', 2.1, 50.0, 300),
      site('NRO-5', 'nro', 2.2, 49.95, 200),
    ],
    sections: [
      section('S1', 'HE', 'POP-A', 5000),
      section('S2', 'POP-A', 'POP-B', 5000, { capacityFibres: 144, usedFibres: 130 }),
      section('S3', 'POP-B', 'HE', 5000, { capacityFibres: 96, usedFibres: 96 }),
      section('S4', 'POP-A', 'NRO-1', 4000),
      section('S5', 'NRO-1', 'NRO-2', 4000),
      section('S6', 'POP-B', 'NRO-3', 4000),
      section('S7', 'POP-B', 'NRO-4', 4000),
    ],
    redundancyLinks: [
      { id: 'L1', priority: 1, a: 'NRO-1', b: 'NRO-3', lengthM: 10000, costEur: 250000, owner: 'SMSN' },
      { id: 'L2', priority: 1, a: 'NRO-2', b: 'NRO-4', lengthM: 4000, costEur: 100000, owner: 'SMSN' },
      { id: 'L3', priority: 2, a: 'NRO-1', b: 'NRO-2', lengthM: 2000, costEur: 50000, owner: 'SMSN' },
      { id: 'L4', priority: 3, a: 'POP-A', b: 'POP-B', lengthM: 1000, costEur: 30000, owner: 'SMSN' },
      { id: 'L5', priority: 2, a: 'NRO-4', b: 'NRO-5', lengthM: 3000, costEur: 75000, owner: 'SMSN' },
      { id: 'L6', priority: 4, a: 'NRO-5', b: 'NRO-3', lengthM: 2000, costEur: 50000, owner: 'SMSN' },
    ],
    desaturationWorks: [
      { id: 'D1', urgency: 1, label: 'POP-B à HE', sections: ['S3'], owner: 'Level 3', lengthM: 3000, costEur: 30000, addedCapacityFibres: 96 },
      { id: 'D2', urgency: 2, label: 'POP-B à NRO-3', sections: ['S6'], owner: 'SMSN', lengthM: 1000, costEur: 20000 },
      { id: 'D3', urgency: 1, label: 'POP-A à POP-B', sections: ['S2'], owner: 'Viatel', lengthM: 1000, costEur: 10000, addedCapacityFibres: 16 },
    ],
    declaredTotals: {
      redundancyLinks: { lengthM: 22000, costEur: 555000 },
      desaturationWorks: { lengthM: 5000, costEur: 60000 },
    },
  };
}
