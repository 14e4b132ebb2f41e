/**
 * The cost a run shows is what the provider billed, as far as the tool can know, even
 * across a crash: every answered call counts once (replays are free and named as
 * such), and calls in flight at the crash count as possibly billed, estimated, shown,
 * and counted by the budget. Before, the total restarted from the last saved state and
 * replayed calls counted $0, so a resumed run showed up to 8 % less than it cost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel, ChatRequest, ChatResponse } from '../../../src/core/models/chat-model';
import { BudgetTracker } from '../../../src/core/models/policies';
import { createSimulatedModel, type SimulatedWorld } from '../../../src/core/models/sim';
import { listRuns } from '../../../src/core/store/run-reader';
import { openRunStore } from '../../../src/core/store/run-store';
import type { JournalRecord } from '../../../src/core/training/call-journal';
import { carrySpendInto, readRunSpend, runCostUsd, summarizeJournal } from '../../../src/core/training/run-spend';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { resumeTraining, startTraining } from '../../../src/core/training/trainer';
import type { TrainingModels } from '../../../src/core/training/training-session';
import { exampleSetup, newWorkspace, runExample } from './sim-run-helpers';

/** USD per token of the pretend provider. */
const usdPerToken = 0.000002;

/** The simulated model behind a provider that bills every token; `hangAfter` calls, later calls never answer (the process is about to die). */
function pricedModels(world: SimulatedWorld, hangAfter = Infinity): TrainingModels & { hung: () => number } {
  const inner = createSimulatedModel('sim:demo', world);
  let calls = 0;
  let hung = 0;
  const model: ChatModel = {
    spec: 'billed:demo',
    provider: 'billed',
    model: 'demo',
    async complete(request: ChatRequest): Promise<ChatResponse> {
      calls += 1;
      if (calls > hangAfter) {
        hung += 1;
        return new Promise<ChatResponse>(() => undefined);
      }
      const response = await inner.complete(request);
      return { ...response, usage: { ...response.usage, costUsd: (response.usage.inputTokens + response.usage.outputTokens) * usdPerToken } };
    },
  };
  return { target: model, optimizer: model, judge: model, hung: () => hung };
}

test('after a crash with calls in flight, the resumed run shows every billed call once, and the in-flight ones as possibly billed', async () => {
  const reference = await runExample({ input: { models: pricedModels((await exampleSetup()).world) } });
  assert.equal(reference.result.status, 'finished');
  const uninterruptedCost = reference.result.costUsd!;
  assert.ok(uninterruptedCost > 0);

  // The crash: a run whose calls stop answering in the middle of a step, abandoned there.
  const setup = await exampleSetup();
  const { workspace } = await newWorkspace();
  const crashing = pricedModels(setup.world, 70);
  void startTraining({ skillPath: setup.skillPath, skillText: setup.skillText, tasks: setup.tasks, models: crashing, store: openRunStore(workspace), config: resolveTrainingConfig({ seed: 42 }), trusted: false, runId: 'crashed' });
  for (let waited = 0; crashing.hung() === 0 || waited < 300; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const inFlight = crashing.hung();

  // A new process: a new simulated world, as fresh as the reference run's.
  const resumed = await resumeTraining({ runId: 'crashed', store: openRunStore(workspace), models: pricedModels((await exampleSetup()).world) });
  assert.equal(resumed.status, 'finished');
  assert.equal(resumed.possiblyBilledCalls, inFlight);
  assert.ok(resumed.possiblyBilledUsd! > 0);
  assert.ok((resumed.replayedCalls ?? 0) > 0, 'the calls the crashed step had finished were replayed');
  // Every call of the run was billed exactly once: what it billed is what an uninterrupted run costs.
  assert.ok(Math.abs(resumed.costUsd! - resumed.possiblyBilledUsd! - uninterruptedCost) < 1e-9, `${resumed.costUsd} - ${resumed.possiblyBilledUsd} vs ${uninterruptedCost}`);

  const [entry] = await listRuns(workspace);
  assert.equal(entry.costUsd, resumed.costUsd);
  assert.equal(entry.possiblyBilledCalls, inFlight);

  // A budget for the run counts the possibly billed calls too.
  const spend = await readRunSpend(workspace, 'crashed');
  assert.equal(spend.possiblyBilled.calls, inFlight);
  const budget = new BudgetTracker({ maxCostUsd: 1 });
  carrySpendInto(budget, spend);
  assert.ok(Math.abs(budget.snapshot().spentUsd - resumed.costUsd!) < 1e-9, `${budget.snapshot().spentUsd} vs ${resumed.costUsd}`);
});

test('the journal sums answered calls once, and counts starts left open as possibly billed, estimated like their kind', () => {
  const usage = (cost: number) => ({ inputTokens: 100, outputTokens: 50, cachedInputTokens: 0, costUsd: cost, latencyMs: 1 });
  const records: JournalRecord[] = [
    { type: 'start', key: 'a', unit: 'step-0001', role: 'target', label: 'rollout' },
    { type: 'done', key: 'a', unit: 'step-0001', role: 'target', label: 'rollout', text: 'x', usage: usage(0.002) },
    { type: 'start', key: 'b', unit: 'step-0001', role: 'target', label: 'rollout' },
    // b was in flight when the process died; the next session asked it again and got an answer.
    { type: 'start', key: 'b', unit: 'step-0001', role: 'target', label: 'rollout' },
    { type: 'done', key: 'b', unit: 'step-0001', role: 'target', label: 'rollout', text: 'y', usage: usage(0.004) },
    // c failed after its retries: nothing was billed.
    { type: 'start', key: 'c', unit: 'step-0001', role: 'optimizer', label: 'reflect' },
    { type: 'failed', key: 'c', unit: 'step-0001', role: 'optimizer', label: 'reflect' },
    // d never answered, and no answered call shares its kind: its size is known, its price not.
    { type: 'start', key: 'd', unit: 'step-0002', role: 'judge', label: 'judge', inputTokens: 300, maxOutputTokens: 200 },
  ];
  const spend = summarizeJournal(records);
  assert.deepEqual({ ...spend, costUsd: Math.round(spend.costUsd * 1e9) / 1e9, possiblyBilled: undefined }, { calls: 2, tokens: 300, costUsd: 0.006, unknownCostCalls: 0, possiblyBilled: undefined });
  assert.deepEqual({ ...spend.possiblyBilled, costUsd: Math.round(spend.possiblyBilled.costUsd * 1e9) / 1e9 }, { calls: 2, tokens: 650, costUsd: 0.003, unknownCostCalls: 1 });
  assert.equal(runCostUsd(spend), null, 'a possibly billed call of unknown price makes the total unknown');
  assert.ok(Math.abs(runCostUsd(summarizeJournal(records.slice(0, 5)))! - 0.009) < 1e-12, 'b counted once, its first start possibly billed like a (0.003)');
});
