/**
 * The "Get started" walkthrough: every step has a Markdown page that ships with the
 * extension, a completion event, and links only to commands, views and settings that
 * exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents: string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const contributes = manifest.contributes;
const commands = new Set<string>(contributes.commands.map((entry: { command: string }) => entry.command));
const views = new Set<string>(Object.values(contributes.views as Record<string, { id: string }[]>).flat().map((view) => view.id));
const settings = new Set<string>(Object.keys(contributes.configuration.properties));
const containers = new Set<string>(contributes.viewsContainers.activitybar.map((container: { id: string }) => `workbench.view.extension.${container.id}`));
/** VS Code's own commands the walkthrough links to. */
const builtInCommands = new Set(['workbench.action.openSettings', ...containers]);

function commandExists(command: string): boolean {
  return commands.has(command) || builtInCommands.has(command);
}

const walkthroughs = contributes.walkthroughs as { id: string; title: string; steps: Step[] }[];

test('one walkthrough guides a first run in six steps or more', () => {
  assert.equal(walkthroughs.length, 1);
  assert.ok(walkthroughs[0].steps.length >= 6);
  assert.deepEqual(
    walkthroughs[0].steps.map((step) => step.id),
    ['openSkill', 'chooseModels', 'setApiKey', 'optimize', 'reviewEdits', 'checkpoints'],
  );
});

for (const step of walkthroughs[0].steps) {
  test(`walkthrough step ${step.id}: a Markdown page, a completion event, and links that resolve`, () => {
    assert.ok(step.title && step.description);
    assert.ok(step.media.markdown, 'a Markdown page');
    assert.match(step.media.markdown!, /^media\/walkthrough\/[a-z-]+\.md$/, 'under media/, which the .vsix ships');
    assert.ok(existsSync(step.media.markdown!), step.media.markdown);
    assert.match(readFileSync(step.media.markdown!, 'utf8'), /^# \S/, 'starts with a heading');

    assert.ok(step.completionEvents.length > 0);
    for (const event of step.completionEvents) {
      const [kind, target] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commandExists(target), `${event}: no such command`);
      else if (kind === 'onView') assert.ok(views.has(target), `${event}: no such view`);
      else if (kind === 'onSettingChanged') assert.ok(settings.has(target), `${event}: no such setting`);
      else assert.fail(`${event}: an event kind this test does not know`);
    }
    for (const link of step.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
      assert.ok(commandExists(link[1]), `link to ${link[1]}: no such command`);
      if (link[1] === 'workbench.action.openSettings') {
        const [setting] = JSON.parse(decodeURIComponent(link[2]!)) as string[];
        assert.ok(settings.has(setting), `link to setting ${setting}: no such setting`);
      }
    }
  });
}
