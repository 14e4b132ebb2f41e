import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRun } from '../../../../src/core/models/policies';

test('the pre-run estimate multiplies calls, typical tokens and prices per role', () => {
  const estimate = estimateRun({
    roles: {
      target: { spec: 'openai:gpt-5-mini', calls: 400, inputTokensPerCall: 2_500, outputTokensPerCall: 500 },
      judge: { spec: 'google:gemini-2.5-flash', calls: 400, inputTokensPerCall: 1_000, outputTokensPerCall: 200 },
      optimizer: { spec: 'anthropic:claude-sonnet-4-5', calls: 30, inputTokensPerCall: 10_000, outputTokensPerCall: 2_000 },
    },
  });
  // target: 1.0M in × $0.25 + 0.2M out × $2 = $0.65
  // judge: 0.4M in × $0.30 + 0.08M out × $2.50 = $0.32
  // optimizer: 0.3M in × $3 + 0.06M out × $15 = $1.80
  assert.equal(estimate.calls, 830);
  assert.equal(estimate.inputTokens, 1_000_000 + 400_000 + 300_000);
  assert.equal(estimate.outputTokens, 200_000 + 80_000 + 60_000);
  assert.ok(Math.abs(estimate.perRole.target!.costUsd! - 0.65) < 1e-9);
  assert.ok(Math.abs(estimate.perRole.judge!.costUsd! - 0.32) < 1e-9);
  assert.ok(Math.abs(estimate.perRole.optimizer!.costUsd! - 1.8) < 1e-9);
  assert.ok(Math.abs(estimate.costUsd! - 2.77) < 1e-9);
  assert.deepEqual(estimate.unpricedSpecs, []);
});

test('one unpriced role makes the total unknown and is named; overrides price it', () => {
  const roles = {
    target: { spec: 'ollama:llama3.1', calls: 100, inputTokensPerCall: 1000, outputTokensPerCall: 100 },
    judge: { spec: 'openai:gpt-5-nano', calls: 100, inputTokensPerCall: 1000, outputTokensPerCall: 100 },
  };
  const unknown = estimateRun({ roles });
  assert.equal(unknown.costUsd, null);
  assert.equal(unknown.perRole.target!.costUsd, null);
  assert.ok(unknown.perRole.judge!.costUsd! > 0);
  assert.deepEqual(unknown.unpricedSpecs, ['ollama:llama3.1']);

  const priced = estimateRun({ roles, prices: { 'ollama:llama3.1': { inputUsdPerMillion: 0, outputUsdPerMillion: 0 } } });
  assert.equal(priced.perRole.target!.costUsd, 0);
  assert.equal(priced.costUsd, priced.perRole.judge!.costUsd);
});

test('sim roles are free and a role with no calls costs nothing even when unpriced', () => {
  const estimate = estimateRun({
    roles: {
      target: { spec: 'sim:default', calls: 50, inputTokensPerCall: 100, outputTokensPerCall: 100 },
      optimizer: { spec: 'ollama:qwen', calls: 0, inputTokensPerCall: 100, outputTokensPerCall: 100 },
    },
  });
  assert.equal(estimate.costUsd, 0);
  assert.deepEqual(estimate.unpricedSpecs, []);
});
