import * as assert from 'node:assert/strict';
import {
  expandExplorerFolder,
  explorerRow,
  notification,
  openActivityBarContainer,
  openContextMenu,
  chooseContextMenuItem,
  pressEscape,
  UI_TIMEOUT_MS,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

describe('the Explorer context menu', () => {
  before(async () => {
    const { page } = workbench();
    await openActivityBarContainer(page, 'Explorer');
    await expandExplorerFolder(page, 'skills');
    await expandExplorerFolder(page, 'commit-messages');
  });

  afterEach(async () => {
    await pressEscape(workbench().page);
  });

  it('offers Optimize Skill on a SKILL.md', async () => {
    const { page, screenshot } = workbench();
    const skillFile = explorerRow(page, 'SKILL.md');
    assert.equal(await skillFile.count(), 1, 'only skills/commit-messages/SKILL.md should be visible');
    const labels = await openContextMenu(page, skillFile);
    await screenshot('04-explorer-context-menu-skill');
    assert.ok(labels.includes('Optimize Skill'), `menu entries: ${labels.join(' | ')}`);
  });

  it('runs Optimize Skill from that menu and says which setting is missing', async () => {
    const { page, screenshot } = workbench();
    await openContextMenu(page, explorerRow(page, 'SKILL.md'));
    await chooseContextMenuItem(page, 'Optimize Skill');
    const warning = notification(page, 'Optimize Skill needs training models: set skillTrainer.target');
    await warning.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await warning.innerText(), /commit-messages/);
    await screenshot('05-optimize-skill-needs-target');
  });

  it('does not offer Optimize Skill on other files', async () => {
    const { page } = workbench();
    await expandExplorerFolder(page, 'notes');
    const labels = await openContextMenu(page, explorerRow(page, 'README.md'));
    assert.ok(labels.length > 3, `the context menu did not open properly: ${labels.join(' | ')}`);
    assert.ok(!labels.includes('Optimize Skill'), 'Optimize Skill is offered on README.md');
  });
});
