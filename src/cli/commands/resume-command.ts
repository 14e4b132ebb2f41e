/** `skill-trainer resume <run-id>`: continues a stopped run from its last finished unit of work. */
import { dirname, join, resolve } from 'node:path';
import { SkillTrainerError } from '../../core/errors';
import type { ChatModel } from '../../core/models/chat-model';
import type { ModelFactoryOptions } from '../../core/models/create-chat-model';
import { openRunStore } from '../../core/store/run-store';
import { loadTaskSet } from '../../core/tasks';
import { carrySpendInto, readRunSpend, resumeTraining, type SpendTotals, type TrainingEvent } from '../../core/training';
import { readResumeConfig } from '../../core/training/resumable-run';
import { GitCheckpointSync } from '../../core/library/git-checkpoint-sync';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { formatUsd } from '../eval-report';
import { isLibraryRun } from '../../core/library/library-run-file';
import { runResumeLibraryCommand, type ResumeArguments } from './train-all-command';
import { createTrainingModels, reportTrainingResult } from './train-command';
import { TrainingDisplay } from './train-display';
import { describeQueueStatus, openCliQueue, queueBatchSchema } from '../cli-queue';

export async function runResumeCommand(
  raw: ResumeArguments,
  io: CliIo,
  dependencies: { createModel?: (spec: string, options: ModelFactoryOptions) => ChatModel } = {},
): Promise<number> {
  const workspace = resolve(io.cwd, raw.workspace ?? '.');
  if (await isLibraryRun(workspace, raw.runId)) return runResumeLibraryCommand(raw, io, dependencies);
  const store = openRunStore(workspace);
  const run = await store.openRun(raw.runId);
  const config = await readResumeConfig(run);
  const number = (value: unknown, flag: string) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flag}: expected a number >= 0, got '${String(value)}'.`);
    return parsed;
  };
  const concurrency = number(raw.concurrency, '--concurrency') ?? Math.max(1, Math.round(config.training.rolloutConcurrency / 2));
  const display = new TrainingDisplay(io.stderr);
  const queue = await openCliQueue(raw.queue, io, io.stderr, { concurrency, batchSize: queueBatchSchema.parse(raw.queueBatch), onStatus: (status) => display.showQueue(describeQueueStatus(status)) });
  try {
    return await resumeWithModels();
  } finally {
    await queue?.close();
  }

  async function resumeWithModels(): Promise<number> {
    const { models, policies } = await createTrainingModels(config.models, {
      io,
      embeddings: true,
      // Only the simulated world reads these (the run keeps its own tasks): drafts added since do not matter.
      taskSet: () => loadTaskSet(dirname(config.skillPath), { allowDrafts: true, runCode: true }),
      seed: config.training.seed,
      concurrency,
      maxCost: number(raw.maxCost, '--max-cost'),
      maxTokens: number(raw.maxTokens, '--max-tokens'),
      pricesFile: raw.prices,
      cache: raw.cache ?? true,
      createModel: dependencies.createModel,
      queue,
    });
    // The caps cover the whole run, as in train: what the run spent before counts.
    const spent = await readRunSpend(workspace, raw.runId);
    carrySpendInto(policies.budget, spent);
    if (spent.calls + spent.possiblyBilled.calls > 0) {
      const possibly = spent.possiblyBilled;
      const more = possibly.calls > 0 ? `, and possibly ${describeSpend(possibly)} more for calls in flight when a session stopped` : '';
      io.stderr.write(`Run ${raw.runId} has spent ${describeSpend(spent)} so far${more}; --max-cost and --max-tokens count it.\n`);
    }
    const git = raw.git ? new GitCheckpointSync(io.stderr, workspace) : undefined;
    const onEvent = (event: TrainingEvent) => {
      display.handle(event);
      git?.handle(raw.runId, config.skillPath, event);
    };
    const result = await resumeTraining({ runId: raw.runId, store, models, signal: io.signal, onEvent }).finally(() => display.finish());
    await git?.finish([{ runId: raw.runId, skillPath: config.skillPath }]);
    return reportTrainingResult(result, io, join(dirname(config.skillPath), 'SKILL.md'));
  }
}

function describeSpend(spent: SpendTotals): string {
  const unknown = spent.unknownCostCalls > 0 ? ` (plus ${spent.unknownCostCalls} calls of unknown price)` : '';
  return `${formatUsd(spent.costUsd)}${unknown} and ${spent.tokens.toLocaleString('en-US')} tokens in ${spent.calls} calls`;
}

export const resumeCommand: CliCommand = {
  register(program, context) {
    program
      .command('resume')
      .description('Continue a cancelled, budget-stopped or crashed training run, or a library run')
      .argument('<run-id>', "the run's id, as `skill-trainer runs` lists it, or a library run's id (lib-…)")
      .option('--workspace <dir>', 'the folder holding .skill-trainer/ (default: the current folder)')
      .option('--max-cost <usd>', 'budget for the whole run (of a library run: every skill together), US dollars (what it spent before counts)')
      .option('--max-tokens <n>', 'token budget for the whole run (what it spent before counts)')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens (as for train)')
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once (default: as started)')
      .option('--parallel <n>', 'a library run: skills trained at once (default: as started)')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--queue <redis-url>', "run the target's rollouts as jobs on `skill-trainer worker` processes through this Redis (default: SKILL_TRAINER_QUEUE_URL); jobs finished while the run was stopped are taken, not paid again")
      .option('--queue-batch <n>', 'target calls per queue job: tasks of one stage for one skill text (default 8, at most --concurrency; resume with the same value to take jobs still in the queue)')
      .option('--json', 'a library run: print a machine-readable summary on stdout')
      .option('--git', 'commit the checkpoints on the run\'s skill-trainer/<skill>/<run-id> branch, as train --git (a library run started with --git keeps it)')
      .addHelpText('after', '\nThe run keeps its models, settings and tasks; API keys come from the environment again.\nA library run continues every skill that did not finish; finished skills are not run again.')
      .action(async (runId: string, options: Record<string, unknown>) => {
        context.exitCode = await runResumeCommand({ ...options, runId } as Parameters<typeof runResumeCommand>[0], context.io);
      });
  },
};
