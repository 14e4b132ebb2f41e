import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns, trainedSkillPath } from '../../src/core/store';
import {
  chooseContextMenuItem,
  openActivityBarContainer,
  openContextMenu,
  pressEscape,
  quickOpen,
  runFromCommandPalette,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/**
 * After the runs of 04 and 08 (their finish notifications long gone): the trained skill
 * is found again on the run's row in the Checkpoints view (Apply, Review Changes, Score
 * Trends, Delete Run), on the title bar of the Review Changes diff, and on the skill's
 * row in the Skills view.
 */
describe('a finished run’s results, found again from its rows', () => {
  let skillPath: string;
  useDesktopSettingsInSuite(async () => {
    await runFromCommandPalette(workbench().page, 'View: Revert and Close Editor').catch(() => undefined);
  });

  before(() => {
    skillPath = join(workbench().workspacePath, 'skills', 'commit-messages', 'SKILL.md');
  });

  it('right-click on a run row offers Apply, Review Changes, Score Trends and Delete Run', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    await quickOpen(page, 'skills/commit-messages/SKILL.md', 'commit-messages');
    // 04's run (auto mode) trained a skill unlike the working file; 08's best stayed the baseline.
    const run = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^Run .*, finished · best 1\.00/ }).first();
    await run.waitFor({ timeout: UI_TIMEOUT_MS });
    const labels = await openContextMenu(page, run);
    for (const label of ['Apply Best Skill', 'Review Changes', 'Open Score Trends', 'Delete Run']) {
      assert.ok(labels.includes(label), `the run row's menu lacks ${label}: ${labels.join(', ')}`);
    }
    assert.ok(labels.indexOf('Apply Best Skill') < labels.indexOf('Open Score Trends') && labels.indexOf('Open Score Trends') < labels.indexOf('Delete Run'), labels.join(', '));
    await screenshot('40-run-row-menu');
    await chooseContextMenuItem(page, 'Review Changes');
    await page.locator('.tab').filter({ hasText: /commit-messages: working SKILL\.md ↔ trained \(run .+\)/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('Apply Best Skill on the diff’s title bar puts the trained skill in the editor, unsaved', async () => {
    const { page, screenshot, workspacePath } = workbench();
    const apply = page.locator('.editor-actions').getByRole('button', { name: 'Apply Best Skill' });
    await apply.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('41-trained-diff-apply-button');
    await apply.click();
    const runs = await listRuns(workspacePath, { skillPath });
    const best = runs.find((candidate) => candidate.bestValidationScore === 1 && candidate.status === 'finished');
    assert.ok(best, 'no finished run reached 1.00');
    const trained = readFileSync(trainedSkillPath(workspacePath, best.id), 'utf8');
    const skillTab = page.locator('.tab.dirty').filter({ hasText: 'SKILL.md' });
    await skillTab.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const line = trained.split('\n').find((candidate) => candidate.startsWith('- ') && !readFileSync(skillPath, 'utf8').includes(candidate));
    if (line) await page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: line.slice(0, 40) }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('42-trained-skill-applied');
    await runFromCommandPalette(page, 'View: Revert and Close Editor');
  });

  it('the skill’s row in the Skills view offers Apply Best Skill and Review Changes too', async () => {
    const { page, screenshot } = workbench();
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages skill/ });
    const labels = await openContextMenu(page, row);
    for (const label of ['Apply Best Skill', 'Review Changes']) assert.ok(labels.includes(label), `the Skills row's menu lacks ${label}: ${labels.join(', ')}`);
    assert.ok(!labels.includes('Create Eval Tasks'), 'Create Eval Tasks is offered on a skill that has tasks');
    await screenshot('43-skills-row-menu');
    await pressEscape(page);
  });
});
