import { workerData } from 'node:worker_threads';
import { reportPartsInWorker } from '../io/report-json.js';
import { routeChunksInWorker } from '../routing/collection-routes.js';
import { failureSweepChunksInWorker } from '../saturation/failure-sweep.js';
import { sweepChunksInWorker } from '../saturation/n1-sweep.js';
import type { WorkerInput } from './threads.js';

/**
 * The worker script of `runParallel` (src/parallel/threads.ts): runs the task it is given on
 * the chunks it claims. Each task reads the network and the routes from shared memory.
 */
const TASKS: Record<string, (input: WorkerInput<never>) => void> = {
  report: reportPartsInWorker,
  routes: routeChunksInWorker,
  sweep: sweepChunksInWorker,
  failureSweep: failureSweepChunksInWorker,
};

const input = workerData as WorkerInput<never>;
TASKS[input.task](input);
