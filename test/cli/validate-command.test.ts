import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';

const fixtures = 'test/fixtures/cli';

async function validate(path: string, cwd = process.cwd()) {
  const io = createCapturedIo({ cwd });
  const code = await runMain(['validate', path], io);
  return { code, lines: io.stdoutText.trimEnd().split('\n'), stderr: io.stderrText };
}

test('a valid skill prints its task count and splits, and exits 0', async () => {
  const { code, lines, stderr } = await validate(`${fixtures}/greeter`);
  assert.equal(code, 0, stderr);
  assert.deepEqual(lines, [
    'test/fixtures/cli/greeter/evals/evals.json: 4 tasks (train 2, val 1, test 1 with the default seed)',
    'test/fixtures/cli/greeter: valid (0 errors, 0 warnings)',
  ]);
});

test('spec and eval-file problems print as file:line: severity: message and exit 1', async () => {
  const { code, lines } = await validate(`${fixtures}/broken-skill`);
  assert.equal(code, 1);
  assert.deepEqual(lines.slice(-3), [
    "test/fixtures/cli/broken-skill/evals/evals.json:3: error: at evals[0].assert[0].type: unknown assertion type 'regexp'; did you mean 'regex'?",
    'test/fixtures/cli/broken-skill/evals/evals.json:4: error: at evals[1].rubric.soft[0].weight: must be greater than 0, e.g. 2 (relative weight; default 1); remove the criterion to drop it',
    'test/fixtures/cli/broken-skill: 5 errors, 0 warnings',
  ]);
  const skillLines = lines.filter((line) => line.startsWith('test/fixtures/cli/broken-skill/SKILL.md:'));
  assert.equal(skillLines.length, 3);
  for (const line of skillLines) assert.match(line, /^test\/fixtures\/cli\/broken-skill\/SKILL\.md:\d+: error: /);
  assert.ok(skillLines.some((line) => line.includes('broken-skill')), 'the name/folder mismatch is reported');
});

test('a skill without eval tasks is valid, with a warning saying where tasks go', async () => {
  const { code, lines } = await validate(`${fixtures}/no-evals`);
  assert.equal(code, 0);
  assert.match(lines[0], /^test\/fixtures\/cli\/no-evals\/evals\/evals\.json:1: warning: no eval tasks found: create evals\/evals\.json/);
});

test('the SKILL.md path works as well as the folder; paths outside the working folder stay absolute', async () => {
  const viaFile = await validate(`${fixtures}/greeter/SKILL.md`);
  assert.equal(viaFile.code, 0);
  const outside = await validate(resolve(fixtures, 'greeter'), resolve(fixtures, 'no-evals'));
  assert.equal(outside.code, 0);
  assert.equal(outside.lines.at(-1), `${resolve(fixtures, 'greeter')}: valid (0 errors, 0 warnings)`);
});

test('a folder that does not exist, or has no SKILL.md, is an error', async () => {
  const missing = await validate(`${fixtures}/nope`);
  assert.equal(missing.code, 1);
  assert.match(missing.lines[0], /^test\/fixtures\/cli\/nope:1: error: is not a folder/);
  const noSkill = await validate('test/fixtures/tasks/refund-helper');
  assert.equal(noSkill.code, 1);
  assert.match(noSkill.lines[0], /SKILL\.md:1: error: not found/);
});

test('tasks that share a prompt across splits are warned about before test results get refused', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'skill-trainer-validate-'));
  try {
    const skillDir = join(root, 'dupes');
    mkdirSync(join(skillDir, 'evals'), { recursive: true });
    writeFileSync(join(skillDir, 'SKILL.md'), '---\nname: dupes\ndescription: Test skill.\n---\nBody\n');
    const task = (id: string, split: string) => ({ id, split, prompt: 'Same prompt', assert: [{ type: 'contains', value: 'x' }] });
    writeFileSync(join(skillDir, 'evals/evals.json'), JSON.stringify({ evals: [task('a', 'train'), task('b', 'test'), task('c', 'val')] }));
    const { code, lines } = await validate(skillDir);
    assert.equal(code, 0);
    assert.ok(lines.some((line) => /warning: tasks 'a', 'c', 'b' share one prompt but sit in train and val and test/.test(line)), lines.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder of skills has each skill below it validated; a lowercase skill.md is told to be renamed', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'skill-trainer-validate-'));
  try {
    const repo = join(root, 'repo');
    for (const folder of ['skills/beta', 'skills/alpha', '.claude/skills/gamma', 'plugins/p/skills/delta', 'node_modules/pkg/skills/hidden']) {
      mkdirSync(join(repo, folder, 'references'), { recursive: true });
      const name = folder.split('/').pop();
      // alpha's name does not match its folder; the others are valid.
      writeFileSync(join(repo, folder, 'SKILL.md'), `---\nname: ${name === 'alpha' ? 'x' : name}\ndescription: Does ${name} things. Use when ${name} is asked for.\n---\nBody.\n`);
      // A skill's own subfolders are not searched for more skills.
      writeFileSync(join(repo, folder, 'references', 'SKILL.md'), '---\nname: r\ndescription: r\n---\n');
    }
    const { code, lines } = await validate(repo, root);
    assert.equal(code, 1, lines.join('\n'));
    const summaries = lines.filter((line) => /^repo\/\S+: (valid|\d+ error)/.test(line)).map((line) => line.replace(/ \(.*$/, ''));
    assert.deepEqual(summaries.map((line) => line.split(':')[0]), ['repo/skills/alpha', 'repo/skills/beta', 'repo/.claude/skills/gamma', 'repo/plugins/p/skills/delta']);
    assert.ok(lines.some((line) => line.startsWith("repo/skills/alpha/SKILL.md:2: error: `name` is 'x' but the skill's folder is 'alpha'")), lines.join('\n'));
    assert.ok(!lines.some((line) => line.includes('node_modules') || line.includes('references')), 'node_modules and a skill\'s own subfolders are not searched');
    assert.equal(lines.at(-1), '4 skills under repo: 1 with errors');

    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'docs'), { recursive: true });
    const none = await validate(empty, root);
    assert.equal(none.code, 1);
    assert.match(none.lines[0]!, /^empty\/SKILL\.md:1: error: not found: .*\(and no skill folders below it\)$/);

    const miscased = join(root, 'miscased');
    mkdirSync(miscased);
    writeFileSync(join(miscased, 'Skill.md'), '---\nname: miscased\ndescription: y\n---\n');
    const renamed = await validate(miscased, root);
    assert.equal(renamed.code, 1);
    assert.match(renamed.lines[0]!, /^miscased\/SKILL\.md:1: error: not found: .*this folder has 'Skill\.md': rename it to SKILL\.md/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
