/**
 * The processes of a queue test: the real CLI as coordinator (`train`, `train-all`,
 * `resume` with --queue) and as workers, each a separate Node process, and what must
 * match between a queued run and an in-process one.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readJsonLines } from '../../src/core/store/jsonl-file';
import type { JournalRecord } from '../../src/core/training/call-journal';
import { after, before } from 'node:test';
import { comparableSteps } from '../core/training/sim-run-helpers';
import type { CliProcess } from '../support/cli-processes';
import { startTestRedis, type TestRedis } from '../support/redis-server';

export { callsDone, jobsDone, startCli, startWorker, waitFor, workerReady, type CliProcess } from '../support/cli-processes';

/** A fresh workspace holding a copy of the example skills. */
export async function exampleWorkspace(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  await cp(resolve('skills'), join(root, 'skills'), { recursive: true });
  return root;
}

export interface SkillSummary {
  name: string;
  status: string;
  runId: string;
  skillPath: string;
  costUsd?: number | null;
}

/** Each skill's outcome and every score and decision of its run: what a queued run must share with the in-process one. */
export async function perSkillResults(root: string, skills: readonly SkillSummary[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const skill of skills) {
    const { runId: _runId, skillPath: _skillPath, costUsd: _costUsd, ...outcome } = skill;
    results[skill.name] = { outcome, steps: await comparableSteps(root, skill.runId) };
  }
  return results;
}

/** The target calls each run's journal records as answered, by key. */
export async function answeredTargetCalls(root: string, runIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const runId of runIds) {
    for (const entry of await readJsonLines<JournalRecord>(join(root, '.skill-trainer', 'runs', runId, 'calls.jsonl'))) {
      if (entry.type === 'done' && entry.role === 'target') keys.add(`${runId}:${entry.key}`);
    }
  }
  return keys;
}

/** No call was started again after its journal recorded it done. */
export async function assertNothingFinishedAskedAgain(root: string, runIds: readonly string[]): Promise<void> {
  for (const runId of runIds) {
    const done = new Set<string>();
    for (const entry of await readJsonLines<JournalRecord>(join(root, '.skill-trainer', 'runs', runId, 'calls.jsonl'))) {
      if (entry.type === 'start') assert.ok(!done.has(entry.key), `run ${runId} made a finished call again (${entry.label})`);
      else if (entry.type === 'done') done.add(entry.key);
    }
  }
}

/**
 * A real Redis for the tests of a file (started before them, stopped after), and the
 * processes they start, killed after them.
 */
export function useQueueTestBed(): { redis(): TestRedis; started: CliProcess[] } {
  let redis: TestRedis | undefined;
  const started: CliProcess[] = [];
  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => {
    for (const process of started.splice(0)) await process.kill();
    await redis?.stop();
  });
  return {
    redis: () => redis!,
    started,
  };
}
