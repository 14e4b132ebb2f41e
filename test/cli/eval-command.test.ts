import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand, type EvalArguments, type EvalCommandContext } from '../../src/cli/commands/eval-command';
import { evalExitCodes } from '../../src/cli/eval-report';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';
import { mock, startMockLlmServer, type MockLlmServer, type MockRequest } from '../support/mock-llm-server';

const evals = {
  skill_name: 'greeter',
  evals: [
    { id: 'says-hello', split: 'train', prompt: 'Greet Ada.', assert: [{ type: 'contains', value: 'Ada' }] },
    { id: 'says-bye', split: 'val', prompt: 'Say goodbye to Bob.', assert: [{ type: 'contains', value: 'farewell' }] },
    { id: 'polite', split: 'val', prompt: 'Greet Cy politely.', rubric: { hard: ['The greeting is polite'], soft: [] } },
    { id: 'server-down', split: 'test', prompt: 'Greet Dee (server-down).', assert: [{ type: 'contains', value: 'Dee' }] },
  ],
};

interface Captured {
  stdout: string;
  stderr: string;
  context: EvalCommandContext;
}

function capture(environment: Record<string, string | undefined>, extra: Partial<EvalCommandContext> = {}): Captured {
  const captured = { stdout: '', stderr: '' } as Captured;
  captured.context = {
    stdout: { isTTY: false, write: (text) => void (captured.stdout += text) },
    stderr: { isTTY: false, write: (text) => void (captured.stderr += text) },
    environment,
    ...extra,
  };
  return captured;
}

/** A judge reply passing every criterion listed in the judge prompt. */
function judgeVerdicts(request: MockRequest): string {
  const user = request.messages.at(-1)!.content;
  const criteria = /<criteria>([\s\S]*?)<\/criteria>/.exec(user)![1]!.trim().split('\n');
  return JSON.stringify({
    verdicts: criteria.map((line) => ({ criterion: line.replace(/^\d+\.\s*/, ''), pass: true, score: 1, evidence: 'polite enough' })),
  });
}

/** The mock vendor: judges when asked for JSON, fails for "server-down", else echoes. */
function respond(request: MockRequest) {
  if (request.jsonMode) return mock.reply(judgeVerdicts(request));
  const prompt = request.messages.at(-1)!.content;
  if (prompt.includes('server-down')) return mock.serverError(503);
  return mock.reply(`Hello! ${prompt}`);
}

async function withWorkspace(run: (paths: { skillDir: string; cacheDir: string }, server: MockLlmServer) => Promise<void>) {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-eval-'));
  const server = await startMockLlmServer({ respond });
  try {
    const skillDir = join(root, 'greeter');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: greeter\ndescription: Greets people.\n---\nGreet by name.\n');
    await writeFile(join(skillDir, 'evals', 'evals.json'), JSON.stringify(evals));
    await run({ skillDir, cacheDir: join(root, 'cache') }, server);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

const openAiEnvironment = (server: MockLlmServer) => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrls.openai });

test('eval through the real OpenAI adapter: per-task table, infrastructure failure apart, totals, exit code 3', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const run = capture(openAiEnvironment(server));
    const args: EvalArguments = { skillDir, target: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini', cacheDir, maxAttempts: 2 };
    const code = await runEvalCommand(args, run.context);

    assert.equal(code, evalExitCodes.infrastructureFailure);
    const lines = run.stdout.split('\n');
    assert.match(run.stdout, /Skill greeter · split all · target openai:gpt-5-mini · judge openai:gpt-5-mini/);
    assert.ok(lines.some((line) => /^says-hello\s+1\s+1\.00$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^says-bye\s+0\s+0\.00\s+contains: .*farewell/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^polite\s+1\s+1\.00$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^server-down\s+—\s+—\s+INFRASTRUCTURE FAILURE \(target call\): .*503.*gave up after 2 attempts/.test(line)), run.stdout);
    assert.match(run.stdout, /Scored 3 of 4 tasks: hard 0\.667, soft 0\.667/);
    assert.match(run.stdout, /Infrastructure failures: 1 task could not be scored/);
    assert.match(run.stdout, /Calls: 4 \(0 from cache\) · tokens \d[\d,]* in \/ \d[\d,]* out/);
    assert.match(run.stdout, /Cost: \$0\.0\d{3}/);
    assert.match(run.stdout, /Wall time: \d+\.\d s/);
    assert.match(run.stderr, /\[4\/4\]/, 'plain progress lines when not on a terminal');
    assert.equal(server.callCount, 6, '3 target calls + 1 judge call + 2 attempts at the failing task');
  }));

test('--json prints only machine-readable JSON on stdout; a second run is served from the cache', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const args: EvalArguments = { skillDir, target: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini', cacheDir, json: true, split: 'val' };
    const first = capture(openAiEnvironment(server));
    assert.equal(await runEvalCommand(args, first.context), evalExitCodes.ok);
    const result = JSON.parse(first.stdout);
    assert.equal(first.stderr, '', 'no progress noise in JSON mode off a terminal');
    assert.deepEqual(result.tasks.map((task: { id: string }) => task.id), ['says-bye', 'polite']);
    assert.equal(result.tasks[0].status, 'scored');
    assert.equal(result.tasks[0].hard, 0);
    assert.equal(result.tasks[0].failedChecks[0].name, 'contains');
    assert.match(result.tasks[0].output, /Hello! Say goodbye to Bob\./);
    assert.deepEqual(result.totals, { selected: 2, scored: 2, infrastructureFailures: 0, notRun: 0, hard: 0.5, soft: 0.5 });
    assert.equal(result.usage.calls, 3);
    assert.equal(result.usage.cacheHits, 0);
    assert.ok(result.usage.costUsd > 0);
    assert.deepEqual(Object.keys(result.usage.byLabel).sort(), ['judge', 'rollout']);
    assert.equal(result.exitCode, 0);
    const callsAfterFirst = server.callCount;

    const second = capture(openAiEnvironment(server));
    assert.equal(await runEvalCommand(args, second.context), evalExitCodes.ok);
    const again = JSON.parse(second.stdout);
    assert.equal(server.callCount, callsAfterFirst, 'every call answered from the cache');
    assert.equal(again.usage.cacheHits, 3);
    assert.equal(again.usage.costUsd, 0);
    assert.deepEqual(again.totals, result.totals);

    const uncached = capture(openAiEnvironment(server));
    await runEvalCommand({ ...args, cache: false }, uncached.context);
    assert.equal(server.callCount, callsAfterFirst + 3, '--no-cache sends every call');
    assert.ok((await readdir(cacheDir)).length > 0);
  }));

test('a budget cap refuses calls before they are sent: exit code 4, with how to raise it', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    // A gpt-5-mini call without an output cap is reserved at up to 4 096 output tokens × $2/M ≈ $0.0082.
    const run = capture(openAiEnvironment(server));
    const code = await runEvalCommand({ skillDir, target: 'openai:gpt-5-mini', cacheDir, cache: false, maxCost: 0.01, split: 'train' }, run.context);
    assert.equal(code, evalExitCodes.ok, 'one call fits under the cap');
    const callsBefore = server.callCount;

    const capped = capture(openAiEnvironment(server));
    const everything = { skillDir, target: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini', cacheDir, cache: false };
    const stopped = await runEvalCommand({ ...everything, maxCost: 0.005 }, capped.context);
    assert.equal(stopped, evalExitCodes.stopped);
    assert.equal(server.callCount, callsBefore, 'nothing was sent');
    assert.match(capped.stdout, /Stopped early \(4 tasks not run\): Budget reached: .*\$0\.005 cap.*--max-cost/);
    const json = capture(openAiEnvironment(server));
    await runEvalCommand({ ...everything, maxTokens: 100, json: true }, json.context);
    const result = JSON.parse(json.stdout);
    assert.equal(result.stoppedBy.code, 'budget_exceeded');
    assert.equal(result.exitCode, evalExitCodes.stopped);
  }));

test('a local model without a price reports cost as unknown, never $0', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const run = capture({ OLLAMA_HOST: server.url });
    assert.equal(await runEvalCommand({ skillDir, target: 'ollama:llama3.1', cacheDir, split: 'train' }, run.context), 0);
    assert.match(run.stdout, /Cost: unknown \(1 call to models without a price/);
    const json = capture({ OLLAMA_HOST: server.url });
    await runEvalCommand({ skillDir, target: 'ollama:llama3.1', cacheDir, split: 'train', json: true, cache: false }, json.context);
    assert.equal(JSON.parse(json.stdout).usage.costUsd, null);
  }));

test('setup errors are thrown with their fix before any call: missing key, missing skill, missing judge', () =>
  withWorkspace(async ({ skillDir, cacheDir }) => {
    await assert.rejects(runEvalCommand({ skillDir, target: 'openai:gpt-5-mini', cacheDir }, capture({}).context), /set OPENAI_API_KEY/);
    await assert.rejects(runEvalCommand({ skillDir: join(skillDir, 'nope'), target: 'openai:gpt-5-mini' }, capture({}).context), /No readable SKILL\.md/);
    const scripted = capture({}, { createModel: () => new ScriptedChatModel([], { fallback: () => 'Hello Ada' }) });
    await assert.rejects(
      runEvalCommand({ skillDir, target: 'scripted:model', cacheDir, cache: false, split: 'val' }, scripted.context),
      /Task 'polite' has 1 rubric criterion to grade but no judge model is set.*--judge/,
    );
  }));

test('a model injected through the context runs with the skill as system message; cancelling exits 130', () =>
  withWorkspace(async ({ skillDir }) => {
    const target = new ScriptedChatModel([], { fallback: () => 'Hello Ada, farewell' });
    const run = capture({}, { createModel: () => target });
    assert.equal(await runEvalCommand({ skillDir, target: 'scripted:model', cache: false, split: 'train' }, run.context), 0);
    assert.match(target.calls[0]!.messages[0]!.content, /Greet by name\./);

    const controller = new AbortController();
    const slow = new ScriptedChatModel([], {
      fallback: (request) =>
        new Promise((_resolve, reject) => {
          controller.abort();
          request.signal!.addEventListener('abort', () => reject(new Error('cancelled')));
        }),
    });
    const cancelled = capture({}, { createModel: () => slow, signal: controller.signal });
    assert.equal(await runEvalCommand({ skillDir, target: 'scripted:model', cache: false, split: 'train' }, cancelled.context), evalExitCodes.cancelled);
    assert.match(cancelled.stdout, /Stopped early \(1 task not run\): .*cancelled/);
  }));
