import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLeakage, LEAKAGE_RUN_WORDS, LeakageIndex, RUBRIC_RUN_WORDS } from '../../../src/core/training/leakage-guard';
import { task } from './stage-helpers';

const configTask = task('config-empty-file', {
  prompt: 'Write a commit message for this change: the config loader crashed on an empty config file because it assumed at least one section.',
  expectedOutput: 'fix(config): Handle empty config files\n\nThe loader assumed every file has at least one section, so an empty file crashed startup.',
  rubric: { hard: ['The subject line uses the imperative mood'], soft: [{ criterion: 'A reviewer could understand from the message alone why the loader now returns defaults for empty files', weight: 1 }] },
});
const jsonTask = task('cli-json-flag', {
  prompt: 'Write a commit message for this change: I added a --json flag to the report command so scripts can read its output.',
  expectedOutput: 'feat(cli): Add --json flag to the report command',
  rubric: { hard: ['The subject line uses the imperative mood'], soft: [] },
});
const typoTask = task('readme-typo', {
  prompt: 'Write a commit message for this change: fixed a typo in the README.',
  expectedOutput: 'docs: Fix typo in README',
  rubric: { hard: ['The subject line uses the imperative mood'], soft: [] },
});
const index = LeakageIndex.fromTasks({ train: [configTask, jsonTask], val: [typoTask] });
const skill = '# Commit messages\n\n- Write the subject line in the imperative mood.\n';

test('an edit pasting a task\'s expected output is flagged, naming the task and what was copied', () => {
  const finding = index.find('- For example:\n\n  The loader assumed every file has at least one section, so an empty file crashed startup.', skill);
  assert.ok(finding);
  assert.equal(finding.taskId, 'config-empty-file');
  assert.equal(finding.split, 'train');
  assert.equal(finding.field, 'expected output');
  assert.equal(finding.words, 16);
  assert.equal(finding.excerpt, 'The loader assumed every file has at least one section, so an empty file crashed startup');
  const words = describeLeakage(finding);
  assert.match(words.reason, /copies 16 words in a row from train task 'config-empty-file' \(its expected output\): "The loader assumed/);
  assert.match(words.hint, /a train task's expected output .*write the general rule instead/);
});

test('a short expected output pasted whole is flagged too; a validation task is not named to the optimizer', () => {
  const finding = index.find('- A good subject: `docs: Fix typo in README`.', skill);
  assert.ok(finding);
  assert.deepEqual([finding.taskId, finding.split, finding.field, finding.words], ['readme-typo', 'val', 'expected output', 5]);
  const words = describeLeakage(finding);
  assert.match(words.reason, /validation task 'readme-typo'/);
  assert.doesNotMatch(words.hint, /readme-typo/);
  assert.match(words.hint, /a validation task's expected output \("docs: Fix typo in README"\)/);
});

test('copying a prompt is flagged once the run reaches the length', () => {
  const long = index.find('- When the config loader crashed on an empty config file, say so.', skill);
  assert.equal(long?.field, 'prompt');
  assert.ok((long?.words ?? 0) >= LEAKAGE_RUN_WORDS);
  assert.equal(index.find('- Mention when the config loader crashed.', skill), undefined, 'five words are a phrase, not a copy');
});

test('ordinary wording shared with tasks is not flagged', () => {
  // A command name, a short phrase, and the prompt template every task shares.
  assert.equal(index.find('- Run `git commit` with the message; name the --json flag when there is one.', skill), undefined);
  assert.equal(index.find('- When asked to write a commit message for this change: reply with the message only.', skill), undefined);
  // The rubric criterion every task shares is a rule of the task set.
  assert.equal(index.find('- Check that the subject line uses the imperative mood before you answer.', skill), undefined);
});

test('text the skill already holds is never counted', () => {
  const holding = `${skill}\nExample body: The loader assumed every file has at least one section, so an empty file crashed startup.\n`;
  assert.equal(index.find('- The loader assumed every file has at least one section, so an empty file crashed startup.', holding), undefined);
});

test('a rubric criterion alone needs a longer run than a prompt or an expected output', () => {
  const criterion = 'A reviewer could understand from the message alone why the loader now returns defaults for empty files';
  // Nine words of the one task's criterion: a rule restated, not a copy.
  assert.equal(index.find('- Make sure a reviewer could understand from the message alone why it changed.', skill), undefined);
  const whole = index.find(`- ${criterion}.`, skill);
  assert.ok(whole);
  assert.equal(whole.field, 'rubric');
  assert.ok(whole.words >= RUBRIC_RUN_WORDS);
});

test('the test split is never part of the index', () => {
  const secret = task('secret', { prompt: 'a b c', expectedOutput: 'Every word of this secret test answer is unique to the test split here.' });
  const withTest = LeakageIndex.fromTasks({ train: [jsonTask], val: [typoTask], ...({ test: [secret] } as object) });
  assert.equal(withTest.find('- Every word of this secret test answer is unique to the test split here.', skill), undefined);
});
