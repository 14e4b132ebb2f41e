/**
 * What a finished run says about its test split, the same on the command line and in
 * VS Code: the test split is never shown to the optimizer (reflect, merge, rank, slow
 * update and meta skill see train rollouts only) and never used by the gate (validation
 * scores only); it is scored once, at the end, for the baseline, best and final skills.
 */
import type { MessagePart } from '../errors';

export interface TestSplitStatement {
  /** Test tasks scored at the end (0: none, or not scored). */
  count: number;
  /** False when the run did not score the test split (`evaluateTest` off, or the splits overlap). */
  scored: boolean;
  /** Validation rotated between epochs (among train and validation tasks only). */
  rotated: boolean;
}

export function describeTestSplit(statement: TestSplitStatement): MessagePart[] {
  const rotation = statement.rotated ? ' Validation rotated between epochs among the train and validation tasks only.' : '';
  if (statement.scored && statement.count > 0) {
    return [
      `The test split (${statement.count} task${statement.count === 1 ? '' : 's'}) was never shown to the optimizer and never used by the gate: its scores tell how the skill does on tasks training never saw.${rotation}`,
    ];
  }
  return [
    `No test split was scored, so the validation score is the only measure — and the gate chose by it, so it overstates how the skill does on new tasks. ` +
      `Mark some tasks "split": "test" in evals/evals.json (and keep the test evaluation on) for an unbiased score.${rotation}`,
  ];
}
