/**
 * Checks made before a run starts, so a run that cannot work is refused with what to
 * change, before anything is written to the run store.
 */
import { basename } from 'node:path';
import { SkillTrainerError, type MessagePart } from '../errors';
import { judgeCriteriaFor } from '../scoring/judge/judge-criteria';
import { parseSkill } from '../skill/parse-skill';
import { taskHasChecks } from '../tasks/task-checks';
import type { EvalTask, Split } from '../tasks/eval-task';
import { smallestSignificantChange } from './paired-permutation-test';
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
  const { trials, significance } = config.gate;
  if (config.gate.useGate && config.gate.rule === 'statistical' && !smallestSignificantChange(tasks.val.length, trials, significance)) {
    throw new TrainingSetupError([
      `The statistical gate can never accept a candidate with ${tasks.val.length} validation task${tasks.val.length === 1 ? '' : 's'} and ${trials} trial${trials === 1 ? '' : 's'}: no gain is significant at ${significance}. Raise the trials per task (`,
      { option: 'gateTrials' },
      '; with 3, one task better in every trial counts), add validation tasks ("split": "val" in evals/evals.json), raise the significance level (',
      { option: 'gateSignificance' },
      '), or choose another gate rule (',
      { option: 'gateRule' },
      ').',
    ]);
  }
  const all = [...tasks.train, ...tasks.val, ...tasks.test];
  const unchecked = all.filter((task) => !taskHasChecks(task));
  if (unchecked.length > 0) {
    const ids = unchecked.slice(0, 5).map((task) => `'${task.id}'`).join(', ');
    throw new TrainingSetupError(
      `${unchecked.length} of ${all.length} tasks have nothing to check (${ids}${unchecked.length > 5 ? ', …' : ''}): they would score 0 whatever the skill says. ` +
        'Give each an assertion, a rubric criterion or an expected output, or remove them; `skill-trainer validate` lists them.',
    );
  }
  // Rubric criteria and judged assertions (llm-rubric, factuality, similar, ...) need the judge.
  const needsJudge = all.some((task) => judgeCriteriaFor(task).length > 0);
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
