import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand, type EvalArguments, type EvalCommandDependencies } from '../../src/cli/commands/eval-command';
import { createCapturedIo, type CapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
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

/** An in-process run: captured output, a chosen environment, injected models. */
interface Captured {
  readonly stdout: string;
  readonly stderr: string;
  io: CapturedIo;
  dependencies: EvalCommandDependencies;
}

function capture(environment: Record<string, string | undefined>, options: { signal?: AbortSignal } & EvalCommandDependencies = {}): Captured {
  const io = createCapturedIo({ environment, signal: options.signal });
  return {
    io,
    dependencies: { createModel: options.createModel },
    get stdout() {
      return io.stdoutText;
    },
    get stderr() {
      return io.stderrText;
    },
  };
}

const evaluate = (args: EvalArguments, captured: Captured) => runEvalCommand(args, captured.io, captured.dependencies);

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
    const code = await evaluate(args, run);

    assert.equal(code, evalExitCodes.infrastructureFailure);
    const lines = run.stdout.split('\n');
    assert.match(run.stdout, /Skill greeter · split all · target openai:gpt-5-mini · judge openai:gpt-5-mini/);
    assert.ok(lines.some((line) => /^says-hello\s+1\s+1\.00$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^says-bye\s+0\s+0\.00\s+contains: .*farewell/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^polite\s+1\s+1\.00$/.test(line)), run.stdout);
    // The failure's long message wraps to the report's width (100 characters in a pipe), under its column.
    assert.ok(lines.some((line) => /^server-down\s+—\s+—\s+INFRASTRUCTURE FAILURE \(target call\): /.test(line)), run.stdout);
    assert.match(run.stdout.replace(/\n {20,}/g, ' '), /INFRASTRUCTURE FAILURE \(target call\): .*503.*gave up after 2 attempts/);
    const table = lines.slice(lines.findIndex((line) => line.startsWith('Task ')), lines.indexOf('', lines.findIndex((line) => line.startsWith('Task '))));
    assert.ok(table.length > 5 && table.every((line) => line.length < 100), run.stdout);
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
    assert.equal(await evaluate(args, first), evalExitCodes.ok);
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
    assert.equal(await evaluate(args, second), evalExitCodes.ok);
    const again = JSON.parse(second.stdout);
    assert.equal(server.callCount, callsAfterFirst, 'every call answered from the cache');
    assert.equal(again.usage.cacheHits, 3);
    assert.equal(again.usage.costUsd, 0);
    assert.deepEqual(again.totals, result.totals);

    const uncached = capture(openAiEnvironment(server));
    await evaluate({ ...args, cache: false }, uncached);
    assert.equal(server.callCount, callsAfterFirst + 3, '--no-cache sends every call');
    assert.ok((await readdir(cacheDir)).length > 0);
  }));

test('a budget cap refuses calls before they are sent: exit code 4, with how to raise it', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    // A gpt-5-mini call without an output cap is reserved at up to 4 096 output tokens × $2/M ≈ $0.0082.
    const run = capture(openAiEnvironment(server));
    const code = await evaluate({ skillDir, target: 'openai:gpt-5-mini', cacheDir, cache: false, maxCost: 0.01, split: 'train' }, run);
    assert.equal(code, evalExitCodes.ok, 'one call fits under the cap');
    const callsBefore = server.callCount;

    const capped = capture(openAiEnvironment(server));
    const everything = { skillDir, target: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini', cacheDir, cache: false };
    const stopped = await evaluate({ ...everything, maxCost: 0.005 }, capped);
    assert.equal(stopped, evalExitCodes.stopped);
    assert.equal(server.callCount, callsBefore, 'nothing was sent');
    assert.match(capped.stdout, /Stopped early \(4 tasks not run\): Budget reached: .*\$0\.005 cap.*--max-cost/);
    const json = capture(openAiEnvironment(server));
    await evaluate({ ...everything, maxTokens: 100, json: true }, json);
    const result = JSON.parse(json.stdout);
    assert.equal(result.stoppedBy.code, 'budget_exceeded');
    assert.equal(result.exitCode, evalExitCodes.stopped);
  }));

test('a local model without a price reports cost as unknown, never $0', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const run = capture({ OLLAMA_HOST: server.url });
    assert.equal(await evaluate({ skillDir, target: 'ollama:llama3.1', cacheDir, split: 'train' }, run), 0);
    assert.match(run.stdout, /Cost: unknown \(1 call to models without a price/);
    const json = capture({ OLLAMA_HOST: server.url });
    await evaluate({ skillDir, target: 'ollama:llama3.1', cacheDir, split: 'train', json: true, cache: false }, json);
    assert.equal(JSON.parse(json.stdout).usage.costUsd, null);
    assert.match(run.stdout, /give them one with --prices <file>/);
  }));

test('--prices gives a local model a price; a bad prices file is refused before any call, naming line and fix', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const pricesFile = join(skillDir, '..', 'prices.json');
    await writeFile(pricesFile, JSON.stringify({ 'ollama:llama3.1': { inputUsdPerMillion: 1000, outputUsdPerMillion: 1000 } }));
    const priced = capture({ OLLAMA_HOST: server.url });
    assert.equal(await evaluate({ skillDir, target: 'ollama:llama3.1', cacheDir, cache: false, split: 'train', json: true, prices: pricesFile }, priced), 0);
    const { usage } = JSON.parse(priced.stdout);
    const tokens = usage.inputTokens + usage.outputTokens;
    assert.ok(tokens > 0);
    assert.ok(Math.abs(usage.costUsd - tokens / 1000) < 1e-9, `cost ${usage.costUsd} for ${tokens} tokens at $1000/M`);

    const callsBefore = server.callCount;
    await writeFile(pricesFile, '{\n  "ollama:llama3.1": {"inputUsdPerMillion": 1, "outputUsd": 2}\n}\n');
    await assert.rejects(
      evaluate({ skillDir, target: 'ollama:llama3.1', cacheDir, split: 'train', prices: pricesFile }, capture({ OLLAMA_HOST: server.url })),
      /prices\.json:2:3: invalid price at \["ollama:llama3\.1"\].*outputUsdPerMillion/,
    );
    await writeFile(pricesFile, '{"gpt-5": {"inputUsdPerMillion": 1,}}');
    await assert.rejects(evaluate({ skillDir, target: 'ollama:llama3.1', prices: pricesFile }, capture({})), /prices\.json:1:\d+: not valid JSON/);
    await assert.rejects(evaluate({ skillDir, target: 'ollama:llama3.1', prices: `${pricesFile}.missing` }, capture({})), /Cannot read the prices file .*: it does not exist\. Give a JSON file such as/);
    assert.equal(server.callCount, callsBefore, 'nothing was sent');
  }));

test('setup errors are thrown with their fix before any call: missing key, missing skill, missing judge', () =>
  withWorkspace(async ({ skillDir, cacheDir }) => {
    await assert.rejects(evaluate({ skillDir, target: 'openai:gpt-5-mini', cacheDir }, capture({})), /set OPENAI_API_KEY/);
    await assert.rejects(evaluate({ skillDir: join(skillDir, 'nope'), target: 'openai:gpt-5-mini' }, capture({})), /No readable SKILL\.md/);
    const scripted = capture({}, { createModel: () => new ScriptedChatModel([], { fallback: () => 'Hello Ada' }) });
    await assert.rejects(
      evaluate({ skillDir, target: 'scripted:model', cacheDir, cache: false, split: 'val' }, scripted),
      /Task 'polite' has 1 rubric criterion to grade but no judge model is set.*--judge/,
    );
  }));

test('a model injected through the context runs with the skill as system message; cancelling exits 130', () =>
  withWorkspace(async ({ skillDir }) => {
    const target = new ScriptedChatModel([], { fallback: () => 'Hello Ada, farewell' });
    const run = capture({}, { createModel: () => target });
    assert.equal(await evaluate({ skillDir, target: 'scripted:model', cache: false, split: 'train' }, run), 0);
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
    assert.equal(await evaluate({ skillDir, target: 'scripted:model', cache: false, split: 'train' }, cancelled), evalExitCodes.cancelled);
    assert.match(cancelled.stdout, /Stopped early \(1 task not run\): .*cancelled/);
  }));

test('skill-trainer eval through runMain: flags parsed, relative paths against the working folder, bad flags named', () =>
  withWorkspace(async ({ skillDir, cacheDir }, server) => {
    const io = createCapturedIo({ environment: openAiEnvironment(server), cwd: join(skillDir, '..') });
    const code = await runMain(['eval', 'greeter', '--target', 'openai:gpt-5-mini', '--split', 'train', '--cache-dir', cacheDir, '--json', '--concurrency', '2'], io);
    assert.equal(code, 0, io.stderrText);
    const result = JSON.parse(io.stdoutText);
    assert.deepEqual(result.tasks.map((task: { id: string }) => task.id), ['says-hello']);
    assert.equal(result.skill.directory, skillDir);

    const help = createCapturedIo();
    assert.equal(await runMain(['eval', '--help'], help), 0);
    assert.match(help.stdoutText, /--max-cost <usd>/);
    assert.match(help.stdoutText, /Exit codes: 0 every task scored/);

    const bad = createCapturedIo({ cwd: join(skillDir, '..') });
    assert.equal(await runMain(['eval', 'greeter', '--target', 'openai:gpt-5-mini', '--split', 'holdout'], bad), 1);
    assert.match(bad.stderrText, /^error: Invalid --split: .*train.*Run 'skill-trainer eval --help'/);
    const missingTarget = createCapturedIo();
    assert.equal(await runMain(['eval', 'greeter'], missingTarget), 1);
    assert.match(missingTarget.stderrText, /--target <spec>/);
  }));
