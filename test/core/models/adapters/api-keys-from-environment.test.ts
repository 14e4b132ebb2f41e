import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeysFromEnvironment, baseUrlsFromEnvironment, openRouterBaseUrl } from '../../../../src/core/models';

describe('apiKeysFromEnvironment', () => {
  it('maps each vendor variable to its provider, ignoring blank values', () => {
    assert.deepEqual(
      apiKeysFromEnvironment({
        ANTHROPIC_API_KEY: 'a-key',
        OPENAI_API_KEY: ' o-key ',
        GOOGLE_API_KEY: 'g-key',
        OLLAMA_API_KEY: '',
        OPENROUTER_API_KEY: 'r-key',
        UNRELATED: 'x',
      }),
      { anthropic: 'a-key', openai: 'o-key', google: 'g-key', 'openai-compatible': 'r-key' },
    );
  });

  it('prefers GEMINI_API_KEY over GOOGLE_API_KEY and OPENAI_COMPATIBLE_API_KEY over OPENROUTER_API_KEY', () => {
    assert.deepEqual(
      apiKeysFromEnvironment({ GEMINI_API_KEY: 'gem', GOOGLE_API_KEY: 'goo', OPENAI_COMPATIBLE_API_KEY: 'gw', OPENROUTER_API_KEY: 'or' }),
      { google: 'gem', 'openai-compatible': 'gw' },
    );
  });
});

describe('baseUrlsFromEnvironment', () => {
  it('reads each base URL variable', () => {
    assert.deepEqual(
      baseUrlsFromEnvironment({
        ANTHROPIC_BASE_URL: 'http://proxy/anthropic',
        OPENAI_BASE_URL: 'http://proxy/openai/v1',
        GOOGLE_GEMINI_BASE_URL: 'http://proxy/google',
        OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:8000/v1',
      }),
      {
        anthropic: 'http://proxy/anthropic',
        openai: 'http://proxy/openai/v1',
        google: 'http://proxy/google',
        'openai-compatible': 'http://localhost:8000/v1',
      },
    );
  });

  it('turns OLLAMA_HOST (host, host:port or URL) into an OpenAI-style base URL', () => {
    assert.equal(baseUrlsFromEnvironment({ OLLAMA_HOST: '10.0.0.5' }).ollama, 'http://10.0.0.5:11434/v1');
    assert.equal(baseUrlsFromEnvironment({ OLLAMA_HOST: 'gpu-box:9000' }).ollama, 'http://gpu-box:9000/v1');
    assert.equal(baseUrlsFromEnvironment({ OLLAMA_HOST: 'https://ollama.example.com' }).ollama, 'https://ollama.example.com/v1');
    assert.equal(baseUrlsFromEnvironment({ OLLAMA_HOST: 'http://127.0.0.1:11434/v1' }).ollama, 'http://127.0.0.1:11434/v1');
  });

  it('sends openai-compatible to OpenRouter when only an OpenRouter key is set', () => {
    assert.equal(baseUrlsFromEnvironment({ OPENROUTER_API_KEY: 'or' })['openai-compatible'], openRouterBaseUrl);
    assert.equal(baseUrlsFromEnvironment({})['openai-compatible'], undefined);
  });
});
