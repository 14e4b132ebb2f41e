import * as assert from 'node:assert/strict';
import {
  explorerRow,
  WORKBENCH_LOAD_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  workspaceTrustDialog,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

describe('opening the workspace', () => {
  it('asks whether to trust the folder, and trusting it opens the files', async () => {
    const { page, workspaceUrl, screenshot } = workbench();
    await page.goto(workspaceUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_LOAD_TIMEOUT_MS });

    const dialog = workspaceTrustDialog(page);
    await dialog.waitFor({ timeout: WORKBENCH_LOAD_TIMEOUT_MS });
    await screenshot('01-workspace-trust-dialog');
    await dialog.getByRole('button', { name: 'Yes, I trust the authors' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    await explorerRow(page, 'skills').waitFor({ timeout: UI_TIMEOUT_MS });
    // Restricted Mode's status-bar entry goes away once the workbench applied the trust.
    await page.locator('#workbench\\.parts\\.statusbar').getByText('Restricted Mode').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    assert.equal(await dialog.count(), 0, 'the trust dialog is still open');
    await screenshot('02-workspace-trusted');
  });
});
