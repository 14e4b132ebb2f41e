/**
 * The guards inside a training run: an optimizer that pastes a validation task's
 * expected output, cuts a sentence off or leaks its reasoning gets those edits rejected
 * before selection; the step record and the event say why, the text never reaches a
 * skill, and the next step's analysts read the rejection in their step buffer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { listCheckpoints, readStepRecords } from '../../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { exampleSetup, runExample } from './sim-run-helpers';
import { userMessage } from './stage-helpers';

/** The simulated optimizer, with three bad edits slipped into every failure analyst's patch (ahead of its own). */
function plantingBadEdits(pasted: string, requests: ChatRequest[]): (model: ChatModel) => ChatModel {
  return (model) => ({
    ...model,
    async complete(request) {
      requests.push(request);
      const response = await model.complete(request);
      const failureAnalyst = request.messages.some((message) => /##\s*Failed tasks/i.test(message.content));
      if (request.label !== 'reflect' || !failureAnalyst) return response;
      const patch = JSON.parse(response.text) as { edits: Array<Record<string, string>> };
      // First: an analyst's patch is cut to the edit budget.
      patch.edits.unshift(
        { op: 'append', content: `- A good message looks like this:\n\n${pasted}`, reasoning: 'An example helps.' },
        { op: 'append', content: '- Always mention the', reasoning: 'Cut off.' },
        { op: 'append', content: '<think>They want short subjects.</think>\n- Keep subjects short.', reasoning: 'Reasoning leaked.' },
      );
      return { ...response, text: JSON.stringify(patch) };
    },
  });
}

test('a pasted expected output, a cut-off sentence and a <think> block are rejected by the guards and shown to the next step', async () => {
  const { tasks } = await exampleSetup();
  const valTask = tasks.val.find((task) => (task.expectedOutput ?? '').length > 80)!;
  const pasted = valTask.expectedOutput!;
  const requests: ChatRequest[] = [];
  const events: TrainingEvent[] = [];
  // 12 train tasks in batches of 6: two steps in the epoch, so step 2 reads step 1's buffer.
  const { result, workspace } = await runExample({ config: { epochs: 1, batchSize: 6 }, wrap: plantingBadEdits(pasted, requests), input: { onEvent: (event) => events.push(event) } });
  assert.equal(result.status, 'finished');

  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  const first = steps[0]!;
  const rejections = first.guardRejections ?? [];
  const leak = rejections.find((rejection) => rejection.guard === 'leakage');
  assert.ok(leak, JSON.stringify(rejections));
  assert.match(leak.reason, new RegExp(`from validation task '${valTask.id}' \\(its expected output\\)`));
  assert.doesNotMatch(leak.hint, new RegExp(valTask.id), "the optimizer is not told a validation task's id");
  assert.deepEqual(
    rejections.filter((rejection) => rejection.guard === 'malformed').map((rejection) => rejection.reason).sort(),
    ['it contains a <think> block (the model\'s reasoning, not guidance)', 'it looks cut off: it stops on "the", mid-sentence'],
  );
  assert.ok(first.selectedEdits.every((edit) => !rejections.some((rejection) => rejection.edit.content === edit.content)), 'no rejected edit was selected');
  const guarded = events.filter((event): event is Extract<TrainingEvent, { type: 'edits_guarded' }> => event.type === 'edits_guarded');
  assert.equal(guarded[0]?.step, 1);

  // The bad text never reached a skill.
  for (const entry of await listCheckpoints(workspace, result.runId)) {
    assert.doesNotMatch(await readFile(entry.path, 'utf8'), /A good message looks like this|<think>|Always mention the\s*$/m, entry.file);
  }

  // Step 2's analysts are told, in their step buffer, what was rejected and why.
  const stepTwoReflect = requests.filter((request) => request.label === 'reflect').map(userMessage).find((message) => message.includes('Edits rejected before validation by the guards'));
  assert.ok(stepTwoReflect, 'a reflect prompt of step 2 carries the guard rejections');
  assert.match(stepTwoReflect, /copies \d+ words in a row from a validation task's expected output .*write the general rule instead/);
  assert.match(stepTwoReflect, /stops on "the", mid-sentence/);
});

test('with the guards off the same edits reach selection', async () => {
  const { tasks } = await exampleSetup();
  const pasted = tasks.val.find((task) => (task.expectedOutput ?? '').length > 80)!.expectedOutput!;
  const { result, workspace } = await runExample({ config: { epochs: 1, batchSize: 6, guards: { leakage: false, malformed: false } }, wrap: plantingBadEdits(pasted, []) });
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.guardRejections === undefined));
  assert.ok(steps.some((step) => step.selectedEdits.some((edit) => edit.content?.includes('A good message looks like this'))), 'the paste was selected');
});

test('when every merged edit is rejected the step is skipped as guarded, without a validation', async () => {
  const { tasks } = await exampleSetup();
  const pasted = tasks.train[0]!.expectedOutput!;
  // Every analyst proposes only the paste.
  const onlyPaste = (model: ChatModel): ChatModel => ({
    ...model,
    async complete(request) {
      const response = await model.complete(request);
      if (request.label !== 'reflect') return response;
      return { ...response, text: JSON.stringify({ reasoning: 'copy', edits: [{ op: 'append', content: `- Answer:\n${pasted}` }] }) };
    },
  });
  const { result, workspace } = await runExample({ config: { epochs: 1 }, wrap: onlyPaste });
  const [step] = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.equal(step!.action, 'skip_guarded');
  assert.equal(step!.validation, undefined);
  assert.equal(step!.guardRejections?.[0]?.guard, 'leakage');
});

test('a skill rewritten from suggestions is screened too: a rewrite that pastes a task\'s expected output is not validated', async () => {
  const { tasks } = await exampleSetup();
  const pasted = tasks.train.find((task) => (task.expectedOutput ?? '').length > 80)!.expectedOutput!;
  const pastingRewrites = (model: ChatModel): ChatModel => ({
    ...model,
    async complete(request) {
      const response = await model.complete(request);
      if (request.label !== 'rewrite') return response;
      const reply = JSON.parse(response.text) as { new_skill: string };
      return { ...response, text: JSON.stringify({ ...reply, new_skill: `${reply.new_skill.trimEnd()}\n\nExample:\n\n${pasted}\n` }) };
    },
  });
  const { result, workspace } = await runExample({ config: { epochs: 1, skillUpdateMode: 'rewrite_from_suggestions' }, wrap: pastingRewrites });
  const [step] = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.equal(step!.action, 'skip_guarded');
  assert.equal(step!.validation, undefined);
  const rejection = step!.guardRejections?.find((entry) => entry.edit.op === 'rewrite');
  assert.ok(rejection, JSON.stringify(step!.guardRejections));
  assert.equal(rejection.guard, 'leakage');
  assert.ok((rejection.edit.content ?? '').length <= 600, 'a rejected rewrite is kept shortened');
});
