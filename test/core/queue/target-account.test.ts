import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountQueueName, targetAccount } from '../../../src/core/queue';

test('two models of one provider at one base URL are one account (one queue, one limit); another base URL is another', () => {
  assert.equal(targetAccount('anthropic:claude-sonnet-4-5'), targetAccount('anthropic:claude-haiku-4-5'));
  assert.equal(targetAccount('anthropic:claude-sonnet-4-5'), 'anthropic https://api.anthropic.com');
  const gateway = { 'openai-compatible': 'http://GPU-box:8000/v1/' };
  assert.equal(targetAccount('openai-compatible:qwen2.5-7b', gateway), targetAccount('openai-compatible:llama3.1:8b', gateway));
  assert.equal(targetAccount('openai-compatible:qwen2.5-7b', gateway), 'openai-compatible http://gpu-box:8000/v1');
  assert.notEqual(targetAccount('openai-compatible:qwen2.5-7b', gateway), targetAccount('openai-compatible:qwen2.5-7b', { 'openai-compatible': 'http://other:8000/v1' }));
  assert.notEqual(targetAccount('openai:gpt-5-mini'), targetAccount('anthropic:claude-sonnet-4-5'));
  assert.equal(accountQueueName(targetAccount('openai:gpt-5-mini')), accountQueueName(targetAccount('openai:gpt-5-nano')));
});

test('an account never carries credentials from a base URL; agent CLIs and the simulation are accounts by provider', () => {
  const account = targetAccount('openai:gpt-5-mini', { openai: 'https://user:s3cret@proxy.example.com/v1?token=abc' });
  assert.equal(account, 'openai https://proxy.example.com/v1');
  assert.doesNotMatch(account, /s3cret|token/);
  assert.equal(targetAccount('claude-code:sonnet'), 'claude-code');
  assert.equal(targetAccount('claude-code'), targetAccount('claude-code:opus'));
  assert.equal(targetAccount('sim:target'), 'sim');
  // A coordinator without OPENAI_COMPATIBLE_BASE_URL knows only the provider.
  assert.equal(targetAccount('openai-compatible:mock-model'), 'openai-compatible');
});
