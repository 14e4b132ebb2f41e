import * as assert from 'node:assert/strict';
import {
  expandExplorerFolder,
  explorerRow,
  notification,
  openActivityBarContainer,
  openContextMenu,
  chooseContextMenuItem,
  pressEscape,
  quickInput,
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
    // Until the extension's first workspace scan ends (on a busy machine a moment after
    // the Explorer shows the file), which skills have tasks is unknown, and the menu then
    // leaves Create Eval Tasks out: it is never offered on a skill that has tasks.
    const labels = await openContextMenu(page, skillFile);
    await screenshot('04-explorer-context-menu-skill');
    for (const label of ['Optimize Skill', 'Evaluate Skill', 'Open Score Trends']) {
      assert.ok(labels.includes(label), `${label} missing; menu entries: ${labels.join(' | ')}`);
    }
    // commit-messages has its eval tasks: Create Eval Tasks is not offered on it.
    assert.ok(!labels.includes('Create Eval Tasks'), `Create Eval Tasks is offered on a skill that has tasks: ${labels.join(' | ')}`);
  });

  it('runs Optimize Skill from that menu and, with no model set, asks which models to use', async () => {
    const { page, screenshot } = workbench();
    await openContextMenu(page, explorerRow(page, 'SKILL.md'));
    await chooseContextMenuItem(page, 'Optimize Skill');
    const picker = quickInput(page);
    await picker.getByRole('option', { name: /Simulation — no real model/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await picker.innerText(), /Optimize Skill commit-messages: choose the models/);
    await screenshot('05-optimize-skill-choose-models');
    // Escape answers "not now": nothing starts.
    await pressEscape(page);
    await picker.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    assert.equal(await notification(page, 'Training commit-messages').count(), 0);
  });

  it('does not offer Optimize Skill on other files', async () => {
    const { page } = workbench();
    await expandExplorerFolder(page, 'notes');
    const labels = await openContextMenu(page, explorerRow(page, 'README.md'));
    assert.ok(labels.length > 3, `the context menu did not open properly: ${labels.join(' | ')}`);
    assert.ok(!labels.includes('Optimize Skill'), 'Optimize Skill is offered on README.md');
  });
});
