/**
 * Apply of a library run: every trained skill written into its SKILL.md at once, after
 * one confirmation listing the score changes. A skill is written only when its run
 * finished better than it started and its SKILL.md is still the text the run started
 * from (never over an edit made since); the plan says why each other skill is left alone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-write';
import { runFolder, trainedSkillPath } from '../store/run-reader';
import { readLibraryRun } from './library-run-file';

export interface SkillChange {
  name: string;
  skillPath: string;
  runId?: string;
  /** Validation, in the run's gate metric. */
  baselineScore?: number;
  bestScore?: number;
  /** Test split (hard), before → after. */
  testBefore?: number;
  testAfter?: number;
  /** `apply`: will be written; the others say why not. */
  action: 'apply' | 'already_applied' | 'not_improved' | 'edited_since' | 'not_finished';
  reason?: string;
}

export interface LibraryApplyPlan {
  libraryRunId: string;
  changes: SkillChange[];
}

const stateSchema = z.object({ initialSkill: z.string() });

/** What applying the library run would do, skill by skill. */
export async function planLibraryApply(workspaceRoot: string, libraryRunId: string): Promise<LibraryApplyPlan> {
  const record = await readLibraryRun(workspaceRoot, libraryRunId);
  const changes: SkillChange[] = [];
  for (const skill of record.skills) {
    const outcome = skill.outcome;
    const base = { name: skill.name, skillPath: skill.skillPath, ...(skill.runId ? { runId: skill.runId } : {}) };
    if (outcome.status !== 'finished') {
      changes.push({ ...base, action: 'not_finished', reason: outcome.status === 'skipped' ? `skipped: ${outcome.reason}` : `its run is ${outcome.status.replace('_', ' ')}` });
      continue;
    }
    const scores = { baselineScore: outcome.baselineScore, bestScore: outcome.bestScore, testBefore: outcome.test?.baseline.hard, testAfter: outcome.test?.best.hard };
    if (outcome.bestScore <= (outcome.baselineScore ?? -1)) {
      changes.push({ ...base, ...scores, action: 'not_improved', reason: 'training kept the original skill (no step beat it on validation)' });
      continue;
    }
    const trained = await readFile(trainedSkillPath(workspaceRoot, outcome.runId), 'utf8');
    const current = await readFile(skill.skillPath, 'utf8').catch(() => undefined);
    const state = stateSchema.safeParse(JSON.parse(await readFile(join(runFolder(workspaceRoot, outcome.runId), 'state.json'), 'utf8').catch(() => '{}')));
    if (current === trained) changes.push({ ...base, ...scores, action: 'already_applied' });
    else if (!state.success || current !== state.data.initialSkill) changes.push({ ...base, ...scores, action: 'edited_since', reason: `${skill.skillPath} changed since run ${outcome.runId} started; compare it with ${trainedSkillPath(workspaceRoot, outcome.runId)} and merge by hand` });
    else changes.push({ ...base, ...scores, action: 'apply' });
  }
  return { libraryRunId, changes };
}

/** Writes the trained skill of every `apply` change; returns the paths written. */
export async function applyLibraryPlan(workspaceRoot: string, plan: LibraryApplyPlan): Promise<string[]> {
  const written: string[] = [];
  for (const change of plan.changes) {
    if (change.action !== 'apply' || !change.runId) continue;
    await writeFileAtomic(change.skillPath, await readFile(trainedSkillPath(workspaceRoot, change.runId), 'utf8'));
    written.push(change.skillPath);
  }
  return written;
}

/** The changes as a Markdown table: the body of the confirmation and of the commit. */
export function describeChanges(plan: LibraryApplyPlan): string {
  const score = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));
  const rows = plan.changes
    .filter((change) => change.action === 'apply')
    .map((change) => `| ${change.name} | ${score(change.baselineScore)} → ${score(change.bestScore)} | ${score(change.testBefore)} → ${score(change.testAfter)} | ${change.runId} |`);
  return ['| skill | validation | test (hard) | run |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
