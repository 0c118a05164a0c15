import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { topologyFromJSON } from '../../src/io/read-topology.js';
import { TopologyError } from '../../src/model/errors.js';
import { FORMAT } from '../../src/model/schema.js';
import type { Problem } from '../../src/model/validate.js';
import { nodeFs, type StoreFs } from './fs.js';
import { sha256Hex, summarise, type TopologySummary } from './topology-document.js';

/** What a file of the topology folder holds, as the store reads a seed. */
export type SeedReading =
  | { kind: 'topology'; sha256: string; summary: TopologySummary }
  | { kind: 'not-json' }
  /** JSON, but not a `fibre-topology/1` document (another file of the folder): skipped silently. */
  | { kind: 'other-format' }
  | { kind: 'invalid'; message: string; problems: Problem[] }
  | { kind: 'unreadable' };

/**
 * Reads, checks and summarises one seed file: its hash (of the text, as the store has always
 * computed it) and its summary, or why it is no topology.
 *
 * @example
 * await readSeedFile('topology/somme.json'); // { kind: 'topology', sha256: '…', summary: { name: 'Somme…', counts } }
 */
export async function readSeedFile(file: string, fs: StoreFs = nodeFs): Promise<SeedReading> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return { kind: 'unreadable' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'not-json' };
  }
  if ((value as { format?: unknown } | null)?.format !== FORMAT) return { kind: 'other-format' };
  try {
    // The file is served as it is: a valid document is its own parsed value (no defaults, no
    // transforms), so it parses to the very document the schema describes, whatever its layout.
    return { kind: 'topology', sha256: sha256Hex(text), summary: summarise(topologyFromJSON(value)) };
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    return { kind: 'invalid', message: error.message, problems: error.problems.slice(0, 10) };
  }
}

/** The worker's entry (Piscina calls the default export): a seed read on a thread of its own. */
export default function readSeedInWorker(file: string): Promise<SeedReading> {
  return readSeedFile(file);
}

/**
 * From this size a seed is read in a worker thread: parsing and checking a national network's
 * document on the main thread left some 500 MB of garbage in its heap, and until a full
 * collection every minor one took 5–25 ms, so `/health` and small cuts answered that much later.
 */
export const SEED_WORKER_BYTES = 4 * 2 ** 20;

// The worker runs from the TypeScript sources under the tests (through tsx) and from dist/ once built.
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './seed-file.ts' : './seed-file.js', import.meta.url);

/**
 * Reads seed files, the large ones on one worker thread started for them and stopped by `close`.
 *
 * @example
 * const reader = new SeedReader(nodeFs);
 * try { await reader.read('topology/national.json'); } finally { await reader.close(); }
 */
export class SeedReader {
  #pool: Piscina | undefined;

  constructor(private readonly fs: StoreFs = nodeFs, private readonly workerBytes = SEED_WORKER_BYTES) {}

  async read(file: string): Promise<SeedReading> {
    const size = await stat(file).then((info) => info.size, () => 0);
    if (size < this.workerBytes) return readSeedFile(file, this.fs);
    this.#pool ??= new Piscina({
      filename: fileURLToPath(workerFile),
      maxThreads: 1,
      ...(import.meta.url.endsWith('.ts') && { execArgv: ['--import', 'tsx'] }),
    });
    return this.#pool.run(file) as Promise<SeedReading>;
  }

  async close(): Promise<void> {
    await this.#pool?.destroy();
    this.#pool = undefined;
  }
}
