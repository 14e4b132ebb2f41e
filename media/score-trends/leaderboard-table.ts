/**
 * The leaderboard tab: every skill's runs ranked by best validation score, skills
 * with the best score first. A skill's name opens its trends.
 */
import type { LeaderboardRow } from '../../src/vscode/history/score-trends-protocol';

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function score(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

function delta(best: number, baseline: number | null): string {
  if (baseline === null) return '–';
  const value = Math.round((best - baseline) * 100) / 100;
  return value === 0 ? '±0.00' : `${value > 0 ? '+' : '-'}${Math.abs(value).toFixed(2)}`;
}

/** Column titles; numbers are right-aligned under right-aligned titles. */
const COLUMNS: [string, string?][] = [
  ['#', 'numeric'],
  ['Skill'],
  ['Best val', 'numeric'],
  ['Baseline', 'numeric'],
  ['Gain', 'numeric'],
  ['Test (hard)', 'numeric'],
  ['Metric'],
  ['Status'],
  ['Finished'],
  ['Models'],
];

/** Builds the table; `onSkill` is called with a skill's path when its name is clicked. */
export function leaderboardTable(rows: readonly LeaderboardRow[], onSkill: (skillPath: string) => void): HTMLElement {
  const table = document.createElement('table');
  table.className = 'leaderboard';
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const [name, className] of COLUMNS) headRow.append(cell('th', name, className));
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of rows) {
    const line = document.createElement('tr');
    line.className = row.rank === 1 ? 'best-run' : 'other-run';
    line.append(cell('td', String(row.rank), 'numeric'));
    const skill = document.createElement('td');
    if (row.rank === 1) {
      const link = document.createElement('button');
      link.className = 'link-button';
      link.textContent = row.skillName;
      link.title = `Show the score trends of ${row.skillName}`;
      link.addEventListener('click', () => onSkill(row.skillPath));
      skill.append(link);
    } else {
      skill.className = 'muted';
      skill.textContent = `run ${row.runId}`;
    }
    line.append(
      skill,
      cell('td', score(row.bestValidationScore), 'numeric strong'),
      cell('td', score(row.baselineScore), 'numeric'),
      cell('td', delta(row.bestValidationScore, row.baselineScore), 'numeric'),
      cell('td', score(row.testHard), 'numeric'),
      cell('td', row.gateMetric),
      cell('td', row.status.replace('_', ' ')),
      cell('td', row.finishedAt ? new Date(row.finishedAt).toLocaleString() : '–'),
      cell('td', row.models, 'muted'),
    );
    body.append(line);
  }
  table.append(head, body);
  return table;
}
