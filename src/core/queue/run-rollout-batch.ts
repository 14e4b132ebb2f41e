/**
 * A worker's side of a job: the batch's target calls, all started at once (the
 * worker's call policies keep them within its concurrency), each with the worker's
 * own model (its keys, its call policies). Every call ends as data, its reply or its
 * error: one call failing never fails the others, and a model the worker cannot
 * create fails every call of the batch with that reason.
 */
import { replyToolFields } from '../models/chat-tools';
import type { ChatModel } from '../models/chat-model';
import { errorToData } from './queue-error-data';
import type { RolloutCallResult, RolloutJobData, RolloutJobResult } from './rollout-job';

/** The worker's model for a target spec (for `sim:` targets, built from the job's simulation inputs). */
export type ResolveTarget = (spec: string, simulation: RolloutJobData['simulation']) => Promise<ChatModel>;

export async function runRolloutBatch(data: RolloutJobData, resolveTarget: ResolveTarget, worker: string, signal?: AbortSignal): Promise<RolloutJobResult> {
  let target: ChatModel;
  try {
    target = await resolveTarget(data.target, data.simulation);
  } catch (error) {
    const failed: RolloutCallResult = { ok: false, error: errorToData(error) };
    return { worker, calls: Object.fromEntries(data.calls.map((call) => [call.key, failed])) };
  }
  const results = await Promise.all(
    data.calls.map(async (call): Promise<[string, RolloutCallResult]> => {
      try {
        // Fresh: the coordinator already looked in its response cache before it enqueued the call.
        const response = await target.complete({ ...call.request, bypassCache: true, signal });
        return [call.key, { ok: true, text: response.text, ...replyToolFields(response), usage: response.usage, ...(response.trajectory && { trajectory: response.trajectory }) }];
      } catch (error) {
        return [call.key, { ok: false, error: errorToData(error) }];
      }
    }),
  );
  return { worker, calls: Object.fromEntries(results) };
}
