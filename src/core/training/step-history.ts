/**
 * The rejected-edit buffer (SkillOpt's step buffer): per step of the current epoch,
 * the failure patterns seen in the rollout and, for rejected steps, the edits tried
 * with the scores before and after. Shown to the analysts so they neither chase the
 * same failures blindly nor propose a rejected edit again; reset at every epoch.
 */
import type { StepAction, StoredEdit } from '../store/run-records';
import type { RolloutResult } from './rollout-stage';

export interface FailurePattern {
  /** The failed check (criterion text or assertion). */
  pattern: string;
  count: number;
  taskIds: string[];
}

export interface StepHistoryEntry {
  step: number;
  action: StepAction;
  total: number;
  failed: number;
  failurePatterns: FailurePattern[];
  rejectedEdits?: StoredEdit[];
  scoreBefore?: number;
  scoreAfter?: number;
  /** Why the gate's rule rejected the step, when it is more than "not better" (e.g. a task got worse). */
  gate?: string;
  /** Edits the guards rejected before the gate, each with the reason the analysts are shown. */
  guardedEdits?: Array<{ edit: StoredEdit; hint: string }>;
}

/** Groups the failed checks of failed tasks, most frequent first (at most 8). */
export function failurePatterns(results: readonly RolloutResult[]): FailurePattern[] {
  const patterns = new Map<string, FailurePattern>();
  for (const result of results) {
    if (result.score.hard === 1) continue;
    for (const check of result.score.checks) {
      if (check.pass) continue;
      const key = `${check.kind === 'assertion' ? 'assertion ' : ''}${check.name}`;
      const pattern = patterns.get(key) ?? { pattern: key, count: 0, taskIds: [] };
      pattern.count += 1;
      pattern.taskIds.push(result.task.id);
      patterns.set(key, pattern);
    }
  }
  return [...patterns.values()].sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern)).slice(0, 8);
}

function describeEdit(edit: StoredEdit): string {
  const content = (edit.content ?? '').replace(/\s+/g, ' ').trim();
  return edit.target ? `[${edit.op}] target "${edit.target}" → "${content}"` : `[${edit.op}] "${content}"`;
}

/** The buffer as text for the reflect prompt; empty when there is nothing yet. */
export function formatStepHistory(entries: readonly StepHistoryEntry[]): string {
  if (entries.length === 0) return '';
  const lines = ['Earlier steps of this epoch. Do not propose a rejected edit again; prefer failure patterns that are still unsolved.'];
  for (const entry of entries) {
    lines.push('', `### Step ${entry.step} — ${entry.action} (${entry.failed} of ${entry.total} tasks failed)`);
    for (const pattern of entry.failurePatterns) lines.push(`- "${pattern.pattern}" failed ${pattern.count}× (tasks: ${pattern.taskIds.join(', ')})`);
    if (entry.rejectedEdits?.length) {
      // A step whose edits changed nothing (skip_unchanged) was never validated.
      const outcome = entry.scoreAfter === undefined ? 'they changed nothing, so they were not validated' : `validation ${entry.scoreBefore?.toFixed(3)} → ${entry.scoreAfter.toFixed(3)}`;
      lines.push(`Rejected edits (${outcome}${entry.gate ? `; the gate's rule: ${entry.gate}` : ''}):`);
      entry.rejectedEdits.forEach((edit, index) => lines.push(`  ${index + 1}. ${describeEdit(edit)}`));
    }
    if (entry.guardedEdits?.length) {
      lines.push('Edits rejected before validation by the guards (never propose text like this again):');
      entry.guardedEdits.forEach((guarded, index) => lines.push(`  ${index + 1}. ${describeEdit(guarded.edit)} — ${guarded.hint}`));
    }
  }
  return lines.join('\n');
}
