/**
 * A target model whose calls run as queue jobs: the calls a stage issues together are
 * gathered into batch jobs (`RolloutBatcher`: one skill text, up to `batchSize` calls,
 * one target), each call keyed by the run journal's key, so a job done twice — a
 * worker killed after its calls, a coordinator resumed — is paid once and each call's
 * result counted once.
 */
import { replyToolFields } from '../models/chat-tools';
import { randomUUID } from 'node:crypto';
import type { ChatModel, ChatRequest, ChatResponse } from '../models/chat-model';
import { isAgentCliProvider, parseModelSpec } from '../models/model-spec';
import type { TaskSet } from '../tasks/eval-task';
import { errorFromData } from './queue-error-data';
import { RolloutBatcher, defaultBatchSize } from './rollout-batcher';
import { simulationOf, type RolloutJobData } from './rollout-job';
import type { RolloutQueue } from './rollout-queue';
import { targetAccount } from './target-account';

export interface QueuedTargetOptions {
  spec: string;
  provider: string;
  model: string;
  installsSkills?: boolean;
  /** The provider account the target bills to (`targetAccount`): its jobs share that account's limits. */
  account: string;
  /** Calls per job at most. Default 8. */
  batchSize?: number;
  /** For `sim:` targets: what the worker builds the simulated world from. */
  simulation?: RolloutJobData['simulation'];
}

export function queuedTargetModel(queue: RolloutQueue, options: QueuedTargetOptions): ChatModel {
  const batcher = new RolloutBatcher(queue, { spec: options.spec, account: options.account, simulation: options.simulation }, options.batchSize ?? defaultBatchSize);
  return {
    spec: options.spec,
    provider: options.provider,
    model: options.model,
    installsSkills: options.installsSkills,
    runsElsewhere: true,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      // Calls outside a run (eval) have no journal key: a fresh one each. BullMQ reserves ':' in ids.
      const key = (request.callKey ?? randomUUID()).replaceAll(':', '.');
      const result = await batcher.submit(key, request);
      if (!result.ok) throw errorFromData(result.error, result.worker);
      return { text: result.text, ...replyToolFields(result), usage: result.usage, cached: false, ...(result.trajectory && { trajectory: result.trajectory }) };
    },
  };
}

export interface QueuedTargetSettings {
  /** The coordinator's base URLs: with the provider, they name the target's account. */
  baseUrls?: Parameters<typeof targetAccount>[1];
  batchSize?: number;
  simulation?: RolloutJobData['simulation'];
}

/** The queued target for a spec (agent CLIs install the skill themselves on the worker). */
export function queuedTargetForSpec(queue: RolloutQueue, spec: string, settings: QueuedTargetSettings = {}): ChatModel {
  const parsed = parseModelSpec(spec);
  return queuedTargetModel(queue, {
    spec,
    provider: parsed.provider,
    model: parsed.model,
    installsSkills: isAgentCliProvider(parsed.provider),
    account: targetAccount(spec, settings.baseUrls),
    batchSize: settings.batchSize,
    simulation: settings.simulation,
  });
}

/**
 * The queued target of one skill's run (CLI and VS Code, single and library runs): a
 * `sim:` target's jobs carry the skill's tasks and seed, so the worker builds the same
 * simulated world the coordinator would have; other targets carry nothing extra.
 */
export async function queuedTargetOfSkill(
  queue: RolloutQueue,
  spec: string,
  skill: { taskSet(): Promise<TaskSet> | TaskSet; seed: number },
  settings: Omit<QueuedTargetSettings, 'simulation'> = {},
): Promise<ChatModel> {
  const simulated = parseModelSpec(spec).provider === 'sim';
  return queuedTargetForSpec(queue, spec, { ...settings, ...(simulated && { simulation: simulationOf(await skill.taskSet(), skill.seed) }) });
}
