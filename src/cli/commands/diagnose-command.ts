/**
 * `skill-trainer diagnose <skill-dir>`: runs every task K times with the skill and
 * without it, checks the expected outputs, and reports checks that never discriminate,
 * tasks the skill does not change, flaky tasks, contradicting expected outputs and the
 * cost of each task, each finding with what to do.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { diagnoseSkill } from '../../core/diagnostics';
import { readSkillPayload } from '../../core/evaluation';
import { judgeCriteriaFor } from '../../core/scoring/judge/judge-criteria';
import { SkillTrainerError } from '../../core/errors';
import { DEFAULT_SPLIT_SEED, loadTaskSet, splitTasks } from '../../core/tasks';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { formatDiagnosticsReport } from '../diagnostics-text';
import { ProgressBar } from '../progress-bar';
import { quietUnlessTerminal, type EvalCommandDependencies } from './eval-command';
import { chooseModels, createTrainingModels } from './train-command';
import { embeddingFlagHelp } from '../cli-model-factory';

export const diagnoseArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  target: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  embedding: z.string().min(1).optional(),
  trials: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').default(3),
  split: z.enum(['train', 'val', 'test', 'all']).default('all'),
  seed: z.coerce.number().int().default(DEFAULT_SPLIT_SEED),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  maxCost: z.coerce.number().min(0).optional(),
  prices: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
});

export type DiagnoseArguments = z.input<typeof diagnoseArgumentsSchema>;

function parseDiagnoseArguments(raw: DiagnoseArguments): z.output<typeof diagnoseArgumentsSchema> {
  const parsed = diagnoseArgumentsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const flag = field === 'skillDir' ? '<skill-dir>' : field === 'maxCost' ? '--max-cost' : `--${field}`;
  throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flag}: ${issue.message}. Run 'skill-trainer diagnose --help' for the options.`);
}

export async function runDiagnoseCommand(raw: DiagnoseArguments, io: CliIo, dependencies: EvalCommandDependencies = {}): Promise<number> {
  const args = parseDiagnoseArguments(raw);
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const skill = await readSkillPayload(skillDirectory);
  const taskSet = await loadTaskSet(skillDirectory);
  const tasks = args.split === 'all' ? taskSet.tasks : splitTasks(taskSet.tasks, { seed: args.seed })[args.split];
  if (tasks.length === 0) throw new SkillTrainerError('cli_arguments_invalid', `The ${args.split} split of ${skill.name} has no tasks; pick another --split.`);
  const choice = chooseModels({ target: args.target, judge: args.judge }, io.environment);
  if (choice.note) io.stderr.write(`${choice.note.replace('training in', 'diagnosing in')}\n`);
  const { models, policies } = await createTrainingModels(
    { target: choice.specs.target, optimizer: choice.specs.target, judge: choice.specs.judge, embedding: args.embedding },
    { io, embeddings: true, taskSet: async () => taskSet, seed: 42, concurrency: args.concurrency, maxCost: args.maxCost, pricesFile: args.prices, cache: args.cache, createModel: dependencies.createModel },
  );
  // Asked for only when something needs grading: rubric criteria, or an expected output to check against its task.
  const judge = tasks.some((task) => judgeCriteriaFor(task).length > 0 || task.expectedOutput) ? models.judge : undefined;
  const output = args.json ? quietUnlessTerminal(io.stderr) : io.stderr;
  const progress = new ProgressBar(output, tasks.length * args.trials * 2);
  output.write(`Diagnosing ${skill.name}: ${tasks.length} tasks × ${args.trials} trials, with the skill and without it, on ${choice.specs.target}${judge ? `, judge ${choice.specs.judge}` : ''}\n`);
  const report = await diagnoseSkill({
    skill,
    tasks,
    target: models.target,
    judge,
    embeddings: models.embeddings,
    trusted: true,
    trials: args.trials,
    concurrency: args.concurrency,
    skillDirectory,
    signal: io.signal,
    onProgress: ({ phase, latest }) => {
      if (latest) progress.tick(`${phase === 'with-skill' ? 'with skill' : 'without skill'}  ${latest.taskId}${'score' in latest ? `  hard ${latest.score.hard}` : '  not scored'}`);
    },
    totals: () => {
      const total = policies.totals.total();
      return { calls: total.calls, inputTokens: total.inputTokens, outputTokens: total.outputTokens, costUsd: policies.totals.costOrUnknown() };
    },
  }).finally(() => progress.finish());
  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatDiagnosticsReport(report, { width: io.stdout.isTTY ? io.stdout.columns : undefined }));
  return 0;
}

export const diagnoseCommand: CliCommand = {
  register(program, context) {
    program
      .command('diagnose')
      .description('Find eval tasks and checks that mislead: checks that never discriminate, tasks the skill does not change, flaky tasks, contradicting expected outputs, cost per task')
      .argument('<skill-dir>', 'the skill folder (holding SKILL.md and evals/evals.json)')
      .option('--target <spec>', 'model that runs the tasks (default: as for train)')
      .option('--judge <spec>', 'model that grades rubric criteria (default: the target)')
      .option('--embedding <spec>', embeddingFlagHelp)
      .option('--trials <k>', 'runs per task, with the skill and again without it', '3')
      .option('--split <split>', 'which tasks: train, val, test or all', 'all')
      .option('--seed <n>', 'seed of the split for tasks without an explicit one', String(DEFAULT_SPLIT_SEED))
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once', '8')
      .option('--max-cost <usd>', 'stop before spending more than this many US dollars')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--json', 'print the report as JSON on stdout')
      .addHelpText(
        'after',
        '\nCost: 2 × trials runs of every task (target and judge), plus one judge call per task with an expected output.\n' +
          'Exit codes: 0 diagnosed (whatever was found) · 1 the command could not start or a model call stopped it.',
      )
      .action(async (skillDir: string, options: Record<string, unknown>) => {
        context.exitCode = await runDiagnoseCommand({ ...options, skillDir } as DiagnoseArguments, context.io);
      });
  },
};
