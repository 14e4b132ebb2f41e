import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readStepRecords } from '../../../src/core/store';
import { scoreTrendsHtml } from '../../../src/vscode/history/score-trends-html';
import { scoreTrendsSnapshot, trainExampleSkill, waitForTrends } from '../support/history-helpers';
import { discardAllEditors, exampleSkillUri, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

const CSS_COLOR = /^(#[0-9a-f]{3,8}|rgba?\(.+\)|hsla?\(.+\)|[a-z]+)$/i;

// The Score Trends webview in the real workbench: the page (uPlot, strict CSP) draws
// what the extension sends and reports back what it drew.
describe('the Score Trends panel', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  const open = (...args: unknown[]) => vscode.commands.executeCommand('skillTrainer.openScoreTrends', ...args);
  let firstRun: string;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    await discardAllEditors();
  });

  after(async () => {
    await discardAllEditors();
    await removeRunStore();
  });

  it('explains what to do when the skill has no runs', async () => {
    await open(exampleSkillUri());
    const snapshot = await waitForTrends('the empty state', (state) => state.lastRender?.emptyState === 'no-runs');
    assert.equal(snapshot.open, true);
    assert.equal(snapshot.skillPath, exampleSkillUri().fsPath);
    assert.equal(snapshot.lastRender?.points, 0);
  });

  it('draws the run\'s validation line live while it trains, then every step', async () => {
    const restore = await setUserSettings({ 'simulation.latencyMs': 30 });
    try {
      const training = trainExampleSkill();
      // While training: the newest run is drawn with the points recorded so far.
      const during = await waitForTrends('points drawn while training', (state) => (state.lastRender?.points ?? 0) >= 2 && state.lastRender?.runIds.length === 1, 60_000);
      firstRun = await training;
      assert.deepEqual(during.lastRender?.runIds, [firstRun]);
      const records = await readStepRecords(root(), firstRun);
      const expectedPoints = records.filter((record) => record.kind === 'baseline' || record.kind === 'step').length;
      const after = await waitForTrends(`all ${expectedPoints} points`, (state) => state.lastRender?.points === expectedPoints);
      assert.ok((after.lastRender?.points ?? 0) >= during.lastRender!.points);
      assert.equal(after.lastRender?.tab, 'trends');
      assert.equal(after.lastRender?.emptyState, undefined);
    } finally {
      await restore();
    }
  });

  it('colours the chart from the VS Code theme', async () => {
    const { lastRender } = await scoreTrendsSnapshot();
    for (const role of ['validation', 'best', 'train', 'budget', 'accepted', 'newBest', 'rejected', 'foreground', 'grid']) {
      assert.match(lastRender?.colors[role] ?? '', CSS_COLOR, `${role} colour`);
    }
    assert.notEqual(lastRender?.colors.validation, lastRender?.colors.rejected);
  });

  it('overlays the runs picked, and shows the leaderboard tab', async () => {
    const secondRun = await trainExampleSkill();
    await waitForTrends('the newest run drawn by default', (state) => state.lastRender?.runIds[0] === secondRun);
    await open(exampleSkillUri(), { runIds: [secondRun, firstRun] });
    const both = await waitForTrends('two runs drawn', (state) => state.lastRender?.runIds.length === 2);
    assert.deepEqual(new Set(both.lastRender?.runIds), new Set([firstRun, secondRun]));
    assert.deepEqual(new Set(both.viewState?.selectedRunIds), new Set([firstRun, secondRun]), 'the webview keeps the picked runs in its state');

    await open(undefined, { tab: 'leaderboard' });
    const board = await waitForTrends('the leaderboard', (state) => state.lastRender?.tab === 'leaderboard');
    assert.equal(board.lastRender?.leaderboardRows, 2, 'one skill, two runs');
  });

  it('comes back as it was after being hidden and shown again (its own saved state, no retained context)', async () => {
    const before = await scoreTrendsSnapshot();
    assert.equal(before.visible, true);
    // Another editor in the panel's group hides it; the webview's page is discarded.
    await vscode.window.showTextDocument(workspaceFile('notes', 'README.md'), { preview: false, viewColumn: vscode.ViewColumn.Active });
    await waitForTrends('the panel to be hidden', (state) => !state.visible);
    await open();
    const shown = await waitForTrends('a fresh drawing after being shown', (state) => state.visible && state.renders > before.renders);
    assert.equal(shown.lastRender?.tab, 'leaderboard', 'the tab came from the webview\'s saved state');
    assert.equal(shown.skillPath, exampleSkillUri().fsPath);
  });

  it('serves a page whose Content-Security-Policy allows only its own bundle, by nonce', () => {
    const extensionUri = skillTrainerExtension().extensionUri;
    const webview = { cspSource: 'https://webview.example', asWebviewUri: (uri: vscode.Uri) => uri } as unknown as vscode.Webview;
    const html = scoreTrendsHtml(webview, extensionUri);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /style-src https:\/\/webview\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!webview\.example)/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]!);
    assert.deepEqual(scripts.map((attributes) => /nonce="([^"]+)"/.exec(attributes)?.[1]), [nonce], 'every script carries the nonce');
    assert.match(scripts[0]!, /src="[^"]*\/dist\/score-trends\/score-trends\.js"/);
    assert.notEqual(/script-src 'nonce-([^']+)'/.exec(scoreTrendsHtml(webview, extensionUri))?.[1], nonce, 'a fresh nonce per page');
  });

  it('follows the skill a command names', async () => {
    await open(workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md'), { tab: 'trends' });
    const snapshot = await waitForTrends('release-notes (never trained)', (state) => state.lastRender?.emptyState === 'no-runs' && state.skillPath?.endsWith('release-notes/SKILL.md') === true);
    assert.equal(snapshot.lastRender?.points, 0);
  });
});
