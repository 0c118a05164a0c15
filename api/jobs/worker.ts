import { stat } from 'node:fs/promises';
import { Piscina } from 'piscina';
import { LRUCache } from 'lru-cache';
import { readTopologyFile } from '../../src/io/read-topology.js';
import { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { packAnswer } from './answer-bytes.js';
import { answerJob } from './answer-job.js';
import { type Job, type JobResult, type TopologyRef, WAKE_UP } from './job.js';

/**
 * Bytes of memory a topology takes once parsed, compiled and analysed, for each byte of its file:
 * measured 5.6 on a generated 1e5-section network (18 MB file, 100 MB held) and 12 on the small
 * Somme file; rankings and routes held beside it take more, hence the margin.
 */
const MEMORY_PER_FILE_BYTE = 8;
const cacheBytes = Number((Piscina.workerData as { cacheBytes?: number } | undefined)?.cacheBytes ?? 512 * 2 ** 20);

/** Topology versions this worker holds, by entity tag and file, the least recently used dropped first past the size bound. */
const workspaces = new LRUCache<string, { workspace: Promise<NetworkWorkspace>; size: number }>({
  maxSize: cacheBytes,
  sizeCalculation: (entry) => Math.max(1, entry.size),
});

async function workspaceOf(ref: TopologyRef): Promise<NetworkWorkspace> {
  const key = `${ref.etag} ${ref.file}`;
  const hit = workspaces.get(key);
  if (hit) return hit.workspace;
  const size = (await stat(ref.file)).size * MEMORY_PER_FILE_BYTE;
  const workspace = readTopologyFile(ref.file).then((topology) => new NetworkWorkspace(topology));
  workspaces.set(key, { workspace, size });
  workspace.catch(() => workspaces.delete(key));
  return workspace;
}

/**
 * A worker thread of the API's job pool: answers one question about one topology version with
 * the request functions the CLI uses. Errors come back as the API's error answer, never thrown
 * across the thread (a class does not survive the crossing).
 */
export default async function answer(job: Job): Promise<JobResult> {
  if (job.question === WAKE_UP) return { ok: true };
  const result = await answerJob(job, workspaceOf);
  if ('ok' in result) return result;
  if ('value' in result) return { ok: true, value: result.value };
  // Transferred, not copied: see packAnswer.
  return Piscina.move(packAnswer({ type: result.type, ...(result.headers && { headers: result.headers }) }, result.text)) as unknown as JobResult;
}
