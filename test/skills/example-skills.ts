/** The bundled example skills (every folder of skills/ holding a SKILL.md), for the tests. */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createSimulatedModel, createSimulatedWorld, type SimulatedWorld } from '../../src/core/models/sim';
import { loadTaskSet, type TaskSet } from '../../src/core/tasks';

export const skillsRoot = resolve('skills');

/** Folder names of the example skills, sorted. */
export function exampleSkillNames(): string[] {
  return readdirSync(skillsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(skillsRoot, entry.name, 'SKILL.md')))
    .map((entry) => entry.name)
    .sort();
}

export interface LoadedExample {
  name: string;
  directory: string;
  skillPath: string;
  skillText: string;
  taskSet: TaskSet;
  world: SimulatedWorld;
}

export async function loadExample(name: string, seed = 42): Promise<LoadedExample> {
  const directory = join(skillsRoot, name);
  const skillPath = join(directory, 'SKILL.md');
  const taskSet = await loadTaskSet(directory);
  return { name, directory, skillPath, skillText: await readFile(skillPath, 'utf8'), taskSet, world: createSimulatedWorld(taskSet, { seed }) };
}

/** A skill that states every rule of the world: the answers it gets are the world's best. */
export function skillStatingEveryRule(world: SimulatedWorld): string {
  return world.hints.rules.map((rule) => `- ${rule.instruction}`).join('\n');
}

/** One `sim:` model serving as target, judge and optimizer. */
export function simulatedJudge(world: SimulatedWorld) {
  return createSimulatedModel('sim:judge', world);
}
