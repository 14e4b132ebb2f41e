import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { knownProviders, ModelSpecError, parseModelSpec } from '../../../src/core/models';

describe('parseModelSpec', () => {
  it('splits provider and model at the first colon', () => {
    assert.deepEqual(parseModelSpec('anthropic:claude-sonnet-4-5'), { provider: 'anthropic', model: 'claude-sonnet-4-5' });
    assert.deepEqual(parseModelSpec('ollama:llama3.1:8b'), { provider: 'ollama', model: 'llama3.1:8b' });
    assert.deepEqual(parseModelSpec('openai-compatible:meta-llama/Llama-3.1-8B'), {
      provider: 'openai-compatible',
      model: 'meta-llama/Llama-3.1-8B',
    });
    assert.deepEqual(parseModelSpec('  google:gemini-2.5-flash  '), { provider: 'google', model: 'gemini-2.5-flash' });
  });

  it('lets agent CLIs omit the model', () => {
    assert.deepEqual(parseModelSpec('claude-code'), { provider: 'claude-code', model: '' });
    assert.deepEqual(parseModelSpec('codex:gpt-5-codex'), { provider: 'codex', model: 'gpt-5-codex' });
    assert.deepEqual(parseModelSpec('gemini-cli'), { provider: 'gemini-cli', model: '' });
  });

  it('knows every provider of the design', () => {
    assert.deepEqual([...knownProviders].sort(), [
      'anthropic',
      'claude-code',
      'codex',
      'copilot',
      'gemini-cli',
      'google',
      'ollama',
      'openai',
      'openai-compatible',
      'sim',
    ]);
  });

  it('names the known providers when the provider is unknown', () => {
    assert.throws(
      () => parseModelSpec('mistral:large'),
      (error: unknown) =>
        error instanceof ModelSpecError &&
        error.code === 'model_spec_invalid' &&
        /Unknown model provider 'mistral'/.test(error.message) &&
        knownProviders.every((provider) => error.message.includes(provider)),
    );
  });

  it('asks for a model where one is required', () => {
    assert.throws(() => parseModelSpec('openai'), /names no model: write it as openai:<model>, e\.g\. openai:gpt-5-mini/);
    assert.throws(() => parseModelSpec('sim:'), /names no model/);
  });
});
