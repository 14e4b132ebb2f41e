import * as assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openRunStore } from '../../../src/core/store';
import { findSkillFiles } from '../../../src/vscode/skill-files';
import { exampleSkillUri, removeRunStore, skillRow } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

describe('the Skills view', () => {
  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
  });

  after(removeRunStore);

  it('lists skills everywhere in the workspace, agent folders such as .claude/skills included', async () => {
    const api = await skillTrainerExtension().activate();
    const skills = await api.listSkills();
    const names = skills.map((skill) => skill.name);
    assert.ok(names.includes('commit-messages'), names.join(', '));
    assert.ok(names.includes('release-notes'), `.claude/skills/release-notes is missing: ${names.join(', ')}`);
  });

  it('shows each skill\'s task count, or that it has no tasks', async () => {
    const example = await skillRow('commit-messages');
    assert.equal(example?.taskCount, 24);
    assert.equal(example?.state, 'idle');
    assert.match(example?.description ?? '', /^24 tasks$/);
    const noTasks = await skillRow('release-notes');
    assert.equal(noTasks?.taskCount, undefined);
    assert.match(noTasks?.description ?? '', /^no tasks$/);
  });

  it('shows the last run\'s validation score and a stopped state from the run store', async () => {
    const store = openRunStore(workspaceFile().fsPath);
    const base = {
      skillPath: exampleSkillUri().fsPath,
      skillName: 'commit-messages',
      gateMetric: 'hard' as const,
      costUsd: 0,
      totalSteps: 4,
      models: { target: 'sim:demo', optimizer: 'sim:demo' },
    };
    await store.createRun({ ...base, status: 'finished', startedAt: '2026-01-01T10:00:00.000Z', stepsDone: 4, baselineScore: 0.25, bestValidationScore: 0.5 }, 'older');
    await store.createRun({ ...base, status: 'cancelled', startedAt: '2026-01-02T10:00:00.000Z', stepsDone: 2, baselineScore: 0.25, bestValidationScore: 0.75, message: 'Run newer was cancelled after step 2.' }, 'newer');
    const row = await skillRow('commit-messages');
    assert.equal(row?.lastRunId, 'newer');
    assert.equal(row?.lastValidationScore, 0.75);
    assert.equal(row?.state, 'stopped');
    assert.equal(row?.description, '24 tasks · val 0.75 ↑ · stopped — resumable');
    const resumable = await vscode.commands.getCommands(true);
    assert.ok(resumable.includes('skillTrainer.resumeTraining'));
  });

  it('lists ~/.claude/skills-style folders outside the workspace when asked', async () => {
    const home = await mkdtemp(join(tmpdir(), 'user-skills-'));
    try {
      await mkdir(join(home, 'personal-notes'));
      await writeFile(join(home, 'personal-notes', 'SKILL.md'), '---\nname: personal-notes\ndescription: Notes.\n---\n# Notes\n');
      await mkdir(join(home, 'not-a-skill'));
      const withUser = await findSkillFiles({ includeUserSkills: true, userFolder: home });
      assert.ok(withUser.some((uri) => uri.fsPath === join(home, 'personal-notes', 'SKILL.md')));
      assert.ok(!withUser.some((uri) => uri.fsPath.includes('not-a-skill')));
      const without = await findSkillFiles({ includeUserSkills: false, userFolder: home });
      assert.ok(!without.some((uri) => uri.fsPath.startsWith(home)));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('lists a new skill once its SKILL.md is created', async () => {
    const created = workspaceFile('skills', 'pr-summary', 'SKILL.md');
    await vscode.workspace.fs.writeFile(created, new TextEncoder().encode('---\nname: pr-summary\ndescription: Summarises pull requests.\n---\n# PR summary\n'));
    try {
      await waitFor('pr-summary in the Skills view', async () => (await skillRow('pr-summary')) !== undefined, 10_000, 200);
    } finally {
      await vscode.workspace.fs.delete(workspaceFile('skills', 'pr-summary'), { recursive: true, useTrash: false });
    }
  });
});
