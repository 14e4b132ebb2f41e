import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnthropicChatModel,
  createChatModel,
  GoogleChatModel,
  MissingApiKeyError,
  ModelSpecError,
  OpenAiChatModel,
  ProviderUnavailableError,
  ScriptedChatModel,
  type ChatModel,
} from '../../../src/core/models';

describe('createChatModel', () => {
  it('creates the adapter each HTTP provider needs, with the spec it was named by', () => {
    const options = { trusted: false, apiKeys: { anthropic: 'a', openai: 'o', google: 'g' } };
    const anthropic = createChatModel('anthropic:claude-haiku-4-5', options);
    assert.ok(anthropic instanceof AnthropicChatModel);
    assert.equal(anthropic.spec, 'anthropic:claude-haiku-4-5');
    assert.equal(anthropic.provider, 'anthropic');
    assert.ok(createChatModel('openai:gpt-5-mini', options) instanceof OpenAiChatModel);
    assert.ok(createChatModel('google:gemini-2.5-flash', options) instanceof GoogleChatModel);
    assert.equal(createChatModel('google:gemini-2.5-flash', options).installsSkills, undefined);
  });

  it('treats a blank key as missing', () => {
    assert.throws(() => createChatModel('openai:gpt-5-mini', { trusted: true, apiKeys: { openai: '  ' } }), MissingApiKeyError);
  });

  it('delegates sim: to the injected simulated world', () => {
    const made: string[] = [];
    const simulated = (model: string): ChatModel => {
      made.push(model);
      return new ScriptedChatModel([], { spec: `sim:${model}` });
    };
    const model = createChatModel('sim:careful-target', { trusted: false, simulated });
    assert.deepEqual(made, ['careful-target']);
    assert.equal(model.spec, 'sim:careful-target');
  });

  it('explains that sim: needs the simulated world when none is injected', () => {
    assert.throws(
      () => createChatModel('sim:default', { trusted: false }),
      (error: unknown) => error instanceof ProviderUnavailableError && /simulated world/.test(error.message),
    );
  });

  it('explains that copilot: exists only inside VS Code, and uses the injected factory there', () => {
    assert.throws(
      () => createChatModel('copilot:gpt-4o', { trusted: true }),
      (error: unknown) => error instanceof ProviderUnavailableError && /only inside VS Code/.test(error.message),
    );
    const made: string[] = [];
    createChatModel('copilot:gpt-4o', {
      trusted: true,
      copilot: (model) => {
        made.push(model);
        return new ScriptedChatModel([], { spec: `copilot:${model}` });
      },
    });
    assert.deepEqual(made, ['gpt-4o']);
  });

  it('rejects unknown providers before anything else', () => {
    assert.throws(() => createChatModel('bard:1', { trusted: true }), ModelSpecError);
  });
});
