/** A workspace holding copies of the bundled example skills, and sim models for library runs. */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { createSimulatedModel, createSimulatedWorld, type SimulatedWorld } from '../../../src/core/models/sim';
import type { LibraryModelContext, LibraryRuntime } from '../../../src/core/library/library-run';

export const exampleSkillNames = ['code-review-comments', 'commit-messages', 'landing-page-headlines'] as const;

/** A fresh workspace with `skills/<name>` copies of the examples. */
export async function exampleWorkspace(): Promise<{ workspace: string; skillDirectories: string[] }> {
  const workspace = await mkdtemp(join(tmpdir(), 'library-'));
  await cp(resolve('skills'), join(workspace, 'skills'), { recursive: true });
  return { workspace, skillDirectories: exampleSkillNames.map((name) => join(workspace, 'skills', name)) };
}

/** A model factory for the simulated world: one world per skill, built from its tasks. */
export function simModelFactory(options: { latencyMs?: number; wrap?: (model: ChatModel, skill: LibraryModelContext) => ChatModel } = {}): LibraryRuntime['createModel'] {
  const worlds = new Map<string, Promise<SimulatedWorld>>();
  return async (spec, skill) => {
    let world = worlds.get(skill.skillDirectory);
    if (!world) {
      world = skill.taskSet().then((taskSet) => createSimulatedWorld(taskSet, { seed: skill.seed, latencyMs: options.latencyMs }));
      worlds.set(skill.skillDirectory, world);
    }
    const model = createSimulatedModel(spec, await world);
    return options.wrap ? options.wrap(model, skill) : model;
  };
}

export const simSpecs = { target: 'sim:target', optimizer: 'sim:optimizer', judge: 'sim:judge' };
