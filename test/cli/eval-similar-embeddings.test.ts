import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDiagnoseCommand } from '../../src/cli/commands/diagnose-command';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { evalExitCodes } from '../../src/cli/eval-report';
import { EmbeddingUnsupportedError } from '../../src/core/models/embeddings/create-embedding-model';
import { mock, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';

/** A promptfoo suite whose only checks are `similar`: nothing for a judge to do once an embedding model decides them. */
const suite = [
  'prompts: ["Greet {{name}}."]',
  'tests:',
  '  - vars: {name: Ada}',
  '    assert: [{type: similar, value: "Hello! Greet Ada."}]',
  '  - vars: {name: Bob}',
  '    assert: [{type: similar, value: "The weather is sunny in Paris today", threshold: 0.5}]',
  '  - vars: {name: Cy}',
  '    assert: [{type: not-similar, value: "Hello! Greet Cy."}]',
  '',
].join('\n');

async function withSuite(run: (skillDir: string, server: MockLlmServer) => Promise<void>) {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-similar-'));
  // The target echoes its prompt; the embeddings route answers with hashed bags of words.
  const server = await startMockLlmServer({ respond: (request) => mock.reply(`Hello! ${request.messages.at(-1)!.content}`) });
  try {
    const skillDir = join(root, 'greeter');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: greeter\ndescription: Greets people.\n---\nGreet by name.\n');
    await writeFile(join(skillDir, 'evals', 'promptfooconfig.yaml'), suite);
    await run(skillDir, server);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

test('eval --embedding decides similar checks by cosine similarity through the real OpenAI embeddings API, with no judge', () =>
  withSuite(async (skillDir, server) => {
    const io = createCapturedIo({ environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrls.openai } });
    const code = await runEvalCommand({ skillDir, target: 'openai:gpt-5-mini', embedding: 'openai:text-embedding-3-small', json: true, cache: false }, io);
    const result = JSON.parse(io.stdoutText);
    assert.equal(code, evalExitCodes.ok, io.stderrText);
    assert.deepEqual(result.tasks.map((task: { id: string; hard: number }) => [task.id, task.hard]), [['test-1', 1], ['test-2', 0], ['test-3', 0]]);
    assert.match(result.tasks[1].failedChecks[0].reason, /cosine similarity 0(\.\d+)?, threshold 0\.5 \(embeddings by openai:text-embedding-3-small\)/);
    const embeddingCalls = server.requests.filter((request) => request.path === '/v1/embeddings');
    assert.equal(server.requests.length - embeddingCalls.length, 3, 'three target calls, no judge call');
    // Each distinct text once: Ada's and Cy's outputs are their expected texts word for word, so 4 texts, not 6.
    assert.equal(embeddingCalls.length, 4);
    assert.equal(result.usage.byLabel.similar.calls, 4);
  }));

test('eval --embedding with a vendor that has no embeddings API stops before any call, naming the fix', () =>
  withSuite(async (skillDir, server) => {
    const io = createCapturedIo({ environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrls.openai, ANTHROPIC_API_KEY: 'test-key' } });
    await assert.rejects(runEvalCommand({ skillDir, target: 'openai:gpt-5-mini', embedding: 'anthropic:claude-sonnet-4-5', cache: false }, io), EmbeddingUnsupportedError);
    assert.equal(server.callCount, 0);
  }));

test('diagnose --embedding decides similar checks by embeddings too, with and without the skill', () =>
  withSuite(async (skillDir, server) => {
    const io = createCapturedIo({ environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrls.openai } });
    const code = await runDiagnoseCommand({ skillDir, target: 'openai:gpt-5-mini', embedding: 'openai:text-embedding-3-small', trials: 1, cache: false, json: true }, io);
    assert.equal(code, 0, io.stderrText);
    assert.ok(server.requests.some((request) => request.path === '/v1/embeddings'));
    assert.ok(server.requests.every((request) => !request.jsonMode), 'no judge call');
  }));
