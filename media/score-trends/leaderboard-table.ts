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

/**
 * Column titles and classes; numbers are right-aligned under right-aligned titles. In a
 * narrow panel the `optional` columns give way first, then the `secondary` ones (see the
 * stylesheet), so the table never runs past the panel's edge.
 */
const COLUMNS: [string, string?][] = [
  ['#', 'numeric'],
  ['Skill', 'name'],
  ['Best val', 'numeric'],
  ['Baseline', 'numeric secondary'],
  ['Gain', 'numeric'],
  ['Test (hard)', 'numeric secondary'],
  ['Metric', 'optional'],
  ['Status', 'optional'],
  ['Finished', 'secondary'],
  ['Models', 'muted optional'],
];

/** Builds the table; `onSkill` is called with a skill's path when its name is clicked. */
export function leaderboardTable(rows: readonly LeaderboardRow[], onSkill: (skillPath: string) => void): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'leaderboard-wrap';
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
    skill.classList.add('name');
    if (row.rank === 1) {
      const link = document.createElement('button');
      link.className = 'link-button';
      link.textContent = row.skillName;
      link.title = `Show the score trends of ${row.skillName}`;
      link.addEventListener('click', () => onSkill(row.skillPath));
      skill.append(link);
    } else {
      skill.classList.add('muted');
      skill.textContent = `run ${row.runId}`;
    }
    line.append(
      skill,
      cell('td', score(row.bestValidationScore), 'numeric strong'),
      cell('td', score(row.baselineScore), 'numeric secondary'),
      cell('td', delta(row.bestValidationScore, row.baselineScore), 'numeric'),
      cell('td', score(row.testHard), 'numeric secondary'),
      cell('td', row.gateMetric, 'optional'),
      cell('td', row.status.replace('_', ' '), 'optional'),
      cell('td', row.finishedLabel ?? '–', 'secondary'),
      cell('td', row.models, 'muted optional'),
    );
    body.append(line);
  }
  table.append(head, body);
  wrap.append(table);
  return wrap;
}
