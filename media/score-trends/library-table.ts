/**
 * The Library page: one row per skill with its latest best score, the change against
 * its baseline and on the test split, a sparkline of its best score over its finished
 * runs, runs, last trained and cost; sortable by every column (the default order puts
 * what needs attention first). Clicking a skill opens its trends.
 */
import type { LibrarySort, LibrarySortColumn, LibraryTrendRow } from '../../src/vscode/history/library-trends-protocol';

const SVG = 'http://www.w3.org/2000/svg';
/** Sparkline size, CSS pixels. */
const SPARK_WIDTH = 96;
const SPARK_HEIGHT = 24;

interface Column {
  readonly id: LibrarySortColumn | 'trend';
  readonly title: string;
  readonly numeric?: boolean;
  /** Sort key; rows without a value sort last either way. */
  readonly key?: (row: LibraryTrendRow, index: number) => number | string | null;
}

const COLUMNS: readonly Column[] = [
  { id: 'attention', title: '#', numeric: true, key: (_row, index) => index },
  { id: 'skill', title: 'Skill', key: (row) => row.skillName.toLowerCase() },
  { id: 'best', title: 'Latest best', numeric: true, key: (row) => row.latestBest },
  { id: 'delta', title: 'vs baseline', numeric: true, key: (row) => row.delta },
  { id: 'testDelta', title: 'Test Δ', numeric: true, key: (row) => row.testDelta },
  { id: 'trend', title: 'Score over time' },
  { id: 'runs', title: 'Runs', numeric: true, key: (row) => row.runs },
  { id: 'lastTrained', title: 'Last trained', key: (row) => row.lastTrained },
  { id: 'cost', title: 'Cost', numeric: true, key: (row) => row.totalCostUsd },
];

function score(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

function signed(value: number | null): string {
  if (value === null) return '–';
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '±0.00' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(2)}`;
}

function cost(value: number | null): string {
  if (value === null) return 'unknown';
  return `$${value.toFixed(value > 0 && value < 0.01 ? 4 : 2)}`;
}

/** The rows in the chosen order (the given order is "what needs attention first"). */
export function sortLibraryRows(rows: readonly LibraryTrendRow[], sort: LibrarySort): LibraryTrendRow[] {
  const column = COLUMNS.find((candidate) => candidate.id === sort.column) ?? COLUMNS[0]!;
  const keyed = rows.map((row, index) => ({ row, key: column.key!(row, index) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return sort.descending ? -order : order;
  });
  return keyed.map((entry) => entry.row);
}

/** A line of the best score per finished run, the latest point marked; scale 0..1. */
function sparkline(row: LibraryTrendRow): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(SPARK_WIDTH));
  svg.setAttribute('height', String(SPARK_HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  const points = row.series;
  svg.setAttribute('aria-label', points.length === 0 ? `${row.skillName}: no finished run` : `${row.skillName} best score per run: ${points.map((point) => point.best.toFixed(2)).join(', ')}`);
  if (points.length === 0) return svg;
  const pad = 3;
  const x = (index: number) => (points.length === 1 ? SPARK_WIDTH / 2 : pad + (index * (SPARK_WIDTH - 2 * pad)) / (points.length - 1));
  const y = (value: number) => SPARK_HEIGHT - pad - Math.max(0, Math.min(1, value)) * (SPARK_HEIGHT - 2 * pad);
  const baseline = points[0]!.baseline;
  if (baseline !== null) {
    const line = document.createElementNS(SVG, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('x2', String(SPARK_WIDTH));
    line.setAttribute('y1', String(y(baseline)));
    line.setAttribute('y2', String(y(baseline)));
    line.setAttribute('class', 'sparkline-baseline');
    svg.append(line);
  }
  const path = document.createElementNS(SVG, 'polyline');
  path.setAttribute('points', points.map((point, index) => `${x(index).toFixed(1)},${y(point.best).toFixed(1)}`).join(' '));
  path.setAttribute('class', 'sparkline-line');
  svg.append(path);
  const last = points.at(-1)!;
  const dot = document.createElementNS(SVG, 'circle');
  dot.setAttribute('cx', String(x(points.length - 1)));
  dot.setAttribute('cy', String(y(last.best)));
  dot.setAttribute('r', '2.5');
  dot.setAttribute('class', 'sparkline-dot');
  const title = document.createElementNS(SVG, 'title');
  title.textContent = points.map((point) => `${point.date.slice(0, 10)}: ${point.best.toFixed(2)}`).join('\n');
  svg.append(dot, title);
  return svg;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Builds the page; `onSort` is called with the new order, `onSkill` with a skill's path. */
export function libraryTable(rows: readonly LibraryTrendRow[], sort: LibrarySort, handlers: { onSort(sort: LibrarySort): void; onSkill(skillPath: string): void }): { element: HTMLElement; shown: LibraryTrendRow[] } {
  const shown = sortLibraryRows(rows, sort);
  const table = document.createElement('table');
  table.className = 'leaderboard library';
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const column of COLUMNS) {
    const th = document.createElement('th');
    if (column.numeric) th.className = 'numeric';
    if (!column.key) {
      th.textContent = column.title;
    } else {
      const active = sort.column === column.id;
      th.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
      const button = document.createElement('button');
      button.className = 'sort-button';
      button.id = `sort-${column.id}`;
      button.textContent = `${column.title}${active ? (sort.descending ? ' ▼' : ' ▲') : ''}`;
      button.title = `Sort by ${column.id === 'attention' ? 'what needs attention' : column.title.toLowerCase()}`;
      // A second click on the same column reverses it; a new column starts with the best first for scores.
      button.addEventListener('click', () => handlers.onSort({ column: column.id as LibrarySortColumn, descending: active ? !sort.descending : column.numeric === true && column.id !== 'attention' }));
      th.append(button);
    }
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of shown) {
    const line = document.createElement('tr');
    line.append(cell(String(rows.indexOf(row) + 1), 'numeric muted'));
    const skill = document.createElement('td');
    const link = document.createElement('button');
    link.className = 'link-button';
    link.textContent = row.skillName;
    link.title = `Show the score trends of ${row.skillName}`;
    link.addEventListener('click', () => handlers.onSkill(row.skillPath));
    skill.append(link);
    if (row.attention) {
      const note = document.createElement('div');
      note.className = 'attention';
      note.textContent = row.attention;
      skill.append(note);
    }
    const trend = document.createElement('td');
    trend.append(sparkline(row));
    line.append(
      skill,
      cell(score(row.latestBest), 'numeric strong'),
      cell(signed(row.delta), `numeric ${row.delta === null ? '' : row.delta > 0 ? 'gain' : row.delta < 0 ? 'loss' : ''}`),
      cell(signed(row.testDelta), `numeric ${row.testDelta === null ? '' : row.testDelta > 0 ? 'gain' : row.testDelta < 0 ? 'loss' : ''}`),
      trend,
      cell(`${row.finishedRuns}/${row.runs}`, 'numeric'),
      cell(row.lastTrainedLabel ?? 'never', row.lastTrainedLabel ? '' : 'muted'),
      cell(cost(row.totalCostUsd), 'numeric'),
    );
    body.append(line);
  }
  table.append(head, body);
  return { element: table, shown };
}
