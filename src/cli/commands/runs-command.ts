/** `skill-trainer runs`: the training runs of a workspace, newest first, with status and scores. */
import { relative, resolve } from 'node:path';
import { listLibraryRuns } from '../../core/library/library-run-file';
import type { LibraryRunRecord } from '../../core/library/library-run-record';
import { listRuns } from '../../core/store/run-reader';
import { liveSkillLock } from '../../core/store/run-lock';
import { storeFolderName } from '../../core/store/run-store';
import type { RunIndexEntry } from '../../core/store/run-records';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { runCostCell } from '../run-cost-text';
import { formatTable } from '../text-table';

function score(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(3);
}

export async function runRunsCommand(options: { workspace?: string; skill?: string; json?: boolean }, io: CliIo): Promise<number> {
  const workspace = resolve(io.cwd, options.workspace ?? '.');
  const skillPath = options.skill ? resolve(io.cwd, options.skill, 'SKILL.md') : undefined;
  const runs = await listRuns(workspace, { skillPath });
  // A run marked running whose process is gone was interrupted; say so.
  const storeRoot = resolve(workspace, storeFolderName);
  for (const run of runs) {
    if (run.status === 'running' && (await liveSkillLock(storeRoot, run.skillPath))?.runId !== run.id) run.message = 'interrupted';
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    return 0;
  }
  const libraryRuns = options.skill ? [] : await listLibraryRuns(workspace);
  if (runs.length === 0) {
    io.stdout.write(`No training runs in ${workspace}. Start one with: skill-trainer train <skill-dir>\n`);
    return 0;
  }
  const rows = runs.map((run: RunIndexEntry) => [
    run.id,
    relative(io.cwd, run.skillPath) || run.skillPath,
    run.status === 'running' && run.message === 'interrupted' ? 'interrupted' : run.status,
    `${run.stepsDone}/${run.totalSteps}`,
    score(run.baselineScore),
    score(run.bestValidationScore),
    run.bestTestScore ? run.bestTestScore.hard.toFixed(3) : '—',
    runCostCell(run),
    run.startedAt.replace('T', ' ').slice(0, 19),
  ]);
  const right = (header: string) => ({ header, align: 'right' as const });
  io.stdout.write(
    `${formatTable(
      [{ header: 'run' }, { header: 'skill', maxWidth: 40 }, { header: 'status' }, right('steps'), right('baseline'), right('best val'), right('best test'), right('cost'), { header: 'started' }],
      rows,
    )}\n`,
  );
  if (runs.some((run) => (run.possiblyBilledCalls ?? 0) > 0)) {
    io.stdout.write('\n≈ includes calls that were in flight when a session of the run stopped: they may have been billed.\n');
  }
  if (libraryRuns.length > 0) io.stdout.write(`\nLibrary runs (resume one with: skill-trainer resume <library-run-id>):\n${formatLibraryRuns(libraryRuns)}\n`);
  const resumable = runs.filter((run) => run.status === 'cancelled' || run.status === 'budget_stopped' || run.status === 'failed' || run.message === 'interrupted');
  if (resumable.length > 0) io.stdout.write(`\nResume a stopped run with: skill-trainer resume ${resumable[0].id}\n`);
  return 0;
}

/** One line per library run: id, status, how its skills stand, when it started. */
function formatLibraryRuns(records: readonly LibraryRunRecord[]): string {
  const rows = records.map((record) => {
    const counts = new Map<string, number>();
    for (const skill of record.skills) counts.set(skill.outcome.status, (counts.get(skill.outcome.status) ?? 0) + 1);
    return [record.id, record.status, [...counts].map(([status, count]) => `${count} ${status.replace('_', ' ')}`).join(', '), record.createdAt.replace('T', ' ').slice(0, 19)];
  });
  return formatTable([{ header: 'library run' }, { header: 'status' }, { header: 'skills' }, { header: 'started' }], rows);
}

export const runsCommand: CliCommand = {
  register(program, context) {
    program
      .command('runs')
      .description('List training runs with status and best score')
      .option('--workspace <dir>', 'the folder holding .skill-trainer/ (default: the current folder)')
      .option('--skill <skill-dir>', "only this skill's runs")
      .option('--json', 'print the runs as JSON')
      .action(async (options: { workspace?: string; skill?: string; json?: boolean }) => {
        context.exitCode = await runRunsCommand(options, context.io);
      });
  },
};
