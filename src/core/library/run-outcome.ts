/**
 * A skill's outcome in a library run, from its ordinary run: from the trainer's result
 * when the run returns, or from the run's own files when it finished in an earlier
 * process (killed before the library record caught up).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readStepRecords, runFolder } from '../store/run-reader';
import type { FinalRecord } from '../store/run-records';
import type { TrainingResult } from '../training/trainer';
import type { LibrarySkillOutcome } from './library-run-record';

/** Where a run stands on disk: not created, created but never committed, resumable, or done. */
export type RunProgress = 'none' | 'orphan' | 'resumable' | 'done';

export async function runProgress(workspaceRoot: string, runId: string): Promise<RunProgress> {
  const folder = runFolder(workspaceRoot, runId);
  const state = await readFile(join(folder, 'state.json'), 'utf8').catch(() => undefined);
  if (state === undefined) {
    return (await readFile(join(folder, 'config.json'), 'utf8').then(() => true, () => false)) ? 'orphan' : 'none';
  }
  try {
    return (JSON.parse(state) as { cursor?: { phase?: string } }).cursor?.phase === 'done' ? 'done' : 'resumable';
  } catch {
    return 'resumable';
  }
}

/** The outcome of a run the trainer returned. */
export function outcomeOfResult(result: TrainingResult): LibrarySkillOutcome {
  if (result.status === 'finished') {
    return {
      status: 'finished',
      runId: result.runId,
      ...(result.baselineScore !== undefined ? { baselineScore: result.baselineScore } : {}),
      bestScore: result.bestScore,
      bestStep: result.bestStep,
      ...(result.test ? { test: result.test } : {}),
      costUsd: result.costUsd,
    };
  }
  return { status: result.status, runId: result.runId, message: result.message ?? `Run ${result.runId} stopped.` };
}

/** The fields of a finished run's `state.json` an outcome needs. */
const finishedStateSchema = z.object({
  baselineScore: z.number().optional(),
  bestScore: z.number(),
  bestStep: z.number(),
  usage: z.object({ costUsd: z.number().nullable().optional() }).optional(),
});

/** The outcome of a run whose files say it finished. */
export async function outcomeOfFinishedRun(workspaceRoot: string, runId: string): Promise<LibrarySkillOutcome> {
  const folder = runFolder(workspaceRoot, runId);
  const state = finishedStateSchema.parse(JSON.parse(await readFile(join(folder, 'state.json'), 'utf8')));
  const final = (await readStepRecords(workspaceRoot, runId)).find((record): record is FinalRecord => record.kind === 'final');
  return {
    status: 'finished',
    runId,
    ...(state.baselineScore !== undefined ? { baselineScore: state.baselineScore } : {}),
    bestScore: state.bestScore,
    bestStep: state.bestStep,
    ...(final?.test ? { test: final.test } : {}),
    costUsd: state.usage?.costUsd ?? null,
  };
}
