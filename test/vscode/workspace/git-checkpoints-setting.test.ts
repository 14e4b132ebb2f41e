import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trainExampleSkill } from '../support/history-helpers';
import { removeRunStore } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

describe('skillTrainer.git.checkpoints', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    git(root(), 'init', '-q');
    git(root(), 'config', 'user.name', 'Tester');
    git(root(), 'config', 'user.email', 'tester@example.com');
    await writeFile(join(root(), '.git', 'info', 'exclude'), '.skill-trainer/\n');
    git(root(), 'add', '.');
    git(root(), 'commit', '-q', '-m', 'initial');
  });

  after(async () => {
    await rm(join(root(), '.git'), { recursive: true, force: true });
    await removeRunStore();
  });

  it('commits the run\'s checkpoints on a side branch and leaves HEAD, the index and the working tree alone', async () => {
    const head = git(root(), 'rev-parse', 'HEAD');
    const status = git(root(), 'status', '--porcelain');
    const runId = await trainExampleSkill({ 'git.checkpoints': true });
    const branch = `skill-trainer/commit-messages/${runId}`;
    assert.equal(git(root(), 'branch', '--list', branch).trim(), branch);
    const subjects = git(root(), 'log', '--format=%s', branch, `^${head.trim()}`).trim().split('\n');
    assert.ok(subjects.some((subject) => /step \d+ \(epoch \d+\), validation .*accepted/.test(subject)), subjects.join('\n'));
    assert.match(subjects[0]!, /trained skill/);
    assert.equal(git(root(), 'rev-parse', 'HEAD'), head);
    assert.equal(git(root(), 'status', '--porcelain'), status);
  });

  it('makes no commits while the setting is off', async () => {
    const runId = await trainExampleSkill();
    assert.equal(git(root(), 'branch', '--list', `skill-trainer/commit-messages/${runId}`).trim(), '');
  });
});
