/**
 * `skill-trainer tasks import <file>`: adds tasks to a skill's evals/evals.json from a
 * CSV (header row with a prompt column) or JSON Lines file of prompts and optional
 * expected outputs. A bad row stops the import before anything is written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { readSkillPayload } from '../../core/evaluation/skill-payload';
import { evalsFileIds } from '../../core/tasks/edit/evals-file-edits';
import { appendTasksToSkill, evalsFileForNewTasks } from '../../core/tasks/edit/evals-file-store';
import { importTaskRows } from '../../core/tasks/import/import-task-rows';
import type { CliContext } from '../cli-command';
import type { CliIo } from '../cli-io';

export async function runTasksImportCommand(args: { file: string; skill?: string }, io: CliIo): Promise<number> {
  const skillDirectory = resolve(io.cwd, args.skill ?? '.');
  await readSkillPayload(skillDirectory);
  const target = evalsFileForNewTasks(skillDirectory);
  const existingIds = existsSync(target) ? evalsFileIds(await readFile(target, 'utf8'), target) : new Set<string>();
  const imported = await importTaskRows(resolve(io.cwd, args.file), existingIds);
  const written = await appendTasksToSkill(skillDirectory, imported.entries);
  const count = imported.entries.length;
  io.stdout.write(
    [`Imported ${count} task${count === 1 ? '' : 's'} into ${relative(io.cwd, written) || written}.`, ...imported.notes.map((note) => `Note: ${note}`)].join('\n') + '\n',
  );
  return 0;
}

export function registerTasksImport(tasks: Command, context: CliContext): void {
  tasks
    .command('import')
    .description("Add tasks to a skill's evals/evals.json from a CSV or JSONL file of prompts (and optional expected outputs)")
    .argument('<file>', 'a .csv file with a header row, or a .jsonl file with one JSON object per line')
    .option('--skill <dir>', 'the skill folder to add the tasks to', '.')
    .addHelpText(
      'after',
      '\nColumns (CSV) or keys (JSONL): prompt (required; also input, question), expected_output (also expected, output, answer),\n' +
        'id, split (train, val or test) and description; others are ignored with a note. Rows without an id get <file name>-<n>.\n' +
        'Every bad row is reported with its line, and nothing is written until all rows are good.',
    )
    .action(async (file: string, options: { skill?: string }) => {
      context.exitCode = await runTasksImportCommand({ file, skill: options.skill }, context.io);
    });
}
