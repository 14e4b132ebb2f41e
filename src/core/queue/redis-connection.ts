/**
 * Connections to the queue's Redis. Loaded only when a Redis URL is given (dynamic
 * imports), so core runs and tests without Redis or its client.
 *
 * Every connection retries for ever with a short backoff and keeps commands queued
 * while Redis is away: a restarted Redis is reconnected to and the run goes on.
 */
import { SkillTrainerError } from '../errors';

/** A Redis URL could not be used; says which and how to fix it. */
export class QueueUrlError extends SkillTrainerError {
  readonly url: string;

  constructor(url: string, reason: string) {
    super('queue_url_invalid', `The queue URL '${redactUrl(url)}' ${reason}. Give a Redis URL such as redis://127.0.0.1:6379, redis://:password@host:6379/0 or rediss://host:6380 (TLS).`);
    this.url = redactUrl(url);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Checks the URL's shape before anything connects. */
export function checkRedisUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUrlError(url, 'is not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new QueueUrlError(url, `uses ${parsed.protocol} (redis: or rediss: expected)`);
}

/** Options for BullMQ's connections and our own: reconnect for ever, never fail a command for a lost connection. */
export function connectionOptions(url: string): { url: string; maxRetriesPerRequest: null; enableOfflineQueue: true; retryStrategy: (times: number) => number } {
  checkRedisUrl(url);
  // ms between reconnection attempts: quick at first, then every 2 s.
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (times) => Math.min(100 * times, 2_000) };
}

/** Redis could not be reached when a command or run started. */
export class QueueConnectionError extends SkillTrainerError {
  constructor(url: string, waitedMs: number, lastError: string | undefined) {
    super(
      'queue_unreachable',
      `Could not reach Redis at ${redactUrl(url)} within ${Math.round(waitedMs / 1000)} s${lastError ? ` (${lastError})` : ''}. ` +
        'Check that it runs (redis-cli -u <url> ping), that this machine may reach it (its bind address, a firewall) and the password in the URL.',
    );
  }
}

/** ms to wait for Redis when a command starts; once connected, a lost connection is retried for ever. */
const firstConnectionTimeoutMs = 10_000;

/**
 * A plain Redis client (heartbeats, the target registry), connected: a Redis that
 * cannot be reached at the start is an error that says so, not a silent wait.
 */
export async function openRedisClient(url: string): Promise<import('ioredis').Redis> {
  const { Redis } = await import('ioredis');
  const options = connectionOptions(url);
  const client = new Redis(url, { maxRetriesPerRequest: options.maxRetriesPerRequest, enableOfflineQueue: true, retryStrategy: options.retryStrategy, lazyConnect: true });
  let lastError: string | undefined;
  // Connection errors are retried by the client; without a listener Node would print each one.
  client.on('error', (error: Error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueConnectionError(url, firstConnectionTimeoutMs, lastError)), firstConnectionTimeoutMs);
  });
  try {
    // The first attempt may fail while Redis starts: the client retries until ready or the timeout.
    const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
    client.connect().catch(() => undefined);
    await Promise.race([ready, timedOut]);
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** Keys matching `pattern`, read with SCAN (KEYS would block a busy Redis). */
export async function scanKeys(redis: import('ioredis').Redis, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...keys];
}
