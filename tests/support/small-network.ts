import type { Topology } from '../../src/model/schema.js';

/** A valid little network written by hand: HE-A → POP-1 → two NROs, one of them on a spur. */
export function smallNetwork(): Topology {
  return {
    format: 'fibre-topology/1',
    name: 'small',
    sites: [
      { id: 'HE-A', kind: 'headend', name: 'Amiens', lon: 2.3023, lat: 49.8941 },
      { id: 'POP-1', kind: 'pop', name: 'Abbeville', lon: 1.8339, lat: 50.1054 },
      { id: 'NRO-CAY', kind: 'nro', name: 'Cayeux-sur-Mer', lon: 1.4931, lat: 50.1817, subscribers: 2400 },
      { id: 'NRO-FCT', kind: 'nro', name: 'Friville-Escarbotin', lon: 1.5453, lat: 50.0844, subscribers: 1800 },
      { id: 'NRO-NEW', kind: 'nro', name: 'Planned', lon: 1.6, lat: 50.0, status: 'planned' },
    ],
    sections: [
      { id: 'S-1', from: 'HE-A', to: 'POP-1', lengthM: 45000, owner: 'Level 3', capacityFibres: 144, usedFibres: 96 },
      { id: 'S-2', from: 'HE-A', to: 'POP-1', lengthM: 47000, owner: 'Viatel', riskGroups: ['trench-A16'] },
      { id: 'S-3', from: 'POP-1', to: 'NRO-FCT', lengthM: 21000, owner: 'SMSN', geometry: [[1.8339, 50.1054], [1.7, 50.09], [1.5453, 50.0844]] },
      { id: 'S-4', from: 'NRO-FCT', to: 'NRO-CAY', lengthM: 12000, owner: 'SMSN', riskGroups: ['trench-A16'] },
      { id: 'S-5', from: 'NRO-FCT', to: 'NRO-NEW', lengthM: 9000, owner: 'SMSN', status: 'planned' },
    ],
    redundancyLinks: [{ id: 'R-01', priority: 1, a: 'NRO-CAY', b: 'POP-1', lengthM: 15011, costEur: 375265, owner: 'SMSN' }],
    desaturationWorks: [
      { id: 'D-01', urgency: 1, label: 'Amiens à Abbeville', sections: ['S-1'], owner: 'Level 3', lengthM: 45000, costEur: 450000, addedCapacityFibres: 144 },
    ],
    declaredTotals: { redundancyLinks: { lengthM: 15011, costEur: 375265 } },
  };
}
