/**
 * Checks made before a run starts, so a run that cannot work is refused with what to
 * change, before anything is written to the run store.
 */
import { basename } from 'node:path';
import { SkillTrainerError, type MessagePart } from '../errors';
import { parseSkill } from '../skill/parse-skill';
import type { EvalTask, Split } from '../tasks/eval-task';
import type { ReviewCallback } from './review-gate';
import type { TrainingConfig } from './training-config';
import type { TrainingModels } from './training-session';

/** The run cannot start as configured; the message says why and what to change. */
export class TrainingSetupError extends SkillTrainerError {
  constructor(message: string | readonly MessagePart[]) {
    super('training_setup_invalid', message);
  }
}

export function checkSetup(tasks: Record<Split, EvalTask[]>, config: TrainingConfig, models: TrainingModels, review?: ReviewCallback): void {
  if (tasks.train.length === 0) throw new TrainingSetupError('There are no train tasks to learn from. Mark some tasks "split": "train" in evals/evals.json, or leave splits out to get a seeded split.');
  if (tasks.val.length === 0) throw new TrainingSetupError('There are no validation tasks for the gate. Mark some tasks "split": "val" in evals/evals.json.');
  if (config.gate.mode === 'review' && !review) throw new TrainingSetupError('Gate mode "review" needs a reviewer; none was given. Use gate mode "auto" in the CLI.');
  const needsJudge = [...tasks.train, ...tasks.val, ...tasks.test].some((task) => task.rubric.hard.length + task.rubric.soft.length > 0 || (task.expectedOutput !== undefined && task.assert.length === 0));
  if (needsJudge && !models.judge) throw new TrainingSetupError(['These tasks have rubric criteria, so a judge model is needed: name one (', { option: 'judge' }, ').']);
}

/**
 * Edits apply to the body only, which keeps the frontmatter intact, but only when the
 * frontmatter is recognised: an unclosed or misplaced one would be edited as body text.
 */
export function checkSkillFrontmatter(skillPath: string, skillText: string): void {
  const document = parseSkill(skillText);
  if (document.frontmatter !== undefined) return;
  const problem = document.problems.find((candidate) => candidate.severity === 'error');
  if (!problem) return;
  throw new TrainingSetupError(
    `${basename(skillPath)} line ${problem.line}: ${problem.message} Training starts once this is fixed: its edits must not reach the frontmatter, and this one would be read as body text.`,
  );
}

/** Fewer validation tasks than this make a hard gate coarse (each task moves the score by more than 1/8). */
export const FEW_VALIDATION_TASKS = 8;

/**
 * What may make the run learn poorly without stopping it. With a hard gate, a few
 * validation tasks give a score that moves in large steps, so a candidate must flip a
 * whole task to be kept (SkillOpt notes the same for its selection set).
 */
export function setupWarnings(tasks: Record<Split, EvalTask[]>, config: TrainingConfig): string[] {
  const warnings: string[] = [];
  const val = tasks.val.length;
  if (config.gate.useGate && config.gate.metric === 'hard' && val < FEW_VALIDATION_TASKS) {
    warnings.push(
      `Only ${val} validation task${val === 1 ? '' : 's'}: with the hard gate the score moves in steps of ${(1 / Math.max(1, val)).toFixed(2)}, so a candidate is kept only when it flips a whole task and most steps will be rejected. ` +
        `Use the mixed gate metric (partial credit counts) or add validation tasks (at least ${FEW_VALIDATION_TASKS}).`,
    );
  }
  return warnings;
}
