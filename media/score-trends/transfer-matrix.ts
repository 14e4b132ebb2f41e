/**
 * The Transfer page: one transfer check as a matrix, targets × no skill / original /
 * trained skill, each cell the mean score with its 95 % interval over tasks (a bar
 * shows the interval on a 0..1 scale), and trained − original with its interval.
 */
import type { IntervalCell, TransferMatrix } from '../../src/vscode/history/library-trends-protocol';

const SVG = 'http://www.w3.org/2000/svg';
/** Interval bar size, CSS pixels. */
const BAR_WIDTH = 80;
const BAR_HEIGHT = 10;

function interval(value: IntervalCell, signed = false): string {
  if (value.count === 0) return '–';
  const number = (x: number) => `${signed && x > 0 ? '+' : signed && x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;
  return `${number(value.mean)} [${number(value.low)}, ${number(value.high)}]`;
}

/** The interval on a 0..1 scale (−1..1 for a difference), the mean as a tick. */
function intervalBar(value: IntervalCell, difference: boolean, label: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(BAR_WIDTH));
  svg.setAttribute('height', String(BAR_HEIGHT));
  svg.setAttribute('class', 'interval-bar');
  svg.setAttribute('aria-hidden', 'true');
  if (value.count === 0) return svg;
  const x = (v: number) => ((difference ? (v + 1) / 2 : v) * BAR_WIDTH).toFixed(1);
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('x1', difference ? x(0) : '0');
  axis.setAttribute('x2', difference ? x(0) : String(BAR_WIDTH));
  axis.setAttribute('y1', difference ? '0' : String(BAR_HEIGHT - 1));
  axis.setAttribute('y2', String(BAR_HEIGHT - 1));
  axis.setAttribute('class', 'interval-axis');
  const range = document.createElementNS(SVG, 'rect');
  range.setAttribute('x', x(value.low));
  range.setAttribute('width', String(Math.max(1, Number(x(value.high)) - Number(x(value.low)))));
  range.setAttribute('y', '2');
  range.setAttribute('height', String(BAR_HEIGHT - 5));
  range.setAttribute('class', `interval-range ${label}`);
  const mean = document.createElementNS(SVG, 'line');
  mean.setAttribute('x1', x(value.mean));
  mean.setAttribute('x2', x(value.mean));
  mean.setAttribute('y1', '0');
  mean.setAttribute('y2', String(BAR_HEIGHT - 2));
  mean.setAttribute('class', 'interval-mean');
  svg.append(axis, range, mean);
  return svg;
}

function intervalCell(value: IntervalCell, label: string, difference = false): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = `numeric interval ${difference && value.count > 0 ? (value.low > 0 ? 'gain' : value.high < 0 ? 'loss' : '') : ''}`;
  const text = document.createElement('span');
  text.textContent = interval(value, difference);
  td.append(text, intervalBar(value, difference, label));
  return td;
}

/** The check chosen from `checks`, with a picker when there are several. */
export function transferPage(checks: readonly TransferMatrix[], shownRunId: string | undefined, handlers: { onPick(runId: string): void; onCheck(runId: string): void }): { element: HTMLElement; shown: TransferMatrix } {
  const shown = checks.find((check) => check.runId === shownRunId) ?? checks[0]!;
  const page = document.createElement('section');
  page.className = 'transfer';
  const header = document.createElement('div');
  header.className = 'transfer-header';
  if (checks.length > 1) {
    const label = document.createElement('label');
    label.className = 'skill-picker';
    label.textContent = 'Check ';
    const select = document.createElement('select');
    select.setAttribute('aria-label', 'Transfer check');
    for (const check of checks) {
      const option = document.createElement('option');
      option.value = check.runId;
      option.textContent = `${check.skillName} · run ${check.runId}`;
      option.selected = check.runId === shown.runId;
      select.append(option);
    }
    select.addEventListener('change', () => handlers.onPick(select.value));
    label.append(select);
    header.append(label);
  }
  const again = document.createElement('button');
  again.className = 'primary-button';
  again.textContent = 'Check Again…';
  again.title = `Check the trained skill of run ${shown.runId} on other targets`;
  again.addEventListener('click', () => handlers.onCheck(shown.runId));
  header.append(again);
  const summary = document.createElement('p');
  summary.className = 'summary';
  const name = document.createElement('strong');
  name.textContent = shown.skillName;
  summary.append(
    name,
    ` · run ${shown.runId} · ${shown.taskCount} ${shown.split === 'test' ? 'test' : 'validation (the run has no test tasks)'} tasks · ${shown.metric} score, mean [95 % interval over tasks] · judge ${shown.judge} · checked ${new Date(shown.checkedAt).toLocaleString()}`,
  );
  const table = document.createElement('table');
  table.className = 'leaderboard transfer-matrix';
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const [title, numeric] of [['Target', false], ['No skill', true], ['Original skill', true], ['Trained skill', true], ['Trained − original', true]] as const) {
    const th = document.createElement('th');
    th.textContent = title;
    if (numeric) th.className = 'numeric';
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of shown.rows) {
    const line = document.createElement('tr');
    const target = document.createElement('td');
    target.textContent = row.target;
    if (row.failedTasks > 0) {
      const note = document.createElement('div');
      note.className = 'attention';
      note.textContent = `${row.failedTasks} task run${row.failedTasks === 1 ? '' : 's'} could not be scored (a model call failed after retries)`;
      target.append(note);
    }
    line.append(target, intervalCell(row.noSkill, 'no-skill'), intervalCell(row.original, 'original'), intervalCell(row.trained, 'trained'), intervalCell(row.delta, 'delta', true));
    body.append(line);
  }
  table.append(head, body);
  page.append(header, summary, table);
  return { element: page, shown };
}
