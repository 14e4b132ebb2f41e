/**
 * The chart's hover card: it follows the cursor and tells, for the step under it,
 * the epoch, the scores, the edit budget and the gate's decision (and the validation
 * score of each run drawn over the first).
 */
import type uPlot from 'uplot';
import { decisionText } from '../../src/core/training/decision-text';
import type { RunTrend, TrendPoint } from '../../src/vscode/history/score-trends-protocol';
import { pointsOf } from './final-point';
import type { ChartTheme } from './theme-colors';

function score(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

/** Appends "name value" as a row with a colour swatch (colours set through the CSSOM: the CSP allows no inline style attributes). */
function row(parent: HTMLElement, name: string, value: string, color?: string): void {
  const line = document.createElement('div');
  line.className = 'tooltip-row';
  const swatch = document.createElement('span');
  swatch.className = 'tooltip-swatch';
  if (color) swatch.style.backgroundColor = color;
  else swatch.style.visibility = 'hidden';
  const label = document.createElement('span');
  label.className = 'tooltip-name';
  label.textContent = name;
  const text = document.createElement('span');
  text.className = 'tooltip-value';
  text.textContent = value;
  line.append(swatch, label, text);
  parent.append(line);
}

/** What the person decided, in words: "accepted — new best (your selection: 1 of 4 edits)". */
function decisionLine(point: TrendPoint): string {
  if (point.selection !== null) return `${decisionText(point.decision)} (your selection: ${point.editsApplied} of ${point.editsSelected} edits)`;
  return `${decisionText(point.decision)}${point.reviewed ? ' (your review)' : ''}`;
}

function fill(tip: HTMLElement, point: TrendPoint | undefined, step: number, runs: readonly RunTrend[], theme: ChartTheme): void {
  tip.replaceChildren();
  const title = document.createElement('div');
  title.className = 'tooltip-title';
  const isFinal = point?.decision.startsWith('final') ?? false;
  title.textContent = step === 0 ? 'Baseline' : isFinal ? 'Final skill (after slow update)' : `Step ${step}${point ? ` · epoch ${point.epoch}` : ''}`;
  tip.append(title);
  if (point) {
    const decision = document.createElement('div');
    decision.className = `tooltip-decision decision-${point.decision}`;
    decision.textContent = isFinal ? (point.decision === 'final_new_best' ? 'validated at the end of the run — new best' : 'validated at the end of the run') : decisionLine(point);
    tip.append(decision);
    row(tip, 'Validation', score(point.validation), theme.validation);
    row(tip, 'Best', score(point.best), theme.best);
    if (point.selection !== null) {
      row(tip, 'Your selection', score(point.selection), point.decision === 'accept_new_best' ? theme.newBest : theme.accepted);
      if (point.candidate !== null) row(tip, 'All edits (not kept)', score(point.candidate), theme.budget);
    } else if (point.candidate !== null) row(tip, 'Candidate', score(point.candidate), point.decision === 'reject' ? theme.rejected : theme.accepted);
    if (point.train !== null) row(tip, 'Train batch', score(point.train), theme.train);
    if (point.step > 0 && !isFinal) row(tip, 'Edit budget', point.budget === null ? 'no cap' : String(point.budget), theme.budget);
    if (point.step > 0 && !isFinal) row(tip, 'Edits applied', String(point.editsApplied));
  }
  runs.slice(1).forEach((run, index) => {
    const other = pointsOf(run).find((candidate) => candidate.step === step);
    if (other) row(tip, `Run ${run.label}`, score(other.validation), theme.overlays[index % theme.overlays.length]);
  });
}

/** Distance between the cursor and the card (CSS px). */
const OFFSET_PX = 14;

export function tooltipPlugin(runs: readonly RunTrend[], theme: ChartTheme): uPlot.Plugin {
  const tip = document.createElement('div');
  tip.className = 'chart-tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  const primary = runs[0];
  return {
    hooks: {
      init: (plot) => {
        plot.over.append(tip);
        plot.over.addEventListener('mouseleave', () => {
          tip.hidden = true;
        });
      },
      setCursor: (plot) => {
        const index = plot.cursor.idx;
        const left = plot.cursor.left ?? -1;
        const top = plot.cursor.top ?? -1;
        if (index === null || index === undefined || left < 0) {
          tip.hidden = true;
          return;
        }
        const step = plot.data[0][index]!;
        fill(tip, primary && pointsOf(primary).find((point) => point.step === step), step, runs, theme);
        tip.hidden = false;
        const width = plot.over.clientWidth;
        const height = plot.over.clientHeight;
        // Keep the card inside the plot: flip to the cursor's other side near the edges.
        const x = left + OFFSET_PX + tip.offsetWidth > width ? left - OFFSET_PX - tip.offsetWidth : left + OFFSET_PX;
        const y = Math.min(Math.max(0, top + OFFSET_PX), Math.max(0, height - tip.offsetHeight));
        tip.style.transform = `translate(${Math.max(0, x)}px, ${y}px)`;
      },
    },
  };
}
