import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AgentCliUntrustedError } from '../../../src/core/models';
import { loadTaskSet } from '../../../src/core/tasks';
import { ApiKeyStore } from '../../../src/vscode/api-keys';
import { LanguageModelCatalog } from '../../../src/vscode/language-model-catalog';
import { createRunModels } from '../../../src/vscode/run-models';
import { readSettings } from '../../../src/vscode/settings';
import { checkRunTrust, countJavascriptAssertions, untrustedCodeNotice } from '../../../src/vscode/workspace-trust';
import { describeTask } from '../../../src/vscode/evaluate-skill-command';
import { runAssertion } from '../../../src/core/scoring/assertions/run-assertion';
import { emptyUsage } from '../../../src/core/models/chat-model';
import { workspaceFile } from '../support/skill-trainer-extension';

// This suite's workspace is trusted (the harness turns trust off), so these checks
// are given `trusted: false` directly, as an untrusted window would give them.
describe('restricted mode (an untrusted workspace)', () => {
  const task = (assert: { type: string; value?: unknown }[]) => ({ id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert });
  const noSecrets: vscode.SecretStorage = {
    get: async () => undefined,
    store: async () => undefined,
    delete: async () => undefined,
    onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
  };

  it('refuses agent-CLI targets', () => {
    assert.equal(checkRunTrust('Optimize Skill x', { target: 'claude-code', optimizer: 'openai:gpt-5' }, [], false), false);
    assert.equal(checkRunTrust('Optimize Skill x', { target: 'openai:gpt-5-mini', optimizer: 'openai:gpt-5' }, [], false), true);
    assert.equal(checkRunTrust('Optimize Skill x', { target: 'claude-code', optimizer: 'openai:gpt-5' }, [], true), true);
  });

  it('lets a run with javascript assertions go on, counting the assertions it skips', () => {
    const tasks = [task([{ type: 'javascript', value: 'output.length > 3' }, { type: 'contains', value: 'x' }]), task([{ type: 'not-javascript', value: 'false' }])];
    assert.equal(countJavascriptAssertions(tasks), 2);
    assert.equal(checkRunTrust('Evaluate Skill x', { target: 'sim:demo', optimizer: 'sim:demo' }, tasks, false), true);
    assert.equal(
      untrustedCodeNotice('Evaluate Skill x', tasks),
      'Evaluate Skill x: 2 assertions are skipped because this workspace is not trusted (javascript, python, transforms and scoring functions run code from the workspace). They are left out of the scores.',
    );
  });

  it("says that tasks' scoring functions (assertScoringFunction) do not run", () => {
    const scored = { ...task([{ type: 'contains', value: 'x' }]), scoringFunction: 'file://evals/scoring.js' };
    assert.equal(
      untrustedCodeNotice('Optimize Skill x', [scored, scored]),
      'Optimize Skill x: the scoring functions (assertScoringFunction) of 2 tasks do not run because this workspace is not trusted (javascript, python, transforms and scoring functions run code from the workspace). Those tasks combine their checks as usual.',
    );
    assert.equal(untrustedCodeNotice('Optimize Skill x', [task([{ type: 'contains', value: 'x' }])]), undefined);
  });

  it('words a skipped javascript check for VS Code (no command-line flag), and the Evaluate log does not count it as failed', async () => {
    const untrusted = { task: task([{ type: 'javascript', value: 'return true' }]), trusted: false, javascriptTimeoutMs: 1000 };
    const check = await runAssertion({ type: 'javascript', value: 'return true' }, 'out', untrusted);
    assert.match(check.skipped ?? '', /this workspace is not trusted\. Trust the workspace \(Workspaces: Manage Workspace Trust\) to run it\./);
    assert.doesNotMatch(check.reason, /--trust/);
    const contains = { kind: 'assertion' as const, name: 'contains', pass: false, score: 0, weight: 1, reason: 'expected x' };
    const line = describeTask({ taskId: 't1', output: 'out', cached: false, usage: emptyUsage(), score: { taskId: 't1', hard: 0, soft: 0, checks: [check, contains] } });
    assert.equal(line, 't1: hard 0 · soft 0.00 — failed: contains — not run (the workspace is not trusted): javascript');
  });

  it('never creates an agent-CLI model without trust', async () => {
    const taskSet = await loadTaskSet(workspaceFile('skills', 'commit-messages').fsPath);
    const catalog = new LanguageModelCatalog(async () => [], new vscode.EventEmitter<void>().event);
    await assert.rejects(
      createRunModels({ specs: { target: 'codex', optimizer: 'sim:demo' }, settings: readSettings(), apiKeys: new ApiKeyStore(noSecrets), catalog, trusted: false, taskSet }),
      (error: unknown) => error instanceof AgentCliUntrustedError && /disabled in an untrusted workspace/.test(error.message),
    );
    catalog.dispose();
  });
});
