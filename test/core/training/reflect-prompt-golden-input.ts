/**
 * A fixed minibatch from a plain chat target (no trajectories) and the reflect options
 * around it. The reflect prompts made from it are stored under
 * test/fixtures/reflect-prompt/, written before agent trajectories existed: a model
 * that returns no trajectory must keep getting exactly those bytes.
 */
import type { ReflectOptions } from '../../../src/core/training/reflect-stage';
import type { RolloutResult } from '../../../src/core/training/rollout-stage';
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
