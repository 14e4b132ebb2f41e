/**
 * Builds the models of one run (training or evaluation) from model specs: keys from
 * SecretStorage or the environment, base URLs and executables from settings, the
 * simulated world from the skill's tasks, VS Code's language models for `copilot:`.
 * Every model is wrapped once with the run's shared call policies.
 */
import { defaultResponseCacheDirectory } from '../cli/response-cache-directory';
import {
  baseUrlsFromEnvironment,
  createCallPolicies,
  createChatModel,
  createSimulatedModel,
  createSimulatedWorld,
  DiskResponseCache,
  parseModelSpec,
  withCallPolicies,
  type BaseUrls,
  type CallPolicies,
  type ChatModel,
  type ModelFactoryOptions,
  type SimulatedWorld,
} from '../core/models';
import { runEmbeddingModels } from '../core/scoring/similarity/run-embedding-models';
import type { EmbeddingModels } from '../core/scoring/similarity/embedding-models';
import { batchSizeWithin, queuedTargetOfSkill, type QueueStatus, type RolloutQueue } from '../core/queue';
import type { TaskSet } from '../core/tasks';
import { rolloutQueueFor } from './rollout-queue-connections';
import { resolveApiKeys, type ApiKeyStore } from './api-keys';
import type { LanguageModelCatalog } from './language-model-catalog';
import { LanguageModelChatModel } from './language-model-chat-model';
import type { SkillTrainerSettings } from './settings';

/** The model spec of each role. The judge is absent when no task needs one. */
export interface RoleSpecs {
  readonly target: string;
  readonly optimizer: string;
  readonly judge?: string;
  /** The embedding model for `similar` checks; absent: the `embedding` setting. */
  readonly embedding?: string;
}

/** The models of a run, wrapped with its policies. */
export interface RunModels {
  readonly target: ChatModel;
  readonly optimizer: ChatModel;
  readonly judge?: ChatModel;
  /** Decide `similar` checks by embeddings (the `embedding` setting, and models the suite names). */
  readonly embeddings?: EmbeddingModels;
  /** Shared limiter, budget, usage totals and cache of every role. */
  readonly policies: CallPolicies;
  /** With `skillTrainer.queue.url`: the queue's workers and jobs in flight, for the progress. */
  readonly queueStatus?: () => Promise<QueueStatus>;
}

export interface RunModelsInput {
  readonly specs: RoleSpecs;
  readonly settings: SkillTrainerSettings;
  readonly apiKeys: ApiKeyStore;
  readonly catalog: LanguageModelCatalog;
  /** Workspace trust: agent CLIs are refused when false. */
  readonly trusted: boolean;
  /** The skill's tasks, from which a `sim:` world is built. */
  readonly taskSet: TaskSet;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Hears the queue's warnings (lost jobs added again). */
  readonly onQueueWarning?: (message: string) => void;
}

/** True when the spec names the offline simulated world. */
export function isSimulatedSpec(spec: string): boolean {
  return spec.trim().startsWith('sim:');
}

/** Base URLs: settings win over the environment variables the CLI reads. */
export function baseUrlsFromSettings(settings: SkillTrainerSettings, environment: Readonly<Record<string, string | undefined>>): BaseUrls {
  const urls = baseUrlsFromEnvironment(environment);
  const fromSettings: BaseUrls = {
    ollama: settings['baseUrls.ollama'],
    'openai-compatible': settings['baseUrls.openaiCompatible'],
    anthropic: settings['baseUrls.anthropic'],
    openai: settings['baseUrls.openai'],
    google: settings['baseUrls.google'],
  };
  for (const [provider, url] of Object.entries(fromSettings) as [keyof BaseUrls, string | undefined][]) {
    if (url) urls[provider] = url;
  }
  return urls;
}

export async function createRunModels(input: RunModelsInput): Promise<RunModels> {
  const { settings, specs } = input;
  const environment = input.environment ?? process.env;
  const allSpecs = [specs.target, specs.optimizer, ...(specs.judge ? [specs.judge] : [])];
  for (const spec of allSpecs) parseModelSpec(spec);
  // Simulated calls are free and instant from memory; caching them would only hide
  // the simulation's pretended latency.
  const cacheEnabled = settings['cache.enabled'] && !allSpecs.some(isSimulatedSpec);
  const policies = createCallPolicies({
    maxConcurrency: settings.concurrency,
    timeoutMs: settings.callTimeoutSeconds * 1000,
    retry: { maxAttempts: settings.maxAttempts },
    cache: cacheEnabled ? new DiskResponseCache(defaultResponseCacheDirectory(environment)) : false,
    prices: settings.prices,
    budget: { maxCostUsd: settings.maxCostUsd ?? undefined, maxTokens: settings.maxTokens ?? undefined },
  });
  let world: SimulatedWorld | undefined;
  const factoryOptions = await modelFactoryOptions(input, () => (world ??= createSimulatedWorld(input.taskSet, { seed: settings.seed, latencyMs: settings['simulation.latencyMs'] })));
  const create = (spec: string) => withCallPolicies(createChatModel(spec, factoryOptions), policies);
  // With a queue, the target's calls run on its workers (their keys); the other roles stay here.
  const batchSize = batchSizeWithin(settings.concurrency, settings['queue.batchSize']);
  const queue = settings['queue.url'] ? await rolloutQueueFor(settings['queue.url'], environment, { concurrency: settings.concurrency, batchSize, onWarning: input.onQueueWarning ?? (() => undefined) }) : undefined;
  // The target's account is named from the base URLs this window uses (workers read it from Redis).
  const queued = (queue: RolloutQueue) => queuedTargetOfSkill(queue, specs.target, { taskSet: () => input.taskSet, seed: settings.seed }, { baseUrls: factoryOptions.baseUrls, batchSize });
  return {
    target: queue ? withCallPolicies(await queued(queue), policies) : create(specs.target),
    ...(queue && { queueStatus: () => queue.status() }),
    optimizer: create(specs.optimizer),
    judge: specs.judge ? create(specs.judge) : undefined,
    embeddings: runEmbeddingModels({ spec: specs.embedding ?? (settings.embedding || undefined), tasks: input.taskSet.tasks, factory: factoryOptions, policies }),
    policies,
  };
}

/**
 * How raw models are made from specs (no call policies): keys, base URLs, agent CLIs,
 * VS Code's language models, and `sim:` models in the world `world()` gives.
 */
export async function modelFactoryOptions(
  input: Pick<RunModelsInput, 'settings' | 'apiKeys' | 'catalog' | 'trusted' | 'environment'>,
  world: () => SimulatedWorld,
): Promise<ModelFactoryOptions> {
  const { settings } = input;
  const environment = input.environment ?? process.env;
  return {
    trusted: input.trusted,
    apiKeys: await resolveApiKeys(input.apiKeys, environment),
    baseUrls: baseUrlsFromSettings(settings, environment),
    agentClis: {
      executables: {
        'claude-code': settings['agentCli.claudeCodePath'] || undefined,
        codex: settings['agentCli.codexPath'] || undefined,
        'gemini-cli': settings['agentCli.geminiCliPath'] || undefined,
      },
      timeoutMs: settings['agentCli.timeoutSeconds'] * 1000,
    },
    simulated: (model) => createSimulatedModel(`sim:${model}`, world()),
    copilot: (model) => new LanguageModelChatModel({ model, catalog: input.catalog }),
  };
}
