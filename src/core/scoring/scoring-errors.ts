import { SkillTrainerError } from '../errors';

/** A task needs the LLM judge (it has rubric criteria) but no judge model was configured. */
export class JudgeRequiredError extends SkillTrainerError {
  readonly taskId: string;

  /** `onlySimilar`: every criterion is a `similar` check, which an embedding model can decide instead. */
  constructor(taskId: string, criterionCount: number, options: { onlySimilar?: boolean } = {}) {
    super(
      'judge_required',
      options.onlySimilar
        ? [
            `Task '${taskId}' has ${criterionCount} \`similar\` check${criterionCount === 1 ? '' : 's'} to decide but neither an embedding model nor a judge is set: name an embedding model (`,
            { option: 'embedding' },
            '), e.g. openai:text-embedding-3-small or sim:embedding offline, or a judge model (',
            { option: 'judge' },
            ').',
          ]
        : [
            `Task '${taskId}' has ${criterionCount} rubric criteri${criterionCount === 1 ? 'on' : 'a'} to grade but no judge model is set: choose a judge model (`,
            { option: 'judge' },
            '), or replace the rubric with assertions.',
          ],
    );
    this.taskId = taskId;
  }
}
