/**
 * The registry of targets coordinators have asked for, each with its provider account:
 * a Redis set of `{target, account}` entries, and a channel announcing each new entry.
 * One spec may appear under two accounts (two coordinators with different base URLs):
 * each pair is its own entry, and a worker serves every account whose targets it can run.
 */
import { z } from 'zod';
import type { Redis } from 'ioredis';
import { queuePrefix } from './queue-names';

/** The set of entries (JSON). */
export const targetRegistryKey = `${queuePrefix}:targets-by-account`;

/** Channel on which a coordinator announces an entry it just added, so idle workers start serving it at once. */
export const targetsChannel = `${queuePrefix}:targets:added`;

const entrySchema = z.object({ target: z.string().min(1), account: z.string().min(1) });

/** A target spec and the account its calls bill to. */
export type TargetEntry = z.infer<typeof entrySchema>;

/** Adds the entry and tells the workers listening. */
export async function registerTarget(redis: Redis, entry: TargetEntry): Promise<void> {
  const member = JSON.stringify({ target: entry.target, account: entry.account });
  await redis.sadd(targetRegistryKey, member);
  await redis.publish(targetsChannel, member);
}

/** An entry read back (a set member or an announcement); undefined for one written by another version. */
export function readTargetEntry(text: string): TargetEntry | undefined {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every entry, sorted by account then target. */
export async function listTargets(redis: Redis): Promise<TargetEntry[]> {
  const entries = (await redis.smembers(targetRegistryKey)).map(readTargetEntry).filter((entry): entry is TargetEntry => entry !== undefined);
  return entries.sort((a, b) => a.account.localeCompare(b.account) || a.target.localeCompare(b.target));
}
