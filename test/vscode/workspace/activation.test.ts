import * as assert from 'node:assert/strict';
import { skillTrainerExtension, waitFor } from '../support/skill-trainer-extension';

// This workspace holds SKILL.md files, so `workspaceContains:**/SKILL.md` activates
// the extension at startup, with no command run.
describe('activation in a workspace with skills', () => {
  it('is activated by workspaceContains:**/SKILL.md', async () => {
    const extension = skillTrainerExtension();
    await waitFor('Skill Trainer to activate', () => extension.isActive, 20_000);
    assert.equal(extension.isActive, true);
  });

  it('exports its API to other extensions', async () => {
    const api = await skillTrainerExtension().activate();
    assert.equal(typeof api.hasApiKey, 'function');
  });
});
