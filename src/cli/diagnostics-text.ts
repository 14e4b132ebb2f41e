/** `skill-trainer diagnose`'s report: the findings with what to do, then the numbers per task. */
import type { DiagnosticsReport } from '../core/diagnostics';
import { formatUsd } from './eval-report';
import { formatTable } from './text-table';

const integer = new Intl.NumberFormat('en-US');

export function formatDiagnosticsReport(report: DiagnosticsReport, options: { width?: number } = {}): string {
  const lines = [`Diagnostics of ${report.skillName}: ${report.tasks.length} tasks, ${report.trials} trial${report.trials === 1 ? '' : 's'} each with the skill and without it`, ''];
  if (report.findings.length === 0) lines.push('No findings: every check discriminates, the skill changes every task, and no task is flaky.');
  for (const finding of report.findings) {
    lines.push(`${finding.severity === 'warning' ? 'WARNING' : 'note'} [${finding.kind}] ${finding.message}`, `  → ${finding.advice}`);
  }
  if (report.trials < 2) lines.push('', 'With one trial, flaky tasks cannot be seen; use --trials 3 or more.');
  const rows = report.tasks.map((task) => [
    task.taskId,
    task.withSkill.scored === 0 ? '—' : `${task.withSkill.passed}/${task.withSkill.scored} · ${task.withSkill.soft.toFixed(2)}`,
    task.withoutSkill.scored === 0 ? '—' : `${task.withoutSkill.passed}/${task.withoutSkill.scored} · ${task.withoutSkill.soft.toFixed(2)}`,
    task.flaky ? 'yes' : '',
    integer.format(Math.round(task.cost.inputTokens + task.cost.outputTokens)),
    (task.cost.latencyMs / 1000).toFixed(1),
    task.cost.costUsd === null ? 'unknown' : formatUsd(task.cost.costUsd),
  ]);
  lines.push(
    '',
    formatTable(
      [
        { header: 'Task', maxWidth: options.width ? Math.max(16, options.width - 70) : 32 },
        { header: 'With skill (passed · soft)' },
        { header: 'Without' },
        { header: 'Flaky' },
        { header: 'Tokens/run', align: 'right' },
        { header: 's/run', align: 'right' },
        { header: 'Cost/run', align: 'right' },
      ],
      rows,
    ),
    '',
    `Calls: ${integer.format(report.usage.calls)} · tokens ${integer.format(report.usage.inputTokens)} in / ${integer.format(report.usage.outputTokens)} out · ` +
      `cost ${report.usage.costUsd === null ? 'unknown (give models a price with --prices <file>)' : formatUsd(report.usage.costUsd)} · ${(report.wallTimeMs / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}
