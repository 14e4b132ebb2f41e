/**
 * The "Queue" section of the Training Queue view, shown while `skillTrainer.queue.url`
 * is set: the workers connected to the queue (name, targets, load, jobs done, from
 * their heartbeats) and each target's jobs running and waiting. It looks again every
 * few seconds while a run of this window goes on, when a run starts or ends, when the
 * setting changes and on Refresh; a queue that cannot be reached is one row saying so
 * and how to fix it, never a message box (the look repeats).
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { redactUrl, type QueueAccountInfo, type QueueOverview, type QueueWorkerInfo } from '../../core/queue';
import { queuePasswordVariable, queueUrlFromSetting } from '../rollout-queue-connections';
import type { TrainingQueueSection } from './training-queue-view';

/** ms between looks at the queue while a run goes on (a worker's heartbeat is every 3 s). */
export const QUEUE_REFRESH_INTERVAL_MS = 3_000;

export interface QueueWorkersSource {
  /** `skillTrainer.queue.url` now ('' when unset). */
  settingUrl(): string;
  environment: Readonly<Record<string, string | undefined>>;
  /** True while a run of this window (single or library) trains. */
  isBusy(): boolean;
  /** Fire when runs change (the section looks when one starts or the last one ends). */
  runChanges: readonly vscode.Event<unknown>[];
  /** Fires when `skillTrainer.queue.url` changes. */
  onDidChangeSetting: vscode.Event<unknown>;
  /** The queue's workers and targets (`listQueueWorkers`). */
  list(url: string): Promise<QueueOverview>;
}

type QueueLook =
  | { kind: 'off' }
  | { kind: 'looking'; where: string }
  | { kind: 'seen'; where: string; overview: QueueOverview }
  | { kind: 'unreachable'; where: string; message: string };

export class QueueWorkersSection implements TrainingQueueSection {
  readonly label = 'Queue';
  // Its rows stay under the "Queue" heading even when the library run has none.
  readonly grouped = true;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];
  private look: QueueLook = { kind: 'off' };
  private looking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;
  private busy: boolean;

  constructor(private readonly source: QueueWorkersSource) {
    this.busy = source.isBusy();
    const onRunChange = () => {
      const busy = source.isBusy();
      if (busy === this.busy) return;
      this.busy = busy;
      this.schedule();
      void this.refresh();
      // Workers report their load by heartbeat, a few seconds late: look once more when they have caught up.
      if (this.settle) clearTimeout(this.settle);
      if (!busy) this.settle = setTimeout(() => void this.refresh(), QUEUE_REFRESH_INTERVAL_MS);
    };
    const onSettingChange = () => {
      this.schedule();
      void this.refresh();
    };
    this.subscriptions = [...source.runChanges.map((event) => event(onRunChange)), source.onDidChangeSetting(onSettingChange)];
    this.schedule();
    void this.refresh();
  }

  visible(): boolean {
    return this.source.settingUrl() !== '';
  }

  description(): string | undefined {
    const look = this.look;
    if (look.kind === 'off') return undefined;
    if (look.kind !== 'seen') return look.where;
    const workers = look.overview.workers.length;
    return `${workers} worker${workers === 1 ? '' : 's'} · ${look.where}`;
  }

  /** Looks at the queue now; a look already under way is shared, not repeated. */
  refresh(): Promise<void> {
    const shown = this.look;
    this.looking ??= this.lookOnce().then((setting) => {
      this.looking = undefined;
      // Without a queue (the usual case) the view is not redrawn for nothing.
      if (this.look !== shown) this.emitter.fire();
      // The setting changed during the look: look at the queue it names now.
      if (this.source.settingUrl() !== setting) return this.refresh();
    });
    return this.looking;
  }

  rows(): vscode.TreeItem[] {
    const look = this.look;
    switch (look.kind) {
      case 'off':
        return [];
      case 'looking':
        return [messageRow('queue:looking', 'Looking at the queue…', look.where, new vscode.ThemeIcon('loading~spin'))];
      case 'unreachable':
        return [unreachableRow(look.where, look.message)];
      case 'seen':
        return [
          ...(look.overview.workers.length === 0 ? [noWorkerRow(look.where)] : look.overview.workers.map(workerRow)),
          ...look.overview.accounts.map(accountRow),
        ];
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.settle) clearTimeout(this.settle);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }

  /** Looks once at the queue the setting names; returns that setting. */
  private async lookOnce(): Promise<string> {
    const setting = this.source.settingUrl();
    if (!setting) {
      if (this.look.kind !== 'off') this.look = { kind: 'off' };
      return setting;
    }
    const where = redactUrl(setting);
    if (this.look.kind === 'off' || this.look.where !== where) {
      this.look = { kind: 'looking', where };
      this.emitter.fire();
    }
    try {
      const overview = await this.source.list(queueUrlFromSetting(setting, this.source.environment));
      // The setting may have changed during the look: show only what belongs to it.
      if (this.source.settingUrl() === setting) this.look = { kind: 'seen', where, overview };
    } catch (error) {
      if (this.source.settingUrl() === setting) this.look = { kind: 'unreachable', where, message: errorMessage(error) };
    }
    return setting;
  }

  /** Looks every few seconds while a run trains with a queue set; otherwise only when asked. */
  private schedule(): void {
    const wanted = this.busy && this.visible();
    if (wanted && !this.timer) this.timer = setInterval(() => void this.refresh(), QUEUE_REFRESH_INTERVAL_MS);
    if (!wanted && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function messageRow(id: string, label: string, description: string, icon: vscode.ThemeIcon): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = description;
  item.iconPath = icon;
  return item;
}

function unreachableRow(where: string, message: string): vscode.TreeItem {
  // The heading shows the URL; the row says what is wrong and what to do, the tooltip the details.
  const item = messageRow('queue:unreachable', 'Cannot reach the queue', 'start Redis, or fix skillTrainer.queue.url', new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')));
  item.contextValue = 'queue:unreachable';
  item.tooltip =
    `${message}\n\nRuns started now wait until the queue answers. Fix: start Redis where the URL points, correct the skillTrainer.queue.url setting ` +
    `(a password goes in ${queuePasswordVariable}, not the URL), or empty the setting to train in VS Code. Click to open the setting; Refresh looks again.`;
  item.command = { command: 'workbench.action.openSettings', title: 'Open Setting', arguments: ['skillTrainer.queue.url'] };
  item.accessibilityInformation = { label: `Cannot reach the queue at ${where}. ${message}`, role: 'treeitem' };
  return item;
}

function noWorkerRow(where: string): vscode.TreeItem {
  const item = messageRow('queue:no-worker', 'No worker connected', `start one: skill-trainer worker --redis ${where}`, new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')));
  item.contextValue = 'queue:no-worker';
  item.tooltip = `Jobs wait in the queue until a worker serving their target connects. On a machine with the target's keys (or CLI login), run:\nskill-trainer worker --redis ${where}`;
  return item;
}

/** "2/4 running · 37 done · sim:demo, openai:gpt-5-mini". */
export function describeWorker(worker: QueueWorkerInfo): string {
  return `${worker.active}/${worker.concurrency} running · ${worker.done} done · ${worker.targets.join(', ') || 'no target yet'}`;
}

/** "3 running · 5 waiting · 120 done" (batch jobs, and failed ones when there are some). */
export function describeAccountJobs(account: QueueAccountInfo): string {
  return `${account.active} running · ${account.waiting} waiting · ${account.completed} done${account.failed > 0 ? ` · ${account.failed} failed` : ''}`;
}

function workerRow(worker: QueueWorkerInfo): vscode.TreeItem {
  const item = messageRow(`queue:worker:${worker.name}`, worker.name, describeWorker(worker), new vscode.ThemeIcon('server-process', worker.active > 0 ? new vscode.ThemeColor('charts.blue') : undefined));
  item.contextValue = 'queue:worker';
  item.tooltip =
    `Worker ${worker.name}\nTargets: ${worker.targets.join(', ') || 'none yet (it serves the targets coordinators ask for that it can run)'}\n` +
    `Calls running: ${worker.active} (at most ${worker.concurrency} per provider at once)\nCalls done: ${worker.done}\nLast heartbeat: ${worker.updatedAt}`;
  item.accessibilityInformation = { label: `Worker ${worker.name}, ${describeWorker(worker)}`, role: 'treeitem' };
  return item;
}

/** One provider account's queue, named by its targets (they share its limits). */
function accountRow(account: QueueAccountInfo): vscode.TreeItem {
  const targets = account.targets.join(', ');
  const item = messageRow(`queue:account:${account.account}`, targets, describeAccountJobs(account), new vscode.ThemeIcon(account.active > 0 ? 'sync~spin' : 'layers'));
  item.contextValue = 'queue:target';
  item.tooltip =
    `Batch jobs of provider account ${account.account} (targets ${targets}, which share its concurrency limit and 429 pause): ` +
    `${account.active} running on workers, ${account.waiting} waiting for a worker, ${account.completed} done (kept 7 days for resumes), ${account.failed} failed.`;
  item.accessibilityInformation = { label: `Target${account.targets.length === 1 ? '' : 's'} ${targets}, ${describeAccountJobs(account)}`, role: 'treeitem' };
  return item;
}
