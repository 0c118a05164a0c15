import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { toApiError } from '../error-handler.js';
import type { Job, JobResult, TopologyRef } from './job.js';
import { type Answer, QUESTIONS, type QuestionName } from './questions.js';

/** A job that failed: the API's error answer, as it crosses a thread. */
export type JobFailure = Extract<JobResult, { ok: false }>;

/**
 * Answers one job with the request functions the CLI uses, on whichever thread calls it (a
 * worker, or the main thread for the jobs `answersOnMainThread` allows): the question's answer,
 * or the API's error answer — never thrown, since a class does not survive the crossing.
 *
 * @example
 * const result = await answerJob({ question: 'cut', topology, payload }, workspaceOf);
 * if ('text' in result) send(result.type, result.text);
 */
export async function answerJob(job: Job, workspaceOf: (ref: TopologyRef) => Promise<NetworkWorkspace>): Promise<Answer | JobFailure> {
  try {
    const question = QUESTIONS[job.question as QuestionName] as (ws: NetworkWorkspace | undefined, payload: unknown) => Answer | Promise<Answer>;
    const workspace = job.topology ? await workspaceOf(job.topology) : undefined;
    return await question(workspace, job.payload);
  } catch (error) {
    const apiError = toApiError(error);
    return {
      ok: false,
      error: { statusCode: apiError.statusCode, code: apiError.code, message: apiError.message, details: apiError.details, headers: apiError.headers },
      ...(apiError.statusCode >= 500 && { stack: (error as Error)?.stack ?? String(error) }),
    };
  }
}
