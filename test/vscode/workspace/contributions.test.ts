import * as assert from 'node:assert/strict';
import { skillTrainerManifest } from '../support/skill-trainer-extension';

const SKILL_FILE_WHEN = 'resourceFilename == SKILL.md';

describe('contributed views and menus', () => {
  const { contributes } = skillTrainerManifest();

  it('has a "Skill Trainer" activity-bar container with an icon', () => {
    const container = contributes.viewsContainers?.activitybar?.find((entry) => entry.id === 'skillTrainer');
    assert.ok(container, 'no activity-bar container skillTrainer');
    assert.equal(container.title, 'Skill Trainer');
    assert.match(container.icon, /^media\/.+\.svg$/);
  });

  it('puts the Skills and Checkpoints views in it', () => {
    const views = contributes.views?.skillTrainer ?? [];
    assert.deepEqual(
      views.map((view) => [view.id, view.name]),
      [
        ['skillTrainer.skills', 'Skills'],
        ['skillTrainer.checkpoints', 'Checkpoints'],
      ],
    );
  });

  it('gives both views welcome content with a command link', () => {
    const welcome = (view: string) => contributes.viewsWelcome?.find((entry) => entry.view === view)?.contents ?? '';
    assert.match(welcome('skillTrainer.skills'), /No SKILL\.md found[\s\S]*\(command:skillTrainer\.createSkill\)/);
    assert.match(welcome('skillTrainer.checkpoints'), /Run Optimize to see checkpoints/);
  });

  it('offers Optimize Skill on SKILL.md in the Explorer context menu and the editor title', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      const entry = contributes.menus?.[menu]?.find((item) => item.command === 'skillTrainer.optimizeSkill');
      assert.ok(entry, `Optimize Skill is missing from ${menu}`);
      assert.equal(entry.when, SKILL_FILE_WHEN, `${menu} when clause`);
    }
  });

  it('offers Refresh Skills in the Skills view title', () => {
    const entry = contributes.menus?.['view/title']?.find((item) => item.command === 'skillTrainer.refreshSkills');
    assert.ok(entry, 'Refresh Skills is missing from view/title');
    assert.equal(entry.when, 'view == skillTrainer.skills');
  });
});
