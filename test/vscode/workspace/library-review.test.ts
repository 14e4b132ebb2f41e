import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { prepareLibrarySkills } from '../../../src/core/library';
import { createSimulatedModel, createSimulatedWorld } from '../../../src/core/models';
import { loadTaskSet } from '../../../src/core/tasks';
import type { ReviewRequest } from '../../../src/core/training';
import { LibraryRuns } from '../../../src/vscode/library/library-runs';
import { RunController } from '../../../src/vscode/run-controller';
import { TrainingStatusBar } from '../../../src/vscode/training-status-bar';
import { readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

// Review mode in a library run, with a reviewer standing in for the inline review and a
// controller of its own: two skills in review mode with one training slot both end up
// waiting for the person at once (a skill waiting lends its slot), and the status bar
// counts them.
describe('Library runs in review mode', function () {
  this.timeout(120_000);
  const log = vscode.window.createOutputChannel('Skill Trainer library review test', { log: true });
  const memento: vscode.Memento = { keys: () => [], get: <T>(_key: string, value?: T) => value as T, update: async () => undefined };
  const copy = () => workspaceFile('skills', 'commit-drafts');

  before(async () => {
    await removeRunStore();
    const skill = await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'SKILL.md'));
    const tasks = await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'evals', 'evals.json'));
    await write(vscode.Uri.joinPath(copy(), 'SKILL.md'), skill.replace('name: commit-messages', 'name: commit-drafts'));
    await write(vscode.Uri.joinPath(copy(), 'evals', 'evals.json'), tasks.replace('"skill_name": "commit-messages"', '"skill_name": "commit-drafts"'));
  });

  after(async () => {
    log.dispose();
    await vscode.workspace.fs.delete(copy(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await removeRunStore();
  });

  it('queues the proposals of several skills, counts them in the status bar, and blocks no other skill', async () => {
    const statusBar = new TrainingStatusBar();
    const controller = new RunController({ log, statusBar, memento });
    const libraryRuns = new LibraryRuns({ runs: controller, log, memento });
    const pending: { request: ReviewRequest; answer: () => void }[] = [];
    controller.setReviewHandler(
      (request) =>
        new Promise((resolve) => {
          pending.push({ request, answer: () => resolve({ acceptedEdits: request.kind === 'step' ? request.selectedEdits.map((_, index) => index) : [0] }) });
        }),
    );
    const root = workspaceFile().fsPath;
    const directories = [workspaceFile('skills', 'commit-messages').fsPath, copy().fsPath];
    const specs = { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' };
    const skills = await prepareLibrarySkills({ workspaceRoot: root, skillDirectories: directories, fallbackModels: specs, trusted: true, flags: { training: { epochs: 1, gate: { mode: 'review' } } } });
    const worlds = new Map<string, ReturnType<typeof createSimulatedWorld>>();
    const done = libraryRuns.start({
      workspaceRoot: root,
      skills,
      libraryRunId: `lib-review-${Date.now()}`,
      options: { parallel: 1, concurrency: 8, onlyChanged: false },
      runtime: {
        trusted: true,
        createModel: async (spec, skill) => {
          if (!worlds.has(skill.skillDirectory)) worlds.set(skill.skillDirectory, createSimulatedWorld(await loadTaskSet(skill.skillDirectory)));
          return createSimulatedModel(spec, worlds.get(skill.skillDirectory)!);
        },
      },
    });
    try {
      // One slot, two skills: the second trains while the first waits, then waits too.
      await waitFor('both skills to wait for review', () => new Set(pending.map((entry) => entry.request.runId)).size === 2, 60_000);
      assert.equal(statusBar.text, '$(eye) 2 skills wait for review · 0 training');
      for (const uri of directories.map((directory) => vscode.Uri.file(`${directory}/SKILL.md`))) assert.equal(controller.stateOf(uri), 'paused');
      // Answer every request as it comes until the run ends.
      const answering = setInterval(() => pending.splice(0).forEach((entry) => entry.answer()), 20);
      const result = await done.finally(() => clearInterval(answering));
      assert.equal(result.status, 'finished', JSON.stringify(result.skills));
      assert.deepEqual(result.skills.map((skill) => skill.outcome.status), ['finished', 'finished']);
      assert.doesNotMatch(String(statusBar.text), /wait for review/, 'no review waits once the run ended');
    } finally {
      pending.splice(0).forEach((entry) => entry.answer());
      libraryRuns.dispose();
      controller.dispose();
      statusBar.dispose();
    }
  });
});
