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

  it('puts the Skills, Training Queue and Checkpoints views in it', () => {
    const views = contributes.views?.skillTrainer ?? [];
    assert.deepEqual(
      views.map((view) => [view.id, view.name]),
      [
        ['skillTrainer.skills', 'Skills'],
        ['skillTrainer.trainingQueue', 'Training Queue'],
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

describe('menus of the training commands', () => {
  const { contributes } = skillTrainerManifest();
  const entry = (menu: string, command: string) => contributes.menus?.[menu]?.filter((item) => item.command === command) ?? [];

  it('offers Optimize, Evaluate and Open Score Trends on SKILL.md in the Explorer and the editor title', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      for (const command of ['skillTrainer.optimizeSkill', 'skillTrainer.evaluateSkill', 'skillTrainer.openScoreTrends']) {
        const [item] = entry(menu, command);
        assert.ok(item, `${command} is missing from ${menu}`);
        assert.equal(item.when, SKILL_FILE_WHEN, `${menu} ${command}`);
      }
    }
  });

  it('hides the review commands from the palette unless a review is pending', () => {
    for (const command of ['skillTrainer.acceptEdit', 'skillTrainer.rejectEdit', 'skillTrainer.acceptAllEdits', 'skillTrainer.rejectAllEdits']) {
      const [item] = entry('commandPalette', command);
      assert.equal(item?.when, 'skillTrainer.reviewPending', command);
    }
    assert.equal(entry('commandPalette', 'skillTrainer.stopTraining')[0]?.when, 'skillTrainer.trainingActive');
    assert.equal(entry('commandPalette', 'skillTrainer.resumeTraining')[0]?.when, 'skillTrainer.hasResumableRuns');
  });

  it('gives every command shown as a menu button an icon', () => {
    const commands = new Map((contributes.commands ?? []).map((command) => [command.command, command as { icon?: string }]));
    const buttons = [...(contributes.menus?.['editor/title'] ?? []), ...(contributes.menus?.['view/title'] ?? []), ...(contributes.menus?.['view/item/context'] ?? [])]
      .filter((item) => item.group?.startsWith('navigation') || item.group?.startsWith('inline'))
      .map((item) => item.command);
    for (const command of buttons) assert.match(commands.get(command)?.icon ?? '', /^\$\([a-z-]+\)$/, `${command} has no icon`);
  });

  it('offers row actions in both views', () => {
    const items = contributes.menus?.['view/item/context'] ?? [];
    assert.ok(items.some((item) => item.when?.includes('view == skillTrainer.skills') && item.command === 'skillTrainer.evaluateSkill'));
    assert.ok(items.some((item) => item.when?.includes('view == skillTrainer.checkpoints') && item.command === 'skillTrainer.restoreCheckpoint'));
    assert.ok(items.some((item) => item.when?.includes('view == skillTrainer.checkpoints') && item.command === 'skillTrainer.compareWithCheckpoint'));
  });
});
