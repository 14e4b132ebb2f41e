import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createCallPolicies, createSimulatedModel, createSimulatedWorld, withCallPolicies } from '../../../src/core/models';
import { listRuns, readStepRecords } from '../../../src/core/store';
import { loadTaskSet, splitTasks } from '../../../src/core/tasks';
import { resolveTrainingConfig, type ReviewRequest } from '../../../src/core/training';
import type { RunEventEnvelope, SkillRunState } from '../../../src/vscode/run-events';
import { RunController } from '../../../src/vscode/run-controller';
import { TrainingStatusBar } from '../../../src/vscode/training-status-bar';
import { exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

// Gate mode `review` through the run controller, with a reviewer standing in for the
// inline review: the run pauses for it, takes its decision, and stops cleanly when
// stopped mid-review. A controller of its own, so the extension's reviewer stays put.
describe('the run controller in gate mode review', function () {
  this.timeout(60_000);
  const log = vscode.window.createOutputChannel('Skill Trainer review test', { log: true });
  const memento: vscode.Memento = { keys: () => [], get: <T>(_key: string, value?: T) => value as T, update: async () => undefined };
  let controller: RunController;

  async function start() {
    const taskSet = await loadTaskSet(workspaceFile('skills', 'commit-messages').fsPath);
    const policies = createCallPolicies({});
    const model = createSimulatedModel('sim:demo', createSimulatedWorld(taskSet));
    const wrap = () => withCallPolicies({ ...model }, policies);
    return controller.start({
      skillUri: exampleSkillUri(),
      skillText: await readWorkspaceText(exampleSkillUri()),
      tasks: splitTasks(taskSet.tasks),
      models: { target: wrap(), optimizer: wrap(), judge: wrap(), policies },
      specs: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
      config: resolveTrainingConfig({ epochs: 1, gate: { mode: 'review' } }),
      trusted: true,
    });
  }

  beforeEach(async () => {
    await removeRunStore();
    controller = new RunController({ log, statusBar: new TrainingStatusBar(), memento });
  });
  afterEach(() => controller.dispose());
  after(async () => {
    log.dispose();
    await removeRunStore();
  });

  it('pauses for the reviewer, applies its decision and reports every event', async () => {
    const states: SkillRunState[] = [];
    const events: RunEventEnvelope[] = [];
    const requests: ReviewRequest[] = [];
    controller.onDidChangeRunState((change) => states.push(change.state));
    controller.onDidEmitEvent((envelope) => events.push(envelope));
    controller.setReviewHandler(async (request, context) => {
      requests.push(request);
      assert.equal(controller.stateOf(context.skillUri), 'paused');
      assert.equal(context.runId, request.runId);
      return { acceptedEdits: [0] };
    });
    const outcome = await start();
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(requests.length > 0, 'the reviewer was never asked');
    assert.deepEqual(states.slice(0, 3), ['training', 'paused', 'training']);
    assert.equal(states.at(-1), 'idle');
    assert.ok(events.every((envelope) => envelope.runId === outcome.subject.runId && envelope.workspaceRoot === workspaceFile().fsPath));
    assert.deepEqual([events[0]?.event.type, events.at(-1)?.event.type], ['run_started', 'run_finished']);
    const steps = (await readStepRecords(workspaceFile().fsPath, outcome.subject.runId)).filter((record) => record.kind === 'step' && record.review);
    assert.ok(steps.length > 0 && steps.every((record) => record.kind === 'step' && record.review?.acceptedEdits.join() === '0'));
  });

  it('stops a run that waits for a review, even when the reviewer never answers', async () => {
    controller.setReviewHandler(() => new Promise(() => undefined));
    const done = start();
    await waitFor('the run to wait for the review', () => controller.stateOf(exampleSkillUri()) === 'paused', 20_000);
    const [stopped] = await controller.stop(exampleSkillUri());
    assert.equal(stopped?.kind, 'cancelled');
    assert.equal((await done).kind, 'cancelled');
    assert.equal((await listRuns(workspaceFile().fsPath))[0]?.status, 'cancelled');
  });

  it('fails the run with a clear message when no reviewer is installed', async () => {
    const outcome = await start();
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed');
    assert.match(outcome.message, /Gate mode "review" needs the inline review/);
  });
});
