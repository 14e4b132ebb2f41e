import * as assert from 'node:assert/strict';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import { activeWebview, clearEditorsAndNotifications, openActivityBarContainer, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/**
 * The Library page of Score Trends, opened from the Training Queue's title bar: every
 * trained skill with its latest score and a sparkline of its score over its runs,
 * sortable; a skill's name opens its trends.
 */
describe('library: the Library page of Score Trends', () => {
  useDesktopSettingsInSuite();

  it('lists every skill with a sparkline, sorts by a column, and opens a skill\'s trends', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const queue = viewPane(page, 'Training Queue');
    await queue.hover();
    await queue.getByRole('button', { name: 'Open Library Trends' }).click({ timeout: UI_TIMEOUT_MS });
    const frame = activeWebview(page);
    const table = frame.locator('table.library');
    await table.waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('#tab-library[aria-selected="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    // commit-messages has runs from 04/09 too; both library skills show at least the two library runs.
    for (const name of ['commit-messages', 'commit-notes']) {
      const sparkline = frame.locator('svg.sparkline', { has: frame.locator('title') }).and(frame.locator(`[aria-label^="${name} best score per run: "]`));
      await sparkline.waitFor({ timeout: UI_TIMEOUT_MS });
      const label = (await sparkline.getAttribute('aria-label')) ?? '';
      assert.ok(label.split(': ')[1]!.split(', ').length >= 2, `${name} should have at least two points: ${label}`);
    }
    await screenshot('66-library-page');

    await frame.locator('#sort-skill').click();
    await frame.locator('th[aria-sort="ascending"] #sort-skill').waitFor({ timeout: UI_TIMEOUT_MS });
    const names = await table.locator('tbody .link-button').allInnerTexts();
    assert.deepEqual(names, [...names].sort(), 'sorted by skill name');
    await frame.locator('#sort-skill').click();
    await frame.locator('th[aria-sort="descending"] #sort-skill').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('67-library-page-sorted');

    await table.locator('tbody .link-button', { hasText: 'commit-notes' }).click();
    await frame.locator('#tab-trends[aria-selected="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.tab').filter({ hasText: 'Score Trends: commit-notes' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('.chart .uplot canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('68-library-skill-trends');
  });
});
