/**
 * `skill-trainer tasks accept` and `tasks drop`: the command line's review of drafted
 * tasks. Accepting removes a task's draft mark (its text stays as the person left it);
 * dropping removes the draft. Reviewed tasks are never touched.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { SkillTrainerError } from '../../core/errors';
import { loadTaskSet } from '../../core/tasks';
import { draftTaskIds } from '../../core/tasks/unreviewed-drafts-error';
import { acceptDraftsOfSkill, dropDraftsOfSkill } from '../../core/tasks/edit/evals-file-store';
import type { CliContext } from '../cli-command';
import type { CliIo } from '../cli-io';

export type DraftDecision = 'accept' | 'drop';

export interface DraftDecisionArguments {
  skillDir: string;
  ids: string[];
  all?: boolean;
}

/** Accepts or drops the named drafts (or all); returns the exit code. */
export async function runDraftDecision(decision: DraftDecision, args: DraftDecisionArguments, io: CliIo): Promise<number> {
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const dir = relative(io.cwd, skillDirectory) || '.';
  if (args.all && args.ids.length > 0) {
    throw new SkillTrainerError('cli_arguments_invalid', `Give either --all or task ids to ${decision}, not both.`);
  }
  if (!args.all && args.ids.length === 0) {
    const drafts = draftTaskIds(await loadTaskSet(skillDirectory, { allowDrafts: true }));
    if (drafts.length === 0) {
      io.stdout.write(`${dir} has no drafted tasks to review.\n`);
      return 0;
    }
    throw new SkillTrainerError(
      'cli_arguments_invalid',
      `Name the drafts to ${decision}, or pass --all. ${dir} has ${drafts.length}: ${drafts.join(', ')}.`,
    );
  }
  const act = decision === 'accept' ? acceptDraftsOfSkill : dropDraftsOfSkill;
  const result = await act(skillDirectory, args.all ? 'all' : args.ids);
  const left = draftTaskIds(await loadTaskSet(skillDirectory, { allowDrafts: true }).catch(() => ({ source: result.file, tasks: [] })));
  const verb = decision === 'accept' ? 'Accepted' : 'Dropped';
  io.stdout.write(
    `${verb} ${result.ids.length} draft${result.ids.length === 1 ? '' : 's'}${result.ids.length > 0 ? `: ${result.ids.join(', ')}` : ''}.\n` +
      (left.length > 0
        ? `${left.length} draft${left.length === 1 ? '' : 's'} left to review (${left.join(', ')}); training and evaluation refuse the tasks until none is.\n`
        : 'No drafts left: the tasks can be trained and evaluated.\n'),
  );
  return 0;
}

export function registerTasksReview(tasks: Command, context: CliContext): void {
  for (const decision of ['accept', 'drop'] as const) {
    tasks
      .command(decision)
      .description(
        decision === 'accept'
          ? 'Mark drafted tasks as reviewed, so training and evaluation use them'
          : 'Remove drafted tasks (reviewed tasks are never removed)',
      )
      .argument('<skill-dir>', 'the skill folder')
      .argument('[ids...]', `ids of the drafts to ${decision}`)
      .option('--all', `${decision} every draft`)
      .action(async (skillDir: string, ids: string[], options: { all?: boolean }) => {
        context.exitCode = await runDraftDecision(decision, { skillDir, ids, all: options.all }, context.io);
      });
  }
}
