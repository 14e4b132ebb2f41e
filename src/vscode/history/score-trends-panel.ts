/**
 * The Score Trends panel: one webview panel per window showing a skill's runs
 * (validation current/best, train batch, edit budget, decisions, epochs) and the
 * leaderboard. It reloads its data when run data changes (live while training) and
 * when it becomes visible again; the webview keeps its own view state with
 * `setState`, and the serializer brings the panel back after a reload.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { TrainingRuns } from '../run-events';
import { watchRunStore } from './run-store-changes';
import type { HostMessage, RenderReport, TrendsData, TrendsTab, TrendsViewState, WebviewMessage } from './score-trends-protocol';
import { loadTrendsData } from './score-trends-data';
import type { TransferResults } from './transfer-results';
import { scoreTrendsAssetsRoot, scoreTrendsHtml } from './score-trends-html';

export const SCORE_TRENDS_VIEW_TYPE = 'skillTrainer.scoreTrends';

/** What a caller (a command, a test) may ask the panel to show. */
export interface ScoreTrendsRequest {
  /** The SKILL.md whose runs to show; undefined keeps the panel's skill. */
  readonly skillPath?: string;
  readonly selectedRunIds?: string[];
  readonly tab?: TrendsTab;
  /** On the Transfer page: the run whose check to show. */
  readonly transferRunId?: string;
}

/** The panel as plain data, for tests and the log. */
export interface ScoreTrendsSnapshot {
  readonly open: boolean;
  readonly visible: boolean;
  readonly skillPath?: string;
  /** The webview's last saved view state. */
  readonly viewState?: TrendsViewState;
  /** What the webview last reported drawing. */
  readonly lastRender?: RenderReport;
  /** How many times the webview drew since the panel opened. */
  readonly renders: number;
}

export interface ScoreTrendsServices {
  readonly runs: TrainingRuns;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  /** A chart point was clicked: open that step (its diff, its Checkpoints row). */
  readonly onOpenStep?: (runId: string, step: number, final: boolean) => void;
  /** Transfer checks for the Transfer page. */
  readonly transfers?: TransferResults;
}

/** Owns the (single) Score Trends panel of the window. */
export class ScoreTrendsPanels implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private skillPath: string | undefined;
  private viewState: TrendsViewState | undefined;
  private lastRender: RenderReport | undefined;
  private renders = 0;
  /** A `show` message to deliver once the webview has data (it may still be loading). */
  private pendingShow: HostMessage | undefined;
  /** True once the page's script listens (it says `ready` after each load). */
  private ready = false;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private readonly renderEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time the webview reports what it drew. */
  readonly onDidRender = this.renderEmitter.event;

  constructor(private readonly services: ScoreTrendsServices) {}

  /** Opens the panel (or reveals it) on a skill's runs. */
  open(request: ScoreTrendsRequest = {}): void {
    if (request.skillPath !== undefined) this.skillPath = request.skillPath;
    if (request.selectedRunIds !== undefined || request.tab !== undefined || request.transferRunId !== undefined) {
      this.pendingShow = { type: 'show', selectedRunIds: request.selectedRunIds, tab: request.tab, transferRunId: request.transferRunId };
    }
    if (this.panel) {
      this.panel.reveal(undefined, true);
      void this.reload();
      return;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(SCORE_TRENDS_VIEW_TYPE, 'Score Trends', { viewColumn: column, preserveFocus: true }, this.webviewOptions());
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a reload, with the state the webview saved. */
  restore(panel: vscode.WebviewPanel, state: TrendsViewState | undefined): void {
    this.skillPath = state?.skillPath;
    this.viewState = state;
    if (this.panel) {
      // A second restored panel: keep one (the older is closed, its state lives on in this one).
      this.panel.dispose();
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  snapshot(): ScoreTrendsSnapshot {
    return {
      open: this.panel !== undefined,
      visible: this.panel?.visible ?? false,
      skillPath: this.skillPath,
      viewState: this.viewState,
      lastRender: this.lastRender,
      renders: this.renders,
    };
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderEmitter.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [scoreTrendsAssetsRoot(this.services.extensionUri)],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.renders = 0;
    this.lastRender = undefined;
    panel.webview.html = scoreTrendsHtml(panel.webview, this.services.extensionUri);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)),
      panel.onDidDispose(() => this.detach(panel)),
      watchRunStore(this.services.runs, (events) => {
        if (!panel.visible) return;
        // Another skill's run does not change this chart, but the leaderboard may change when it ends.
        const relevant = events.length === 0 || events.some(({ skillUri, event }) => skillUri.fsPath === this.skillPath || this.skillPath === undefined || event.type.startsWith('run_'));
        if (relevant) void this.reload();
      }),
      ...(this.services.transfers ? [this.services.transfers.onDidAdd(() => void this.reload())] : []),
    ];
  }

  private detach(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    for (const disposable of this.panelDisposables) disposable.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
  }

  private receive(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // The page (re)loaded: first open, or shown again after being hidden.
        this.ready = true;
        void this.reload();
        return;
      case 'state': {
        const shownBefore = this.viewState?.tab;
        this.viewState = message.state;
        // The Library page's rows and the transfer checks are read only while their page is shown (they read every run folder).
        if ((message.state.tab === 'library' || message.state.tab === 'transfer') && message.state.tab !== shownBefore) void this.reload();
        return;
      }
      case 'checkTransfer':
        void vscode.commands.executeCommand('skillTrainer.checkTransfer', message.runId ? { runId: message.runId } : message.skillPath ? vscode.Uri.file(message.skillPath) : undefined);
        return;
      case 'selectSkill':
        this.skillPath = message.skillPath;
        void this.reload();
        return;
      case 'rendered':
        this.renders += 1;
        this.lastRender = message.report;
        this.renderEmitter.fire(message.report);
        return;
      case 'optimize':
        void vscode.commands.executeCommand('skillTrainer.optimizeSkill', message.skillPath ? vscode.Uri.file(message.skillPath) : undefined);
        return;
      case 'openSkill':
        void vscode.window.showTextDocument(vscode.Uri.file(message.skillPath), { preview: false });
        return;
      case 'openStep':
        this.services.onOpenStep?.(message.runId, message.step, message.final);
        return;
    }
  }

  /** Reads the store and sends the data; a change during a read causes one more read after it. */
  private reload(): Promise<void> {
    if (!this.ready) return Promise.resolve();
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        const panel = this.panel;
        if (!panel) return;
        let data: TrendsData;
        try {
          const tab = (this.pendingShow?.type === 'show' ? this.pendingShow.tab : undefined) ?? this.viewState?.tab;
          data = await loadTrendsData(this.services.runs, this.skillPath, { library: tab === 'library', transfers: tab === 'transfer' ? ((await this.services.transfers?.all()) ?? []) : [] });
        } catch (error) {
          this.services.log.error(`Score Trends could not read the run store: ${errorMessage(error)}`);
          return;
        }
        if (this.panel !== panel) return;
        this.skillPath = data.skill?.path;
        panel.title = data.skill ? `Score Trends: ${data.skill.name}` : 'Score Trends';
        await this.post({ type: 'data', data });
        if (this.pendingShow && (await this.post(this.pendingShow))) this.pendingShow = undefined;
      } while (this.reloadAgain);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async post(message: HostMessage): Promise<boolean> {
    return (await this.panel?.webview.postMessage(message)) ?? false;
  }
}
