/**
 * `skill-trainer tasks draft <skill-dir>`: the optimizer model reads the skill (and its
 * references/) and drafts eval tasks into evals/evals.json, each marked as a draft that
 * training and evaluation refuse until a person accepts it.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { errorMessage, SkillTrainerError } from '../../core/errors';
import { evalsFileForNewTasks, appendTasksToSkill } from '../../core/tasks/edit/evals-file-store';
import { draftTasks } from '../../core/tasks/draft/draft-tasks';
import { readSkillSources } from '../../core/tasks/draft/skill-sources';
import { inspectTaskSet, TaskFileError, type TaskSet } from '../../core/tasks';
import type { CliContext } from '../cli-command';
import type { CliIo } from '../cli-io';
import { evalExitCodes, formatUsd } from '../eval-report';
import type { EvalCommandDependencies } from './eval-command';
import { chooseModels, createTrainingModels } from './train-command';

export const draftArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  count: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(24),
  model: z.string().min(1).optional(),
  maxCost: z.coerce.number().min(0).optional(),
  prices: z.string().min(1).optional(),
  cache: z.boolean().default(true),
});

export type DraftArguments = z.input<typeof draftArgumentsSchema>;

const flagOf: Record<string, string> = { skillDir: '<skill-dir>', maxCost: '--max-cost' };

function parseDraftArguments(raw: DraftArguments): z.output<typeof draftArgumentsSchema> {
  const parsed = draftArgumentsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flagOf[field] ?? `--${field}`}: ${issue.message}. Run 'skill-trainer tasks draft --help' for the options.`);
}

/** The skill's current tasks (drafts included), or none; a task file that cannot be read is refused, since drafts would be appended to it. */
async function currentTasks(skillDirectory: string): Promise<TaskSet> {
  const found = await inspectTaskSet(skillDirectory);
  if (!found.file) return { source: evalsFileForNewTasks(skillDirectory), tasks: [] };
  if (!found.taskSet) throw new TaskFileError(found.problems);
  return found.taskSet;
}

export async function runTasksDraftCommand(raw: DraftArguments, io: CliIo, dependencies: EvalCommandDependencies = {}): Promise<number> {
  const args = parseDraftArguments(raw);
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const sources = await readSkillSources(skillDirectory);
  // Refused before any call is paid for when the tasks live in a promptfoo suite.
  const file = evalsFileForNewTasks(skillDirectory);
  const existing = await currentTasks(skillDirectory);
  const spec = args.model ?? chooseModels({}, io.environment).specs.optimizer;
  if (!args.model) {
    io.stderr.write(
      spec.startsWith('sim:')
        ? 'No --model and no API key: drafting in the simulated world (sim:), whose tasks are placeholders for trying the tool offline. Name a real model with --model.\n'
        : `No --model: drafting with ${spec} (its API key is set).\n`,
    );
  }
  const { models, policies } = await createTrainingModels(
    { target: spec, optimizer: spec },
    // The simulated drafter reads only the prompt: its world needs none of the skill's hints.
    { io, taskSet: async () => ({ source: file, tasks: [] }), seed: 42, concurrency: 1, maxCost: args.maxCost, pricesFile: args.prices, cache: args.cache, createModel: dependencies.createModel },
  );
  const references = sources.references.length === 0 ? 'no references/' : `${sources.references.length} reference file${sources.references.length === 1 ? '' : 's'}`;
  io.stderr.write(`Drafting ${args.count} task${args.count === 1 ? '' : 's'} for ${sources.name} with ${spec} (SKILL.md and ${references})…\n`);
  for (const skipped of sources.skipped) io.stderr.write(`  left out references: ${skipped.path} (${skipped.reason})\n`);
  const outcome = await draftTasks({
    sources,
    model: models.optimizer,
    count: args.count,
    existing: existing.tasks,
    signal: io.signal,
    onProgress: (drafted, count) => io.stderr.write(`  ${drafted}/${count} drafted\n`),
  });
  if (outcome.entries.length > 0) await appendTasksToSkill(skillDirectory, outcome.entries, { sim: outcome.sim });

  const where = relative(io.cwd, file) || file;
  const lines = outcome.entries.map((entry) => `  ${String(entry.id).padEnd(24)} ${String(entry.description ?? '')}`);
  const cost = policies.totals.costOrUnknown();
  const dir = relative(io.cwd, skillDirectory) || '.';
  io.stdout.write(
    [
      outcome.entries.length > 0 ? `Drafted ${outcome.entries.length} task${outcome.entries.length === 1 ? '' : 's'} into ${where}, each marked "draft": true:` : 'No task was drafted.',
      ...lines,
      ...outcome.notes.map((note) => `Note: ${note}`),
      `Cost: ${cost === null ? 'unknown (give the model a price with --prices <file>)' : formatUsd(cost)}`,
      ...(outcome.entries.length > 0
        ? [
            `Training and evaluation refuse drafts until a person has read them. Read them in ${where}, edit what is wrong, then`,
            `  skill-trainer tasks accept ${dir} --all        (or name the ids to keep)`,
            `  skill-trainer tasks drop ${dir} <ids...>       (the ones not worth keeping)`,
          ]
        : []),
    ].join('\n') + '\n',
  );
  if (outcome.stoppedBy) {
    io.stderr.write(`Drafting stopped early; the tasks above were kept: ${errorMessage(outcome.stoppedBy)}\n`);
    return evalExitCodes.infrastructureFailure;
  }
  return 0;
}

export function registerTasksDraft(tasks: Command, context: CliContext): void {
  tasks
    .command('draft')
    .description('Draft eval tasks from the skill (and its references/) with a model; they are marked as drafts until accepted')
    .argument('<skill-dir>', 'the skill folder (holding SKILL.md)')
    .option('--count <n>', 'tasks to draft: main cases, edge cases and near-misses where the skill should not apply', '24')
    .option('--model <spec>', 'model that drafts, e.g. anthropic:claude-sonnet-4-5 (default: the first provider with a key, else the simulation)')
    .option('--max-cost <usd>', 'stop before spending more than this many US dollars')
    .option('--prices <file>', 'JSON file of prices per model, USD per million tokens')
    .option('--no-cache', 'send every call, ignoring the response cache')
    .addHelpText(
      'after',
      '\nDrafts are appended to evals/evals.json (created when missing; existing tasks are kept) with "draft": true.\n' +
        "train and eval refuse them until reviewed: 'skill-trainer tasks accept' keeps them, 'skill-trainer tasks drop' removes them.\n" +
        'Exit codes: 0 drafted · 3 stopped early (the drafts so far were written) · 1 error, nothing written.',
    )
    .action(async (skillDir: string, options: Record<string, unknown>) => {
      context.exitCode = await runTasksDraftCommand({ ...options, skillDir } as DraftArguments, context.io);
    });
}
