import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { skillTrainerExtension, waitFor } from '../support/skill-trainer-extension';

/** Files the .vsix may hold (paths inside the installed extension folder): webview bundles live in folders of dist/. */
const SHIPPED = /^(package\.json|readme\.md|license(\.txt)?|changelog\.md|\.vsixmanifest|dist\/extension\.js|dist\/[^/]+\/.+(?<!\.map)|media\/.+(?<!\.ts))$/i;

function filesUnder(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(root, path) : [path];
  });
}

// The harness installed Skill Trainer from the .vsix `npm run package` built, with
// `code-server --install-extension`, into a VS Code where no development copy exists.
// This workspace holds the example skills, so the extension activates on startup.
describe('the packaged extension (.vsix) installed in VS Code', () => {
  it('is the installed package: only what runs, no sources, source maps, CLI bundle or node_modules', () => {
    const root = skillTrainerExtension().extensionPath;
    const files = filesUnder(root);
    const unexpected = files.filter((file) => !SHIPPED.test(file));
    assert.deepEqual(unexpected, [], `unexpected files in ${root}`);
    assert.ok(files.includes('dist/extension.js'));
    // The Score Trends webview loads its script and styles from dist/score-trends/.
    for (const bundle of ['dist/score-trends/score-trends.js', 'dist/score-trends/score-trends.css']) assert.ok(files.includes(bundle), bundle);
    // The vendor SDKs, loaded on a model's first call (see scripts/build.mjs).
    for (const sdk of ['anthropic-sdk.js', 'openai-sdk.js', 'google-genai-sdk.js']) assert.ok(files.includes(`dist/vendor/${sdk}`), sdk);
    // The SQL parser of is-sql checks, loaded on the first such check.
    assert.ok(files.includes('dist/vendor/sql-parser.js'), 'sql-parser.js');
    // vsce stores these as readme.md, changelog.md and LICENSE.txt.
    for (const required of [/^readme\.md$/i, /^changelog\.md$/i, /^license(\.txt)?$/i]) {
      assert.ok(files.some((file) => required.test(file)), `${required} in ${files.join(', ')}`);
    }
    assert.ok(!existsSync(join(root, 'node_modules')));
  });

  it('ships the Markdown page of every walkthrough step', () => {
    const extension = skillTrainerExtension();
    const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs?: { steps: { media: { markdown?: string } }[] }[] } }).contributes.walkthroughs ?? [];
    const pages = walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => step.media.markdown).filter((page) => page !== undefined));
    assert.ok(pages.length > 0, 'the manifest contributes a walkthrough');
    for (const page of pages) assert.ok(existsSync(join(extension.extensionPath, page)), page);
  });

  it('ships a minified bundle (the production build of vscode:prepublish)', () => {
    const bundle = readFileSync(join(skillTrainerExtension().extensionPath, 'dist/extension.js'), 'utf8');
    const lines = bundle.split('\n').length;
    // esbuild's minified output is a handful of very long lines; the dev build has >100,000.
    assert.ok(lines < 1_000, `dist/extension.js has ${lines} lines`);
  });

  it('activates on the SKILL.md files of the workspace and registers its commands', async () => {
    const extension = skillTrainerExtension();
    await waitFor('Skill Trainer to activate', () => extension.isActive, 30_000);
    const api = await extension.activate();
    assert.equal(typeof api.hasApiKey, 'function');
    // The commands activate() registers prove the bundle loaded with every dependency it
    // needs (the integration suite checks the whole command list against the manifest).
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['skillTrainer.optimizeSkill', 'skillTrainer.refreshSkills', 'skillTrainer.setApiKey']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    await vscode.commands.executeCommand('skillTrainer.refreshSkills');
  });
});
