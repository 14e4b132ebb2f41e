import * as assert from 'node:assert/strict';
import { activityBarEntry, openActivityBarContainer, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';

describe('the Skill Trainer activity-bar container', () => {
  it('shows the skills of the workspace in its Skills view', async () => {
    const { page, screenshot } = workbench();
    await activityBarEntry(page, 'Skill Trainer').waitFor({ timeout: UI_TIMEOUT_MS });
    await openActivityBarContainer(page, 'Skill Trainer');

    const skills = viewPane(page, 'Skills');
    await skills.getByRole('treeitem', { name: /^commit-messages/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await skills.getByRole('treeitem', { name: /^release-notes/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await skills.getByRole('treeitem').count(), 2, 'the fixture workspace holds exactly two skills');
    await screenshot('03-skill-trainer-container');
  });

  it('explains in the Checkpoints view how to get checkpoints', async () => {
    const { page } = workbench();
    const checkpoints = viewPane(page, 'Checkpoints');
    await checkpoints.getByText('Run Optimize to see checkpoints').waitFor({ timeout: UI_TIMEOUT_MS });
    await checkpoints.getByRole('button', { name: 'Optimize Skill' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
