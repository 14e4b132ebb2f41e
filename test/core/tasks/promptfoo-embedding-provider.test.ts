import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

/** The embedding model of each `similar` check of the suite's tasks, in order. */
async function embeddingModels(config: string) {
  const { tasks, errors, warnings } = await loadPromptfooSuite(config);
  assert.deepEqual(errors, []);
  return { models: tasks.flatMap((task) => task.assert.filter((spec) => spec.type.endsWith('similar')).map((spec) => spec.embeddingModel)), warnings };
}

test("an assertion's own provider names its embedding model, promptfoo ids mapped to Skill Trainer specs", async () => {
  const { models, warnings } = await embeddingModels(
    [
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: refunds?}',
      '    assert:',
      '      - {type: similar, value: 30 days, provider: "openai:embedding:text-embedding-3-small"}',
      '      - {type: not-similar, value: no refunds, provider: "openai:embeddings"}',
      '      - {type: similar, value: 30 days, provider: {id: "ollama:embeddings:nomic-embed-text"}}',
      '      - {type: similar, value: 30 days, provider: "google:embedding:text-embedding-004"}',
      '      - {type: similar, value: 30 days, provider: "sim:embedding"}',
      '      - {type: similar, value: 30 days}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(models, ['openai:text-embedding-3-small', 'openai:text-embedding-3-large', 'ollama:nomic-embed-text', 'google:text-embedding-004', 'sim:embedding', undefined]);
  assert.deepEqual(warnings, []);
});

test("defaultTest.options.provider {embedding: {id}} applies to every test's similar checks; a test's own options win", async () => {
  const { models } = await embeddingModels(
    [
      'prompts: ["{{q}}"]',
      'defaultTest:',
      '  options:',
      '    provider:',
      '      text: {id: "openai:gpt-4o-mini"}',
      '      embedding: {id: "openai:embedding:text-embedding-3-large"}',
      'tests:',
      '  - vars: {q: a}',
      '    assert: [{type: similar, value: a}]',
      '  - vars: {q: b}',
      '    options: {provider: {embedding: "ollama:embedding:mxbai-embed-large"}}',
      '    assert: [{type: similar, value: b}]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(models, ['openai:text-embedding-3-large', 'ollama:mxbai-embed-large']);
});

test("a chat model in options.provider grades other checks and is passed over; on the assertion it is said to be no embedding model", async () => {
  const { models, warnings } = await embeddingModels(
    [
      'prompts: ["{{q}}"]',
      'defaultTest: {options: {provider: "openai:gpt-4o-mini"}}',
      'tests:',
      '  - vars: {q: a}',
      '    assert:',
      '      - {type: similar, value: a}',
      '      - {type: similar, value: a, provider: "anthropic:messages:claude-sonnet-4-5"}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(models, [undefined, undefined]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /tests\[0\]\.assert\[1\]\.provider: 'similar' "anthropic:messages:claude-sonnet-4-5" is not an embedding model/);
  assert.match(warnings[0], /graded by the run's embedding model \(--embedding, the embedding setting\) or, without one, by the judge/);
});

test('embedding providers Skill Trainer cannot reach are warned about, naming the way out', async () => {
  const { models, warnings } = await embeddingModels(
    [
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: a}',
      '    assert:',
      '      - {type: similar, value: a, provider: "vertex:embedding:text-embedding-004"}',
      '      - {type: similar, value: a, provider: "huggingface:sentence-similarity:sentence-transformers/all-MiniLM-L6-v2"}',
      '      - {type: similar, value: a, provider: "azure:embedding:my-deployment"}',
      '      - {type: similar, value: a, provider: {embedding: {id: "openai:embedding:text-embedding-3-small", config: {apiHost: "x.example"}}}}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(models, [undefined, undefined, undefined, undefined]);
  const text = warnings.join('\n');
  assert.match(text, /Vertex AI.*use google:embedding:text-embedding-004 with GEMINI_API_KEY/);
  assert.match(text, /needs a Hugging Face model/);
  assert.match(text, /azure embeddings cannot be reached from Skill Trainer/);
  assert.match(text, /has a config, which is not read here/);
});
