/**
 * Transfer checks kept in the run store, beside the run they checked
 * (`.skill-trainer/runs/<id>/transfer.json`), so `skill-trainer transfer` and VS Code's
 * Check Transfer see each other's results. A newer check of a run replaces the older.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../store/atomic-write';
import { runFolder } from '../store/run-reader';
import { storeFolderName } from '../store/run-store';
import type { TransferResult } from './transfer-check';

/** A transfer check as saved: the matrix and what it was made with. */
export interface TransferCheckRecord extends TransferResult {
  skillPath: string;
  /** The judge's model spec. */
  judge: string;
  /** ISO 8601, when the check ended. */
  checkedAt: string;
  /** USD of the check's calls; null when a price was unknown. */
  costUsd: number | null;
}

const TRANSFER_FILE = 'transfer.json';

// JSON has no NaN: the mean of an empty interval is written as null and read back as NaN.
const score = z.number().nullable().transform((value) => value ?? Number.NaN);
const interval = z.object({ mean: score, low: score, high: score, count: z.number().int().nonnegative() });
const recordSchema = z.object({
  runId: z.string(),
  skillName: z.string(),
  skillPath: z.string(),
  split: z.enum(['train', 'val', 'test']),
  metric: z.enum(['hard', 'soft', 'mixed']),
  taskCount: z.number().int().nonnegative(),
  judge: z.string(),
  checkedAt: z.string(),
  costUsd: z.number().nullable(),
  rows: z.array(z.object({ target: z.string(), noSkill: interval, original: interval, trained: interval, delta: interval, failedTasks: z.number().int().nonnegative() })),
});

function transferFile(workspaceRoot: string, runId: string): string {
  return join(runFolder(workspaceRoot, runId), TRANSFER_FILE);
}

/** Saves a check of a run, replacing an older check of the same run. */
export async function saveTransferCheck(workspaceRoot: string, record: TransferCheckRecord): Promise<string> {
  const path = transferFile(workspaceRoot, record.runId);
  await writeJsonAtomic(path, record);
  return path;
}

/**
 * Every saved transfer check of the workspace, newest first. A file that cannot be read
 * or is not a transfer check is left out, and `warn` hears which and why.
 */
export async function listTransferChecks(workspaceRoot: string, warn: (message: string) => void = () => undefined): Promise<TransferCheckRecord[]> {
  const runsFolder = join(workspaceRoot, storeFolderName, 'runs');
  const runIds = await readdir(runsFolder).catch(() => [] as string[]);
  const records: TransferCheckRecord[] = [];
  for (const runId of runIds) {
    const path = transferFile(workspaceRoot, runId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue; // Most runs were never checked.
    }
    try {
      records.push(recordSchema.parse(JSON.parse(text)));
    } catch (error) {
      warn(`${path} is not a readable transfer check (${error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : (error as Error).message}); run the check again to replace it.`);
    }
  }
  return records.sort((a, b) => b.checkedAt.localeCompare(a.checkedAt));
}
