import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

async function trainedLibrary(): Promise<{ root: string; libraryRunId: string; summary: { skills: { name: string; status: string; runId: string; baselineScore: number; bestScore: number }[] } }> {
  const root = await mkdtemp(join(tmpdir(), 'apply-'));
  git(root, 'init', '-q');
  git(root, 'config', 'user.name', 'Tester');
  git(root, 'config', 'user.email', 'tester@example.com');
  await cp(resolve('skills'), join(root, 'skills'), { recursive: true });
  await writeFile(join(root, '.gitignore'), '.skill-trainer/\n');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'skills');
  const io = createCapturedIo({ cwd: root, environment: {} });
  assert.equal(await runMain(['train-all', 'skills', '--epochs', '1', '--json'], io), 0, io.stderrText);
  const summary = JSON.parse(io.stdoutText);
  return { root, libraryRunId: summary.libraryRunId, summary };
}

test('apply asks once, lists the score changes, writes every improved skill; --git makes one commit on the current branch', async () => {
  const { root, libraryRunId, summary } = await trainedLibrary();
  const improved = summary.skills.filter((skill) => skill.bestScore > skill.baselineScore).map((skill) => skill.name);
  assert.ok(improved.length >= 1 && improved.length < 3, `the one-epoch run improves some skills: ${improved}`);
  // A skill edited since its run started is never overwritten.
  const edited = join(root, 'skills', improved[0]!, 'SKILL.md');
  const editedText = `${await readFile(edited, 'utf8')}\nA note added by hand.\n`;
  await writeFile(edited, editedText);

  const noTerminal = createCapturedIo({ cwd: root });
  assert.equal(await runMain(['apply', libraryRunId], noTerminal), 1);
  assert.match(noTerminal.stderrText, /there is no terminal to ask on, so confirm with --yes/);

  const questions: string[] = [];
  const declined = createCapturedIo({ cwd: root, confirm: async (question) => (questions.push(question), false) });
  assert.equal(await runMain(['apply', libraryRunId], declined), 0);
  assert.equal(questions.length, 1, 'one confirmation');
  assert.match(declined.stdoutText, /\| skill \| validation \| test \(hard\) \| run \|/);
  assert.match(declined.stdoutText, /Nothing written/);
  assert.equal(git(root, 'status', '--porcelain'), ` M skills/${improved[0]}/SKILL.md\n`);

  const head = git(root, 'rev-parse', 'HEAD');
  const accepted = createCapturedIo({ cwd: root, confirm: async () => true });
  assert.equal(await runMain(['apply', libraryRunId, '--git'], accepted), 0, accepted.stderrText);
  assert.match(accepted.stderrText, new RegExp(`${improved[0]}: left alone, edited since its run started`));
  assert.match(accepted.stderrText, /left alone, not improved/);
  const written = improved.slice(1);
  for (const name of written) {
    const run = summary.skills.find((skill) => skill.name === name)!;
    assert.equal(await readFile(join(root, 'skills', name, 'SKILL.md'), 'utf8'), await readFile(join(root, '.skill-trainer', 'runs', run.runId, 'trained', 'SKILL.md'), 'utf8'));
  }
  assert.equal(await readFile(edited, 'utf8'), editedText);
  if (written.length > 0) {
    assert.equal(git(root, 'rev-parse', 'HEAD~1'), head, 'one commit on the current branch');
    const message = git(root, 'log', '-1', '--format=%B');
    assert.match(message, new RegExp(`^Apply ${written.length} trained skills? from library run ${libraryRunId}`));
    assert.match(message, /\| skill \| validation \| test \(hard\) \| run \|/);
    assert.deepEqual(git(root, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'), written.map((name) => `skills/${name}/SKILL.md`));
    assert.equal(git(root, 'status', '--porcelain'), ` M skills/${improved[0]}/SKILL.md\n`, 'the hand edit stays uncommitted');
  }
});
