import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo, type CliIo } from '../../src/cli/cli-io';
import { readRunSpend } from '../../src/core/training/run-spend';
import { runMain } from '../../src/cli/run-main';
import { chooseModels } from '../../src/cli/commands/train-command';
import { listRuns } from '../../src/core/store/run-reader';

async function workspaceWithExample(): Promise<{ workspace: string; skillDir: string }> {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-train-'));
  const skillDir = join(workspace, 'skills', 'commit-messages');
  await cp(resolve('skills/commit-messages'), skillDir, { recursive: true });
  return { workspace, skillDir };
}

test('with no model flags and no keys, train runs in the simulated world, says so, and leaves SKILL.md alone', async () => {
  const { workspace, skillDir } = await workspaceWithExample();
  const before = await readFile(join(skillDir, 'SKILL.md'), 'utf8');
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  const code = await runMain(['train', 'skills/commit-messages', '--epochs', '2'], io);
  assert.equal(code, 0, io.stderrText);
  assert.match(io.stderrText, /No model flags and no API key: training in the simulated world/);
  assert.match(io.stderrText, /baseline +validation hard 0\.333/);
  assert.match(io.stderrText, /step +1 +(accepted — new best|accepted|rejected by the gate): candidate \d\.\d{3}; current 0\.333/);
  assert.doesNotMatch(io.stderrText, /\r/, 'no redraws outside a terminal');
  assert.match(io.stdoutText, /Validation score: 0\.333 \(baseline\) → /);
  assert.match(io.stdoutText, /Trained skill: \.skill-trainer\/runs\/[\w-]+\/trained\/SKILL\.md/);
  assert.match(io.stdoutText, /is unchanged; rerun with --write/);
  assert.equal(await readFile(join(skillDir, 'SKILL.md'), 'utf8'), before);

  const [run] = await listRuns(workspace);
  assert.equal(run.status, 'finished');
  const config = JSON.parse(await readFile(join(workspace, '.skill-trainer', 'runs', run.id, 'config.json'), 'utf8'));
  assert.deepEqual(config.models, { target: 'sim:target', optimizer: 'sim:optimizer', judge: 'sim:judge' });
  assert.equal(config.training.epochs, 2);

  const runs = createCapturedIo({ cwd: workspace });
  assert.equal(await runMain(['runs'], runs), 0);
  assert.match(runs.stdoutText, new RegExp(`${run.id}\\s+skills/commit-messages/SKILL\\.md\\s+finished\\s+2/2\\s+0\\.333`));
});

test('--write replaces SKILL.md with the trained skill', async () => {
  const { workspace, skillDir } = await workspaceWithExample();
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--epochs', '1', '--write'], io), 0, io.stderrText);
  const [run] = await listRuns(workspace);
  const trained = await readFile(join(workspace, '.skill-trainer', 'runs', run.id, 'trained', 'SKILL.md'), 'utf8');
  assert.equal(await readFile(join(skillDir, 'SKILL.md'), 'utf8'), trained);
  assert.match(io.stdoutText, /Wrote the trained skill to skills\/commit-messages\/SKILL\.md/);
});

test('Ctrl-C cancels cleanly, prints how to resume, and resume finishes the run', async () => {
  const { workspace } = await workspaceWithExample();
  const controller = new AbortController();
  const captured = createCapturedIo({ cwd: workspace, environment: {}, signal: controller.signal });
  const io: CliIo = {
    ...captured,
    stderr: { isTTY: false, write: (text) => { captured.stderr.write(text); if (/step +2 /.test(text)) controller.abort(); } },
  };
  const code = await runMain(['train', 'skills/commit-messages'], io);
  assert.equal(code, 130);
  const match = /Resume it with: skill-trainer resume (\S+)/.exec(captured.stderrText);
  assert.ok(match, captured.stderrText);
  const runs = createCapturedIo({ cwd: workspace });
  await runMain(['runs'], runs);
  assert.match(runs.stdoutText, /cancelled/);
  assert.match(runs.stdoutText, new RegExp(`Resume a stopped run with: skill-trainer resume ${match[1]}`));

  const resumed = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', match[1]], resumed), 0, resumed.stderrText);
  assert.match(resumed.stderrText, /Resuming run/);
  assert.match(resumed.stdoutText, /finished after 4 steps/);
});

test('a budget holds for the whole run: resume with a cap already spent stops again without a call, a higher cap finishes', async () => {
  const { workspace } = await workspaceWithExample();
  const first = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--max-tokens', '20000'], first), 4, first.stderrText);
  const runId = /Resume it with: skill-trainer resume (\S+)/.exec(first.stderrText)?.[1];
  assert.ok(runId, first.stderrText);
  const spentBefore = await readRunSpend(workspace, runId);
  assert.ok(spentBefore.tokens > 0 && spentBefore.tokens <= 20000, `spent ${spentBefore.tokens} tokens`);

  // A cap the run has already spent stops the resumed run before any call. (The first
  // stop may come from the calls still running reserving the rest of the cap, so the
  // same cap can leave room: what holds for the whole run is the spend carried over.)
  const same = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId, '--max-tokens', String(spentBefore.tokens)], same), 4, same.stderrText);
  assert.match(same.stderrText, new RegExp(`Run ${runId} has spent \\$0\\.00 and ${spentBefore.tokens.toLocaleString('en-US')} tokens in ${spentBefore.calls} calls so far`));
  assert.deepEqual(await readRunSpend(workspace, runId), spentBefore, 'no call was sent past the cap');

  const raised = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId, '--max-tokens', '10000000'], raised), 0, raised.stderrText);
  assert.match(raised.stdoutText, /finished after 4 steps/);
});

test('train prints the pre-run estimate, and warns when --max-cost is below it', async () => {
  const { workspace } = await workspaceWithExample();
  const free = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--epochs', '1'], free), 0, free.stderrText);
  assert.match(free.stderrText, /Estimate: about \d+ model calls, \d+k tokens, estimated \$0\.00\. Cached replies and early stops make runs cheaper; retries dearer\.\nGate: [^\n]+\nTraining run \S+: 1 epoch × 1 step /);
  // How fine the gate is, for the example's 6 validation tasks: one task flipping is 17 points.
  assert.match(free.stderrText, /\nGate: with 6 validation tasks and 1 trial, only a gain of ≥ 17 points can be seen \(one more task passing\)\. For a finer gate add validation tasks, or raise the trials per task \(--trials\): with 3 trials, ≥ 5\.6 points; or use the mixed gate metric \(--gate-metric\), where partial credit counts\.\n/);
  // The final report says what the test split is.
  assert.match(free.stdoutText, /The test split \(6 tasks\) was never shown to the optimizer and never used by the gate/);

  await writeFile(join(workspace, 'prices.json'), JSON.stringify({ 'ollama:llama3.1': { inputUsdPerMillion: 100, outputUsdPerMillion: 100 } }));
  const capped = createCapturedIo({ cwd: workspace, environment: {} });
  const args = ['train', 'skills/commit-messages', '--epochs', '1', '--target', 'ollama:llama3.1', '--max-cost', '0.01', '--prices', 'prices.json'];
  assert.equal(await runMain(args, capped), 4, capped.stderrText);
  assert.match(capped.stderrText, /Estimate: .*estimated \$\d+\.\d\d\..*\nThe --max-cost cap \(\$0\.01\) is below the estimate: the run will likely stop at it/);

  const unpriced = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--epochs', '1', '--target', 'ollama:llama3.1', '--max-tokens', '1'], unpriced), 4, unpriced.stderrText);
  assert.match(unpriced.stderrText, /cost unknown — no price for ollama:llama3\.1 \(give it one with --prices <file>\)/);
});

test('bad flags and unknown runs are reported with the fix', async () => {
  const { workspace } = await workspaceWithExample();
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--gate-metric', 'median'], io), 1);
  assert.match(io.stderrText, /Invalid --gate-metric/);
  const missing = createCapturedIo({ cwd: workspace });
  assert.equal(await runMain(['resume', 'no-such-run'], missing), 1);
  assert.match(missing.stderrText, /No training run 'no-such-run'.*skill-trainer runs/);
});

test('model choice: flags win, unnamed roles fall back, keys pick a provider, else the simulated world', () => {
  assert.deepEqual(chooseModels({ target: 'openai:gpt-5-mini' }, {}).specs, { target: 'openai:gpt-5-mini', optimizer: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini' });
  assert.deepEqual(chooseModels({ target: 'a:x', optimizer: 'b:y' }, {}).specs, { target: 'a:x', optimizer: 'b:y', judge: 'b:y' });
  const keyed = chooseModels({}, { OPENAI_API_KEY: 'sk-test' });
  assert.equal(keyed.specs.target, 'openai:gpt-5-mini');
  assert.match(keyed.note!, /its API key is set/);
  assert.equal(chooseModels({}, {}).specs.optimizer, 'sim:optimizer');
});
