import * as assert from 'node:assert/strict';
import {
  activeWebview,
  chooseContextMenuItem,
  chooseQuickPickItem,
  clearEditorsAndNotifications,
  notification,
  openActivityBarContainer,
  openContextMenu,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Evaluate Skill → Diagnostics: the report of findings (each with what to do) and the tasks with and without the skill. */
describe('the Diagnostics report from Evaluate', () => {
  it('opens from the Evaluate result and shows findings and every task with and without the skill', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    await openContextMenu(page, viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages/ }));
    await chooseContextMenuItem(page, 'Evaluate Skill');
    await chooseQuickPickItem(page, /^Validation/);
    const result = notification(page, /Evaluate Skill: commit-messages on \d+ validation tasks/);
    await result.waitFor({ timeout: 60_000 });
    await result.getByRole('button', { name: 'Diagnostics' }).click();

    const report = activeWebview(page);
    await report.getByRole('heading', { name: 'Diagnostics: commit-messages' }).waitFor({ timeout: 120_000 });
    await report.locator('#summary').getByText(/\d+ tasks, each run 3 times with the skill and 3 without it/).waitFor({ timeout: UI_TIMEOUT_MS });
    const findings = report.locator('article.finding');
    assert.ok((await findings.count()) > 0, 'the untrained example has findings');
    for (const finding of await findings.all()) {
      assert.match(await finding.innerText(), /What to do:/);
    }
    const rows = report.getByRole('table', { name: 'Tasks with and without the skill' }).locator('tbody tr');
    assert.ok((await rows.count()) >= 2);
    await screenshot('21-diagnostics-report');

    // A finding's task button opens the task in evals.json.
    await findings.first().locator('.actions button').first().click();
    await page.locator('.tab').filter({ hasText: 'evals.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('21b-diagnostics-open-task');
  });
});
