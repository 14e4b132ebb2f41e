/**
 * What a run's append-only logs have lost, measured against its saved state. The state
 * records the size of `steps.jsonl` and `rollouts.jsonl` at its last commit and which
 * units of work were committed, so a log cut short or missing records in the middle
 * (a restored backup, a sync tool, a disk error) shows up: a file smaller than the
 * state says, a step without its record, a step without its train rollouts.
 */
import { fileSize, readJsonLines } from '../store/jsonl-file';
import type { RolloutRecord, StepRecord } from '../store/run-records';
import type { RunFiles } from '../store/run-store';
import type { TrainerState } from './trainer-state';

export interface LogDamage {
  /** Committed step records not in steps.jsonl, as "step 9", "the end of epoch 2", "the baseline". */
  missingStepRecords: string[];
  /** Steps (0 = the baseline's validation) whose rollouts are not in rollouts.jsonl at all. */
  stepsWithoutRollouts: number[];
  /** Bytes each log lacks against the saved state (0 when it is at least as long). */
  stepsBytesShort: number;
  rolloutsBytesShort: number;
}

/** The step records a state with this cursor has committed, keyed like `recordKey`. */
function committedStepRecords(state: TrainerState, epochs: number): Map<string, string> {
  const expected = new Map<string, string>();
  const cursor = state.cursor;
  if (cursor.phase === 'baseline') return expected;
  expected.set('baseline', 'the baseline');
  for (let step = 1; step <= state.globalStep; step += 1) expected.set(`step:${step}`, `step ${step}`);
  const epochsEnded = cursor.phase === 'final' || cursor.phase === 'done' ? epochs : cursor.epoch - 1;
  for (let epoch = 1; epoch <= epochsEnded; epoch += 1) expected.set(`epoch_end:${epoch}`, `the end of epoch ${epoch}`);
  return expected;
}

function recordKey(record: StepRecord): string {
  if (record.kind === 'baseline') return 'baseline';
  if (record.kind === 'step') return `step:${record.step}`;
  if (record.kind === 'epoch_end') return `epoch_end:${record.epoch}`;
  return 'final';
}

/** What the logs lack against `state`, or undefined when nothing committed is missing. */
export async function findLogDamage(run: RunFiles, state: TrainerState, epochs: number): Promise<LogDamage | undefined> {
  const stepsBytesShort = Math.max(0, state.logOffsets.steps - (await fileSize(run.path('steps.jsonl'))));
  const rolloutsBytesShort = Math.max(0, state.logOffsets.rollouts - (await fileSize(run.path('rollouts.jsonl'))));
  // A bad line in the middle is damage too: read what parses.
  const steps = await readJsonLines<StepRecord>(run.path('steps.jsonl')).catch(() => [] as StepRecord[]);
  const rollouts = await readJsonLines<RolloutRecord>(run.path('rollouts.jsonl')).catch(() => [] as RolloutRecord[]);
  const present = new Set(steps.map(recordKey));
  const missingStepRecords = [...committedStepRecords(state, epochs)].filter(([key]) => !present.has(key)).map(([, name]) => name);
  const rolledOut = new Set(rollouts.filter((record) => record.phase === 'train' || (record.phase === 'validation' && record.step === 0)).map((record) => record.step));
  const stepsWithoutRollouts: number[] = [];
  if (state.cursor.phase !== 'baseline') {
    for (let step = 0; step <= state.globalStep; step += 1) if (!rolledOut.has(step)) stepsWithoutRollouts.push(step);
  }
  const damaged = stepsBytesShort > 0 || rolloutsBytesShort > 0 || missingStepRecords.length > 0 || stepsWithoutRollouts.length > 0;
  return damaged ? { missingStepRecords, stepsWithoutRollouts, stepsBytesShort, rolloutsBytesShort } : undefined;
}

/** "steps.jsonl lacks the records of step 9 and step 10 (1 204 bytes short); rollouts.jsonl lacks every rollout of steps 9, 10". */
export function describeLogDamage(damage: LogDamage): string {
  const parts: string[] = [];
  if (damage.missingStepRecords.length > 0 || damage.stepsBytesShort > 0) {
    const records = damage.missingStepRecords.length > 0 ? `the records of ${damage.missingStepRecords.join(', ')}` : 'records';
    parts.push(`steps.jsonl lacks ${records}${damage.stepsBytesShort > 0 ? ` (${damage.stepsBytesShort} bytes shorter than the saved state recorded)` : ''}`);
  }
  if (damage.stepsWithoutRollouts.length > 0 || damage.rolloutsBytesShort > 0) {
    const which = damage.stepsWithoutRollouts.length > 0 ? `every rollout of step${damage.stepsWithoutRollouts.length === 1 ? '' : 's'} ${damage.stepsWithoutRollouts.join(', ')}` : 'rollouts';
    parts.push(`rollouts.jsonl lacks ${which}${damage.rolloutsBytesShort > 0 ? ` (${damage.rolloutsBytesShort} bytes shorter than the saved state recorded)` : ''}`);
  }
  return parts.join('; ');
}
