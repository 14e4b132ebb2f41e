/**
 * A 40-task eval through the OpenAI-compatible adapter against a gateway that answers
 * 30 % of attempts with 429 (small retry-after), 10 % with 500 and 5 % with a 200 whose
 * body is cut off, HTML or empty: no task is lost, over several seeds. Before, each
 * unparsable 200 cost a task (never retried) and a 500 could outlast 5 attempts. A
 * gateway that is really down still fails, and says it is down.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSkill, isScoredTask, type FailedTask, type TaskEvaluation } from '../../../../src/core/evaluation';
import { createChatModel } from '../../../../src/core/models';
import { createCallPolicies, withCallPolicies } from '../../../../src/core/models/policies';
import type { EvalTask } from '../../../../src/core/tasks/eval-task';
import { createSeededRandom } from '../../../../src/core/tasks/seeded-random';
import { lastUserMessage, mock, startMockLlmServer, type MockBehaviour, type MockLlmServer, type MockRequest } from '../../../support/mock-llm-server';

const skill = { name: 'greeting', text: '---\nname: greeting\ndescription: Greets.\n---\nAlways say "ok".\n' };

const tasks: EvalTask[] = Array.from({ length: 40 }, (_, index) => ({
  id: `task-${index}`,
  prompt: `Greet person ${index}`,
  rubric: { hard: ['The reply greets the person'], soft: [] },
  assert: [{ type: 'contains', value: 'ok' }],
}));

/** The target says ok; the judge passes every criterion it is shown. */
function goodReply(request: MockRequest): MockBehaviour {
  const user = lastUserMessage(request);
  const criteria = /<criteria>([\s\S]*?)<\/criteria>/.exec(user)?.[1];
  if (!criteria) return mock.reply('ok, hello there');
  const verdicts = criteria.trim().split('\n').map((line) => ({ criterion: line.replace(/^\d+\.\s*/, ''), pass: true, score: 1, evidence: 'greets' }));
  return mock.reply(JSON.stringify({ verdicts }));
}

/** The three ways a gateway's 200 can be unusable, taken in turn. */
const unusable200: MockBehaviour[] = [mock.malformedJson(), mock.raw(200, '<html><head><title>502 Bad Gateway</title></head></html>', 'text/html'), mock.raw(200, '', 'application/json')];

function stormResponder(seed: number): (request: MockRequest) => MockBehaviour {
  const random = createSeededRandom(seed);
  let unusable = 0;
  return (request) => {
    const draw = random();
    if (draw < 0.3) return mock.rateLimited({ ms: 5 });
    if (draw < 0.4) return mock.serverError(500);
    if (draw < 0.45) return unusable200[unusable++ % unusable200.length]!;
    return goodReply(request);
  };
}

function gatewayModels(server: MockLlmServer) {
  // Small waits: the test measures tasks lost, not time; 1–40 ms backoff keeps it quick.
  const policies = createCallPolicies({ maxConcurrency: 8, timeoutMs: 10_000, retry: { baseDelayMs: 2, maxDelayMs: 40 } });
  const make = () =>
    withCallPolicies(
      createChatModel('openai-compatible:gateway-model', { trusted: false, apiKeys: { 'openai-compatible': 'gateway-key' }, baseUrls: { 'openai-compatible': server.baseUrls.openai } }),
      policies,
    );
  return { target: make(), judge: make() };
}

const failedOf = (results: TaskEvaluation[]) => results.filter((result): result is FailedTask => !isScoredTask(result));

describe('an eval through a flaky OpenAI-compatible gateway', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer({ recordRequests: false });
  });
  after(async () => {
    await server.close();
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`loses no task at 30 % 429, 10 % 500 and 5 % unusable 200 replies (seed ${seed})`, async () => {
      server.setResponder(stormResponder(seed));
      const { target, judge } = gatewayModels(server);
      const results = await evaluateSkill({ skill, tasks, target, judge, trusted: true, concurrency: 8 });
      assert.equal(results.length, 40);
      assert.deepEqual(failedOf(results).map((result) => `${result.taskId}: ${result.error.message}`), []);
      assert.ok(results.every((result) => isScoredTask(result) && result.score.hard === 1));
    });
  }

  it('fails the tasks when the gateway is down, and says the provider is down', async () => {
    server.setResponder(() => mock.serverError(503));
    const { target, judge } = gatewayModels(server);
    const results = await evaluateSkill({ skill, tasks: tasks.slice(0, 12), target, judge, trusted: true, concurrency: 4 });
    const failed = failedOf(results);
    assert.equal(failed.length, 12);
    const last = failed.at(-1)!;
    assert.match(last.error.message, /gave up after 5 attempts\) openai-compatible looks down: \d+ of its last \d+ attempts failed \(since the start: HTTP 503 ×\d+\)\. Try again later/);
  });
});
