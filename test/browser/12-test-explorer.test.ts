import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { activityBarEntry, chooseContextMenuItem, chooseQuickPickItem, openContextMenu, pressEscape, sideBar, UI_TIMEOUT_MS } from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/** A simulated task evaluates in a second or two; allow for a loaded machine (ms). */
const RUN_TIMEOUT_MS = 90_000;

/** A row of the Test Explorer by the start of its text (skill or task id). */
function testRow(page: Page, label: string | RegExp): Locator {
  return sideBar(page).locator('.monaco-list-row').filter({ hasText: label }).first();
}

async function expand(row: Locator): Promise<void> {
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/**
 * The eval tasks in VS Code's Test Explorer: each skill with its tasks (tagged by
 * split), a task run from its row, and a failure's message in the peek: the failed
 * checks, expected beside actual, the judge's evidence.
 */
describe('eval tasks in the Test Explorer', () => {
  let task: string;
  useDesktopSettingsInSuite();

  it('lists each skill with its tasks', async () => {
    const { page, screenshot } = workbench();
    await activityBarEntry(page, 'Testing').click();
    const skill = testRow(page, 'commit-messages');
    await expand(skill);
    // Each task says its split.
    const first = sideBar(page).locator('.monaco-list-row').filter({ hasText: 'validation' }).first();
    await first.waitFor({ timeout: UI_TIMEOUT_MS });
    task = (await first.locator('.label-name, .monaco-icon-label-container .label-name').first().innerText().catch(async () => (await first.innerText()).split(/\s/)[0]!)).trim();
    assert.ok(task.length > 0, 'the first task has no name');
    await page.mouse.move(5, 5);
    await screenshot('47-test-explorer-tasks');
  });

  it('runs a task from its row, with the skill', async () => {
    const { page, screenshot } = workbench();
    const row = testRow(page, task);
    await row.hover();
    await row.getByRole('button', { name: /^Run Test/ }).click({ timeout: UI_TIMEOUT_MS });
    // The result icon: passed or failed (an error would mean the model call failed).
    await row.locator('.codicon-testing-passed-icon, .codicon-testing-failed-icon').waitFor({ timeout: RUN_TIMEOUT_MS });
    await screenshot('48-test-explorer-result');
  });

  it('runs it without the skill; the failure shows its failed checks, expected beside actual, at the task', async () => {
    const { page, screenshot } = workbench();
    const row = testRow(page, task);
    const labels = await openContextMenu(page, row);
    assert.ok(labels.includes('Execute Using Profile...') || labels.includes('Execute Using Profile…'), `no way to pick a run profile: ${labels.join(', ')}`);
    await chooseContextMenuItem(page, labels.find((label) => label.startsWith('Execute Using Profile'))!);
    await screenshot('49a-test-explorer-profiles');
    await chooseQuickPickItem(page, /Run without Skill/);
    // Without the skill the simulated target follows none of its conventions.
    await row.locator('.codicon-testing-failed-icon').waitFor({ timeout: RUN_TIMEOUT_MS });
    // Its recent results beside it: one with the skill, then (∅) one without, failed.
    await testRow(page, task).filter({ hasText: /[✓✗]∅✗/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The Test Results view lists each failed check of the run; its messages name the checks and the judge.
    const results = page.locator('#workbench\\.parts\\.panel');
    for (const message of [/^regex: expected to match/, /^Hard criterion failed: /, /^The expected output \(left\) beside the output/]) {
      await results.locator('.monaco-list-row').filter({ hasText: message }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    // A check with an expected text opens beside the output, at the task in evals.json.
    await results.locator('.monaco-list-row').filter({ hasText: /^regex: expected to match/ }).first().click();
    await page.locator('.peekview-widget, .monaco-diff-editor').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('49-test-explorer-failure-peek');
    await pressEscape(page);
  });
});
