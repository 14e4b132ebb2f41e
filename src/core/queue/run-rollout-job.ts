/**
 * A worker's side of a job: the target call the job describes, with the worker's own
 * model (its keys, its call policies), and the reply or the error as data.
 */
import type { ChatModel } from '../models/chat-model';
import { errorToData } from './queue-error-data';
import type { RolloutJobData, RolloutJobResult } from './rollout-job';

/** The worker's model for a target spec (for `sim:` targets, built from the job's simulation inputs). */
export type ResolveTarget = (spec: string, simulation: RolloutJobData['simulation']) => Promise<ChatModel>;

export async function runRolloutJob(data: RolloutJobData, resolveTarget: ResolveTarget, worker: string, signal?: AbortSignal): Promise<RolloutJobResult> {
  try {
    const target = await resolveTarget(data.target, data.simulation);
    // Fresh: the coordinator already looked in its response cache before it enqueued the job.
    const response = await target.complete({ ...data.request, bypassCache: true, signal });
    return { ok: true, text: response.text, usage: response.usage, ...(response.trajectory && { trajectory: response.trajectory }), worker };
  } catch (error) {
    return { ok: false, error: errorToData(error), worker };
  }
}
