/**
 * What resuming a run reads back from its folder, with a plain answer for each way the
 * folder can be short of it: a run stopped while starting (no config.json, or no
 * state.json yet) never paid for anything, so it restarts from the beginning or, when
 * even its settings are gone, is reported as never started with the command to start
 * it again; a run that lost tasks.json after it started cannot be resumed, and says so.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SkillTrainerError } from '../errors';
import type { RunFiles } from '../store/run-store';
import { RunFileMissingError } from '../store/store-errors';
import type { EvalTask, Split } from '../tasks/eval-task';
import { initialState, trainerStateSchema, type TrainerState } from './trainer-state';
import { TrainingSetupError } from './training-setup';
import type { RunConfigFile } from './trainer';

/** How to start a skill's training again, in both front ends' words. */
function startAgain(skillPath: string | undefined): string {
  const where = skillPath ? ` ${dirname(skillPath)}` : ' <skill-dir>';
  return `Start it again with: skill-trainer train${where} (or Optimize Skill in VS Code)`;
}

/** A run stopped while it was being created, before anything was paid. */
export class RunNeverStartedError extends SkillTrainerError {
  readonly runId: string;

  constructor(runId: string, missing: string, skillPath: string | undefined) {
    super('run_never_started', `Run ${runId} never started: it was stopped while starting (${missing}), before any model call was paid. ${startAgain(skillPath)}.`);
    this.runId = runId;
  }
}

/** config.json of a run to resume; without it the run never started. */
export async function readResumeConfig(run: RunFiles): Promise<RunConfigFile> {
  try {
    return await run.readConfig<RunConfigFile>();
  } catch (error) {
    if (!(error instanceof RunFileMissingError)) throw error;
    throw new RunNeverStartedError(run.id, `its folder has no config.json`, (await run.readEntry())?.skillPath);
  }
}

export interface ResumableRun {
  configFile: RunConfigFile;
  tasks: Record<Split, EvalTask[]>;
  state: TrainerState;
}

/**
 * Config, tasks and state of a run to resume. A run whose first state was never saved
 * restarts from the beginning with the skill file as it is now (`warn` says so).
 */
export async function readResumableRun(run: RunFiles, warn: (message: string) => void): Promise<ResumableRun> {
  const configFile = await readResumeConfig(run);
  const raw = await run.readState<unknown>();
  let tasks: Record<Split, EvalTask[]>;
  try {
    tasks = await run.readJson<Record<Split, EvalTask[]>>('tasks.json');
  } catch (error) {
    if (!(error instanceof RunFileMissingError)) throw error;
    if (raw === undefined) throw new RunNeverStartedError(run.id, 'its folder has no tasks.json or state.json', configFile.skillPath);
    throw new TrainingSetupError(
      `${error.path} is missing, so run ${run.id} cannot be resumed: the run's tasks and their splits were kept there. ` +
        `Restore the file (from a backup or a commit of .skill-trainer/), or start a new run. ${startAgain(configFile.skillPath)}.`,
    );
  }
  if (raw === undefined) {
    const skillText = await readFile(configFile.skillPath, 'utf8').catch(() => undefined);
    if (skillText === undefined) throw new RunNeverStartedError(run.id, `its folder has no state.json and ${configFile.skillPath} cannot be read`, configFile.skillPath);
    const state = initialState(skillText);
    await run.writeState(state);
    warn(`Run ${run.id} was stopped while starting, before its first state was saved and before any model call was paid; it starts from the beginning with ${configFile.skillPath} as it is now.`);
    return { configFile, tasks, state };
  }
  const parsed = trainerStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TrainingSetupError(`The state of run ${run.id} (${run.path('state.json')}) is unreadable: ${parsed.error.issues[0]?.message}. The run cannot be resumed; start a new one.`);
  }
  return { configFile, tasks, state: parsed.data as unknown as TrainerState };
}
