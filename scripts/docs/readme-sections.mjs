// The README sections generated from the code, so they cannot drift from it: the
// settings table (from package.json) and the command-line reference (from the CLI's
// own --help). `npm run docs` writes them; test/package/readme-reference.test.ts fails
// when the README differs from what this file generates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCapturedIo } from '../../src/cli/cli-io.ts';
import { runMain } from '../../src/cli/run-main.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const readmePath = join(repoRoot, 'README.md');

/** The commands whose --help the README shows, in its order ([] is the program itself). */
export const CLI_HELP_COMMANDS = [[], ['validate'], ['tasks', 'draft'], ['tasks', 'accept'], ['tasks', 'drop'], ['tasks', 'import'], ['eval'], ['diagnose'], ['train'], ['resume'], ['runs']];

function markers(name) {
  return { start: `<!-- GENERATED:${name} START (npm run docs) -->`, end: `<!-- GENERATED:${name} END -->` };
}

/** The text between a section's markers, or undefined when the README lacks them. */
export function readSection(readme, name) {
  const { start, end } = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return readme.slice(from + start.length, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** The README with a section's content replaced; throws when the markers are missing. */
export function replaceSection(readme, name, content) {
  const { start, end } = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers; add them where the section goes.`);
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`;
}

function cell(text) {
  return String(text).replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function formatDefault(value) {
  if (value === undefined || value === '') return '(empty)';
  if (value === null) return '(none)';
  return `\`${JSON.stringify(value)}\``;
}

function describe(property) {
  const description = (property.markdownDescription ?? property.description ?? '').replace(/#(skillTrainer\.[\w.]+)#/g, '$1');
  if (!property.enum) return description;
  const values = property.enum.map((value, index) => {
    const explanation = property.enumDescriptions?.[index];
    return explanation ? `\`${value}\`: ${explanation}` : `\`${value}\``;
  });
  return `${description} ${values.join(' ')}`;
}

/** A Markdown table of every `contributes.configuration` property, in manifest order. */
export function settingsTable(manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))) {
  const properties = manifest.contributes.configuration.properties;
  const rows = Object.entries(properties).map(
    ([key, property]) => `| \`${key}\` | ${cell(formatDefault(property.default))} | ${cell(describe(property))} |`,
  );
  return ['| Setting | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** One command's --help text, as the CLI prints it on a terminal 80 columns wide. */
async function helpText(command) {
  // commander wraps help to the terminal's width; the README always shows 80 columns.
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  try {
    const io = createCapturedIo();
    const code = await runMain([...command, '--help'], io);
    if (code !== 0) throw new Error(`skill-trainer ${command.join(' ')} --help exited with ${code}: ${io.stderrText}`);
    return io.stdoutText.trimEnd();
  } finally {
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete process.stdout.isTTY;
  }
}

/** Every command's --help in a fenced block under a `skill-trainer <command> --help` line. */
export async function cliReference() {
  const blocks = [];
  for (const command of CLI_HELP_COMMANDS) {
    const name = ['skill-trainer', ...command, '--help'].join(' ');
    blocks.push(`\`\`\`text\n$ ${name}\n${await helpText(command)}\n\`\`\``);
  }
  return blocks.join('\n\n');
}
