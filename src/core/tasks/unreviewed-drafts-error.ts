import { SkillTrainerError } from '../errors';
import type { TaskSet } from './eval-task';

/**
 * The skill's task file still holds drafted tasks nobody reviewed. Training and
 * evaluation refuse it, so no score ever rests on tasks a model wrote and no person read.
 */
export class UnreviewedDraftsError extends SkillTrainerError {
  readonly file: string;
  /** Ids of the unreviewed drafts, in file order. */
  readonly draftIds: string[];

  constructor(file: string, draftIds: string[]) {
    const shown = draftIds.slice(0, 5).map((id) => `'${id}'`).join(', ') + (draftIds.length > 5 ? ` and ${draftIds.length - 5} more` : '');
    super(
      'tasks_unreviewed',
      `${file} holds ${draftIds.length} drafted task${draftIds.length === 1 ? '' : 's'} nobody reviewed yet (${shown}). ` +
        "Read each and keep, edit or drop it: in VS Code run 'Skill Trainer: Review Draft Eval Tasks'; on the command line " +
        "'skill-trainer tasks accept <skill-dir> --all' (or name the ids to keep) and 'skill-trainer tasks drop <skill-dir> <ids...>'.",
    );
    this.file = file;
    this.draftIds = draftIds;
  }
}

/** Ids of the task set's unreviewed drafts, in file order. */
export function draftTaskIds(taskSet: TaskSet): string[] {
  return taskSet.tasks.filter((task) => task.draft).map((task) => task.id);
}

/** Throws {@link UnreviewedDraftsError} when any task is still a draft. */
export function refuseUnreviewedDrafts(taskSet: TaskSet): void {
  const drafts = draftTaskIds(taskSet);
  if (drafts.length > 0) throw new UnreviewedDraftsError(taskSet.source, drafts);
}
