import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_WORDING, SkillTrainerError, messageParts, wordMessage, type MessagePart } from '../../src/core/errors';

const parts: MessagePart[] = ['Raise the cap (', { option: 'maxCostUsd' }, '); ', { listing: 'runs' }, '. ', { resume: 'run-1', when: 'once the cause is fixed' }];

test('an error given parts words its message the command line’s way and keeps the parts', () => {
  const error = new SkillTrainerError('budget_exceeded', parts);
  assert.equal(error.message, "Raise the cap (--max-cost); run 'skill-trainer runs' to list them. Resume it with: skill-trainer resume run-1 once the cause is fixed.");
  assert.deepEqual(error.parts, parts);
  assert.deepEqual(messageParts(error), parts);
  assert.equal(wordMessage(parts, CLI_WORDING), error.message);
});

test('a front end words the same parts its own way; errors without parts are one text part', () => {
  const settings = wordMessage(parts, {
    option: (name) => `the skillTrainer.${name} setting`,
    resume: (_runId, when) => `Resume Training continues it${when ? ` ${when}` : ''}.`,
    listing: () => 'the Checkpoints view lists them',
  });
  assert.equal(settings, 'Raise the cap (the skillTrainer.maxCostUsd setting); the Checkpoints view lists them. Resume Training continues it once the cause is fixed.');
  assert.deepEqual(messageParts(new SkillTrainerError('x', 'plain text')), ['plain text']);
  assert.equal(new SkillTrainerError('x', 'plain text').parts, undefined);
  assert.deepEqual(messageParts(new Error('a bug')), ['a bug']);
  assert.deepEqual(messageParts('thrown string'), ['thrown string']);
});
