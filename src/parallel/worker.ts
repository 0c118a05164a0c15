import { workerData } from 'node:worker_threads';
import type { WorkerInput } from './threads.js';

type Task = (input: WorkerInput<never>) => void;

/**
 * The worker script of `runParallel` and `startParallel` (src/parallel/threads.ts): runs the
 * task it is given on the chunks it claims. Each task reads the network and the routes from
 * shared memory. A task's module is loaded when it is asked for: a worker loads only its own.
 */
const TASKS: Record<string, () => Promise<Task>> = {
  report: async () => (await import('../io/report-json.js')).reportPiecesInWorker,
  routes: async () => (await import('../routing/collection-routes.js')).routeChunksInWorker,
  sweep: async () => (await import('../saturation/n1-sweep.js')).sweepChunksInWorker,
  failureSweep: async () => (await import('../saturation/failure-sweep.js')).failureSweepChunksInWorker,
};

const input = workerData as WorkerInput<never>;
(await TASKS[input.task]())(input);
