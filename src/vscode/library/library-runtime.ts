/**
 * What VS Code gives a library run besides its skills: raw models made from the
 * settings (keys from SecretStorage, base URLs, agent CLIs, language models, one
 * simulated world per skill built from its own tasks), the response cache, prices,
 * timeouts and retries. The library wraps every model with its shared policies. With
 * `skillTrainer.queue.url` the target's rollouts run as jobs on the queue's workers,
 * as `train-all --queue` does on the command line.
 */
import { defaultResponseCacheDirectory } from '../../cli/response-cache-directory';
import type { LibraryModelContext } from '../../core/library';
import { createChatModel, createSimulatedWorld, DiskResponseCache, type SimulatedWorld } from '../../core/models';
import { batchSizeWithin, queuedTargetOfSkill } from '../../core/queue';
import type { ApiKeyStore } from '../api-keys';
import type { LanguageModelCatalog } from '../language-model-catalog';
import { rolloutQueueFor } from '../rollout-queue-connections';
import { baseUrlsFromSettings, isSimulatedSpec, modelFactoryOptions } from '../run-models';
import type { SkillTrainerSettings } from '../settings';
import type { LibraryRuntimeParts } from './library-runs';

export async function libraryRuntime(input: {
  settings: SkillTrainerSettings;
  apiKeys: ApiKeyStore;
  catalog: LanguageModelCatalog;
  trusted: boolean;
  /** Every spec the run may use: simulated runs skip the cache (it would hide the simulation's latency). */
  specs: readonly string[];
  environment?: Readonly<Record<string, string | undefined>>;
  /** Hears the queue's warnings (lost jobs added again). */
  onQueueWarning?: (message: string) => void;
}): Promise<LibraryRuntimeParts> {
  const { settings } = input;
  const environment = input.environment ?? process.env;
  const worlds = new Map<string, Promise<SimulatedWorld>>();
  const worldOf = (skill: LibraryModelContext): Promise<SimulatedWorld> => {
    let world = worlds.get(skill.skillDirectory);
    if (!world) {
      world = skill.taskSet().then((taskSet) => createSimulatedWorld(taskSet, { seed: skill.seed, latencyMs: settings['simulation.latencyMs'] }));
      worlds.set(skill.skillDirectory, world);
    }
    return world;
  };
  const cacheEnabled = settings['cache.enabled'] && !input.specs.some(isSimulatedSpec);
  // skillTrainer.concurrency becomes each provider account's limit in calls over every worker, as --concurrency does for train-all --queue.
  const batchSize = batchSizeWithin(settings.concurrency, settings['queue.batchSize']);
  const queue = settings['queue.url'] ? await rolloutQueueFor(settings['queue.url'], environment, { concurrency: settings.concurrency, batchSize, onWarning: input.onQueueWarning ?? (() => undefined) }) : undefined;
  const baseUrls = baseUrlsFromSettings(settings, environment);
  return {
    createModel: async (spec, skill) => {
      // The skill's world is built only when a `sim:` model asks for it.
      const world = isSimulatedSpec(spec) ? await worldOf(skill) : undefined;
      const options = await modelFactoryOptions({ ...input, environment }, () => world!);
      return createChatModel(spec, options);
    },
    ...(queue && { createTarget: (spec, skill) => queuedTargetOfSkill(queue, spec, skill, { baseUrls, batchSize }), queueStatus: () => queue.status() }),
    // Embedding models need no simulated world: the `sim:` one is a hashed bag of words.
    embeddingFactory: await modelFactoryOptions({ ...input, environment }, () => {
      throw new Error('embedding models never ask for the simulated world');
    }),
    cache: cacheEnabled ? new DiskResponseCache(defaultResponseCacheDirectory(environment)) : false,
    prices: settings.prices,
    timeoutMs: settings.callTimeoutSeconds * 1000,
    retry: { maxAttempts: settings.maxAttempts },
    trusted: input.trusted,
  };
}
