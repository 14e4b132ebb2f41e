import * as assert from 'node:assert/strict';
import { listRuns, readStepRecords } from '../../src/core/store';
import {
  activeWebview,
  openActivityBarContainer,
  quickOpen,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/**
 * The chart answers a click: the point's step opens as a diff and its row is selected
 * in the Checkpoints view. At half the window the leaderboard fits, and dates read as
 * the run labels do.
 */
describe('Score Trends: a click on a point, the leaderboard at half width', () => {
  useDesktopSettingsInSuite();

  it('a click on step 1’s point opens its diff and selects its Checkpoints row', async () => {
    const { page, screenshot, workspacePath } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    // The Checkpoints view follows the SKILL.md last active (13 left the new pr-summary, without runs).
    await quickOpen(page, 'skills/commit-messages/SKILL.md', 'commit-messages');
    const run = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^Run / }).first();
    await run.hover();
    await run.getByRole('button', { name: 'Open Score Trends' }).click({ timeout: UI_TIMEOUT_MS });
    const frame = activeWebview(page);
    await frame.locator('.chart .uplot canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const [newest] = await listRuns(workspacePath);
    const steps = (await readStepRecords(workspacePath, newest!.id)).filter((record) => record.kind === 'step').length;
    const over = await frame.locator('.chart .u-over').boundingBox();
    assert.ok(over, 'the chart has no plot area');
    // Steps 0..N and the final skill (N + 0.5), with 0.35 steps of margin each side: aim at step 1.
    const span = steps + 0.5 + 0.7;
    await page.mouse.move(over.x + (over.width * 1.35) / span, over.y + over.height / 2);
    await frame.locator('.chart-tooltip:not([hidden])').filter({ hasText: /Step 1 · epoch 1/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.down();
    await page.mouse.up();
    await page.locator('.tab').filter({ hasText: /commit-messages: .+ ↔ step 1( \(your selection\))? \(run .+\)/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const selected = viewPane(page, 'Checkpoints').locator('[role="treeitem"][aria-selected="true"]');
    await selected.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match((await selected.first().getAttribute('aria-label')) ?? '', /^E1 · Step 1/);
    await screenshot('53-score-trends-click-step');
  });

  it('the leaderboard fits half the window, its dates written as the run labels', async () => {
    const { page, screenshot } = workbench();
    // SKILL.md opened beside the panel (from the workbench, not the webview, which keeps its keys): the panel has half the editor area.
    // A visible one: the step diff's gutter is a .monaco-editor too, and hidden.
    await page.locator('.editor-instance .monaco-editor').filter({ visible: true }).first().click();
    await page.keyboard.press('Control+P');
    await page.keyboard.type('skills/commit-messages/SKILL.md');
    await page.locator('.quick-input-widget').getByRole('option').filter({ hasText: 'commit-messages' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+Enter');
    await page.locator('.editor-group-container').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.tab').filter({ hasText: 'Score Trends: commit-messages' }).click();
    const frame = activeWebview(page);
    await frame.getByRole('tab', { name: 'Leaderboard' }).click();
    const table = frame.locator('table.leaderboard');
    await table.locator('tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const fits = await frame.locator('.leaderboard-wrap').evaluate((wrap) => {
      const element = wrap as unknown as { scrollWidth: number; clientWidth: number };
      return element.scrollWidth <= element.clientWidth + 1;
    });
    assert.ok(fits, 'the leaderboard runs past the panel’s edge');
    const finished = await table.locator('tbody tr td:nth-child(9):visible').allInnerTexts();
    assert.ok(finished.every((text) => text === '–' || /^[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d$/.test(text)), `dates in another format: ${finished.join(', ')}`);
    await screenshot('54-score-trends-leaderboard-half-width');
    await frame.getByRole('tab', { name: 'Trends' }).click();
  });
});
