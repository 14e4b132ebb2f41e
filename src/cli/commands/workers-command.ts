/** `skill-trainer workers --redis <url>`: the workers connected to a queue, their targets and load, and each target's jobs. */
import { z } from 'zod';
import { SkillTrainerError } from '../../core/errors';
import { listQueueWorkers, redactUrl, type QueueOverview } from '../../core/queue';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { queueUrlVariable } from '../cli-queue';
import { parseCliArguments } from '../parse-cli-arguments';
import { formatTable } from '../text-table';

const workersArgumentsSchema = z.object({ redis: z.string().min(1).optional(), json: z.boolean().default(false) });

export async function runWorkersCommand(raw: z.input<typeof workersArgumentsSchema>, io: CliIo): Promise<number> {
  const args = parseCliArguments(workersArgumentsSchema, raw, 'workers');
  const url = args.redis ?? io.environment[queueUrlVariable];
  if (!url) throw new SkillTrainerError('queue_url_missing', `Name the queue's Redis: pass --redis <url> or set ${queueUrlVariable}.`);
  const overview = await listQueueWorkers(url);
  io.stdout.write(args.json ? `${JSON.stringify(overview, null, 2)}\n` : formatOverview(overview, redactUrl(url)));
  return 0;
}

export function formatOverview(overview: QueueOverview, where: string): string {
  const lines: string[] = [];
  if (overview.workers.length === 0) {
    lines.push(`No worker is connected to ${where}. Start one with: skill-trainer worker --redis <url>`);
  } else {
    lines.push(`${overview.workers.length} worker${overview.workers.length === 1 ? '' : 's'} connected to ${where}:`);
    lines.push(
      formatTable(
        [{ header: 'worker' }, { header: 'load', align: 'right' }, { header: 'done', align: 'right' }, { header: 'last seen' }, { header: 'targets' }],
        overview.workers.map((worker) => [worker.name, `${worker.active}/${worker.concurrency}`, String(worker.done), worker.updatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), worker.targets.join(', ') || '(none yet)']),
      ),
    );
  }
  if (overview.accounts.length > 0) {
    lines.push('', 'Batch jobs by provider account (its targets share its limits):');
    lines.push(
      formatTable(
        [{ header: 'account' }, { header: 'targets' }, { header: 'running', align: 'right' }, { header: 'waiting', align: 'right' }, { header: 'done', align: 'right' }, { header: 'failed', align: 'right' }],
        overview.accounts.map((account) => [account.account, account.targets.join(', '), String(account.active), String(account.waiting), String(account.completed), String(account.failed)]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const workersCommand: CliCommand = {
  register(program, context) {
    program
      .command('workers')
      .description('List the workers connected to a Redis queue, their targets and load, and the batch jobs of each provider account')
      .option('--redis <url>', `the queue's Redis (default: ${queueUrlVariable})`)
      .option('--json', 'print the list as JSON')
      .action(async (options: Record<string, unknown>) => {
        context.exitCode = await runWorkersCommand(options, context.io);
      });
  },
};
