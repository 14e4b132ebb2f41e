/**
 * The README's reference sections match the code: every setting of package.json is in
 * the settings table with its current default and description, and the command-line
 * reference is exactly what `--help` prints (fix those with `npm run docs`); every
 * command is named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cliReference, readmePath, readSection, settingsTable } from '../../scripts/docs/readme-sections.mjs';

const readme = readFileSync(readmePath, 'utf8');
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

test('every setting is documented in the README, as package.json defines it', () => {
  const section = readSection(readme, 'settings');
  assert.ok(section, 'README.md has the generated settings section');
  const undocumented = Object.keys(manifest.contributes.configuration.properties).filter((key) => !section.includes(`| \`${key}\` |`));
  assert.deepEqual(undocumented, [], 'settings missing from the README table: run npm run docs');
  assert.equal(section, settingsTable(manifest), 'the README settings table is out of date: run npm run docs');
});

test("the README's command-line reference is the CLI's own --help", async () => {
  const section = readSection(readme, 'cli');
  assert.ok(section, 'README.md has the generated CLI section');
  assert.equal(section, await cliReference(), 'the README CLI reference is out of date: run npm run docs');
});

test('every command is named in the README', () => {
  const commands = manifest.contributes.commands as { command: string; title: string }[];
  const missing = commands.filter((command) => !readme.includes(command.title)).map((command) => `${command.command} (${command.title})`);
  assert.deepEqual(missing, [], 'commands missing from the README: add them to its Commands table');
});

test('the README keeps the two fresh-machine commands at the top', () => {
  const top = readme.slice(0, 2000);
  assert.ok(top.includes('npm ci && npm run demo'), 'npm ci && npm run demo');
  assert.ok(top.includes('npm ci && npm test'), 'npm ci && npm test');
});
