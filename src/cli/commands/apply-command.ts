/**
 * `skill-trainer apply <library-run-id> [--yes] [--git]`: writes every trained skill of
 * a library run into its SKILL.md after one confirmation listing the score changes;
 * with --git, also one commit of those files on the current branch whose message is the
 * table of the changes.
 */
import { relative, resolve } from 'node:path';
import { SkillTrainerError } from '../../core/errors';
import { applyLibraryPlan, describeChanges, planLibraryApply, type SkillChange } from '../../core/library/apply-library-run';
import { commitAppliedSkills } from '../../core/library/commit-applied-skills';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';

const leftAlone: Record<Exclude<SkillChange['action'], 'apply'>, string> = {
  already_applied: 'already holds the trained skill',
  not_improved: 'not improved',
  edited_since: 'edited since its run started',
  not_finished: 'not finished',
};

export async function runApplyCommand(options: { libraryRunId: string; workspace?: string; yes?: boolean; git?: boolean }, io: CliIo): Promise<number> {
  const workspace = resolve(io.cwd, options.workspace ?? '.');
  const plan = await planLibraryApply(workspace, options.libraryRunId);
  const rel = (path: string) => relative(io.cwd, path) || path;
  for (const change of plan.changes) {
    if (change.action !== 'apply') io.stderr.write(`${change.name}: left alone, ${leftAlone[change.action]}${change.reason ? ` (${change.reason})` : ''}\n`);
  }
  const applying = plan.changes.filter((change) => change.action === 'apply');
  if (applying.length === 0) {
    io.stdout.write(`Nothing to apply from library run ${plan.libraryRunId}.\n`);
    return 0;
  }
  io.stdout.write(`Library run ${plan.libraryRunId} would write ${applying.length} trained skill${applying.length === 1 ? '' : 's'}:\n\n${describeChanges(plan)}\n\n`);
  if (!options.yes) {
    if (!io.confirm) throw new SkillTrainerError('confirmation_needed', `Applying writes ${applying.length} SKILL.md file${applying.length === 1 ? '' : 's'}; there is no terminal to ask on, so confirm with --yes.`);
    if (!(await io.confirm(`Write ${applying.length === 1 ? 'this skill' : `these ${applying.length} skills`}${options.git ? ' and commit them on the current branch' : ''}?`))) {
      io.stdout.write('Nothing written.\n');
      return 0;
    }
  }
  const written = await applyLibraryPlan(workspace, plan);
  for (const path of written) io.stdout.write(`Wrote ${rel(path)}\n`);
  if (options.git) {
    const { commits, notCommitted } = await commitAppliedSkills(plan, written);
    for (const { path, reason } of notCommitted) io.stderr.write(`--git: ${reason}; ${rel(path)} was written but not committed.\n`);
    for (const { repositoryRoot, commit, paths } of commits) {
      io.stdout.write(`Committed ${paths.length} file${paths.length === 1 ? '' : 's'} as ${commit.slice(0, 12)} on the current branch of ${rel(repositoryRoot) || '.'}.\n`);
    }
  }
  return 0;
}

export const applyCommand: CliCommand = {
  register(program, context) {
    program
      .command('apply')
      .description("Write every trained skill of a library run into its SKILL.md, after one confirmation listing the score changes")
      .argument('<library-run-id>', "the library run's id (lib-…), as train-all printed it")
      .option('--workspace <dir>', 'the folder holding .skill-trainer/ (default: the current folder)')
      .option('--yes', 'do not ask; needed when there is no terminal')
      .option('--git', 'also commit the written skills on the current branch, one commit whose message lists the score changes')
      .addHelpText('after', '\nOnly skills whose run finished better than it started, and whose SKILL.md is unchanged since the run started, are written; the others are listed with the reason.')
      .action(async (libraryRunId: string, options: { workspace?: string; yes?: boolean; git?: boolean }) => {
        context.exitCode = await runApplyCommand({ ...options, libraryRunId }, context.io);
      });
  },
};
