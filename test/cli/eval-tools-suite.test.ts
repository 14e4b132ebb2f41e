/**
 * `skill-trainer eval` on a promptfoo suite whose provider gives the model a tool: the
 * real OpenAI adapter against the mock vendor server gives the tool and checks the call;
 * a target that cannot be given tools is said to, once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';
import { toolsNotGivenNotice } from '../../src/core/evaluation';
import { mock, startMockLlmServer } from '../support/mock-llm-server';
import { weatherToolsSuite } from '../support/weather-tools-suite';


async function withSuite(run: (skillDir: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-tools-'));
  try {
    const skillDir = join(root, 'weather');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: weather\ndescription: Answers weather questions.\n---\nCall the forecast tool.\n');
    await writeFile(join(skillDir, 'evals', 'promptfooconfig.yaml'), weatherToolsSuite({ toolChoice: 'required' }));
    await run(skillDir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('eval gives the OpenAI target the tool and passes the checks of its call', () =>
  withSuite(async (skillDir) => {
    const server = await startMockLlmServer({ respond: () => mock.toolCalls([{ name: 'forecast', args: { city: 'Oslo' } }]) });
    try {
      const io = createCapturedIo({ environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseUrls.openai } });
      const code = await runEvalCommand({ skillDir, target: 'openai:gpt-5-mini', cache: false, json: true }, io);
      assert.equal(code, 0, io.stderrText);
      const report = JSON.parse(io.stdoutText) as { tasks: { hard: number; output: string }[] };
      assert.equal(report.tasks[0]!.hard, 1, io.stdoutText);
      assert.match(report.tasks[0]!.output, /"function":\{"name":"forecast","arguments":"\{\\"city\\":\\"Oslo\\"\}"\}/);
      assert.deepEqual(server.requests[0]!.tools.map((tool) => tool.name), ['forecast']);
      assert.equal(server.requests[0]!.toolChoice, 'required');
      assert.doesNotMatch(io.stderrText, /cannot be given tools/);
    } finally {
      await server.close();
    }
  }));

test('a target that cannot be given tools is said to once, and its text answer fails the checks of calls', () =>
  withSuite(async (skillDir) => {
    const io = createCapturedIo({ environment: {} });
    const createModel = () => new ScriptedChatModel([], { spec: 'codex', fallback: () => 'It is sunny in Oslo.' });
    await runEvalCommand({ skillDir, target: 'codex', cache: false }, io, { createModel });
    assert.match(io.stdoutText, /is-valid-openai-tools-call: expected to be OpenAI tool calls matching the\s+task's tools; it is not a list/);
    assert.equal(io.stderrText.match(/cannot be given tools/g)?.length, 1, io.stderrText);
    assert.match(io.stderrText, /Note: 1 task gives the target tools to call \(forecast\), but codex cannot be given tools: it answers in text/);
  }));

test('the notice is for targets without tools only', () => {
  const tasks = [{ id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [], tools: { definitions: [{ name: 'forecast', parameters: {} }], outputShape: 'openai-tools' as const } }];
  assert.equal(toolsNotGivenNotice('anthropic:claude-sonnet-4-5', tasks), undefined);
  assert.equal(toolsNotGivenNotice('sim:target', tasks), undefined);
  assert.equal(toolsNotGivenNotice('copilot:gpt-4o', tasks), undefined);
  assert.match(toolsNotGivenNotice('gemini-cli', tasks) ?? '', /gemini-cli cannot be given tools/);
  assert.equal(toolsNotGivenNotice('claude-code', [{ ...tasks[0]!, tools: undefined }]), undefined);
});
