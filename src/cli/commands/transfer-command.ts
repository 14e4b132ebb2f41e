/**
 * `skill-trainer transfer <skill-dir> --targets <spec,spec,...> [--run <id>] [--json]`:
 * the transfer matrix of a trained skill. For each target: the run's test tasks with no
 * skill, the original skill and the trained skill, with 95 % intervals, and the change
 * trained − original.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { SkillTrainerError } from '../../core/errors';
import { loadSkillTasks } from '../../core/library/load-library-skill';
import { checkTransfer, readTransferSubject, type TransferResult } from '../../core/library/transfer-check';
import { saveTransferCheck } from '../../core/library/transfer-checks-file';
import { createCallPolicies, DiskResponseCache, readPriceOverridesFile, withCallPolicies } from '../../core/models/policies';
import type { ScoreInterval } from '../../core/scoring/bootstrap-interval';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { cliFactoryOptions, cliModelFactory, embeddingFlagHelp, type CreateModel } from '../cli-model-factory';
import { runEmbeddingModels } from '../../core/scoring/similarity/run-embedding-models';
import { formatUsd } from '../eval-report';
import { defaultResponseCacheDirectory } from '../response-cache-directory';
import { parseCliArguments } from '../parse-cli-arguments';
import { formatTable } from '../text-table';
import { progressOutput } from './train-all-command';

const transferArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  targets: z
    .string()
    .min(1, 'name at least one target, e.g. --targets openai:gpt-5-mini,google:gemini-2.5-flash')
    .transform((text) => text.split(',').map((spec) => spec.trim()).filter((spec) => spec.length > 0)),
  run: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  embedding: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  maxCost: z.coerce.number().min(0).optional(),
  prices: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
});

export type TransferArguments = z.input<typeof transferArgumentsSchema>;

/** `0.667 [0.333, 1.000]`. */
export function formatInterval(interval: ScoreInterval, signed = false): string {
  if (interval.count === 0) return '—';
  const number = (value: number) => `${signed && value >= 0 ? '+' : ''}${value.toFixed(3)}`;
  return `${number(interval.mean)} [${number(interval.low)}, ${number(interval.high)}]`;
}

export function formatTransferMatrix(result: TransferResult): string {
  const rows = result.rows.map((row) => [row.target, formatInterval(row.noSkill), formatInterval(row.original), formatInterval(row.trained), formatInterval(row.delta, true), row.failedTasks > 0 ? `${row.failedTasks} unscored` : '']);
  const table = formatTable([{ header: 'target' }, { header: 'no skill' }, { header: 'original' }, { header: 'trained' }, { header: 'trained − original' }, { header: '' }], rows);
  return [
    `Transfer of ${result.skillName} (run ${result.runId}): ${result.taskCount} ${result.split === 'test' ? 'test' : 'validation (the run has no test tasks)'} tasks, ${result.metric} score, mean [95 % interval over tasks]`,
    '',
    table,
    '',
  ].join('\n');
}

export async function runTransferCommand(raw: TransferArguments, io: CliIo, dependencies: { createModel?: CreateModel } = {}): Promise<number> {
  const args = parseCliArguments(transferArgumentsSchema, raw, 'transfer', { skillDir: '<skill-dir>' });
  if (args.targets.length === 0) throw new SkillTrainerError('cli_arguments_invalid', 'Invalid --targets: name at least one model spec, e.g. --targets openai:gpt-5-mini,google:gemini-2.5-flash.');
  const workspace = resolve(io.cwd, args.workspace ?? '.');
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const subject = await readTransferSubject(workspace, { runId: args.run, skillDirectory });
  const policies = createCallPolicies({
    maxConcurrency: args.concurrency,
    cache: args.cache ? new DiskResponseCache(defaultResponseCacheDirectory(io.environment)) : false,
    budget: { maxCostUsd: args.maxCost },
    prices: args.prices ? await readPriceOverridesFile(resolve(io.cwd, args.prices)) : undefined,
  });
  const factory = cliModelFactory(io.environment, dependencies.createModel);
  const skill = { taskSet: () => loadSkillTasks(skillDirectory, undefined, { runCode: true, allowDrafts: true }), seed: 42 };
  const make = async (spec: string) => withCallPolicies(await factory(spec, skill), policies);
  const targets = await Promise.all(args.targets.map(make));
  const judgeSpec = args.judge ?? subject.models.judge ?? subject.models.optimizer;
  const judge = await make(judgeSpec);
  const progress = progressOutput(io, args.json);
  progress.write(`Scoring ${subject.tasks.length} tasks × 3 conditions on ${targets.length} target${targets.length === 1 ? '' : 's'} (judge ${judgeSpec})…\n`);
  const embeddings = runEmbeddingModels({ spec: args.embedding ?? subject.models.embedding, tasks: subject.tasks, factory: cliFactoryOptions(io.environment), policies });
  const result = await checkTransfer({ subject, targets, judge, embeddings, trusted: true, concurrency: args.concurrency, signal: io.signal });
  const cost = policies.totals.costOrUnknown();
  // Kept beside the run, where VS Code's Transfer page finds it too.
  const saved = await saveTransferCheck(workspace, { ...result, skillPath: subject.skillPath, judge: judgeSpec, checkedAt: new Date().toISOString(), costUsd: cost });
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ ...result, judge: judgeSpec, costUsd: cost }, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatTransferMatrix(result)}Cost: ${cost === null ? 'unknown (a model has no price; give it one with --prices <file>)' : formatUsd(cost)}; ${policies.totals.total().cacheHits} replies from the cache.\nSaved to ${saved}.\n`);
  }
  return result.rows.some((row) => row.failedTasks > 0) ? 3 : 0;
}

export const transferCommand: CliCommand = {
  register(program, context) {
    program
      .command('transfer')
      .description("Check a trained skill on other models: no skill, original and trained skill on the run's test tasks")
      .argument('<skill-dir>', 'the skill folder whose newest finished run is checked (or pass --run)')
      .requiredOption('--targets <specs>', 'comma-separated model specs to check, API models or agent CLIs, e.g. openai:gpt-5-mini,claude-code')
      .option('--run <id>', 'the training run whose trained skill is checked (default: the newest finished run of the skill)')
      .option('--judge <spec>', "model that grades rubric criteria (default: the run's judge)")
      .option('--embedding <spec>', `${embeddingFlagHelp}; default: the run's`)
      .option('--workspace <dir>', 'the folder holding .skill-trainer/ (default: the current folder)')
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once', '8')
      .option('--max-cost <usd>', 'stop before spending more than this many US dollars')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens (as for eval)')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--json', 'print the matrix as JSON')
      .addHelpText('after', '\nScores are in the run\'s gate metric, with 95 % bootstrap intervals over tasks. Exit codes: 0 scored, 3 some tasks could not be scored, 1 error.')
      .action(async (skillDir: string, options: Record<string, unknown>) => {
        context.exitCode = await runTransferCommand({ ...options, skillDir } as TransferArguments, context.io);
      });
  },
};
