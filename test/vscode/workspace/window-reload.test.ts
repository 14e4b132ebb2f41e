import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createCallPolicies, createSimulatedModel, createSimulatedWorld, withCallPolicies } from '../../../src/core/models';
import { listRuns } from '../../../src/core/store';
import { loadTaskSet, splitTasks } from '../../../src/core/tasks';
import { resolveTrainingConfig } from '../../../src/core/training';
import { RunController } from '../../../src/vscode/run-controller';
import type { RunModels } from '../../../src/vscode/run-models';
import { TrainingStatusBar } from '../../../src/vscode/training-status-bar';
import { exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

/** The workspace memento as VS Code keeps it across a reload of the window. */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

// A window reload disposes the extension (its run controller) and activates it
// again; here two controllers share one memento, as two windows in a row do.
describe('a run across a window reload', function () {
  this.timeout(60_000);
  const memento = new MemoryMemento();
  const log = vscode.window.createOutputChannel('Skill Trainer reload test', { log: true });
  const root = () => workspaceFile().fsPath;

  async function simulatedModels(latencyMs: number): Promise<{ models: RunModels; tasks: ReturnType<typeof splitTasks> }> {
    const taskSet = await loadTaskSet(workspaceFile('skills', 'commit-messages').fsPath);
    const policies = createCallPolicies({});
    const model = createSimulatedModel('sim:demo', createSimulatedWorld(taskSet, { latencyMs }));
    const wrap = () => withCallPolicies({ ...model }, policies);
    return { models: { target: wrap(), optimizer: wrap(), judge: wrap(), policies }, tasks: splitTasks(taskSet.tasks) };
  }

  before(removeRunStore);
  after(async () => {
    log.dispose();
    await removeRunStore();
  });

  it('is stopped resumably when the window closes, offered again in the next window, and resumed to the end', async () => {
    const firstWindow = new RunController({ log, statusBar: new TrainingStatusBar(), memento });
    const { models, tasks } = await simulatedModels(30);
    const skillText = await readWorkspaceText(exampleSkillUri());
    const done = firstWindow.start({
      skillUri: exampleSkillUri(),
      skillText,
      tasks,
      models,
      specs: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
      config: resolveTrainingConfig(),
      trusted: true,
    });
    const [live] = firstWindow.activeRuns();
    assert.ok(live, 'the run is not live');
    await waitFor('the baseline to be scored', async () => ((await listRuns(root()))[0]?.baselineScore ?? -1) >= 0, 20_000, 50);

    firstWindow.dispose();
    const outcome = await done;
    assert.equal(outcome.kind, 'cancelled');
    assert.equal((await listRuns(root()))[0]?.status, 'cancelled');

    const secondWindow = new RunController({ log, statusBar: new TrainingStatusBar(), memento });
    assert.deepEqual(secondWindow.interruptedRunIds(), [live.runId], 'the next window does not know the run was interrupted');
    const resumed = await secondWindow.resume({
      runId: live.runId,
      skillUri: exampleSkillUri(),
      workspaceRoot: root(),
      models: (await simulatedModels(0)).models,
      gateMode: 'auto',
    });
    assert.equal(resumed.kind, 'finished');
    assert.equal((await listRuns(root()))[0]?.status, 'finished');
    assert.deepEqual(secondWindow.interruptedRunIds(), [], 'a run that ended is still offered for resuming');
    secondWindow.dispose();
  });
});
