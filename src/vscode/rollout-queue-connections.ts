/**
 * The extension's connections to the Redis queue of `skillTrainer.queue.url`: one per
 * URL, shared by every run of the window and closed with it. Settings are not secret,
 * so the URL may not hold a password: it comes from SKILL_TRAINER_QUEUE_PASSWORD in the
 * environment VS Code was started from.
 */
import { SkillTrainerError } from '../core/errors';
import { connectRolloutQueue, redactUrl, type RolloutQueue } from '../core/queue';

/** Where the queue's password is read from (never from settings). */
export const queuePasswordVariable = 'SKILL_TRAINER_QUEUE_PASSWORD';

const connections = new Map<string, Promise<RolloutQueue>>();

/**
 * The queue at the setting's URL (with the environment's password), connected once per
 * window; `concurrency` (skillTrainer.concurrency) becomes each provider account's limit in calls over every worker.
 */
export function rolloutQueueFor(settingUrl: string, environment: Readonly<Record<string, string | undefined>>, options: { concurrency: number; batchSize: number; onWarning: (message: string) => void }): Promise<RolloutQueue> {
  const url = queueUrlFromSetting(settingUrl, environment);
  let connection = connections.get(url);
  if (!connection) {
    connection = connectRolloutQueue(url, { globalConcurrency: options.concurrency, batchSize: options.batchSize, onWarning: options.onWarning });
    // A failed connection is tried again by the next run.
    connection.catch(() => connections.delete(url));
    connections.set(url, connection);
  }
  return connection;
}

/** Closes every connection (the window closes); jobs in Redis stay for a resume. */
export async function closeRolloutQueues(): Promise<void> {
  const open = [...connections.values()];
  connections.clear();
  await Promise.all(open.map((connection) => connection.then((queue) => queue.close()).catch(() => undefined)));
}

/** The setting's URL with the environment's password (the setting itself may not hold one). */
export function queueUrlFromSetting(settingUrl: string, environment: Readonly<Record<string, string | undefined>>): string {
  const password = environment[queuePasswordVariable];
  let parsed: URL;
  try {
    parsed = new URL(settingUrl);
  } catch {
    // connectRolloutQueue says what is wrong with it.
    return settingUrl;
  }
  if (parsed.password) {
    throw new SkillTrainerError(
      'queue_password_in_settings',
      `The skillTrainer.queue.url setting (${redactUrl(settingUrl)}) holds a password, and settings are not secret. Remove it from the URL and set ${queuePasswordVariable} in the environment VS Code starts from.`,
    );
  }
  if (password) parsed.password = password;
  return parsed.toString();
}
