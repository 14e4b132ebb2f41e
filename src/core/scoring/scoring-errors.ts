import { SkillTrainerError } from '../errors';

/** A task needs the LLM judge (it has rubric criteria) but no judge model was configured. */
export class JudgeRequiredError extends SkillTrainerError {
  readonly taskId: string;

  constructor(taskId: string, criterionCount: number) {
    super(
      'judge_required',
      [
        `Task '${taskId}' has ${criterionCount} rubric criteri${criterionCount === 1 ? 'on' : 'a'} to grade but no judge model is set: choose a judge model (`,
        { option: 'judge' },
        '), or replace the rubric with assertions.',
      ],
    );
    this.taskId = taskId;
  }
}
