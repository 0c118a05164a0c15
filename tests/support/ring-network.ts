import { tinyNetwork } from './tiny-network.js';

/**
 * A hand-computed network for the saturation tests: a ring HE–A–B–C–HE with NROs at A, B and
 * C, a spur NRO D off B, and a long chord A–C that no route takes until a cut forces it.
 *
 *        r1 1000        r2 2000
 *   HE ──────────── A ──────────── B ── sp 500 ── D
 *    │               ╲              │
 *    │ r4 1000     ch 5000          │ r3 1500
 *    │                 ╲            │
 *    └──────────────────── C ───────┘
 *
 * Routes (fibres per route 2), each pair unique:
 *   A: primary r1 (1000), backup r2 r3 r4 (4500)
 *   B: primary r3 r4 (2500), backup r2 r1 (3000)
 *   C: primary r4 (1000), backup r3 r2 r1 (4500)
 *   D: primary sp r3 r4 (3000), no backup (sp is a bridge)
 * Routes per section: r1 3, r2 3, r3 4, r4 4, sp 1, ch 0.
 */
export const ringNetwork = () =>
  tinyNetwork(
    ['HE:headend', 'A', 'B', 'C', 'D'],
    [
      ['r1', 'HE', 'A', 1000, { capacityFibres: 22, usedFibres: 10 }], // 10 + 6 = 16 / 22: ok
      ['r2', 'A', 'B', 2000, { capacityFibres: 12, usedFibres: 4 }], //   4 + 6 = 10 / 12: near
      ['r3', 'B', 'C', 1500, { capacityFibres: 16, usedFibres: 8 }], //   8 + 8 = 16 / 16: saturated
      ['r4', 'C', 'HE', 1000, { capacityFibres: 48 }], //                 0 + 8 =  8 / 48: ok
      ['sp', 'B', 'D', 500], //                                           unknown capacity, load 2
      ['ch', 'A', 'C', 5000, { capacityFibres: 4 }], //                   0 / 4: ok
    ],
    { B: { subscribers: 1200 }, D: { subscribers: 300 } },
  );
