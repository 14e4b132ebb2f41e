import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptDraftsText, appendTasksText, dropDraftsText, EvalsFileEditError, uniqueTaskId } from '../../../src/core/tasks/edit/evals-file-edits';

const file = '/skills/notes/evals/evals.json';

test('appending keeps the file\'s other tasks, unknown keys and tab indentation', () => {
  const text = '{\n\t"skill_name": "notes",\n\t"owner": "me",\n\t"evals": [\n\t\t{"id": 1, "prompt": "Mine", "assert": [{"type": "contains", "value": "x"}]}\n\t]\n}\n';
  const next = appendTasksText(text, [{ id: 'new', prompt: 'Drafted', rubric: { hard: ['Says hi'], soft: [] }, draft: true }], { file, skillName: 'notes' });
  const parsed = JSON.parse(next);
  assert.equal(parsed.owner, 'me');
  assert.deepEqual(parsed.evals.map((task: { id: unknown }) => task.id), [1, 'new']);
  assert.match(next, /\n\t\t\{/, 'tabs, as the file has them');
});

test('a file that is not valid JSON is refused with its line and column, and nothing changes', () => {
  const text = '{\n  "evals": [\n    {"id": 1, "prompt": "x",}\n  ]\n}\n';
  assert.throws(
    () => appendTasksText(text, [{ id: 'n', prompt: 'p', assert: [{ type: 'contains', value: 'p' }] }], { file, skillName: 'notes' }),
    (error: unknown) => error instanceof EvalsFileEditError && /evals\.json: line 3 column \d+ is not valid JSON .*fix it first, nothing was changed/.test(error.message),
  );
});

test('appending a task whose id is taken is refused', () => {
  const text = JSON.stringify({ evals: [{ id: 'a', prompt: 'x', assert: [{ type: 'contains', value: 'x' }] }] });
  assert.throws(() => appendTasksText(text, [{ id: 'a', prompt: 'y', assert: [{ type: 'contains', value: 'y' }] }], { file, skillName: 'notes' }), /already has a task with id "a"/);
});

test('accept removes only the draft mark of the named drafts; drop removes only drafts', () => {
  const text = JSON.stringify(
    {
      evals: [
        { id: 'kept', prompt: 'a', assert: [{ type: 'contains', value: 'a' }] },
        { id: 'd1', prompt: 'b', assert: [{ type: 'contains', value: 'b' }], draft: true },
        { id: 'd2', prompt: 'c', assert: [{ type: 'contains', value: 'c' }], draft: true },
      ],
    },
    null,
    2,
  );
  const accepted = acceptDraftsText(text, ['d2'], file);
  assert.deepEqual(accepted.ids, ['d2']);
  assert.deepEqual(JSON.parse(accepted.text).evals.map((task: { id: string; draft?: boolean }) => [task.id, task.draft ?? false]), [['kept', false], ['d1', true], ['d2', false]]);
  assert.throws(() => dropDraftsText(accepted.text, ['kept'], file), /'kept' is a reviewed task, not a draft; its drafts are 'd1'/);
  const dropped = dropDraftsText(accepted.text, 'all', file);
  assert.deepEqual(JSON.parse(dropped.text).evals.map((task: { id: string }) => task.id), ['kept', 'd2']);
});

test('new ids are slugs, made unique with a number', () => {
  const taken = new Set(['refund-window']);
  assert.equal(uniqueTaskId('Refund window', taken), 'refund-window-2');
  assert.equal(uniqueTaskId('Refund window', taken), 'refund-window-3');
  assert.equal(uniqueTaskId('???', taken), 'task');
});
