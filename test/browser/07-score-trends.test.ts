import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import {
  activeWebview,
  expandExplorerFolder,
  explorerRow,
  openActivityBarContainer,
  runFromCommandPalette,
  UI_TIMEOUT_MS,
  viewPane,
  WORKBENCH_LOAD_TIMEOUT_MS,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettings } from './support/desktop-settings';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/** The chart's pixel colours as `r,g,b` strings with how often each occurs (alpha > 0 only). */
async function canvasColours(frame: FrameLocator): Promise<Map<string, number>> {
  const counts = await frame.locator('.chart canvas').first().evaluate((canvas) => {
    const element = canvas as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
    const found: Record<string, number> = {};
    for (let index = 0; index < data.length; index += 4) {
      if (data[index + 3]! < 200) continue;
      const key = `${data[index]},${data[index + 1]},${data[index + 2]}`;
      found[key] = (found[key] ?? 0) + 1;
    }
    return found;
  });
  return new Map(Object.entries(counts));
}

/** `#rrggbb` → `r,g,b`. */
function rgb(hex: string): string {
  const value = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return `${(value >> 16) & 255},${(value >> 8) & 255},${value & 255}`;
}

/** Waits until the chart's canvas has more than 100 pixels of `hex`. */
async function expectCanvasColour(frame: FrameLocator, hex: string, what: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let count = 0;
  while (Date.now() < deadline) {
    count = (await canvasColours(frame).catch(() => new Map<string, number>())).get(rgb(hex)) ?? 0;
    if (count > 100) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`the chart should be drawn in ${what} (${hex}): ${count} pixels`);
}

/**
 * The Score Trends panel of the run 04-optimize-skill made: a line with a point per
 * step in the dark theme's chart colours, a hover card, the leaderboard tab, and the
 * panel coming back as it was after being hidden.
 */
describe('the Score Trends panel in the workbench', () => {
  useDesktopSettingsInSuite();

  it('opens from a run row and draws the validation line with a point per step, with no CSP violation', async () => {
    const { page, screenshot } = workbench();
    // Chromium reports what a Content-Security-Policy blocked on the console of the frame it happened in.
    const refused: string[] = [];
    const listen = (message: { text(): string }) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    };
    page.on('console', listen);
    await openActivityBarContainer(page, 'Skill Trainer');
    const run = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^Run / }).first();
    await run.waitFor({ timeout: UI_TIMEOUT_MS });
    // The row's inline button (shown on hover), as a person clicks it.
    await run.hover();
    await run.getByRole('button', { name: 'Open Score Trends' }).click({ timeout: UI_TIMEOUT_MS });
    await page.locator('.tab').filter({ hasText: 'Score Trends: commit-messages' }).waitFor({ timeout: UI_TIMEOUT_MS });

    const frame = activeWebview(page);
    await frame.locator('.chart .uplot canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const legend = await frame.locator('.u-legend .u-series th').allInnerTexts();
    for (const name of ['Validation (current)', 'Best validation', 'Train batch', 'Edit budget', 'Accepted', 'New best', 'Rejected']) {
      assert.ok(legend.some((text) => text.includes(name)), `the legend lacks ${name}: ${legend.join(', ')}`);
    }
    // "…: 0.33, 0.50, …; final skill (after slow update) 1.00": the steps' scores come before the semicolon.
    const points = ((await frame.locator('.chart').getAttribute('aria-label')) ?? '').split('; ')[0]!.split(': ')[1]?.split(', ') ?? [];
    assert.ok(points.length >= 2, `the chart should show at least two points: ${points.join(', ')}`);

    // Dark Modern's charts.blue draws the validation line (canvas pixels, not CSS).
    await expectCanvasColour(frame, '#3794ff', 'Dark Modern\'s charts.blue');
    page.off('console', listen);
    assert.deepEqual(refused, [], 'the webview broke its Content-Security-Policy');
    await page.mouse.move(5, 5);
    await screenshot('25-score-trends');
  });

  it('tells the step, epoch, scores and decision under the cursor', async () => {
    const { page, screenshot } = workbench();
    const frame = activeWebview(page);
    const over = await frame.locator('.chart .u-over').boundingBox();
    assert.ok(over, 'the chart has no plot area');
    // Steps 0..4 and the final skill (at 4.5) are spread over the plot (0.35 steps of margin each side): aim at step 1.
    await page.mouse.move(over.x + (over.width * 1.35) / 5.2, over.y + over.height / 2);
    const tooltip = frame.locator('.chart-tooltip:not([hidden])');
    await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await tooltip.innerText();
    assert.match(text, /Step 1 · epoch 1/);
    assert.match(text, /Validation\s+\d\.\d\d/);
    assert.match(text, /Edit budget\s+\d/);
    assert.match(text, /accepted|rejected|skipped/);
    await screenshot('26-score-trends-tooltip');
    await page.mouse.move(5, 5);
  });

  it('redraws in the new theme\'s colours when the theme changes', async () => {
    const { page, workspacePath, screenshot } = workbench();
    const frame = activeWebview(page);
    // Light Modern's charts.blue; the setting file is put back by the next call (dark again).
    const restoreDark = useDesktopSettings(workspacePath, 'Default Light Modern');
    try {
      await expectCanvasColour(frame, '#1a85ff', 'Light Modern\'s charts.blue');
      await screenshot('25b-score-trends-light-theme');
    } finally {
      restoreDark();
    }
    await expectCanvasColour(frame, '#3794ff', 'Dark Modern\'s charts.blue again');
  });

  it('shows the leaderboard, and keeps that tab when hidden and shown again', async () => {
    const { page, screenshot } = workbench();
    const frame = activeWebview(page);
    await frame.getByRole('tab', { name: 'Leaderboard' }).click();
    await frame.locator('table.leaderboard tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.getByRole('button', { name: 'commit-messages' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('27-score-trends-leaderboard');

    // Another editor in the panel's group hides it (its page is discarded), then the tab comes back.
    await openActivityBarContainer(page, 'Explorer');
    await expandExplorerFolder(page, 'notes');
    await explorerRow(page, 'README.md').click();
    await page.locator('.tab.active').filter({ hasText: 'README.md' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.tab').filter({ hasText: 'Score Trends: commit-messages' }).click();
    await activeWebview(page).getByRole('tab', { name: 'Leaderboard', selected: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await activeWebview(page).locator('table.leaderboard tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('is restored by its serializer after the window reloads, as it was', async () => {
    const { page, screenshot } = workbench();
    // As a person reloads: the workbench saves its editors' state, then loads again.
    await runFromCommandPalette(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    await page.locator('.tab').filter({ hasText: 'Score Trends: commit-messages' }).click({ timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    await activeWebview(page).getByRole('tab', { name: 'Leaderboard', selected: true }).waitFor({ timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    await activeWebview(page).getByRole('tab', { name: 'Trends' }).click();
    await activeWebview(page).locator('.chart .uplot canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('28-score-trends-after-reload');
  });
});
