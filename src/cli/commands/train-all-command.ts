/**
 * `skill-trainer train-all [folders...]`: trains every skill below the folders in one
 * library run: up to --parallel runs at once sharing one limiter per provider, one
 * --max-cost for all of them, skills without usable tasks skipped with the reason.
 * `skill-trainer resume <library-run-id>` continues it after a stop or a crash.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { SkillTrainerError } from '../../core/errors';
import { estimateLibraryRun, type LibraryEstimate } from '../../core/library/library-estimate';
import { resumeLibraryRun, startLibraryRun, type LibraryModelContext, type LibraryRunResult, type LibraryRuntime } from '../../core/library/library-run';
import { readLibraryRun } from '../../core/library/library-run-file';
import { prepareLibrarySkills, unmatchedConfigEntries } from '../../core/library/prepare-library-run';
import { loadWorkspaceConfig } from '../../core/library/read-workspace-config';
import { describeRunEstimate, DiskResponseCache, readPriceOverridesFile } from '../../core/models/policies';
import type { CliCommand } from '../cli-command';
import type { CliIo, CliOutput } from '../cli-io';
import { cliFactoryOptions, cliModelFactory, type CreateModel } from '../cli-model-factory';
import { describeQueueStatus, openCliQueue, queueBatchSchema, type CliQueue } from '../cli-queue';
import { formatUsd } from '../eval-report';
import { GitCheckpointSync } from '../../core/library/git-checkpoint-sync';
import { formatLibraryReport, libraryExitCode, libraryResultJson } from '../library-report';
import { parseCliArguments } from '../parse-cli-arguments';
import { defaultResponseCacheDirectory } from '../response-cache-directory';
import { findSkillFolders } from './find-skill-folders';
import { LibraryDisplay } from './library-display';
import { chooseModels } from './train-command';
import { addTrainingOptions, givenOptions, splitRatiosOf, trainingFlagsLayer, trainingFlagsSchema } from './train-arguments';

export const trainAllArgumentsSchema = trainingFlagsSchema.extend({
  folders: z.array(z.string().min(1)).default(['.']),
  parallel: z.coerce.number().int().min(1).max(64).default(2),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  maxCost: z.coerce.number().min(0).optional(),
  maxTokens: z.coerce.number().int().min(0).optional(),
  maxCostPerSkill: z.coerce.number().min(0).optional(),
  maxTokensPerSkill: z.coerce.number().int().min(0).optional(),
  onlyChanged: z.boolean().default(false),
  prices: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
  git: z.boolean().default(false),
});

export type TrainAllArguments = z.input<typeof trainAllArgumentsSchema>;

/** The skill folders the arguments name: a skill folder itself, or every skill folder below a folder. */
export function skillFoldersOf(folders: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    const root = resolve(cwd, folder);
    if (!existsSync(root)) throw new SkillTrainerError('skill_not_found', `${folder} does not exist. Name folders that hold skills (each skill a folder with a SKILL.md).`);
    if (existsSync(join(root, 'SKILL.md'))) {
      found.push(root);
      continue;
    }
    const search = findSkillFolders(root);
    found.push(...search.folders.map((path) => join(root, path)));
  }
  if (found.length === 0) {
    throw new SkillTrainerError('skill_not_found', `No skill folders (folders holding a SKILL.md) in ${folders.join(', ')}. Name the folder that holds your skills, e.g. skill-trainer train-all skills`);
  }
  return found;
}

/** The progress display, plus the git side branches with --git. */
function libraryListeners(output: CliOutput, workspace: string, git: boolean): { onEvent: NonNullable<LibraryRuntime['onEvent']>; showQueue(text: string): void; finish(result: LibraryRunResult): Promise<void> } {
  const display = new LibraryDisplay(output);
  const sync = git ? new GitCheckpointSync(output, workspace) : undefined;
  return {
    onEvent: (event) => {
      display.handle(event);
      if (event.type === 'training_event') sync?.handle(event.runId, event.skillPath, event.event);
    },
    showQueue: (text) => display.showQueue(text),
    finish: async (result) => {
      await sync?.finish(result.skills.flatMap((skill) => (skill.runId ? [{ runId: skill.runId, skillPath: skill.skillPath }] : [])));
    },
  };
}

/** What the command line gives every library run (new or resumed): models, cache, prices, Ctrl-C. */
export async function cliLibraryRuntime(io: CliIo, options: { cache: boolean; prices?: string; createModel?: CreateModel; onEvent?: LibraryRuntime['onEvent']; queue?: CliQueue }): Promise<LibraryRuntime> {
  // The library passes one context per skill run, so each run's simulated world is built once from its own tasks.
  const factory = cliModelFactory(io.environment, options.createModel);
  const queue = options.queue;
  return {
    createModel: factory,
    embeddingFactory: cliFactoryOptions(io.environment),
    ...(queue && { createTarget: (spec: string, skill: LibraryModelContext) => queue.target(spec, skill) }),
    cache: options.cache ? new DiskResponseCache(defaultResponseCacheDirectory(io.environment)) : false,
    prices: options.prices ? await readPriceOverridesFile(resolve(io.cwd, options.prices)) : undefined,
    trusted: true,
    signal: io.signal,
    onEvent: options.onEvent,
  };
}

/** Progress goes to stderr; with --json only on a terminal, so stdout holds only the JSON. */
export function progressOutput(io: CliIo, json: boolean): CliOutput {
  return json && !io.stderr.isTTY ? { isTTY: false, write: () => undefined } : io.stderr;
}

function describeEstimate(estimate: LibraryEstimate, maxCost: number | undefined): string {
  const total = describeRunEstimate(
    { calls: estimate.calls, inputTokens: estimate.tokens, outputTokens: 0, costUsd: estimate.costUsd, perRole: {}, unpricedSpecs: [...new Set(estimate.skills.flatMap((skill) => skill.estimate.unpricedSpecs))] },
    'give it one with --prices <file>',
  );
  const lines = [`Estimate for ${estimate.skills.length} skill${estimate.skills.length === 1 ? '' : 's'}: ${total}.`];
  for (const skill of estimate.skills) {
    const cost = skill.estimate.costUsd === null ? 'cost unknown' : formatUsd(skill.estimate.costUsd);
    const fits = skill.fitsLibraryCap === false ? ' — beyond the --max-cost cap after the skills before it' : skill.fitsRunCap === false ? ' — above its own per-run cap' : '';
    lines.push(`  ${skill.name}: about ${skill.estimate.calls} calls, ${cost}${fits}`);
  }
  if (maxCost !== undefined) {
    const beyond = estimate.skills.filter((skill) => !estimate.fitting.includes(skill.name)).map((skill) => skill.name);
    lines.push(beyond.length === 0 ? `Every skill fits the ${formatUsd(maxCost)} cap.` : `Fit the ${formatUsd(maxCost)} cap: ${estimate.fitting.join(', ') || 'none'}; likely stopped at a cap (resumable with a higher one): ${beyond.join(', ')}.`);
  }
  return lines.join('\n');
}

export async function runTrainAllCommand(raw: TrainAllArguments, io: CliIo, dependencies: { createModel?: CreateModel } = {}): Promise<number> {
  const args = parseCliArguments(trainAllArgumentsSchema, raw, 'train-all');
  const workspace = resolve(io.cwd, args.workspace ?? '.');
  const choice = chooseModels({}, io.environment);
  const config = await loadWorkspaceConfig(workspace, args.config && resolve(io.cwd, args.config));
  const progress = progressOutput(io, args.json);
  if (config) progress.write(`Settings from ${relative(io.cwd, config.file) || config.file} (flags win over it).\n`);
  const prepared = await prepareLibrarySkills({
    workspaceRoot: workspace,
    skillDirectories: skillFoldersOf(args.folders, io.cwd),
    config,
    defaults: { training: { rolloutConcurrency: 2 * args.concurrency } },
    flags: { ...trainingFlagsLayer(args), maxCostUsd: args.maxCostPerSkill, maxTokens: args.maxTokensPerSkill, splitRatios: splitRatiosOf(args) },
    fallbackModels: choice.specs,
    onlyChanged: args.onlyChanged,
    // The person at the terminal chose these skills: a suite's own code may build its tasks.
    trusted: true,
  });
  if (choice.note && prepared.some((skill) => skill.settings?.models === choice.specs)) progress.write(`${choice.note}\n`);
  for (const key of unmatchedConfigEntries(config, prepared)) {
    progress.write(`warning: "skills.${key}" in ${relative(io.cwd, config!.file) || config!.file} matches none of the skills trained here (by folder name or path relative to the file); its settings are not used.\n`);
  }
  const listeners = libraryListeners(progress, workspace, args.git);
  const queue = await openCliQueue(args.queue, io, progress, { concurrency: args.concurrency, batchSize: args.queueBatch, onStatus: (status) => listeners.showQueue(describeQueueStatus(status)) });
  try {
    const runtime = await cliLibraryRuntime(io, { cache: args.cache, prices: args.prices, createModel: dependencies.createModel, onEvent: listeners.onEvent, queue });
    progress.write(`${describeEstimate(estimateLibraryRun(prepared, { prices: runtime.prices, maxCostUsd: args.maxCost }), args.maxCost)}\n`);
    const result = await startLibraryRun({
      ...runtime,
      workspaceRoot: workspace,
      skills: prepared,
      options: { parallel: args.parallel, concurrency: args.concurrency, maxCostUsd: args.maxCost, maxTokens: args.maxTokens, onlyChanged: args.onlyChanged, ...(args.git ? { git: true } : {}) },
    });
    await listeners.finish(result);
    io.stdout.write(args.json ? `${JSON.stringify(libraryResultJson(result, workspace), null, 2)}\n` : formatLibraryReport(result));
    return libraryExitCode(result.status);
  } finally {
    await queue?.close();
  }
}

/** `skill-trainer resume <library-run-id>`: every unfinished skill continues its run; finished ones stay. */
export async function runResumeLibraryCommand(
  raw: ResumeArguments,
  io: CliIo,
  dependencies: { createModel?: CreateModel } = {},
): Promise<number> {
  const args = parseCliArguments(resumeLibraryArgumentsSchema, raw, 'resume', { runId: '<run-id>' });
  const workspace = resolve(io.cwd, args.workspace ?? '.');
  const progress = progressOutput(io, args.json);
  const git = args.git || (await readLibraryRun(workspace, args.runId)).options.git === true;
  const listeners = libraryListeners(progress, workspace, git);
  const record = await readLibraryRun(workspace, args.runId);
  const queue = await openCliQueue(args.queue, io, progress, { concurrency: args.concurrency ?? record.options.concurrency, batchSize: args.queueBatch, onStatus: (status) => listeners.showQueue(describeQueueStatus(status)) });
  try {
    const runtime = await cliLibraryRuntime(io, { cache: args.cache, prices: args.prices, createModel: dependencies.createModel, onEvent: listeners.onEvent, queue });
    const result = await resumeLibraryRun({
      ...runtime,
      workspaceRoot: workspace,
      libraryRunId: args.runId,
      options: { maxCostUsd: args.maxCost, maxTokens: args.maxTokens, parallel: args.parallel, concurrency: args.concurrency, ...(git ? { git: true } : {}) },
    });
    await listeners.finish(result);
    io.stdout.write(args.json ? `${JSON.stringify(libraryResultJson(result, workspace), null, 2)}\n` : formatLibraryReport(result));
    return libraryExitCode(result.status);
  } finally {
    await queue?.close();
  }
}

const resumeLibraryArgumentsSchema = z.object({
  runId: z.string().min(1),
  workspace: z.string().min(1).optional(),
  maxCost: z.coerce.number().min(0).optional(),
  maxTokens: z.coerce.number().int().min(0).optional(),
  parallel: z.coerce.number().int().min(1).max(64).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).optional(),
  prices: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
  git: z.boolean().default(false),
  queue: z.string().min(1).optional(),
  queueBatch: queueBatchSchema,
});

/** `resume`'s flags as given (a single run's or a library run's). */
export interface ResumeArguments {
  runId: string;
  workspace?: string;
  maxCost?: string | number;
  maxTokens?: string | number;
  parallel?: string | number;
  concurrency?: string | number;
  prices?: string;
  cache?: boolean;
  json?: boolean;
  git?: boolean;
  queue?: string;
  queueBatch?: string | number;
}

export const trainAllCommand: CliCommand = {
  register(program, context) {
    const command = program
      .command('train-all')
      .description('Train every skill below the folders in one library run (parallel, one budget, resumable as a whole)')
      .argument('[folders...]', 'skill folders, or folders holding skill folders (default: the current folder)');
    addTrainingOptions(command)
      .option('--parallel <n>', 'skills trained at once', '2')
      .option('--concurrency <n>', 'calls in flight per provider, shared by every skill', '8')
      .option('--max-cost <usd>', 'cap for the whole library run, US dollars (every skill together)')
      .option('--max-tokens <n>', 'token cap for the whole library run')
      .option('--max-cost-per-skill <usd>', "cap of each skill's run, US dollars")
      .option('--max-tokens-per-skill <n>', "token cap of each skill's run")
      .option('--only-changed', 'train only skills whose SKILL.md or tasks changed since their last finished run')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens (as for train)')
      .option('--workspace <dir>', 'where .skill-trainer/ and skill-trainer.config.json live (default: the current folder)')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--json', 'print a machine-readable summary on stdout')
      .option('--git', "commit each run's accepted steps, slow updates and trained skill on a branch skill-trainer/<skill>/<run-id> (HEAD, index and working tree untouched)")
      .addHelpText(
        'after',
        '\nSettings per skill come from skill-trainer.config.json (or .yaml) in the workspace: "defaults" and "skills": {"<name>": {...}};\n' +
          'flags win over the file. Skills without eval tasks, or with invalid ones, are skipped with the reason.\n' +
          'Ctrl-C stops every run at its next safe point; `skill-trainer resume <library-run-id>` continues them all.\n' +
          'Exit codes: 0 every skill finished (or was skipped), 4 some stopped at a budget (resumable), 130 cancelled (resumable), 1 some failed or an error.',
      )
      .action(async (folders: string[], _options: Record<string, unknown>, self: Command) => {
        context.exitCode = await runTrainAllCommand({ ...givenOptions(self), folders: folders.length > 0 ? folders : undefined } as TrainAllArguments, context.io);
      });
  },
};
