/** Builders shared by the training stage tests. */
import type { EvalTask } from '../../../src/core/tasks/eval-task';
import type { RolloutResult } from '../../../src/core/training/rollout-stage';
import type { ProposedEdit } from '../../../src/core/training/optimizer-replies';

export function task(id: string, extra: Partial<EvalTask> = {}): EvalTask {
  return { id, prompt: `Do task ${id}`, rubric: { hard: ['It is correct'], soft: [] }, assert: [], ...extra };
}

export function result(id: string, hard: 0 | 1, soft = hard): RolloutResult {
  return {
    task: task(id),
    output: `output of ${id}`,
    score: { taskId: id, hard, soft, checks: [{ kind: 'hard', name: 'It is correct', pass: hard === 1, score: hard, weight: 1, reason: hard ? 'fine' : 'wrong answer' }] },
  };
}

export function edit(content: string, extra: Partial<ProposedEdit> = {}): ProposedEdit {
  return { op: 'append', content, source: 'failure', support: 1, ...extra };
}

export function userMessage(request: { messages: Array<{ role: string; content: string }> }): string {
  return request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}
