import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { readStepRecords } from '../../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import { addAppendixNotes, readAppendixNotes } from '../../../src/core/training/appendix-notes';
import { reflect } from '../../../src/core/training/reflect-stage';
import { runExample } from './sim-run-helpers';
import { result } from './stage-helpers';

/** The simulated optimizer, whose analysts also write one lapse note per reply (a different one for successes). */
function withLapseNotes(requests: ChatRequest[]): (model: ChatModel) => ChatModel {
  return (model) => ({
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    complete: async (request) => {
      requests.push(request);
      const response = await model.complete(request);
      if (request.label !== 'reflect' || !/Skill defect or execution lapse|Discovery or refinement/.test(request.messages[0].content)) return response;
      const failure = /## Failed tasks/.test(request.messages.at(-1)!.content);
      const reply = JSON.parse(response.text);
      reply.appendix_notes = [failure ? 'Follow the existing rule on the subject line before writing the body.' : 'Keep applying the existing scope rule.'];
      return { ...response, text: JSON.stringify(reply) };
    },
  });
}

test('with skill-aware reflection the analysts class each failure, and execution lapses become appendix notes, not body edits', async () => {
  const requests: ChatRequest[] = [];
  const { result: run, workspace, skillText } = await runExample({ config: { epochs: 2, skillAwareReflection: { enabled: true } }, wrap: withLapseNotes(requests) });
  assert.equal(run.status, 'finished');
  const reflectSystems = requests.filter((request) => request.label === 'reflect').map((request) => request.messages[0].content);
  assert.ok(reflectSystems.some((system) => /When you are unsure, call it an execution lapse/.test(system)));
  const steps = (await readStepRecords(workspace, run.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.some((step) => (step.appendix?.added ?? 0) > 0));
  const final = await readFile(run.trainedSkillPath!.replace(/SKILL\.md$/, 'final-SKILL.md'), 'utf8');
  const notes = readAppendixNotes(final);
  // Both analysts' notes count by default, each once however many steps repeat it.
  assert.deepEqual(notes, ['Follow the existing rule on the subject line before writing the body.', 'Keep applying the existing scope rule.']);
  assert.match(final, /<!-- APPENDIX_START -->\n## Execution Notes Appendix\n- Follow the existing rule/);
  // No rule of the original body was lost to a lapse.
  for (const line of skillText.split('\n').filter((text) => text.startsWith('- '))) assert.ok(final.includes(line), line);
});

test('appendixSource failure_only keeps only the failure analyst’s notes; off, the prompts are unchanged', async () => {
  const requests: ChatRequest[] = [];
  const { result: run } = await runExample({ config: { epochs: 2, skillAwareReflection: { enabled: true, appendixSource: 'failure_only' } }, wrap: withLapseNotes(requests) });
  const final = await readFile(run.trainedSkillPath!.replace(/SKILL\.md$/, 'final-SKILL.md'), 'utf8');
  assert.deepEqual(readAppendixNotes(final), ['Follow the existing rule on the subject line before writing the body.']);
  const plain: ChatRequest[] = [];
  await runExample({ config: { epochs: 1 }, wrap: withLapseNotes(plain) });
  assert.ok(plain.filter((request) => request.label === 'reflect').every((request) => !/execution lapse/.test(request.messages[0].content)));
});

test('notes are deduplicated, and past the threshold one optimizer call compacts them; a bad reply keeps them', async () => {
  const skill = '# S\n\n- Rule one.\n';
  const first = await addAppendixNotes({ skill, notes: ['Re-read rule one.', 're-read  rule one', 'Check the format.'], consolidateThreshold: 0, optimizer: new ScriptedChatModel([]) });
  assert.equal(first.added, 2);
  assert.deepEqual(readAppendixNotes(first.skill), ['Re-read rule one.', 'Check the format.']);
  assert.ok(first.skill.startsWith(skill.trimEnd()));
  const optimizer = new ScriptedChatModel([JSON.stringify({ appendix_notes: ['Re-read rule one and check the format.'] })]);
  const compacted = await addAppendixNotes({ skill: first.skill, notes: ['Mind the tense.'], consolidateThreshold: 2, optimizer });
  assert.equal(compacted.consolidatedFrom, 3);
  assert.deepEqual(readAppendixNotes(compacted.skill), ['Re-read rule one and check the format.']);
  assert.equal(optimizer.calls[0].jsonSchema?.name, 'appendix_notes');
  const kept = await addAppendixNotes({ skill: first.skill, notes: ['Mind the tense.'], consolidateThreshold: 2, optimizer: new ScriptedChatModel(['nope', 'nope']) });
  assert.deepEqual(readAppendixNotes(kept.skill), ['Re-read rule one.', 'Check the format.', 'Mind the tense.']);
});

test('an analyst’s notes are read only when skill-aware reflection is on', async () => {
  const reply = JSON.stringify({ reasoning: 'r', edits: [], appendix_notes: ['Follow rule one.', { note: 'Follow rule two.' }] });
  const on = await reflect({ skill: 's', results: [result('a', 0)], budget: 4, minibatchSize: 8, concurrency: 1, failureOnly: true, seed: 's', stepHistory: '', metaSkill: '', skillAware: true, optimizer: new ScriptedChatModel([reply]) });
  assert.deepEqual(on[0].appendixNotes, ['Follow rule one.', 'Follow rule two.']);
  const off = await reflect({ skill: 's', results: [result('a', 0)], budget: 4, minibatchSize: 8, concurrency: 1, failureOnly: true, seed: 's', stepHistory: '', metaSkill: '', optimizer: new ScriptedChatModel([reply]) });
  assert.equal(off[0].appendixNotes, undefined);
});
