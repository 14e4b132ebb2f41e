import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chooseContextMenuItem, chooseQuickPickItem, openActivityBarContainer, openContextMenu, quickInput, runFromCommandPalette, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/**
 * Create Skill asks where the skill goes (the folders agents load skills from, folders
 * that already hold skills, the workspace folder) and for its description; the new
 * skill appears in the Skills view, and a problem that names its fix has a quick fix.
 */
describe('Create Skill, where agents load skills', () => {
  let created: string;
  useDesktopSettingsInSuite(async () => {
    await runFromCommandPalette(workbench().page, 'View: Revert and Close Editor').catch(() => undefined);
    await runFromCommandPalette(workbench().page, 'View: Close All Editors').catch(() => undefined);
    rmSync(join(workbench().workspacePath, '.github'), { recursive: true, force: true });
  });

  before(() => {
    created = join(workbench().workspacePath, '.github', 'skills', 'pr-summary');
  });

  it('asks for the name, then where: the agents’ folders and the folders that hold skills', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    const skills = viewPane(page, 'Skills');
    await skills.locator('.pane-header').hover();
    await skills.locator('.pane-header').getByRole('button', { name: 'Create Skill' }).click({ timeout: UI_TIMEOUT_MS });
    await page.locator('.quick-input-widget input').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.type('pr-summary');
    await page.keyboard.press('Enter');
    const picker = quickInput(page);
    await picker.getByRole('option').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const options = (await picker.getByRole('option').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    // The folder that already holds skills comes first (no skills/skills/… nesting).
    assert.match(options[0]!, /^skills\s*holds \d+ skills?/);
    await screenshot('50-create-skill-location');
    // Every kind of place is on offer (typed into the filter, as the list scrolls).
    const input = page.locator('.quick-input-widget input');
    for (const [typed, expected] of [['.github', /\.github\/skills.*GitHub Copilot loads skills from here/], ['.claude', /\.claude\/skills/], ['.agents', /\.agents\/skills.*Codex and other agents/], ['copilot', /~\/\.copilot\/skills.*your own skills, in every workspace/], ['Choose', /Choose a Folder/]] as const) {
      await input.fill(typed);
      await picker.getByRole('option').filter({ hasText: expected }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await input.fill('.github');
    await chooseQuickPickItem(page, /^\.github\/skills/);
  });

  it('asks for the description and writes .github/skills/pr-summary/SKILL.md, listed in the Skills view', async () => {
    const { page, screenshot } = workbench();
    await page.locator('.quick-input-widget').filter({ hasText: 'agents choose skills by this' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.type('Summarises a pull request for reviewers: what changed and why. Use when asked to describe a PR.');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active').filter({ hasText: 'SKILL.md' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const file = join(created, 'SKILL.md');
    assert.ok(existsSync(file));
    assert.match(readFileSync(file, 'utf8'), /^---\nname: pr-summary\ndescription: "Summarises a pull request for reviewers: what changed and why\. Use when asked to describe a PR\."\n---\n/);
    await viewPane(page, 'Skills').getByRole('treeitem', { name: /^pr-summary skill, no tasks/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('51-create-skill-created');
  });

  it('a name the spec refuses gets the fix its message names as a quick fix', async () => {
    const { page, screenshot } = workbench();
    const nameLine = page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: 'name: pr-summary' });
    await nameLine.click();
    await page.keyboard.press('End');
    await page.keyboard.type('_V2');
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget').getByText('Set name to `pr-summary-v2`');
    await fix.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('52-quick-fix-name');
    // The light bulb's list takes the keyboard (a pointer block covers it as it opens): down to the fix, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let move = 0; move < 8 && !((await focused.innerText().catch(() => '')).includes('pr-summary-v2')); move++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: 'name: pr-summary-v2' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('Create Eval Tasks on the new skill’s row: the Skills view counts the tasks without a Refresh', async () => {
    const { page, screenshot } = workbench();
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^pr-summary skill, no tasks/ });
    const labels = await openContextMenu(page, row);
    assert.ok(labels.includes('Create Eval Tasks'), `a skill without tasks is not offered Create Eval Tasks: ${labels.join(', ')}`);
    await chooseContextMenuItem(page, 'Create Eval Tasks');
    await page.locator('.tab.active').filter({ hasText: 'evals.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await viewPane(page, 'Skills').getByRole('treeitem', { name: /^pr-summary skill, 4 tasks/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('53a-create-eval-tasks-counted');
  });
});
