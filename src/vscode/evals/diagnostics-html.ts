/**
 * The Diagnostics report page: the findings first (what was seen, what to do, the
 * tasks it concerns), then every task with and without the skill and its cost.
 */
import type { DiagnosticsReport, Finding } from '../../core/diagnostics';
import { actionButton, escapeHtml, webviewPage } from './webview-page';

const KIND_TITLE: Record<Finding['kind'], string> = {
  'never-discriminates': 'Check never discriminates',
  'skill-makes-no-difference': 'The skill makes no difference',
  'skill-hurts': 'The skill makes it worse',
  flaky: 'Flaky task',
  'expected-output-contradicts': 'Expected output contradicts the checks',
  costly: 'Costly task',
  'not-scored': 'Runs not scored',
};

function usd(value: number | null): string {
  if (value === null) return 'unknown';
  return `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
}

function findingCard(finding: Finding): string {
  const tasks = finding.taskIds.map((id) => actionButton(id, 'task', { id, secondary: true, title: `Open task ${id} in evals.json` })).join(' ');
  return `<article class="card finding" data-kind="${finding.kind}">
  <header><span class="badge${finding.severity === 'warning' ? ' warning' : ''}">${finding.severity === 'warning' ? 'Warning' : 'Note'}</span><h2>${escapeHtml(KIND_TITLE[finding.kind])}</h2></header>
  <p>${escapeHtml(finding.message)}</p>
  <p class="advice"><strong>What to do:</strong> ${escapeHtml(finding.advice)}</p>
  <div class="actions">${tasks}</div>
</article>`;
}

export function diagnosticsHtml(report: DiagnosticsReport, cspSource: string): string {
  const title = `Diagnostics: ${report.skillName}`;
  const warnings = report.findings.filter((finding) => finding.severity === 'warning').length;
  const rows = report.tasks
    .map(
      (task) => `<tr>
  <td>${escapeHtml(task.taskId)}</td>
  <td class="number">${task.withSkill.scored === 0 ? '—' : `${task.withSkill.passed}/${task.withSkill.scored} · ${task.withSkill.soft.toFixed(2)}`}</td>
  <td class="number">${task.withoutSkill.scored === 0 ? '—' : `${task.withoutSkill.passed}/${task.withoutSkill.scored} · ${task.withoutSkill.soft.toFixed(2)}`}</td>
  <td>${task.flaky ? 'flaky' : ''}</td>
  <td class="number">${Math.round(task.cost.inputTokens + task.cost.outputTokens).toLocaleString('en-US')}</td>
  <td class="number">${(task.cost.latencyMs / 1000).toFixed(1)} s</td>
  <td class="number">${usd(task.cost.costUsd)}</td>
</tr>`,
    )
    .join('\n');
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="lead" id="summary">${report.tasks.length} tasks, each run ${report.trials} time${report.trials === 1 ? '' : 's'} with the skill and ${report.trials} without it ·
${report.findings.length === 0 ? 'no findings' : `${warnings} warning${warnings === 1 ? '' : 's'}, ${report.findings.length - warnings} note${report.findings.length - warnings === 1 ? '' : 's'}`} ·
${report.usage.calls.toLocaleString('en-US')} calls, ${usd(report.usage.costUsd)}</p>
<div class="toolbar">${actionButton('Run Again', 'rerun')}${actionButton('Open evals.json', 'open', { secondary: true })}</div>
${report.findings.length === 0 ? '<p class="empty">Every check discriminates, the skill changes every task, and no task is flaky.</p>' : report.findings.map(findingCard).join('\n')}
${report.trials < 2 ? '<p class="muted">With one trial per task flaky tasks cannot be seen: raise skillTrainer.diagnostics.trials.</p>' : ''}
<h2>Tasks</h2>
<table aria-label="Tasks with and without the skill">
<thead><tr><th>Task</th><th class="number">With skill (passed · soft)</th><th class="number">Without skill</th><th></th><th class="number">Tokens / run</th><th class="number">Time / run</th><th class="number">Cost / run</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return webviewPage(title, body, cspSource);
}
