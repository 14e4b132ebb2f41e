import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';
import { cli, withSimSkill } from './sim-greeter-fixture';

test('eval --trials 3 runs each task three times as fresh samples and names the flaky task (simulated world)', () =>
  withSimSkill(async ({ root, cacheDir }) => {
    const result = await cli(root, cacheDir, 'eval', 'greeter', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '3', '--json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.trials, 3);
    assert.deepEqual(json.flakyTasks, ['coin']);
    const coin = json.perTask.find((task: { id: string }) => task.id === 'coin');
    assert.ok(coin.passed > 0 && coin.passed < 3, `coin passed ${coin.passed} of 3`);
    assert.equal(coin.passRate, coin.passed / 3);
    assert.equal(json.tasks.length, 9, 'one entry per task and trial');
    assert.deepEqual(json.tasks.map((task: { trial: number }) => task.trial), [1, 1, 1, 2, 2, 2, 3, 3, 3]);
    assert.equal(json.totals.runs, 9);
    assert.equal(json.totals.notRun, 0);
    const mean = (json.perTask as Array<{ hard: number }>).reduce((sum, task) => sum + task.hard, 0) / 3;
    assert.equal(json.score.hard, mean, 'the score is the mean of the per-task means');
    assert.equal(json.judgeNoise.regraded, 1, 'the one task with a judge criterion was graded twice');
    assert.equal(json.judgeNoise.changedVerdicts, 0, 'the simulated judge is deterministic');

    const text = await cli(root, cacheDir, 'eval', 'greeter', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '3');
    assert.match(text.stdout, /· 3 trials/);
    assert.match(text.stdout, new RegExp(`^coin\\s+${coin.passed}/3\\s+\\S+\\s+\\S+\\s+FLAKY$`, 'm'));
    assert.match(text.stdout, /^steady\s+3\/3\s+1\.00\s+1\.00$/m);
    assert.match(text.stdout, new RegExp(`Flaky tasks \\(passed some trials, failed others\\): coin \\(${coin.passed}/3\\)`));
    assert.match(text.stdout, /Judge noise \(the same 1 output graded twice\): 0 of 1 criterion verdicts changed/);
    assert.match(text.stdout, /Calls: \d+ \(\d+ from cache\)/);
    assert.match(text.stderr, /trial 3 {2}unmoved/);
  }));

test('trials are keyed apart in the response cache: each trial is a fresh call, and a rerun replays each trial from its own sample', () =>
  withSimSkill(
    async ({ root, cacheDir }) => {
      // The first target call passes, later ones fail: only separate calls per trial make the task flaky.
      const target = new ScriptedChatModel([], { spec: 'scripted:target', fallback: (_request, index) => (index === 0 ? 'Hello, Ada!' : 'Hello!') });
      const run = async () => {
        const io = createCapturedIo({ cwd: root });
        const code = await runEvalCommand({ skillDir: 'greeter', target: 'scripted:target', trials: 3, cacheDir, json: true }, io, { createModel: () => target });
        assert.equal(code, 0, io.stderrText);
        return JSON.parse(io.stdoutText);
      };
      const first = await run();
      assert.equal(target.calls.length, 3, 'one target call per trial');
      assert.deepEqual(target.calls.map((call) => call.sampleIndex ?? 0), [0, 1, 2]);
      assert.deepEqual(first.flakyTasks, ['ada']);
      const again = await run();
      assert.equal(target.calls.length, 3, 'the rerun sent nothing');
      assert.equal(again.usage.cacheHits, 3);
      assert.deepEqual(again.perTask, first.perTask.map((task: { runs: Array<Record<string, unknown>> }) => ({ ...task, runs: task.runs.map((run) => ({ ...run, cached: true })) })));
    },
    { skill_name: 'greeter', evals: [{ id: 'ada', prompt: 'Greet Ada.', assert: [{ type: 'contains', value: 'Ada' }] }] },
  ));

test('--trials must be a whole number of at least 1', () =>
  withSimSkill(async ({ root, cacheDir }) => {
    const result = await cli(root, cacheDir, 'eval', 'greeter', '--target', 'sim:t', '--trials', '0');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Invalid --trials: must be at least 1/);
  }));
