import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentTrajectory, TrajectoryStep } from '../../../src/core/models/agent-trajectory';
import { estimateTextTokens } from '../../../src/core/models/policies/request-size';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { EVIDENCE_TOKEN_BUDGET } from '../../../src/core/training/optimizer-evidence';
import { reflect, reflectMessages } from '../../../src/core/training/reflect-stage';
import type { RolloutResult } from '../../../src/core/training/rollout-stage';
import { comparisonPairs, formatComparison } from '../../../src/core/training/longitudinal-pairs';
import { COMPARISON_TRAJECTORY_BOUNDS, formatTrajectory, TRAJECTORY_EVIDENCE_BOUNDS } from '../../../src/core/training/trajectory-evidence';
import { goldenReflectOptions } from './reflect-prompt-golden-input';
import { result, userMessage } from './stage-helpers';

function agentResult(id: string, trajectory: AgentTrajectory): RolloutResult {
  return { ...result(id, 0), output: 'The final answer.', trajectory };
}

const session: AgentTrajectory = {
  skippedLines: 0,
  steps: [
    { type: 'text', text: 'I will read the input first.' },
    { type: 'tool_call', name: 'Bash', input: '{"command":"cat data/input.csv"}', callId: 't1' },
    { type: 'tool_result', name: 'Bash', output: 'a,b\n1,2', callId: 't1' },
    { type: 'tool_call', name: 'Read', input: '{"file_path":"/missing.txt"}', callId: 't2' },
    { type: 'tool_result', name: 'Read', output: '', error: 'File does not exist.', callId: 't2' },
    { type: 'notice', message: 'warning: Loop detection is off.' },
    { type: 'text', text: 'The final answer.' },
  ],
};

test("the failure analyst sees what the agent did: its messages, each tool call with its input, each result and error, before the answer", async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => JSON.stringify({ reasoning: 'r', edits: [] }) });
  await reflect({ skill: '# S\n', results: [agentResult('t1', session)], budget: 4, minibatchSize: 8, concurrency: 1, failureOnly: true, seed: 's', stepHistory: '', metaSkill: '', optimizer });
  const user = userMessage(optimizer.calls[0]);
  const expected =
    '<trajectory steps="7">\n' +
    '[agent] I will read the input first.\n' +
    '[tool call Bash] {"command":"cat data/input.csv"}\n' +
    '[tool result Bash] a,b\n1,2\n' +
    '[tool call Read] {"file_path":"/missing.txt"}\n' +
    '[tool error Read] File does not exist.\n' +
    '[notice] warning: Loop detection is off.\n' +
    '</trajectory>\n' +
    '<answer>\nThe final answer.\n</answer>';
  assert.ok(user.includes(`</prompt>\n${expected}`), `trajectory between the task and the answer:\n${user}`);
  assert.equal(user.split('The final answer.').length - 1, 1, 'the last message is not repeated when it is the answer');
});

test('a long tool output keeps its beginning and end, with a note of how many characters were cut', () => {
  const output = `HEAD${'z'.repeat(9_000)}TAIL`;
  const block = formatTrajectory({ skippedLines: 0, steps: [{ type: 'tool_call', name: 'Bash', input: 'cat big.log' }, { type: 'tool_result', name: 'Bash', output }] }, 'answer')!;
  const cut = output.length - TRAJECTORY_EVIDENCE_BOUNDS.fieldCharacters;
  assert.match(block, new RegExp(`\\[tool result Bash\\] HEADz{996}\\n\\[… ${cut} characters left out …\\]\\nz{996}TAIL\\n</trajectory>`));
  assert.ok(block.length < 2_200, `about 2,000 characters, got ${block.length}`);
});

test('lines the adapter could not read are mentioned, and a plain chat result has no trajectory block', () => {
  assert.match(formatTrajectory({ skippedLines: 3, steps: [{ type: 'text', text: 'hi' }] }, 'answer')!, /\[3 line\(s\) of the agent's output could not be read and are missing here\]/);
  assert.equal(formatTrajectory(undefined, 'answer'), undefined);
  assert.equal(formatTrajectory({ skippedLines: 0, steps: [] }, 'answer'), undefined);
});

test('eight long agent sessions fit one minibatch prompt: each trajectory within its budget, first and last steps kept, nothing cut by the evidence budget', () => {
  const longSession = (id: string): AgentTrajectory => ({
    skippedLines: 0,
    steps: Array.from({ length: 300 }, (_, index): TrajectoryStep =>
      index % 2 === 0 ? { type: 'tool_call', name: 'Bash', input: `${id} command ${index}` } : { type: 'tool_result', name: 'Bash', output: `${id} output ${index} `.padEnd(5_000, '.') },
    ),
  });
  const batch = Array.from({ length: 8 }, (_, index) => agentResult(`t${index}`, longSession(`t${index}`)));
  const user = reflectMessages({ ...goldenReflectOptions(), results: batch }, 'failure', batch)[1].content;
  const blocks = user.match(/<trajectory steps="300">[\s\S]*?<\/trajectory>/g) ?? [];
  assert.equal(blocks.length, 8);
  for (const [index, block] of blocks.entries()) {
    assert.ok(block.length <= TRAJECTORY_EVIDENCE_BOUNDS.totalCharacters + 1_000, `trajectory ${index}: ${block.length} characters`);
    assert.ok(block.includes(`[tool call Bash] t${index} command 0\n`), 'the first step is kept');
    assert.ok(block.includes(`[tool result Bash] t${index} output 299 `), 'the last step is kept');
    assert.match(block, /\[… \d+ steps \(\d+ characters\) left out here\]/);
  }
  assert.ok(estimateTextTokens(user) < EVIDENCE_TOKEN_BUDGET / 2, `${estimateTextTokens(user)} tokens`);
  assert.doesNotMatch(user, /so the prompt fits its evidence budget/);
});

test("the slow update's comparison shows both epochs' trajectories, tighter bounded, except for stable successes (as SkillOpt)", () => {
  const withTrajectory = (id: string, hard: 0 | 1, word: string): RolloutResult => ({
    ...result(id, hard),
    trajectory: { skippedLines: 0, steps: [{ type: 'tool_call', name: 'Bash', input: `${word} command` }, { type: 'tool_result', name: 'Bash', output: word.repeat(3_000) }] },
  });
  const regressed = comparisonPairs([withTrajectory('a', 1, 'before')], [withTrajectory('a', 0, 'after')]);
  const stable = comparisonPairs([withTrajectory('b', 1, 'then')], [withTrajectory('b', 1, 'now')]);
  const text = formatComparison([...regressed, ...stable]);
  const regressedBlock = text.slice(0, text.indexOf('<pair id="b"'));
  assert.match(regressedBlock, /<previous_epoch verdict="PASS[^"]*">\n<trajectory steps="2">\n\[tool call Bash\] before command\n/);
  assert.match(regressedBlock, /<current_epoch verdict="FAIL[^"]*">\n<trajectory steps="2">\n\[tool call Bash\] after command\n/);
  const cut = 'before'.length * 3_000 - COMPARISON_TRAJECTORY_BOUNDS.fieldCharacters;
  assert.ok(regressedBlock.includes(`[… ${cut} characters left out …]`));
  assert.doesNotMatch(text.slice(text.indexOf('<pair id="b"')), /<trajectory/);
});
