/**
 * Does a skill trained on one model help the others? For each target (API models and
 * agent CLIs alike) the run's test split is scored with no skill, the original skill
 * and the trained skill, each with a 95 % bootstrap interval over tasks, plus the
 * paired difference trained − original. Calls go through the caller's call policies, so
 * replies already in the response cache are reused.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { SkillTrainerError } from '../errors';
import { conditionDelta, conditionScore, evaluateConditions, type ConditionScore } from '../evaluation/compare-conditions';
import type { ChatModel } from '../models/chat-model';
import type { ScoreInterval } from '../scoring/bootstrap-interval';
import type { GateMetric } from '../scoring/task-score';
import { readRunConfig, runFolder, trainedSkillPath } from '../store/run-reader';
import { storeFolderName } from '../store/run-store';
import type { EvalTask, Split } from '../tasks/eval-task';
import { lastFinishedRun } from './skill-changes';
import type { EmbeddingModels } from '../scoring/similarity/embedding-models';

/** The run a transfer check is about. */
export interface TransferSubject {
  runId: string;
  skillName: string;
  skillPath: string;
  /** The split scored: `test`, or `val` when the run has no test tasks. */
  split: Split;
  tasks: EvalTask[];
  metric: GateMetric;
  mixedWeight?: number;
  originalSkill: string;
  trainedSkill: string;
  /** The run's own models, e.g. as the default judge. */
  models: { target: string; optimizer: string; judge?: string; embedding?: string };
}

/** One target's row of the matrix. */
export interface TransferRow {
  target: string;
  noSkill: ScoreInterval;
  original: ScoreInterval;
  trained: ScoreInterval;
  /** trained − original over the tasks both scored. */
  delta: ScoreInterval;
  /** Tasks that could not be scored under some condition (a model call failed after retries). */
  failedTasks: number;
}

export interface TransferResult {
  runId: string;
  skillName: string;
  split: Split;
  metric: GateMetric;
  taskCount: number;
  rows: TransferRow[];
}

const runConfigSchema = z.object({
  skillPath: z.string(),
  skillName: z.string(),
  models: z.object({ target: z.string(), optimizer: z.string(), judge: z.string().optional(), embedding: z.string().optional() }),
  training: z.object({ gate: z.object({ metric: z.enum(['hard', 'soft', 'mixed']), mixedWeight: z.number().optional() }) }),
});

const stateSchema = z.object({ initialSkill: z.string(), cursor: z.object({ phase: z.string() }) });

/** A finished run's skills and test tasks: `runId`, or the newest finished run of the skill in `skillDirectory`. */
export async function readTransferSubject(workspaceRoot: string, options: { runId?: string; skillDirectory?: string }): Promise<TransferSubject> {
  let runId = options.runId;
  if (!runId) {
    const skillPath = join(options.skillDirectory!, 'SKILL.md');
    const last = await lastFinishedRun(workspaceRoot, skillPath);
    if (!last) throw new SkillTrainerError('transfer_no_run', `${basename(options.skillDirectory!)} has no finished training run in ${join(workspaceRoot, storeFolderName)}: train it first (skill-trainer train ${options.skillDirectory}), or name a run with --run.`);
    runId = last.id;
  }
  const folder = runFolder(workspaceRoot, runId);
  const config = runConfigSchema.safeParse(await readRunConfig(workspaceRoot, runId).catch(() => undefined));
  if (!config.success) throw new SkillTrainerError('run_not_found', `No readable training run '${runId}' in ${join(workspaceRoot, storeFolderName)}: run 'skill-trainer runs' to list them.`);
  const state = stateSchema.safeParse(JSON.parse(await readFile(join(folder, 'state.json'), 'utf8').catch(() => '{}')));
  if (!state.success || state.data.cursor.phase !== 'done') {
    throw new SkillTrainerError('transfer_run_unfinished', `Run ${runId} has not finished, so it has no trained skill yet: resume it (skill-trainer resume ${runId}) and check transfer after.`);
  }
  const tasks = z.record(z.string(), z.array(z.unknown())).parse(JSON.parse(await readFile(join(folder, 'tasks.json'), 'utf8'))) as unknown as Record<Split, EvalTask[]>;
  const split: Split = (tasks.test?.length ?? 0) > 0 ? 'test' : 'val';
  return {
    runId,
    skillName: config.data.skillName,
    skillPath: config.data.skillPath,
    split,
    tasks: tasks[split] ?? [],
    metric: config.data.training.gate.metric,
    mixedWeight: config.data.training.gate.mixedWeight,
    originalSkill: state.data.initialSkill,
    trainedSkill: await readFile(trainedSkillPath(workspaceRoot, runId), 'utf8'),
    models: config.data.models,
  };
}

/** Scores the subject's tasks on every target under the three conditions. */
export async function checkTransfer(options: {
  subject: TransferSubject;
  /** The targets, already wrapped with call policies. */
  targets: readonly ChatModel[];
  judge?: ChatModel;
  /** Decide `similar` checks by embeddings (the run's embedding model by default). */
  embeddings?: EmbeddingModels;
  trusted: boolean;
  /** Tasks in flight per target and condition. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (target: string, condition: string, done: number, total: number) => void;
}): Promise<TransferResult> {
  const { subject } = options;
  const name = subject.skillName;
  const rows = await Promise.all(
    options.targets.map(async (target): Promise<TransferRow> => {
      const results = await evaluateConditions({
        tasks: subject.tasks,
        target,
        judge: options.judge,
        embeddings: options.embeddings,
        trusted: options.trusted,
        concurrency: options.concurrency,
        signal: options.signal,
        skillDirectory: dirname(subject.skillPath),
        conditions: [
          { name: 'no_skill', skill: { name, text: subject.originalSkill }, withoutSkill: true },
          { name: 'original', skill: { name, text: subject.originalSkill } },
          { name: 'trained', skill: { name, text: subject.trainedSkill } },
        ],
        onProgress: (condition, done, total) => options.onProgress?.(target.spec, condition, done, total),
      });
      const [noSkill, original, trained] = results.map((result) => conditionScore(result.evaluations, subject.metric, subject.mixedWeight)) as [ConditionScore, ConditionScore, ConditionScore];
      return {
        target: target.spec,
        noSkill: noSkill.score,
        original: original.score,
        trained: trained.score,
        delta: conditionDelta(original, trained),
        failedTasks: noSkill.failed + original.failed + trained.failed,
      };
    }),
  );
  return { runId: subject.runId, skillName: name, split: subject.split, metric: subject.metric, taskCount: subject.tasks.length, rows };
}
