// The demo in the terminal: `skill-trainer train skills/<example>` exactly as the README
// shows it, then what training changed in the skill.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { listRuns } from '../../src/core/store/run-reader.ts';
import { repoRoot } from '../vscode-test/paths.mjs';
import { demoModels } from './demo-models.mjs';
import { buildCli } from './demo-steps.mjs';

function colorPatch(patch) {
  if (!process.stdout.isTTY) return patch;
  return patch
    .split('\n')
    .map((line) => (/^\+(?!\+\+)/.test(line) ? `\x1b[32m${line}\x1b[0m` : /^-(?!--)/.test(line) ? `\x1b[31m${line}\x1b[0m` : line))
    .join('\n');
}

/** Prints the diff between the skill and the trained skill of its newest finished run. */
async function printTrainedDiff(skillPath) {
  // Newest first: the run that just finished.
  const latest = (await listRuns(repoRoot, { skillPath })).find((run) => run.status === 'finished');
  const trainedRelative = latest && join('.skill-trainer', 'runs', latest.id, 'trained', 'SKILL.md');
  if (!trainedRelative || !existsSync(join(repoRoot, trainedRelative))) return;
  const patch = createTwoFilesPatch('SKILL.md (yours)', 'SKILL.md (trained)', readFileSync(skillPath, 'utf8'), readFileSync(join(repoRoot, trainedRelative), 'utf8'), '', '', { context: 2 });
  console.log(`\nWhat training changed (${trainedRelative}):\n`);
  console.log(colorPatch(patch.split('\n').filter((line) => !/^=+$/.test(line)).join('\n')));
}

/** Trains one example in the terminal; returns the command's exit code. */
export async function headlessDemo({ skill }) {
  const skillDir = join('skills', skill);
  if (!existsSync(join(repoRoot, skillDir, 'SKILL.md'))) {
    throw new Error(`No example skill '${skill}': pick one of the folders in skills/ (e.g. commit-messages).`);
  }
  buildCli();
  const models = demoModels();
  console.log(`\n${models.note}\n`);
  // Simulated replies are free and instant; a cached one could come from an older
  // version of the example's hints, so the simulation always answers afresh.
  const args = ['train', skillDir, ...(models.simulated ? ['--no-cache'] : [])];
  console.log(`demo: skill-trainer ${args.join(' ')}    (as: npx skill-trainer ${args.join(' ')})\n`);
  // Ctrl-C reaches the CLI too: it stops at a safe point and prints how to resume.
  process.on('SIGINT', () => {});
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status === 0) await printTrainedDiff(join(repoRoot, skillDir, 'SKILL.md'));
  return result.status ?? 1;
}
