/**
 * A target model whose calls run as queue jobs: each call becomes one rollout job (the
 * skill text and one task's prompt for this target), identified by the run journal's
 * key of the call, so a job done twice — a worker killed after its call, a coordinator
 * resumed — is paid once and its result counted once.
 */
import { randomUUID } from 'node:crypto';
import type { ChatModel, ChatRequest, ChatResponse } from '../models/chat-model';
import { CallAbortedError } from '../models/model-errors';
import { isAgentCliProvider, parseModelSpec } from '../models/model-spec';
import type { TaskSet } from '../tasks/eval-task';
import { errorFromData } from './queue-error-data';
import { simulationOf, toWireRequest, type RolloutJobData, type RolloutJobResult } from './rollout-job';
import type { RolloutQueue } from './rollout-queue';

export interface QueuedTargetOptions {
  spec: string;
  provider: string;
  model: string;
  installsSkills?: boolean;
  /** For `sim:` targets: what the worker builds the simulated world from. */
  simulation?: RolloutJobData['simulation'];
}

/** Callers waiting for results, by job id; one subscription per queue. */
class ResultWaiters {
  private readonly waiting = new Map<string, Array<(result: RolloutJobResult) => void>>();

  constructor(queue: RolloutQueue) {
    queue.onResult(({ jobId, result }) => {
      const callers = this.waiting.get(jobId);
      if (!callers) return; // Nobody waits: a result heard twice, or for another coordinator.
      this.waiting.delete(jobId);
      for (const settle of callers) settle(result);
    });
  }

  wait(jobId: string): { result: Promise<RolloutJobResult>; cancel(): void } {
    let settle!: (result: RolloutJobResult) => void;
    const result = new Promise<RolloutJobResult>((resolve) => (settle = resolve));
    this.waiting.set(jobId, [...(this.waiting.get(jobId) ?? []), settle]);
    return {
      result,
      cancel: () => {
        const rest = (this.waiting.get(jobId) ?? []).filter((other) => other !== settle);
        if (rest.length > 0) this.waiting.set(jobId, rest);
        else this.waiting.delete(jobId);
      },
    };
  }
}

const waitersOf = new WeakMap<RolloutQueue, ResultWaiters>();

export function queuedTargetModel(queue: RolloutQueue, options: QueuedTargetOptions): ChatModel {
  let waiters = waitersOf.get(queue);
  if (!waiters) waitersOf.set(queue, (waiters = new ResultWaiters(queue)));
  const results = waiters;
  return {
    spec: options.spec,
    provider: options.provider,
    model: options.model,
    installsSkills: options.installsSkills,
    runsElsewhere: true,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      if (request.signal?.aborted) throw new CallAbortedError();
      // Calls outside a run (eval) have no journal key: a fresh id each.
      // BullMQ reserves ':' in ids.
      const jobId = `call-${(request.callKey ?? randomUUID()).replaceAll(':', '.')}`;
      const waiting = results.wait(jobId);
      const data: RolloutJobData = { version: 1, target: options.spec, request: toWireRequest(request), ...(options.simulation && { simulation: options.simulation }) };
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new CallAbortedError());
        request.signal?.addEventListener('abort', onAbort, { once: true });
      });
      // Only raced: a cancel after the result is nobody's error.
      aborted.catch(() => undefined);
      try {
        await Promise.race([queue.enqueue({ id: jobId, data }), aborted]);
        const result = await Promise.race([waiting.result, aborted]);
        if (!result.ok) throw errorFromData(result.error, result.worker);
        return { text: result.text, usage: result.usage, cached: false, ...(result.trajectory && { trajectory: result.trajectory }) };
      } catch (error) {
        if (error instanceof CallAbortedError) {
          waiting.cancel();
          await queue.withdraw(jobId, options.spec).catch(() => undefined);
        }
        throw error;
      } finally {
        if (onAbort) request.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** The queued target for a spec (agent CLIs install the skill themselves on the worker). */
export function queuedTargetForSpec(queue: RolloutQueue, spec: string, simulation?: RolloutJobData['simulation']): ChatModel {
  const parsed = parseModelSpec(spec);
  return queuedTargetModel(queue, { spec, provider: parsed.provider, model: parsed.model, installsSkills: isAgentCliProvider(parsed.provider), simulation });
}

/**
 * The queued target of one skill's run (CLI and VS Code, single and library runs): a
 * `sim:` target's jobs carry the skill's tasks and seed, so the worker builds the same
 * simulated world the coordinator would have; other targets carry nothing extra.
 */
export async function queuedTargetOfSkill(queue: RolloutQueue, spec: string, skill: { taskSet(): Promise<TaskSet> | TaskSet; seed: number }): Promise<ChatModel> {
  const simulated = parseModelSpec(spec).provider === 'sim';
  return queuedTargetForSpec(queue, spec, simulated ? simulationOf(await skill.taskSet(), skill.seed) : undefined);
}
