import * as assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openRunStore } from '../../../src/core/store';
import { findSkillFiles } from '../../../src/vscode/skill-files';
import { chatSkillLocations, skillFolders } from '../../../src/vscode/skill-locations';
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

  it('lists the skills of the person’s own folders and of chat.agentSkillsLocations, outside the workspace', async () => {
    const home = await mkdtemp(join(tmpdir(), 'user-home-'));
    try {
      for (const [folder, name] of [['.copilot/skills', 'copilot-notes'], ['.claude/skills', 'claude-notes'], ['.agents/skills', 'agents-notes'], ['team-skills', 'team-notes']]) {
        await mkdir(join(home, folder, name), { recursive: true });
        await writeFile(join(home, folder, name, 'SKILL.md'), `---\nname: ${name}\ndescription: Notes.\n---\n# Notes\n`);
      }
      await mkdir(join(home, '.claude/skills', 'not-a-skill'), { recursive: true });
      const setting = { '~/team-skills': true, '~/.agents/skills': false };
      const folders = skillFolders({ includePersonal: true, home, setting });
      assert.deepEqual(
        folders.filter((folder) => folder.personal).map((folder) => folder.label),
        ['~/.copilot/skills', '~/.claude/skills', '~/team-skills'],
        'a folder the setting switches off is left out',
      );
      const found = (await findSkillFiles({ folders })).map((uri) => uri.fsPath);
      for (const name of ['copilot-notes', 'claude-notes', 'team-notes']) assert.ok(found.some((path) => path.endsWith(join(name, 'SKILL.md'))), `${name} is missing: ${found.join(', ')}`);
      assert.ok(!found.some((path) => path.includes('not-a-skill') || path.includes('agents-notes')));
      // The workspace's own agent folders are listed whatever the setting says.
      const workspaceOnly = skillFolders({ includePersonal: false, home, setting: ['~/team-skills', 'shared/skills'] });
      assert.ok(workspaceOnly.every((folder) => !folder.personal));
      assert.deepEqual(workspaceOnly.map((folder) => folder.label).filter((label) => !label.startsWith('.')), ['shared/skills']);
      for (const label of ['.github/skills', '.claude/skills', '.agents/skills']) assert.ok(workspaceOnly.some((folder) => folder.label === label));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('reads chat.agentSkillsLocations in both of its shapes', () => {
    assert.deepEqual(chatSkillLocations(['.github/skills', ' ~/x ', 3]), [
      { folder: '.github/skills', enabled: true },
      { folder: '~/x', enabled: true },
    ]);
    assert.deepEqual(chatSkillLocations({ '.github/skills': true, '~/.claude/skills': false }), [
      { folder: '.github/skills', enabled: true },
      { folder: '~/.claude/skills', enabled: false },
    ]);
    assert.deepEqual(chatSkillLocations('nonsense'), []);
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
