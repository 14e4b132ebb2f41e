import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { runTasksDraftCommand } from '../../src/cli/commands/tasks-draft-command';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';

const SKILL = `---
name: meeting-notes
description: Writes meeting notes from a transcript. Use when someone asks for notes of a meeting.
---
# Meeting notes

- Start with a one-line summary of the meeting.
- List every decision under a Decisions heading.
- Give each action item an owner and a due date.
`;

async function withSkill(run: (paths: { root: string; skillDir: string; cacheDir: string }) => Promise<void>, files: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-tasks-'));
  try {
    const skillDir = join(root, 'meeting-notes');
    await mkdir(skillDir, { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), SKILL);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), content);
    }
    await run({ root, skillDir, cacheDir: join(root, 'cache') });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function cli(root: string, cacheDir: string, ...argv: string[]) {
  const io = createCapturedIo({ environment: { SKILL_TRAINER_CACHE_DIR: cacheDir }, cwd: root });
  const code = await runMain(argv, io);
  return { code, stdout: io.stdoutText, stderr: io.stderrText };
}

async function evalsOf(skillDir: string) {
  return JSON.parse(await readFile(join(skillDir, 'evals', 'evals.json'), 'utf8')) as { evals: Array<Record<string, unknown>>; sim?: unknown };
}

test('tasks draft on a skill without tasks writes drafts; train refuses them until accepted, then trains (simulated world)', () =>
  withSkill(async ({ root, skillDir, cacheDir }) => {
    const drafted = await cli(root, cacheDir, 'tasks', 'draft', 'meeting-notes', '--count', '12');
    assert.equal(drafted.code, 0, drafted.stderr);
    assert.match(drafted.stdout, /Drafted 12 tasks into meeting-notes\/evals\/evals\.json, each marked "draft": true/);
    const file = await evalsOf(skillDir);
    assert.equal(file.evals.length, 12);
    assert.ok(file.evals.every((task) => task.draft === true));
    const kinds = file.evals.map((task) => String(task.description).split(':')[0]);
    assert.ok(kinds.includes('Main case') && kinds.includes('Edge case') && kinds.some((kind) => kind.startsWith('Near-miss')), kinds.join());
    const rules = (file.sim as { rules: Array<{ instruction: string }> }).rules;
    assert.deepEqual(
      rules.map((rule) => rule.instruction),
      ['Start with a one-line summary of the meeting.', 'List every decision under a Decisions heading.', 'Give each action item an owner and a due date.'],
      'the simulated drafter leaves hints, one rule per bullet of the skill body (none from the frontmatter), so the tasks can be trained offline',
    );

    const refused = await cli(root, cacheDir, 'train', 'meeting-notes', '--epochs', '1');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /holds 12 drafted tasks nobody reviewed yet/);
    assert.match(refused.stderr, /skill-trainer tasks accept <skill-dir> --all/);
    const evalRefused = await cli(root, cacheDir, 'eval', 'meeting-notes', '--target', 'sim:t', '--judge', 'sim:j');
    assert.equal(evalRefused.code, 1);
    assert.match(evalRefused.stderr, /drafted tasks nobody reviewed/);

    const accepted = await cli(root, cacheDir, 'tasks', 'accept', 'meeting-notes', '--all');
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /Accepted 12 drafts/);
    assert.match(accepted.stdout, /No drafts left/);
    assert.ok((await evalsOf(skillDir)).evals.every((task) => !('draft' in task)));

    const trained = await cli(root, cacheDir, 'train', 'meeting-notes', '--epochs', '1');
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /Run \S+ finished after \d+ steps/);
  }));

test('tasks accept and drop take some drafts by id; a wrong id changes nothing and lists the drafts', () =>
  withSkill(async ({ root, skillDir, cacheDir }) => {
    await cli(root, cacheDir, 'tasks', 'draft', 'meeting-notes', '--count', '4');
    const ids = (await evalsOf(skillDir)).evals.map((task) => String(task.id));
    const before = await readFile(join(skillDir, 'evals', 'evals.json'), 'utf8');

    const wrong = await cli(root, cacheDir, 'tasks', 'accept', 'meeting-notes', ids[0]!, 'no-such-task');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /'no-such-task' names no task; its drafts are/);
    assert.equal(await readFile(join(skillDir, 'evals', 'evals.json'), 'utf8'), before, 'nothing changed');

    const none = await cli(root, cacheDir, 'tasks', 'accept', 'meeting-notes');
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Name the drafts to accept, or pass --all\. meeting-notes has 4/);

    assert.equal((await cli(root, cacheDir, 'tasks', 'accept', 'meeting-notes', ids[0]!)).code, 0);
    const dropped = await cli(root, cacheDir, 'tasks', 'drop', 'meeting-notes', ids[1]!);
    assert.match(dropped.stdout, new RegExp(`Dropped 1 draft: ${ids[1]}\\.\\n2 drafts left to review`));
    const reviewedDrop = await cli(root, cacheDir, 'tasks', 'drop', 'meeting-notes', ids[0]!);
    assert.match(reviewedDrop.stderr, /is a reviewed task, not a draft/);
    const after = (await evalsOf(skillDir)).evals;
    assert.deepEqual(after.map((task) => [task.id, task.draft ?? false]), [[ids[0], false], [ids[2], true], [ids[3], true]]);
  }));

test('drafting appends to an existing evals.json and keeps its tasks, unknown keys and ids', () =>
  withSkill(
    async ({ root, skillDir, cacheDir }) => {
      const result = await cli(root, cacheDir, 'tasks', 'draft', 'meeting-notes', '--count', '2');
      assert.equal(result.code, 0, result.stderr);
      const file = await evalsOf(skillDir);
      assert.equal(file.evals[0]!.id, 'mine');
      assert.equal(file.evals[0]!.owner, 'me', 'unknown keys survive');
      assert.equal(file.evals.length, 3);
      assert.ok(file.evals.slice(1).every((task) => task.draft === true));
    },
    {
      'meeting-notes/evals/evals.json': JSON.stringify({
        skill_name: 'meeting-notes',
        evals: [{ id: 'mine', prompt: 'Notes for the Monday call, please.', owner: 'me', assert: [{ type: 'contains', value: 'Decisions' }] }],
        sim: { rules: [{ id: 'x', phrase: 'one-line summary', instruction: 'Write a one-line summary.' }] },
      }),
    },
  ));

test('a drafting reply that is not valid is sent back once; a second bad reply stops with a clear error and writes nothing', () =>
  withSkill(async ({ root, skillDir }) => {
    const good = JSON.stringify({
      tasks: [
        {
          id: 'Weekly sync',
          kind: 'main',
          description: 'Notes of a weekly sync.',
          prompt: 'Here is the transcript of our weekly sync: ... Write the notes.',
          expected_output: 'Summary: the team agreed to ship on Friday.\nDecisions\n- Ship Friday',
          rubric: { hard: ['Starts with a one-line summary'], soft: [{ criterion: 'Concise', weight: 2 }] },
          assert: [
            { type: 'contains', value: 'Decisions' },
            { type: 'contains', value: 'Action items' },
          ],
        },
      ],
    });
    const model = new ScriptedChatModel(['Sure! Here are some tasks.', good]);
    const io = createCapturedIo({ cwd: root });
    const code = await runTasksDraftCommand({ skillDir: 'meeting-notes', count: 1, model: 'scripted:drafter', cache: false }, io, { createModel: () => model });
    assert.equal(code, 0, io.stderrText);
    assert.equal(model.calls.length, 2);
    assert.match(model.calls[1]!.messages.at(-1)!.content, /could not be used: the reply contains no JSON/);
    assert.match(model.calls[0]!.messages[1]!.content, /<skill name="meeting-notes">[\s\S]*Give each action item an owner/);
    const file = await evalsOf(skillDir);
    assert.equal(file.evals[0]!.id, 'weekly-sync');
    assert.deepEqual(file.evals[0]!.assert, [{ type: 'contains', value: 'Decisions' }], 'the assertion its own expected output fails is dropped');
    assert.match(io.stdoutText, /dropped its contains assertion, which its own expected output fails/);

    await rm(join(skillDir, 'evals'), { recursive: true });
    const garbage = new ScriptedChatModel(['{"tasks": [{"id": "x", "kind": "main"}]}', '{"tasks": "none"}']);
    const direct = createCapturedIo({ cwd: root });
    await assert.rejects(
      runTasksDraftCommand({ skillDir: 'meeting-notes', count: 1, model: 'scripted:drafter', cache: false }, direct, { createModel: () => garbage }),
      (error: Error & { code?: string }) => error.code === 'structured_reply_invalid' && /eval_task_drafts/.test(error.message),
    );
    assert.equal(existsSync(join(skillDir, 'evals', 'evals.json')), false, 'nothing written');
  }));

test('drafting refuses a skill whose tasks live in a promptfoo suite (an evals.json would hide them)', () =>
  withSkill(
    async ({ root, cacheDir }) => {
      const result = await cli(root, cacheDir, 'tasks', 'draft', 'meeting-notes');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /promptfooconfig\.yaml: this skill's tasks come from this promptfoo suite/);
    },
    { 'meeting-notes/promptfooconfig.yaml': 'prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n' },
  ));

test('tasks import reads CSV and JSONL rows into evals.json; bad rows are reported with their lines and nothing is written', () =>
  withSkill(
    async ({ root, skillDir, cacheDir }) => {
      const bad = await cli(root, cacheDir, 'tasks', 'import', 'bad.jsonl', '--skill', 'meeting-notes');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /Nothing was imported from .*bad\.jsonl: 3 problems/);
      assert.match(bad.stderr, /bad\.jsonl:2: not valid JSON/);
      assert.match(bad.stderr, /bad\.jsonl:3: the prompt is missing or empty/);
      assert.match(bad.stderr, /bad\.jsonl:4: split "later" must be train, val or test/);
      assert.equal(existsSync(join(skillDir, 'evals', 'evals.json')), false);

      const csv = await cli(root, cacheDir, 'tasks', 'import', 'rows.csv', '--skill', 'meeting-notes');
      assert.equal(csv.code, 0, csv.stderr);
      assert.match(csv.stdout, /Imported 2 tasks into meeting-notes\/evals\/evals\.json/);
      assert.match(csv.stdout, /Ignored column "owner"/);
      assert.match(csv.stdout, /1 of 2 imported tasks has no expected output/);
      const jsonl = await cli(root, cacheDir, 'tasks', 'import', 'rows.jsonl', '--skill', 'meeting-notes');
      assert.equal(jsonl.code, 0, jsonl.stderr);
      const file = await evalsOf(skillDir);
      assert.deepEqual(
        file.evals.map((task) => [task.id, task.prompt, task.expected_output ?? null, task.split ?? null]),
        [
          ['standup', 'Notes for the standup, please:\n"we shipped", said Ann', 'Summary: shipped.', 'val'],
          ['rows-2', 'Notes for the retro.', null, null],
          ['rows-1', 'Notes for the planning call.', 'Summary: planned Q3.', null],
        ],
      );
      const again = await cli(root, cacheDir, 'tasks', 'import', 'rows.csv', '--skill', 'meeting-notes');
      assert.match(again.stderr, /rows\.csv:2: id "standup" is already a task of this skill/);
    },
    {
      'bad.jsonl': '{"prompt": "ok"}\n{"prompt": \n{"expected": "x"}\n{"prompt": "y", "split": "later"}\n',
      'rows.csv': 'id,prompt,expected_output,split,owner\nstandup,"Notes for the standup, please:\n""we shipped"", said Ann",Summary: shipped.,val,me\n,Notes for the retro.,,,you\n',
      'rows.jsonl': '{"question": "Notes for the planning call.", "answer": "Summary: planned Q3."}\n',
    },
  ));
