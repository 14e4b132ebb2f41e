/**
 * A fixed minibatch from a plain chat target (no trajectories) and the reflect options
 * around it. The reflect prompts made from it are stored under
 * test/fixtures/reflect-prompt/, written before agent trajectories existed: a model
 * that returns no trajectory must keep getting exactly those bytes.
 */
import type { ReflectOptions } from '../../../src/core/training/reflect-stage';
import type { RolloutResult } from '../../../src/core/training/rollout-stage';
import { comparisonPairs, type ComparisonPair } from '../../../src/core/training/longitudinal-pairs';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { result, task } from './stage-helpers';

/** Minibatch results: `hard` 0 for the failure analyst's batch, 1 for the success analyst's. */
export function goldenBatch(hard: 0 | 1): RolloutResult[] {
  return [1, 2, 3].map((index) => {
    const id = `task-${hard}-${index}`;
    const base = result(id, hard);
    return {
      ...base,
      task: task(id, {
        prompt: `Summarise the report in data/report-${index}.txt in ${index + 2} bullet points.`,
        ...(index !== 2 ? { expectedOutput: `- point one\n- point two of task ${index}` } : {}),
        ...(index === 1 ? { files: [`data/report-${index}.txt`] } : {}),
      }),
      output: `- a bullet\n- another bullet for ${id}\n`,
      ...(index === 1 ? { files: [{ path: `data/report-${index}.txt`, content: 'Quarterly revenue rose 4 %.\nCosts fell.\n' }] } : {}),
      score: {
        ...base.score,
        soft: hard === 1 ? 0.9 : 0.25,
        checks: [
          ...base.score.checks,
          { kind: 'assertion', name: 'contains "point"', pass: index % 2 === 0, score: index % 2 === 0 ? 1 : 0, weight: 1, reason: index % 2 === 0 ? 'found' : 'not found' },
        ],
      },
    };
  });
}

export function goldenReflectOptions(): ReflectOptions {
  return {
    skill: '---\nname: report-summaries\ndescription: Summarise reports.\n---\n\n# Report summaries\n\n- Use bullet points.\n',
    results: [...goldenBatch(0), ...goldenBatch(1)],
    budget: 4,
    minibatchSize: 8,
    concurrency: 1,
    failureOnly: false,
    seed: 'golden',
    stepHistory: 'Step 1 rejected: append "- Be brief." (validation 0.50 → 0.40)',
    metaSkill: '- Edits that add examples helped.',
    optimizer: new ScriptedChatModel([]),
  };
}

/** Slow-update pairs of every category from the same results: each task once failed, once passed. */
export function goldenPairs(): ComparisonPair[] {
  const failed = goldenBatch(0);
  const passed = goldenBatch(1).map((result, index) => ({ ...result, task: failed[index].task, files: failed[index].files, score: { ...result.score, taskId: failed[index].task.id } }));
  // Task 1 improved, task 2 regressed, task 3 failed both times; task 1 again as a stable success.
  const previous = [failed[0], passed[1], failed[2]];
  const current = [passed[0], failed[1], failed[2]];
  const stable = comparisonPairs([passed[0]], [passed[0]]).map((pair) => ({ ...pair, taskId: `${pair.taskId}-again` }));
  return [...comparisonPairs(previous, current), ...stable];
}
