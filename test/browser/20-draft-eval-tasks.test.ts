import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activeWebview,
  chooseContextMenuItem,
  chooseQuickPickItem,
  clearEditorsAndNotifications,
  notification,
  openActivityBarContainer,
  openContextMenu,
  quickInput,
  runFromCommandPalette,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

function evalsOnDisk(): { evals: Array<{ id: string; draft?: boolean }> } {
  return JSON.parse(readFileSync(join(workbench().workspacePath, '.claude', 'skills', 'release-notes', 'evals', 'evals.json'), 'utf8'));
}

/**
 * Draft Eval Tasks on the skill without tasks (release-notes), in the simulated world:
 * the review editor lists each draft with Keep / Edit / Drop, and every decision lands
 * in evals.json. Evaluate refuses the drafts until none is left.
 */
describe('Draft Eval Tasks and its review editor', () => {
  it('drafts tasks for a skill without any and opens the review editor on them', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^release-notes/ });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    const labels = await openContextMenu(page, row);
    assert.ok(labels.includes('Draft Eval Tasks'), labels.join(', '));
    await chooseContextMenuItem(page, 'Draft Eval Tasks');
    // The workspace remembers the simulation from the Optimize test; asked again, choose it.
    if (await quickInput(page).isVisible().catch(() => false)) await chooseQuickPickItem(page, /Simulation — no real model/);

    const review = activeWebview(page);
    await review.getByRole('heading', { name: 'Review Draft Tasks: release-notes' }).waitFor({ timeout: 60_000 });
    await review.locator('#draft-count').getByText('24 drafts to review').waitFor({ timeout: UI_TIMEOUT_MS });
    const first = review.locator('article.draft').first();
    for (const button of ['Keep', 'Edit', 'Drop']) await first.getByRole('button', { name: button, exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await first.getByText('Prompt').waitFor({ timeout: UI_TIMEOUT_MS });
    await first.getByText('Must pass').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await review.locator('article.draft').count(), 24);
    assert.ok(evalsOnDisk().evals.every((task) => task.draft === true), 'every drafted task is marked as a draft in evals.json');
    await notification(page, /Draft Eval Tasks: 24 drafts added to .*evals\.json/).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('20-draft-review');
  });

  it('Drop removes a draft, Keep marks it reviewed, Edit opens it in evals.json', async () => {
    const { page, screenshot } = workbench();
    const review = activeWebview(page);
    const firstId = (await review.locator('article.draft h2').first().innerText()).trim();
    await review.locator('article.draft').first().getByRole('button', { name: 'Drop', exact: true }).click();
    await review.locator('#draft-count').getByText('23 drafts to review').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.ok(!evalsOnDisk().evals.some((task) => task.id === firstId), `${firstId} was dropped from evals.json`);

    const keptId = (await review.locator('article.draft h2').first().innerText()).trim();
    await review.locator('article.draft').first().getByRole('button', { name: 'Keep', exact: true }).click();
    await review.locator('#draft-count').getByText('22 drafts to review').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(evalsOnDisk().evals.find((task) => task.id === keptId)?.draft, undefined, `${keptId} is no longer a draft`);

    const editedId = (await review.locator('article.draft h2').first().innerText()).trim();
    await review.locator('article.draft').first().getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('.tab').filter({ hasText: 'evals.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .view-line').filter({ hasText: `"id": "${editedId}"` }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('20b-draft-review-edit');
  });

  it('refuses to evaluate while drafts are left, then Keep All makes the tasks usable', async () => {
    const { page, screenshot } = workbench();
    await runFromCommandPalette(page, 'Notifications: Clear All Notifications').catch(() => undefined);
    await openContextMenu(page, viewPane(page, 'Skills').getByRole('treeitem', { name: /^release-notes/ }));
    await chooseContextMenuItem(page, 'Evaluate Skill');
    if (await quickInput(page).isVisible().catch(() => false)) await chooseQuickPickItem(page, /All tasks/);
    const refused = notification(page, /drafted tasks nobody reviewed yet/);
    await refused.waitFor({ timeout: UI_TIMEOUT_MS });
    await refused.getByRole('button', { name: 'Review Draft Tasks' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('20c-evaluate-refuses-drafts');
    await refused.getByRole('button', { name: 'Review Draft Tasks' }).click();

    const review = activeWebview(page);
    await review.getByRole('button', { name: 'Keep All (22)' }).click();
    await review.getByText(/No drafts left to review in .*evals\.json: its 23 tasks are ready/).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.ok(evalsOnDisk().evals.every((task) => task.draft === undefined));
    await screenshot('20d-draft-review-done');
  });
});
