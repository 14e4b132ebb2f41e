/**
 * How the command line creates a raw model from a spec: keys and base URLs from the
 * environment, the simulated world built from the skill's tasks (one world per skill),
 * agent CLIs allowed (the person at the terminal chose the skill). Call policies are
 * added by the caller. Used by `train`, `resume`, `train-all` and `transfer`.
 */
import { apiKeysFromEnvironment, baseUrlsFromEnvironment } from '../core/models/adapters/api-keys-from-environment';
import type { ChatModel } from '../core/models/chat-model';
import { createChatModel, type ModelFactoryOptions } from '../core/models/create-chat-model';
import { createSimulatedModel, createSimulatedWorld, type SimulatedWorld } from '../core/models/sim';
import type { TaskSet } from '../core/tasks';

/** What the factory needs to know of the skill a model is for. */
export interface ModelSkillContext {
  /** The skill's tasks; the simulated world is built from them on first use. */
  taskSet(): Promise<TaskSet>;
  seed: number;
}

export type CreateModel = (spec: string, options: ModelFactoryOptions) => ChatModel;

/** Pretended latency of simulated calls, ms, from SKILL_TRAINER_SIM_LATENCY_MS (0 when unset or invalid). */
export function simulationLatencyMs(environment: Readonly<Record<string, string | undefined>>): number {
  const value = Number(environment.SKILL_TRAINER_SIM_LATENCY_MS ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 60_000) : 0;
}

/** A factory of raw models for the command line; `createModel` is replaceable for tests. */
export function cliModelFactory(environment: Readonly<Record<string, string | undefined>>, createModel: CreateModel = createChatModel): (spec: string, skill: ModelSkillContext) => Promise<ChatModel> {
  const worlds = new WeakMap<ModelSkillContext, Promise<SimulatedWorld>>();
  const common = cliFactoryOptions(environment);
  const latencyMs = simulationLatencyMs(environment);
  return async (spec, skill) => {
    let world: SimulatedWorld | undefined;
    if (spec.startsWith('sim:')) {
      let pending = worlds.get(skill);
      if (!pending) {
        pending = skill.taskSet().then((taskSet) => createSimulatedWorld(taskSet, { seed: skill.seed, latencyMs }));
        worlds.set(skill, pending);
      }
      world = await pending;
    }
    return createModel(spec, { ...common, simulated: (model) => createSimulatedModel(`sim:${model}`, world!) });
  };
}

/** Help of the `--embedding` flag, the same on every command that takes it. */
export const embeddingFlagHelp =
  'embedding model that decides `similar` checks by cosine similarity, e.g. openai:text-embedding-3-small, google:gemini-embedding-001, ollama:nomic-embed-text or sim:embedding (default: the judge grades them)';

/** What a model factory needs on the command line (chat and embedding models): keys and base URLs from the environment. */
export function cliFactoryOptions(environment: Readonly<Record<string, string | undefined>>): ModelFactoryOptions {
  return { trusted: true, apiKeys: apiKeysFromEnvironment(environment), baseUrls: baseUrlsFromEnvironment(environment) };
}
