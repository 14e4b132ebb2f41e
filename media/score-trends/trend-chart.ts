/**
 * The score chart (uPlot): per step the validation score of the current skill and the
 * best so far, the train batch score, the edit budget on a second axis, the gate's
 * decisions as markers at the candidate's score, epoch boundaries as vertical lines,
 * and other runs' validation lines drawn over the first run.
 */
import uPlot from 'uplot';
import type { RunTrend, TrendPoint } from '../../src/vscode/history/score-trends-protocol';
import { tooltipPlugin } from './chart-tooltip';
import { finalStepOf, pointsOf } from './final-point';
import type { ChartTheme } from './theme-colors';

/** The x values (steps) and one array per series, aligned. */
export interface ChartData {
  readonly steps: number[];
  readonly data: uPlot.AlignedData;
  /** Points on validation lines (all runs), for the render report. */
  readonly points: number;
  /** The first run's step-decision and final markers, by series label: where each is drawn. */
  readonly markers: ChartMarkers;
}

/** Per marker series: the x (step; the final skill half a step after the last) and y of each marker drawn. */
export type ChartMarkers = Record<string, { x: number; y: number }[]>;

const ACCEPTED = new Set(['accept', 'force_accept']);

/** Marker series the first run gets, in the chart's order; `notKept` and `final` only when the run has them. */
const MARKERS = {
  accepted: 'Accepted',
  newBest: 'New best',
  rejected: 'Rejected',
  notKept: 'Not kept (your selection instead)',
  final: 'Final skill (after slow update)',
} as const;
type MarkerKey = keyof typeof MARKERS;

/** The marker series the first run needs. */
function markerKeys(run: RunTrend | undefined): MarkerKey[] {
  const keys: MarkerKey[] = ['accepted', 'newBest', 'rejected'];
  if (run?.points.some((point) => point.selection !== null)) keys.push('notKept');
  if (run && finalStepOf(run) !== undefined) keys.push('final');
  return keys;
}

/**
 * Where a marker of `key` sits for a point, or null: a decision's marker at the score of
 * what it applied to (the person's selection when a review kept some edits, else the
 * candidate); the full candidate a selection replaced as "not kept"; the final skill.
 */
function markerValue(key: MarkerKey, point: TrendPoint): number | null {
  const decided = point.selection ?? point.candidate;
  switch (key) {
    case 'accepted':
      return ACCEPTED.has(point.decision) ? decided : null;
    case 'newBest':
      return point.decision === 'accept_new_best' ? decided : null;
    case 'rejected':
      return point.decision === 'reject' ? point.candidate : null;
    case 'notKept':
      return point.selection !== null ? point.candidate : null;
    case 'final':
      return point.decision.startsWith('final') ? point.validation : null;
  }
}

/** Value of `pick` per step of `steps`, null where the run has no point. */
function column(steps: readonly number[], byStep: Map<number, TrendPoint>, pick: (point: TrendPoint) => number | null): (number | null)[] {
  return steps.map((step) => {
    const point = byStep.get(step);
    return point ? pick(point) : null;
  });
}

/**
 * Aligns the runs' points on one step axis, in the order of the chart's series: the
 * first run gets every series (current, best, train, budget, the decision markers),
 * the others their validation line.
 */
export function chartData(runs: readonly RunTrend[]): ChartData {
  const steps = [...new Set(runs.flatMap((run) => pointsOf(run).map((point) => point.step)))].sort((a, b) => a - b);
  const maps = runs.map((run) => new Map(pointsOf(run).map((point) => [point.step, point])));
  const [primary, ...others] = maps;
  if (!primary) return { steps, data: [steps], points: 0, markers: {} };
  const keys = markerKeys(runs[0]);
  const markerColumns = keys.map((key) => column(steps, primary, (point) => markerValue(key, point)));
  const data: uPlot.AlignedData = [
    steps,
    column(steps, primary, (point) => point.validation),
    column(steps, primary, (point) => point.best),
    column(steps, primary, (point) => point.train),
    column(steps, primary, (point) => point.budget),
    ...markerColumns,
    ...others.map((map) => column(steps, map, (point) => point.validation)),
  ];
  const points = runs.reduce((sum, run) => sum + run.points.filter((point) => point.validation !== null).length, 0);
  const markers: ChartMarkers = Object.fromEntries(
    keys.map((key, index) => [MARKERS[key], steps.flatMap((x, at) => (markerColumns[index]![at] === null ? [] : [{ x, y: markerColumns[index]![at]! }]))]),
  );
  return { steps, data, points, markers };
}

function markerSeries(label: string, color: string, theme: ChartTheme, size: number): uPlot.Series {
  return {
    label,
    stroke: color,
    fill: color,
    width: 0,
    paths: () => null,
    points: { show: true, size, width: 1.5, stroke: theme.background, fill: color },
  };
}

/** Room above the plot for the epoch labels, so they never sit on a marker at the top score (CSS px). */
const LABEL_ROOM_PX = 16;

/**
 * Draws the epoch boundaries (after each epoch's last step) with the next epoch's number,
 * and the final skill's line; the labels go above the plot, where no point can be, and
 * a label that would overlap the one before it is left out.
 */
function epochBoundaries(run: RunTrend | undefined, theme: ChartTheme): uPlot.Plugin {
  return {
    hooks: {
      draw: (plot) => {
        if (!run) return;
        const lastStep = run.points[run.points.length - 1]?.step ?? 0;
        const { ctx, bbox } = plot;
        ctx.save();
        ctx.strokeStyle = theme.foreground;
        ctx.fillStyle = theme.foreground;
        ctx.lineWidth = devicePixelRatio;
        ctx.font = `${10 * devicePixelRatio}px ${theme.fontFamily}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        let previousRight = Number.NEGATIVE_INFINITY;
        const boundary = (at: number, text: string) => {
          const x = Math.round(plot.valToPos(at, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) return;
          ctx.globalAlpha = 0.45;
          ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          const half = ctx.measureText(text).width / 2;
          const left = Math.min(Math.max(x - half, bbox.left), bbox.left + bbox.width - 2 * half);
          if (left < previousRight + 4 * devicePixelRatio) return;
          ctx.globalAlpha = 0.8;
          ctx.fillText(text, left + half, bbox.top - 3 * devicePixelRatio);
          previousRight = left + 2 * half;
        };
        run.epochEnds.forEach((step, index) => {
          if (step < lastStep) boundary(step + 0.5, `epoch ${index + 2}`);
        });
        // The last epoch's end: the final skill (after its slow update) is validated there.
        const finalStep = finalStepOf(run);
        if (finalStep !== undefined) boundary(finalStep, 'final');
        ctx.restore();
      },
    },
  };
}

/**
 * A click on the plot picks the step under the cursor (the card shows which): the
 * panel opens that step's diff and selects its row in the Checkpoints view.
 */
function clickToPick(onPick: ((step: number) => void) | undefined): uPlot.Plugin {
  return {
    hooks: {
      init: (plot) => {
        if (!onPick) return;
        plot.over.classList.add('pickable');
        plot.over.addEventListener('click', () => {
          const index = plot.cursor.idx;
          if (index === null || index === undefined) return;
          const step = plot.data[0][index];
          if (step !== undefined) onPick(step);
        });
      },
    },
  };
}

/** Integer ticks only (steps and budgets are whole numbers). */
function integerTicks(_plot: uPlot, splits: number[]): string[] {
  return splits.map((value) => (Number.isInteger(value) ? String(value) : ''));
}

export interface TrendChart {
  readonly plot: uPlot;
  resize(width: number, height: number): void;
  destroy(): void;
}

/** Creates the chart in `container` for `runs` (the first is the run shown in full). */
export function createTrendChart(
  container: HTMLElement,
  runs: readonly RunTrend[],
  theme: ChartTheme,
  size: { width: number; height: number },
  onPick?: (step: number) => void,
): TrendChart {
  const { data } = chartData(runs);
  const [primary, ...others] = runs;
  const markerColors: Record<MarkerKey, string> = {
    accepted: theme.accepted,
    newBest: theme.newBest,
    rejected: theme.rejected,
    notKept: theme.budget,
    final: primary?.final?.promoted ? theme.newBest : theme.validation,
  };
  const metric = primary?.gateMetric ?? 'hard';
  const maxBudget = Math.max(1, ...(primary?.points.map((point) => point.budget ?? 0) ?? [0]));
  const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...extra,
  });
  const options: uPlot.Options = {
    width: size.width,
    height: size.height,
    pxAlign: 0,
    padding: [LABEL_ROOM_PX, null, null, null],
    scales: {
      x: { time: false, range: (_plot, min, max) => [min - 0.35, max + 0.35] },
      y: { range: [0, 1.04] },
      budget: { range: [0, maxBudget + 1] },
    },
    axes: [
      axis({ label: 'Step', values: integerTicks, incrs: [1, 2, 5, 10, 20, 50, 100] }),
      axis({ label: `Validation score (${metric})`, splits: () => [0, 0.2, 0.4, 0.6, 0.8, 1], values: (_plot, splits) => splits.map((value) => value.toFixed(1)) }),
      axis({ scale: 'budget', side: 1, label: 'Edit budget', grid: { show: false }, values: integerTicks, incrs: [1, 2, 5, 10] }),
    ],
    series: [
      { label: 'Step' },
      { label: 'Validation (current)', stroke: theme.validation, width: 2.5, points: { show: true, size: 6, fill: theme.validation } },
      // Over the current line, dashed and stepped: where the two agree its dashes still show.
      { label: 'Best validation', stroke: theme.best, width: 1.75, dash: [6, 4], paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      { label: 'Train batch', stroke: theme.train, width: 1.5, points: { show: true, size: 4, fill: theme.train } },
      { label: 'Edit budget', scale: 'budget', stroke: theme.budget, width: 1.5, dash: [2, 3], paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      ...markerKeys(primary).map((key) => markerSeries(MARKERS[key], markerColors[key], theme, key === 'newBest' || key === 'final' ? 13 : key === 'notKept' ? 9 : 11)),
      ...others.map((run, index): uPlot.Series => {
        const color = theme.overlays[index % theme.overlays.length]!;
        return { label: `Validation · run ${run.label}`, stroke: color, width: 2, dash: [8, 3], points: { show: true, size: 5, fill: color } };
      }),
    ],
    legend: { show: true, live: false },
    // A vertical guide only (the card tells the values); no zoom by dragging, no dimming of other series.
    cursor: { y: false, drag: { x: false, y: false }, points: { size: 8 } },
    plugins: [epochBoundaries(primary, theme), tooltipPlugin(runs, theme), clickToPick(onPick)],
  };
  const plot = new uPlot(options, data, container);
  return {
    plot,
    resize: (width, height) => plot.setSize({ width, height }),
    destroy: () => plot.destroy(),
  };
}
