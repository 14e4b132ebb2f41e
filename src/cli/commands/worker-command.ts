/**
 * `skill-trainer worker --redis <url>`: a headless worker that runs the rollout jobs of
 * `train`, `train-all`, `resume` and `eval` started with --queue. Keys and base URLs
 * come from this machine's environment, agent CLIs from its PATH; jobs carry the skill
 * text and the task prompts, never keys. Runs until Ctrl-C or SIGTERM, then lets its
 * jobs in flight finish.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { SkillTrainerError } from '../../core/errors';
import { startQueueWorker, type QueueWorkerEvent } from '../../core/queue';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { cliModelFactory, type CreateModel } from '../cli-model-factory';
import { parseCliArguments } from '../parse-cli-arguments';
import { queueUrlVariable } from '../cli-queue';

export const workerArgumentsSchema = z.object({
  redis: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).default(4),
  targets: z
    .string()
    .optional()
    .transform((text) => text?.split(',').map((spec) => spec.trim()).filter((spec) => spec.length > 0)),
  name: z.string().min(1).optional(),
  lockMs: z.coerce.number().int().min(500).max(600_000).default(30_000),
});

export type WorkerArguments = z.input<typeof workerArgumentsSchema>;

export async function runWorkerCommand(raw: WorkerArguments, io: CliIo, dependencies: { createModel?: CreateModel } = {}): Promise<number> {
  const args = parseCliArguments(workerArgumentsSchema, raw, 'worker');
  const url = args.redis ?? io.environment[queueUrlVariable];
  if (!url) throw new SkillTrainerError('queue_url_missing', `A worker needs the queue's Redis: pass --redis <url> (e.g. redis://10.0.0.5:6379) or set ${queueUrlVariable}.`);
  const factory = cliModelFactory(io.environment, dependencies.createModel);
  const name = args.name ?? `${hostname()}:${process.pid}`;
  const worker = await startQueueWorker({
    url,
    name,
    concurrency: args.concurrency,
    targets: args.targets,
    lockDurationMs: args.lockMs,
    // A sim: target's world comes with the job (the skill's tasks and seed); other targets need only the spec.
    createModel: (spec, simulation) =>
      factory(spec, {
        seed: simulation?.seed ?? 0,
        taskSet: async () => simulation?.taskSet ?? { source: 'queue job', tasks: [] },
      }),
    onEvent: (event) => io.stderr.write(`${describeWorkerEvent(event)}\n`),
  });
  io.stderr.write(`Worker ${name}: ${args.concurrency} call${args.concurrency === 1 ? '' : 's'} per provider at once; ${args.targets ? `serving ${args.targets.join(', ')}` : 'serving every target the queue asks for that this machine can run'}. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('Stopping: jobs in flight finish first.\n');
  await worker.close();
  return 0;
}

function describeWorkerEvent(event: QueueWorkerEvent): string {
  switch (event.type) {
    case 'serving':
      return `serving ${event.target} (the queue of account ${event.account})`;
    case 'cannot_serve':
      return `not serving ${event.target} (left for other workers): ${event.reason}`;
    case 'rate_limited':
      return `${event.target}: rate limited by the provider; its queue pauses ${event.pauseMs} ms for every worker (account ${event.account})`;
    case 'job_done':
      return `${event.target}: job done in ${event.latencyMs} ms (${event.calls} call${event.calls === 1 ? '' : 's'}${event.failed > 0 ? `, ${event.failed} failed` : ''})`;
    case 'warning':
      return `warning: ${event.message}`;
  }
}

export const workerCommand: CliCommand = {
  register(program, context) {
    program
      .command('worker')
      .description('Run rollout jobs from a Redis queue for runs started with --queue (on this or another machine)')
      .option('--redis <url>', `the queue's Redis, e.g. redis://10.0.0.5:6379 or rediss://:password@host:6380 (default: ${queueUrlVariable})`)
      .option('--concurrency <n>', 'calls run at once here per provider (batch jobs are taken while their calls fit)', '4')
      .option('--targets <spec,...>', 'serve only these target specs (default: every target asked for that this machine has the keys or CLI for)')
      .option('--name <name>', 'how `skill-trainer workers` lists this worker (default: host:pid)')
      .option('--lock-ms <ms>', "a job's lock; if this worker dies, its jobs go to another worker this long after (default 30000)")
      .addHelpText('after', '\nAPI keys and base URLs come from this machine\'s environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, ...); jobs never carry them.')
      .action(async (options: Record<string, unknown>) => {
        context.exitCode = await runWorkerCommand(options as WorkerArguments, context.io);
      });
  },
};
