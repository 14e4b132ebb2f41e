/**
 * The Score Trends webview: a tab with the chosen skill's score chart and run picker,
 * and a leaderboard tab. The extension host sends the data whole on each change; the
 * view state (skill, runs, tab) is kept with setState so the page comes back as it
 * was when the panel is hidden and shown again, or restored after a reload.
 */
import 'uplot/dist/uPlot.min.css';
import './score-trends.css';
import type { HostMessage, RenderReport, RunTrend, TrendsData, TrendsTab, TrendsViewState, WebviewMessage } from '../../src/vscode/history/score-trends-protocol';
import { leaderboardTable } from './leaderboard-table';
import { libraryTable } from './library-table';
import { transferPage } from './transfer-matrix';
import { onThemeChange, readChartTheme, type ChartTheme } from './theme-colors';
import { chartData, createTrendChart, type TrendChart } from './trend-chart';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): TrendsViewState | undefined;
  setState(state: TrendsViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let state: TrendsViewState = vscode.getState() ?? {};
let data: TrendsData | undefined;
let chart: TrendChart | undefined;
let chartHost: HTMLElement | undefined;

function saveState(change: Partial<TrendsViewState>): void {
  state = { ...state, ...change };
  vscode.setState(state);
  vscode.postMessage({ type: 'state', state });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

function score(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

/** The runs drawn: the picked ones still present, newest first; by default the newest run. */
function shownRuns(runs: readonly RunTrend[]): RunTrend[] {
  const picked = runs.filter((run) => state.selectedRunIds?.includes(run.runId));
  return picked.length > 0 ? picked : runs.slice(0, 1);
}

function tabs(active: TrendsTab): HTMLElement {
  const bar = element('div', 'tabs');
  bar.setAttribute('role', 'tablist');
  const tab = (id: TrendsTab, label: string) => {
    const button = element('button', 'tab', label);
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-selected', String(id === active));
    button.id = `tab-${id}`;
    button.addEventListener('click', () => {
      saveState({ tab: id });
      render();
    });
    return button;
  };
  bar.append(tab('trends', 'Trends'), tab('leaderboard', 'Leaderboard'), tab('library', 'Library'), tab('transfer', 'Transfer'));
  return bar;
}

function skillPicker(current: TrendsData): HTMLElement | undefined {
  if (current.skills.length === 0) return undefined;
  const label = element('label', 'skill-picker', 'Skill ');
  const select = element('select');
  select.setAttribute('aria-label', 'Skill');
  for (const skill of current.skills) {
    const option = element('option', undefined, skill.name);
    option.value = skill.path;
    option.title = skill.relativePath;
    option.selected = skill.path === current.skill?.path;
    select.append(option);
  }
  select.addEventListener('change', () => {
    saveState({ skillPath: select.value, selectedRunIds: undefined });
    vscode.postMessage({ type: 'selectSkill', skillPath: select.value });
  });
  label.append(select);
  return label;
}

function emptyState(title: string, detail: string, action?: { label: string; message: WebviewMessage }): HTMLElement {
  const box = element('section', 'empty-state');
  box.append(element('h2', undefined, title), element('p', undefined, detail));
  if (action) {
    const button = element('button', 'primary-button', action.label);
    button.addEventListener('click', () => vscode.postMessage(action.message));
    box.append(button);
  }
  return box;
}

function runDescription(run: RunTrend): string {
  const status = run.live ? 'training' : run.status.replace('_', ' ');
  return `${status} · best ${score(run.bestScore)} (baseline ${score(run.baselineScore)}) · ${run.stepsDone}/${run.totalSteps} steps`;
}

function runPicker(runs: readonly RunTrend[], shown: readonly RunTrend[]): HTMLElement {
  const fieldset = element('fieldset', 'run-picker');
  fieldset.append(element('legend', undefined, runs.length > 1 ? 'Runs (tick several to compare)' : 'Run'));
  for (const run of runs) {
    const label = element('label', `run-choice${run.live ? ' live' : ''}`);
    const box = element('input');
    box.type = 'checkbox';
    box.value = run.runId;
    box.checked = shown.some((candidate) => candidate.runId === run.runId);
    box.addEventListener('change', () => {
      const selected = [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
      saveState({ selectedRunIds: selected });
      render();
    });
    label.title = `Run ${run.runId} · ${run.models}`;
    label.append(box, element('span', 'run-name', run.label), element('span', 'run-detail', runDescription(run)));
    fieldset.append(label);
  }
  return fieldset;
}

function chartSize(host: HTMLElement): { width: number; height: number } {
  const width = Math.max(320, host.clientWidth);
  // Leave room below for the legend; never taller than wide.
  const available = window.innerHeight - host.getBoundingClientRect().top - 72;
  return { width, height: Math.round(Math.min(Math.max(240, available), 480, width * 0.75)) };
}

function renderTrends(body: HTMLElement, current: TrendsData, theme: ChartTheme): Pick<RenderReport, 'runIds' | 'points' | 'emptyState' | 'markers'> {
  if (!current.skill) {
    body.append(emptyState('No training runs yet', 'Open a SKILL.md and run Optimize Skill: its validation scores appear here, step by step, while it trains.', { label: 'Optimize Skill', message: { type: 'optimize' } }));
    return { runIds: [], points: 0, emptyState: 'no-skill' };
  }
  if (current.runs.length === 0) {
    body.append(
      emptyState(`${current.skill.name} has not been trained yet`, 'Run Optimize Skill on it: each step’s validation score, train score and edit budget appear here as it trains.', {
        label: `Optimize ${current.skill.name}`,
        message: { type: 'optimize', skillPath: current.skill.path },
      }),
    );
    return { runIds: [], points: 0, emptyState: 'no-runs' };
  }
  const shown = shownRuns(current.runs);
  const primary = shown[0]!;
  const summary = element('p', 'summary');
  summary.append(element('strong', undefined, current.skill.name), ` · run ${primary.label} · ${runDescription(primary)} · metric ${primary.gateMetric}`);
  body.append(summary, runPicker(current.runs, shown));
  const host = element('div', 'chart');
  host.setAttribute('role', 'img');
  const final = primary.final && primary.final.score !== null ? `; final skill (after slow update) ${score(primary.final.score)}${primary.final.promoted ? ', new best' : ''}` : '';
  host.setAttribute('aria-label', `Validation score per step of ${current.skill.name}, run ${primary.label}: ${primary.points.map((point) => score(point.validation)).join(', ')}${final}`);
  body.append(host);
  chartHost = host;
  // A click opens the step's diff and selects its Checkpoints row (the final skill's point is half a step after the last step).
  chart = createTrendChart(host, shown, theme, chartSize(host), (step) =>
    vscode.postMessage({ type: 'openStep', runId: primary.runId, step: Math.floor(step), final: !Number.isInteger(step) }),
  );
  const drawn = chartData(shown);
  return { runIds: shown.map((run) => run.runId), points: drawn.points, markers: drawn.markers };
}

/** Opens a skill's trends from the Library or Leaderboard page. */
function openSkillTrends(skillPath: string): void {
  saveState({ skillPath, selectedRunIds: undefined, tab: 'trends' });
  vscode.postMessage({ type: 'selectSkill', skillPath });
}

function renderLibrary(body: HTMLElement, current: TrendsData): Pick<RenderReport, 'runIds' | 'points' | 'emptyState' | 'libraryRows'> {
  if (current.library.length === 0) {
    body.append(emptyState('No skill trained yet', 'The Library lists every skill with its latest score and its score over time once a run has finished. Optimize All Skills trains them all.'));
    return { runIds: [], points: 0, emptyState: 'no-library', libraryRows: [] };
  }
  const sort = state.librarySort ?? { column: 'attention', descending: false };
  const { element: table, shown } = libraryTable(current.library, sort, {
    onSort: (next) => {
      saveState({ librarySort: next });
      render();
    },
    onSkill: openSkillTrends,
  });
  body.append(table);
  return { runIds: [], points: 0, libraryRows: shown.map((row) => ({ skillName: row.skillName, points: row.series.length })) };
}

function renderTransfer(body: HTMLElement, current: TrendsData): Pick<RenderReport, 'runIds' | 'points' | 'emptyState' | 'transfer'> {
  if (current.transfers.length === 0) {
    body.append(
      emptyState('No transfer check yet', 'Check Transfer scores a trained skill on other models: no skill, the original and the trained skill, each with a 95 % interval.', {
        label: 'Check Transfer…',
        message: { type: 'checkTransfer', skillPath: current.skill?.path },
      }),
    );
    return { runIds: [], points: 0, emptyState: 'no-transfer' };
  }
  const { element, shown } = transferPage(current.transfers, state.transferRunId, {
    onPick: (runId) => {
      saveState({ transferRunId: runId });
      render();
    },
    onCheck: (runId) => vscode.postMessage({ type: 'checkTransfer', runId }),
  });
  body.append(element);
  return { runIds: [shown.runId], points: 0, transfer: { runId: shown.runId, targets: shown.rows.map((row) => row.target) } };
}

function render(): void {
  chart?.destroy();
  chart = undefined;
  chartHost = undefined;
  app.replaceChildren();
  if (!data) {
    app.append(element('p', 'loading', 'Loading score trends…'));
    return;
  }
  const current = data;
  const tab = state.tab ?? 'trends';
  const theme = readChartTheme();
  const header = element('header', 'toolbar');
  header.append(tabs(tab));
  const picker = skillPicker(current);
  if (picker && tab === 'trends') header.append(picker);
  const body = element('div', 'tab-body');
  body.setAttribute('role', 'tabpanel');
  body.setAttribute('aria-labelledby', `tab-${tab}`);
  app.append(header, body);

  let result: Pick<RenderReport, 'runIds' | 'points' | 'emptyState' | 'markers' | 'libraryRows' | 'transfer'> = { runIds: [], points: 0 };
  if (tab === 'trends') {
    result = renderTrends(body, current, theme);
  } else if (tab === 'library') {
    result = renderLibrary(body, current);
  } else if (tab === 'transfer') {
    result = renderTransfer(body, current);
  } else if (current.leaderboard.length === 0) {
    body.append(emptyState('No scores yet', 'The leaderboard lists every skill’s runs by best validation score once a run has scored its baseline.'));
    result = { runIds: [], points: 0, emptyState: 'no-leaderboard' };
  } else {
    body.append(leaderboardTable(current.leaderboard, openSkillTrends));
  }
  const report: RenderReport = {
    tab,
    skillPath: current.skill?.path,
    ...result,
    leaderboardRows: tab === 'leaderboard' ? current.leaderboard.length : 0,
    colors: { validation: theme.validation, best: theme.best, train: theme.train, budget: theme.budget, accepted: theme.accepted, newBest: theme.newBest, rejected: theme.rejected, foreground: theme.foreground, grid: theme.grid },
  };
  vscode.postMessage({ type: 'rendered', report });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'data') {
    data = message.data;
    if (data.skill?.path !== state.skillPath) saveState({ skillPath: data.skill?.path, selectedRunIds: state.skillPath === undefined ? state.selectedRunIds : undefined });
    render();
  } else if (message.type === 'show') {
    saveState({ ...(message.selectedRunIds ? { selectedRunIds: message.selectedRunIds } : {}), ...(message.tab ? { tab: message.tab } : {}), ...(message.transferRunId ? { transferRunId: message.transferRunId } : {}) });
    render();
  }
});

// Redraw with the new colours when the theme changes, and fit the chart to the panel.
onThemeChange(render);
function fitChart(): void {
  if (!chart || !chartHost) return;
  const size = chartSize(chartHost);
  if (size.width !== chart.plot.width || size.height !== chart.plot.height) chart.resize(size.width, size.height);
}
new ResizeObserver(fitChart).observe(app);
window.addEventListener('resize', fitChart);

render();
vscode.postMessage({ type: 'ready' });
