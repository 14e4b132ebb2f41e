/**
 * Tells the history views when run data changed: trainer events of runs in this
 * window, and file changes under `.skill-trainer/` (runs made by the CLI or another
 * window write there too). Bursts are coalesced: a step emits many events.
 */
import * as vscode from 'vscode';
import type { TrainingEvent } from '../../core/training';
import type { RunEventEnvelope, TrainingRuns } from '../run-events';

/** Index, step logs and checkpoint metadata: what the views read. */
const STORE_GLOB = '**/.skill-trainer/{db.json,runs/*/steps.jsonl,runs/*/checkpoints/*.json}';

/** Pause after the last change before the views read again (ms). */
const DEFAULT_DELAY_MS = 250;

/** Events after which the stored records or a run's state differ. */
const RECORD_EVENTS = new Set<TrainingEvent['type']>([
  'run_started',
  'baseline_scored',
  'step_started',
  'stage_started',
  'gate_decision',
  'checkpoint_written',
  'epoch_ended',
  'run_finished',
  'run_failed',
  'run_cancelled',
  'run_budget_stopped',
]);

/**
 * Calls `onChange` at most once per `delayMs` after run data changed, with the
 * envelopes of the trainer events seen meanwhile (empty when only files changed).
 * `onEvent` hears every trainer event at once (for live "stage" rows).
 */
export function watchRunStore(
  runs: TrainingRuns,
  onChange: (events: readonly RunEventEnvelope[]) => void,
  options: { delayMs?: number; onEvent?: (envelope: RunEventEnvelope) => void } = {},
): vscode.Disposable {
  const delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: RunEventEnvelope[] = [];
  const schedule = (envelope?: RunEventEnvelope) => {
    if (envelope) pending.push(envelope);
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const events = pending;
      pending = [];
      onChange(events);
    }, delayMs);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(STORE_GLOB);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(() => schedule()),
    watcher.onDidChange(() => schedule()),
    watcher.onDidDelete(() => schedule()),
    runs.onDidEmitEvent((envelope) => {
      options.onEvent?.(envelope);
      if (RECORD_EVENTS.has(envelope.event.type)) schedule(envelope);
    }),
    runs.onDidChangeRunState(() => schedule()),
    new vscode.Disposable(() => clearTimeout(timer)),
  );
}
