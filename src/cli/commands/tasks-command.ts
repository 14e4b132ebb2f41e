/** `skill-trainer tasks <draft|accept|drop|import>`: writing and reviewing a skill's eval tasks. */
import type { CliCommand } from '../cli-command';
import { registerTasksDraft } from './tasks-draft-command';
import { registerTasksImport } from './tasks-import-command';
import { registerTasksReview } from './tasks-review-commands';

export const tasksCommand: CliCommand = {
  register(program, context) {
    const tasks = program.command('tasks').description('Draft, review and import eval tasks (evals/evals.json)');
    registerTasksDraft(tasks, context);
    registerTasksReview(tasks, context);
    registerTasksImport(tasks, context);
  },
};
