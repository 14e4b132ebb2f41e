import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_WORDING, wordMessage, type MessageWording } from '../../../src/core/errors';
import { createCallPolicies, withCallPolicies, type CallPolicies } from '../../../src/core/models/policies';
import { createSimulatedModel, type SimulatedWorld } from '../../../src/core/models/sim';
import { listRuns } from '../../../src/core/store/run-reader';
import { carrySpendInto, readRunSpend } from '../../../src/core/training/run-spend';
import type { TrainingModels } from '../../../src/core/training/training-session';
import { resumeExample, runExample } from './sim-run-helpers';

/** The simulated models behind one set of call policies (as the CLI and VS Code build them). */
function policed(world: SimulatedWorld, policies: CallPolicies): TrainingModels {
  const model = () => withCallPolicies(createSimulatedModel('sim:demo', world), policies);
  return { target: model(), optimizer: model(), judge: model() };
}

/** A wording that is neither the CLI's nor VS Code's, to see every part is marked. */
const BRACKETS: MessageWording = {
  option: (name) => `<${name}>`,
  resume: (runId, when) => `<resume ${runId}${when ? ` ${when}` : ''}>`,
  listing: (name) => `<list ${name}>`,
};

test('a token cap holds for the whole run once the spend before the stop is carried into the resumed budget', async () => {
  // How many tokens the whole run takes, from its journal.
  const full = await runExample();
  const total = (await readRunSpend(full.workspace, full.result.runId)).tokens;
  assert.ok(total > 10_000, `the simulated run should use tokens: ${total}`);
  const cap = Math.round(total / 2);

  const first = await runExample({ input: { models: policed(full.world, createCallPolicies({ budget: { maxTokens: cap } })) } });
  assert.equal(first.result.status, 'budget_stopped');
  const before = await readRunSpend(first.workspace, first.result.runId);
  assert.ok(before.tokens > 0 && before.tokens <= cap, `spent ${before.tokens} of ${cap} before the stop`);
  assert.equal(before.costUsd, 0);
  assert.equal(before.unknownCostCalls, 0);

  // Same cap, the spend carried: nothing more fits, and the run stops again at once.
  const carried = createCallPolicies({ budget: { maxTokens: cap } });
  carrySpendInto(carried.budget, before);
  // Calls cancelled in flight at the stop may have been billed: the budget counts them too.
  assert.equal(carried.budget.snapshot().tokensUsed, before.tokens + before.possiblyBilled.tokens);
  const again = await resumeExample(first.store, first.world, first.result.runId, { models: policed(first.world, carried) });
  assert.equal(again.status, 'budget_stopped');
  const after = await readRunSpend(first.workspace, first.result.runId);
  assert.ok(after.tokens <= cap, `the run spent ${after.tokens} tokens under a ${cap}-token cap`);

  // A fresh budget without the carried spend would let the cap start over.
  const fresh = await resumeExample(first.store, first.world, first.result.runId, { models: policed(first.world, createCallPolicies({ budget: { maxTokens: cap } })) });
  const overspent = await readRunSpend(first.workspace, first.result.runId);
  assert.ok(overspent.tokens > cap, `without carrying, the resumed run should pass the cap: ${overspent.tokens} of ${cap} (${fresh.status})`);
});

test('a budget stop says what to raise and how to resume as parts each front end words its own way', async () => {
  const full = await runExample();
  const cap = Math.round((await readRunSpend(full.workspace, full.result.runId)).tokens / 3);
  const { result, workspace } = await runExample({ input: { models: policed(full.world, createCallPolicies({ budget: { maxTokens: cap } })) } });
  assert.equal(result.status, 'budget_stopped');
  const parts = result.messageParts!;
  assert.ok(parts.some((part) => typeof part !== 'string' && 'option' in part && part.option === 'maxTokens'), JSON.stringify(parts));
  assert.ok(parts.some((part) => typeof part !== 'string' && 'resume' in part && part.resume === result.runId), JSON.stringify(parts));
  // The command line's wording is the message.
  assert.equal(result.message, wordMessage(parts, CLI_WORDING));
  assert.match(result.message!, /raise the token cap \(--max-tokens\) and resume the run\. Resume it with: skill-trainer resume \S+$/);
  // Another wording replaces every flag and command.
  const worded = wordMessage(parts, BRACKETS);
  assert.doesNotMatch(worded, /--|skill-trainer/);
  assert.match(worded, new RegExp(`raise the token cap \\(<maxTokens>\\) and resume the run\\. <resume ${result.runId}>$`));
  // The run index keeps the parts, for the UI's run rows and its Resume picker.
  const [entry] = await listRuns(workspace);
  assert.equal(entry?.message, result.message);
  assert.deepEqual(entry?.messageParts, parts);
});
