/**
 * How `train-all` (and `resume` of a library run) ends: a table of every skill, or with
 * --json a machine-readable summary, and the exit code a CI job can act on.
 */
import type { LibraryRunResult } from '../core/library/library-run';
import type { LibraryRunStatus } from '../core/library/library-run-record';
import type { LibrarySkillView } from '../core/library/library-events';
import { evalExitCodes, formatUsd } from './eval-report';
import { formatTable } from './text-table';

/** 0 every skill finished or was skipped, 4 some stopped at a budget, 130 cancelled, 1 some failed. */
export function libraryExitCode(status: LibraryRunStatus): number {
  if (status === 'finished') return evalExitCodes.ok;
  if (status === 'stopped') return evalExitCodes.stopped;
  if (status === 'cancelled') return evalExitCodes.cancelled;
  return 1;
}

/** The summary `--json` prints: one entry per skill, with its run and scores or its reason. */
export function libraryResultJson(result: LibraryRunResult, workspace: string): Record<string, unknown> {
  return {
    libraryRunId: result.libraryRunId,
    status: result.status,
    exitCode: libraryExitCode(result.status),
    workspace,
    costUsd: result.costUsd,
    counts: countByStatus(result.skills),
    skills: result.skills.map((skill) => ({ name: skill.name, skillPath: skill.skillPath, runId: skill.runId ?? null, ...skill.outcome })),
    ...(result.status === 'finished' ? {} : { resume: `skill-trainer resume ${result.libraryRunId}` }),
  };
}

function countByStatus(skills: readonly LibrarySkillView[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const skill of skills) counts[skill.outcome.status] = (counts[skill.outcome.status] ?? 0) + 1;
  return counts;
}

function score(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(3);
}

/** The table printed at the end, then what to do next. */
export function formatLibraryReport(result: LibraryRunResult): string {
  const rows = result.skills.map((skill) => {
    const outcome = skill.outcome;
    const finished = outcome.status === 'finished' ? outcome : undefined;
    const note =
      outcome.status === 'skipped' ? outcome.reason : outcome.status === 'failed' || outcome.status === 'budget_stopped' || outcome.status === 'cancelled' ? outcome.message : '';
    return [
      skill.name,
      outcome.status.replace('_', ' '),
      score(finished?.baselineScore),
      score(finished?.bestScore),
      finished?.test ? `${finished.test.baseline.hard.toFixed(3)} → ${finished.test.best.hard.toFixed(3)}` : '—',
      finished ? (finished.costUsd === null ? 'unknown' : formatUsd(finished.costUsd)) : '—',
      skill.runId ?? '—',
      note,
    ];
  });
  const right = (header: string) => ({ header, align: 'right' as const });
  const table = formatTable(
    [{ header: 'skill', maxWidth: 40 }, { header: 'status' }, right('baseline'), right('best val'), { header: 'test (hard)' }, right('cost'), { header: 'run' }, { header: 'note', maxWidth: 100 }],
    rows,
  );
  const counts = Object.entries(countByStatus(result.skills))
    .map(([status, count]) => `${count} ${status.replace('_', ' ')}`)
    .join(', ');
  const cost = result.costUsd === null ? 'cost unknown (a model has no price)' : `cost ${formatUsd(result.costUsd)}`;
  const lines = [table, '', `Library run ${result.libraryRunId}: ${result.status} (${counts}); ${cost}.`];
  if (result.status !== 'finished') lines.push(`Continue it with: skill-trainer resume ${result.libraryRunId}`);
  else if (result.skills.some((skill) => skill.outcome.status === 'finished')) lines.push(`Trained skills are in each run's folder; write them into the skills with: skill-trainer apply ${result.libraryRunId}`);
  return `${lines.join('\n')}\n`;
}
