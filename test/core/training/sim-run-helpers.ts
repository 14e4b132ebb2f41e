/** Runs the bundled example skill in the simulated world, for the trainer tests. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { splitTasks } from '../../../src/core/tasks/split-tasks';
import { createSimulatedModel, createSimulatedWorld, type SimulatedWorld } from '../../../src/core/models/sim';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { openRunStore, type RunStore } from '../../../src/core/store/run-store';
import { readStepRecords } from '../../../src/core/store/run-reader';
import { resolveTrainingConfig, type TrainingConfigInput } from '../../../src/core/training/training-config';
import { startTraining, resumeTraining, type StartTrainingInput, type TrainingResult } from '../../../src/core/training/trainer';
import type { TrainingModels } from '../../../src/core/training/training-session';

export const exampleSkillDir = resolve('skills/commit-messages');

export async function exampleSetup(seed = 42, worldOptions: { harmfulRate?: number; uselessRate?: number } = {}) {
  const taskSet = await loadTaskSet(exampleSkillDir);
  const world = createSimulatedWorld(taskSet, { seed, ...worldOptions });
  const skillPath = join(exampleSkillDir, 'SKILL.md');
  return { taskSet, world, skillPath, skillText: await readFile(skillPath, 'utf8'), tasks: splitTasks(taskSet.tasks, { seed }) };
}

/** The sim model, optionally wrapped (to count calls or fail on purpose). */
export function simModels(world: SimulatedWorld, wrap: (model: ChatModel) => ChatModel = (model) => model): TrainingModels {
  const model = wrap(createSimulatedModel('sim:demo', world));
  return { target: model, optimizer: model, judge: model };
}

export async function newWorkspace(): Promise<{ workspace: string; store: RunStore }> {
  const workspace = await mkdtemp(join(tmpdir(), 'skill-train-'));
  return { workspace, store: openRunStore(workspace) };
}

export async function runExample(
  options: {
    seed?: number;
    config?: TrainingConfigInput;
    input?: Partial<StartTrainingInput>;
    wrap?: (model: ChatModel) => ChatModel;
    world?: { harmfulRate?: number; uselessRate?: number };
    /** The run's models made from its simulated world (default: the sim model in every role, wrapped by `wrap`). */
    models?: (world: SimulatedWorld) => TrainingModels;
  } = {},
) {
  const setup = await exampleSetup(options.seed, options.world);
  const { workspace, store } = await newWorkspace();
  const result = await startTraining({
    skillPath: setup.skillPath,
    skillText: setup.skillText,
    tasks: setup.tasks,
    models: options.models ? options.models(setup.world) : simModels(setup.world, options.wrap),
    store,
    config: resolveTrainingConfig({ seed: options.seed ?? 42, ...options.config }),
    trusted: false,
    ...options.input,
  });
  return { ...setup, workspace, store, result };
}

/** The simulated world's model, as the sim spec would make it. */
export function simModel(world: SimulatedWorld): ChatModel {
  return createSimulatedModel('sim:demo', world);
}

export async function resumeExample(store: RunStore, world: SimulatedWorld, runId: string, extra: Partial<Parameters<typeof resumeTraining>[0]> = {}): Promise<TrainingResult> {
  return resumeTraining({ runId, store, models: simModels(world), ...extra });
}

/** Step records without the fields that differ between runs (time, usage). */
export async function comparableSteps(workspace: string, runId: string): Promise<unknown[]> {
  const records = await readStepRecords(workspace, runId);
  return records.map((record) => {
    const { at: _at, usage: _usage, ...rest } = record as unknown as Record<string, unknown>;
    delete rest.wallMs;
    return rest;
  });
}
