/**
 * How fine the validation gate is, told before a run: the smallest improvement of the
 * gate metric a candidate can show and be kept, given the validation split, the trials
 * per task and the gate's rule. "With 6 validation tasks and 1 trial, only a gain of ≥
 * 17 points can be seen." One wording for the CLI's estimate and VS Code's confirmation.
 *
 * The unit is one check of one task in one trial: with the hard metric a task flipping
 * from fail to pass in one trial moves the score by 1 / (tasks × trials); with the soft
 * metric the lightest check of a task moves it by that check's share of the task's
 * weight. `margin` needs ε rounded up to whole units; `statistical` needs the least
 * change its test finds significant (`smallestSignificantChange`): with one trial, 5
 * tasks better at α 0.05; with 3 trials, one task better in all three.
 */
import type { MessagePart } from '../errors';
import type { GateMetric } from '../scoring/task-score';
import type { EvalTask } from '../tasks/eval-task';
import { smallestSignificantChange } from './paired-permutation-test';
import type { TrainingConfig } from './training-config';

/** Above this gain (score units) the gate is coarse enough to suggest more tasks or trials. */
export const COARSE_GAIN = 0.1;

export interface GateSensitivity {
  tasks: number;
  trials: number;
  /** The smallest gain in the gate metric (0..1) the gate can keep; null when no gain can be kept. */
  minimumGain: number | null;
  /** `statistical`: the least significant change, m tasks each better in j trials (absent: none can be). */
  significant?: { tasks: number; trials: number };
}

/** The smallest share of a task's score one of its checks can move (1 for the hard metric). */
function checkShare(task: EvalTask, metric: GateMetric, mixedWeight: number): number | undefined {
  if (metric === 'hard') return 1;
  const weights = [...task.rubric.hard.map(() => 1), ...task.rubric.soft.map((criterion) => criterion.weight), ...task.assert.map((assertion) => assertion.weight ?? 1)].filter((weight) => weight > 0);
  if (weights.length === 0 && task.expectedOutput?.trim()) weights.push(1);
  if (weights.length === 0) return undefined;
  const soft = Math.min(...weights) / weights.reduce((sum, weight) => sum + weight, 0);
  if (metric === 'soft') return soft;
  // Mixed: a soft-only change moves w·soft; with w = 0 only whole tasks count.
  return mixedWeight > 0 ? mixedWeight * soft : 1 - mixedWeight;
}

export function gateSensitivity(input: { val: readonly EvalTask[]; trials: number; gate: TrainingConfig['gate'] }): GateSensitivity {
  const { gate } = input;
  const tasks = input.val.length;
  const trials = Math.max(1, input.trials);
  const shares = input.val.map((task) => checkShare(task, gate.metric, gate.mixedWeight)).filter((share) => share !== undefined);
  if (tasks === 0 || shares.length === 0) return { tasks, trials, minimumGain: null };
  const unit = Math.min(...shares) / (tasks * trials);
  switch (gate.rule) {
    case 'strict':
    case 'no-regression':
      return { tasks, trials, minimumGain: unit };
    case 'margin':
      return { tasks, trials, minimumGain: Math.max(1, Math.ceil(gate.margin / unit - 1e-9)) * unit };
    case 'statistical': {
      const significant = smallestSignificantChange(tasks, trials, gate.significance);
      return { tasks, trials, minimumGain: significant ? significant.tasks * significant.trials * unit : null, ...(significant ? { significant } : {}) };
    }
  }
}

/** "17 points", "5.6 points". */
export function formatPoints(gain: number): string {
  const points = gain * 100;
  return `${points >= 10 ? Math.round(points) : Number(points.toFixed(1))} points`;
}

/** "at least 5 tasks better", "one task better in all 3 trials", "at least 2 tasks better in 2 of 3 trials". */
function describeChange(change: { tasks: number; trials: number }, trials: number): string {
  const who = change.tasks === 1 ? 'one task better' : `at least ${change.tasks} tasks better`;
  if (trials === 1) return who;
  return `${who} in ${change.trials === trials ? `all ${trials}` : `${change.trials} of ${trials}`} trials`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The trials a suggestion offers: at least 3, else twice as many. */
function moreTrials(trials: number): number {
  return trials < 3 ? 3 : trials * 2;
}

/** The sensitivity in words, with a suggestion when the gate is coarse. */
export function describeGateSensitivity(input: { val: readonly EvalTask[]; trials: number; gate: TrainingConfig['gate'] }): MessagePart[] {
  const { gate } = input;
  if (!gate.useGate) return ['Gate: off — every candidate is kept (its validation score is still recorded).'];
  const sensitivity = gateSensitivity(input);
  const setup = `with ${plural(sensitivity.tasks, 'validation task')} and ${plural(sensitivity.trials, 'trial')}`;
  if (sensitivity.minimumGain === null) {
    if (gate.rule === 'statistical') {
      return [
        `Gate: ${setup} no gain can be significant at α ${gate.significance}, so every candidate would be rejected. Raise the trials per task (`,
        { option: 'gateTrials' },
        '; with 3 trials one task better in every trial is significant at 0.05), add validation tasks, or choose another gate rule (',
        { option: 'gateRule' },
        ').',
      ];
    }
    return [`Gate: ${setup} no score can change: the validation tasks have nothing to check. Give them rubric criteria, assertions or an expected output.`];
  }
  const significant = sensitivity.significant;
  const rule =
    gate.rule === 'statistical' && significant
      ? ` (the statistical gate, α ${gate.significance}, needs ${describeChange(significant, sensitivity.trials)}, and none worse)`
      : gate.rule === 'margin'
        ? ` (the margin is ${formatPoints(gate.margin)})`
        : gate.rule === 'no-regression'
          ? ', with no task worse'
          : gate.metric === 'hard'
            ? sensitivity.trials === 1
              ? ' (one more task passing)'
              : ' (one more passing trial of one task)'
            : '';
  const parts: MessagePart[] = [`Gate: ${setup}, only a gain of ≥ ${formatPoints(sensitivity.minimumGain)} can be seen${rule}.`];
  if (sensitivity.minimumGain <= COARSE_GAIN) return parts;
  const trials = moreTrials(sensitivity.trials);
  const finer = gateSensitivity({ ...input, trials });
  parts.push(' For a finer gate add validation tasks, or raise the trials per task (', { option: 'gateTrials' }, `): with ${trials} trials, ≥ ${formatPoints(finer.minimumGain!)}`);
  if (gate.metric === 'hard' && gate.rule !== 'statistical') parts.push('; or use the mixed gate metric (', { option: 'gateMetric' }, '), where partial credit counts');
  parts.push('.');
  return parts;
}
