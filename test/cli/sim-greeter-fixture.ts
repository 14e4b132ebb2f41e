/** A simulated skill for trials and diagnostics tests, and how to run the CLI on it. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';

/** A simulated skill with one flaky task ('coin'), one steady task and one the skill does not change. */
export const flakyEvals = {
  skill_name: 'greeter',
  sim: {
    rules: [
      { id: 'name', phrase: 'greet by name', instruction: 'Always greet by name.', criterion: 'The greeting names the person' },
      { id: 'wave', phrase: 'end with a wave', instruction: 'Always end with a wave.' },
    ],
  },
  evals: [
    {
      id: 'coin',
      prompt: 'Greet Ada at the door.',
      rubric: { hard: ['The greeting names the person'], soft: [] },
      assert: [{ type: 'max-length', value: 100000 }],
      sim: { output: 'Hello{{name|, Ada|}}!{{wave| o/|}}', flakiness: 0.45 },
    },
    {
      id: 'steady',
      prompt: 'Greet Bob at the gate.',
      assert: [{ type: 'contains', value: 'Bob' }, { type: 'max-length', value: 100000 }],
      sim: { output: 'Hi{{name| Bob|}}.' },
    },
    {
      id: 'unmoved',
      prompt: 'Say good night to Cy.',
      assert: [{ type: 'contains', value: 'night' }],
      sim: { output: 'Good night.' },
    },
  ],
};

export async function withSimSkill(run: (paths: { root: string; cacheDir: string }) => Promise<void>, evals: unknown = flakyEvals) {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-trials-'));
  try {
    await mkdir(join(root, 'greeter', 'evals'), { recursive: true });
    await writeFile(join(root, 'greeter', 'SKILL.md'), '---\nname: greeter\ndescription: Greets people.\n---\n- Greet by name.\n- End with a wave.\n');
    await writeFile(join(root, 'greeter', 'evals', 'evals.json'), JSON.stringify(evals));
    await run({ root, cacheDir: join(root, 'cache') });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function cli(root: string, cacheDir: string, ...argv: string[]) {
  const io = createCapturedIo({ environment: { SKILL_TRAINER_CACHE_DIR: cacheDir }, cwd: root });
  const code = await runMain(argv, io);
  return { code, stdout: io.stdoutText, stderr: io.stderrText };
}

