import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAiChatModel } from '../../../src/core/models/adapters/openai-chat-model';
import { createCallPolicies, withCallPolicies } from '../../../src/core/models/policies';
import { simulatedSchemaNames } from '../../../src/core/models/sim';
import { openRunStore } from '../../../src/core/store/run-store';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { startTraining } from '../../../src/core/training/trainer';
import { startMockLlmServer } from '../../support/mock-llm-server';
import { simulatedWorldResponder } from '../../support/simulated-responder';
import { exampleSetup } from './sim-run-helpers';

test('SkillOpt’s optimizer output limit is the default; everything else is the vendor’s unless set', () => {
  const config = resolveTrainingConfig();
  assert.deepEqual(config.roles, { target: {}, optimizer: { maxOutputTokens: 16_384 }, judge: {} });
  const set = resolveTrainingConfig({ roles: { optimizer: { reasoningEffort: 'high' } } });
  assert.deepEqual(set.roles.optimizer, { reasoningEffort: 'high', maxOutputTokens: 16_384 });
  assert.throws(() => resolveTrainingConfig({ roles: { target: { temperature: 3 } } }), /roles\.target\.temperature/);
});

test('each role’s reasoning effort, output limit and temperature reach the wire through the real adapter during training', async () => {
  const { world, skillPath, skillText, tasks } = await exampleSetup();
  const server = await startMockLlmServer({
    respond: simulatedWorldResponder(world),
  });
  const workspace = await mkdtemp(join(tmpdir(), 'skill-train-roles-'));
  try {
    const policies = createCallPolicies({ maxConcurrency: 8, cache: false });
    const model = withCallPolicies(new OpenAiChatModel({ provider: 'openai', model: 'gpt-test', apiKey: 'k', baseUrl: server.baseUrls.openai }), policies);
    const result = await startTraining({
      skillPath,
      skillText,
      tasks,
      models: { target: model, optimizer: model, judge: model },
      store: openRunStore(workspace),
      config: resolveTrainingConfig({ epochs: 1, roles: { target: { temperature: 0.7 }, optimizer: { reasoningEffort: 'medium' }, judge: { maxOutputTokens: 500, temperature: 0.1 } } }),
      trusted: true,
    });
    assert.equal(result.status, 'finished');
    const bodies = server.requests.map((request) => request.body as Record<string, unknown> & { response_format?: { json_schema?: { name?: string } } });
    const schema = (body: (typeof bodies)[number]) => body.response_format?.json_schema?.name;
    const target = bodies.filter((body) => schema(body) === undefined);
    const judge = bodies.filter((body) => schema(body) === simulatedSchemaNames.judge);
    const optimizer = bodies.filter((body) => schema(body) !== undefined && schema(body) !== simulatedSchemaNames.judge);
    assert.ok(target.length > 0 && judge.length > 0 && optimizer.length > 0);
    for (const body of target) {
      assert.equal(body.temperature, 0.7);
      assert.equal(body.reasoning_effort, undefined);
    }
    for (const body of optimizer) {
      assert.equal(body.reasoning_effort, 'medium');
      assert.equal(body.max_completion_tokens, 16_384);
    }
    for (const body of judge) {
      assert.equal(body.max_completion_tokens, 500);
      assert.equal(body.temperature, 0.1);
    }
    // The resolved options are part of the run's saved configuration, so resume sends the same.
    const config = JSON.parse(await readFile(join(result.runDir, 'config.json'), 'utf8'));
    assert.equal(config.training.roles.optimizer.reasoningEffort, 'medium');
  } finally {
    await server.close();
    await rm(workspace, { recursive: true, force: true });
  }
});
