import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCostCell, runCostText } from '../../src/cli/run-cost-text';

test('the cost line names possibly billed calls and free replays', () => {
  assert.equal(runCostText({ costUsd: 0.0062 }), '$0.0062');
  assert.equal(
    runCostText({ costUsd: 0.0062, possiblyBilledCalls: 2, possiblyBilledUsd: 0.0004, replayedCalls: 14 }),
    "$0.0062 (≈$0.0004 of it possibly billed: 2 calls were in flight when an earlier session stopped; 14 calls replayed from the run's journal, free)",
  );
  assert.equal(runCostText({ costUsd: null, possiblyBilledCalls: 1 }), 'unknown (a model has no price; give it one with --prices <file>) (possibly billed: 1 call was in flight when an earlier session stopped)');
});

test('the runs table marks a cost that includes possibly billed calls', () => {
  assert.equal(runCostCell({ costUsd: 0.5 }), '$0.5000');
  assert.equal(runCostCell({ costUsd: 0.5, possiblyBilledCalls: 3, possiblyBilledUsd: 0.01 }), '≈$0.5000');
  assert.equal(runCostCell({ costUsd: null }), 'unknown');
});
