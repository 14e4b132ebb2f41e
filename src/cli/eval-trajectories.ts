/**
 * `eval --trajectories`: what an agent-CLI target did on each task (its messages, the
 * tools it called with their inputs and results), bounded as the optimizer sees it, so
 * a person can read why a task failed without opening the run files.
 */
import { isScoredTask, type TaskEvaluation } from '../core/evaluation';
import { formatTrajectory } from '../core/training/trajectory-evidence';

export function formatTrajectories(results: readonly TaskEvaluation[]): string {
  const blocks = results.flatMap((result) => {
    if (!isScoredTask(result)) return [];
    const text = formatTrajectory(result.trajectory, result.output);
    return text ? [`── ${result.taskId} ──\n${text.trim()}\n`] : [];
  });
  if (blocks.length === 0) return '\nTrajectories: the target reported none (plain chat APIs have none; agent-CLI targets do).\n';
  return `\nTrajectories (what the agent did on each task; the final answer is in the table):\n\n${blocks.join('\n')}`;
}
