import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AugmentationRecord, type AugmentationSkip, augmentationBench, augmentationTable } from './augmentation.js';

/**
 * `node --import tsx bench/augmentation-run.ts` (or `node dist/bench/augmentation-run.js`):
 * the augmentation benchmark against NetworkX, one JSON line per network on stdout, then the
 * README's table on stderr. BENCH_ZOO=Geant2012,Colt for some Zoo networks (none: BENCH_ZOO=),
 * BENCH_AUGMENTATION_SIZES=1e3,3e3,1e4 for the generated ones (the default; none: empty), BENCH_NX_TIMEOUT_S
 * (default 900), BENCH_NX_MEMORY_MB (default 12000), BENCH_TIME_LIMIT_S (the MILP's, default 300).
 */
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'package.json'))) root = dirname(root);
const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').filter(Boolean));
const numbers = (value: string | undefined) => list(value)?.map(Number);
const work = mkdtempSync(join(tmpdir(), 'fibre-augmentation-'));
const records: Array<AugmentationRecord | AugmentationSkip> = [];
try {
  for await (const record of augmentationBench({
    root,
    work,
    zoo: list(process.env.BENCH_ZOO),
    generated: numbers(process.env.BENCH_AUGMENTATION_SIZES),
    networkxTimeoutS: numbers(process.env.BENCH_NX_TIMEOUT_S)?.[0],
    networkxMemoryMB: numbers(process.env.BENCH_NX_MEMORY_MB)?.[0],
    timeLimitS: numbers(process.env.BENCH_TIME_LIMIT_S)?.[0],
  })) {
    records.push(record);
    console.log(JSON.stringify(record));
  }
  console.error(augmentationTable(records));
} finally {
  rmSync(work, { recursive: true, force: true });
}
