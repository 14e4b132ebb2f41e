/**
 * Rebuilds a run's damaged `steps.jsonl` and `rollouts.jsonl` from its call journal.
 * Every record in those logs is computed from model replies, and `calls.jsonl` keeps
 * every reply the run received. So the run is replayed from its first unit, in a
 * scratch copy of its folder, with models that may only answer from the journal, up
 * to the unit its saved state says is next. When the replay lands on exactly the saved
 * state, its logs are the lost ones, record for record (only times differ), and no
 * model call was made; the damaged files are kept beside them.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SkillTrainerError } from '../errors';
import type { ChatModel } from '../models/chat-model';
import type { EmbeddingModel } from '../models/embeddings/embedding-model';
import { mapEmbeddingModels } from '../scoring/similarity/embedding-models';
import { fileSize } from '../store/jsonl-file';
import { openRunStore, type RunFiles } from '../store/run-store';
import type { EvalTask, Split } from '../tasks/eval-task';
import { resumeTraining, type RunConfigFile } from './trainer';
import { initialState, type TrainerState } from './trainer-state';
import type { TrainingModels } from './training-session';
import { describeLogDamage, findLogDamage } from './log-damage';

/** A call the replay needed that the journal does not hold. */
export class JournalReplayMissError extends SkillTrainerError {
  constructor(spec: string, label: string | undefined) {
    super('journal_replay_miss', `calls.jsonl holds no reply for a ${label ?? 'model'} call to ${spec} the run made`);
  }
}

/** `model` as the journal keys it, answering nothing: every call must replay from the journal. */
function journalOnly(model: ChatModel): ChatModel {
  return {
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    installsSkills: model.installsSkills,
    endpoint: model.endpoint,
    complete: async (request) => {
      throw new JournalReplayMissError(model.spec, request.label);
    },
  };
}

/** An embedding model that answers nothing: every text's vector must replay from the journal. */
function journalOnlyEmbeddings(model: EmbeddingModel): EmbeddingModel {
  return {
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    endpoint: model.endpoint,
    embed: async (request) => {
      throw new JournalReplayMissError(model.spec, request.label);
    },
  };
}

/** True when two states are at the same point with the same skills and scores. */
function sameProgress(a: TrainerState, b: TrainerState): boolean {
  return (
    JSON.stringify(a.cursor) === JSON.stringify(b.cursor) &&
    a.globalStep === b.globalStep &&
    a.currentSkill === b.currentSkill &&
    a.bestSkill === b.bestSkill &&
    a.bestScore === b.bestScore
  );
}

export type LogRebuild = { rebuilt: true; keptAs: string[] } | { rebuilt: false; reason: string };

/**
 * Replays run `run` from its journal up to `state` and, when the replay reaches exactly
 * that state, replaces its logs with the replayed ones and records their sizes in
 * `state` (written). Otherwise changes nothing and says why.
 */
export async function rebuildRunLogs(
  run: RunFiles,
  state: TrainerState,
  configFile: RunConfigFile,
  tasks: Record<Split, EvalTask[]>,
  models: TrainingModels,
): Promise<LogRebuild> {
  if (configFile.training.gate.mode === 'review') {
    return { rebuilt: false, reason: "the run's gate decisions were made by a person in review, and only the lost records held them" };
  }
  const entry = await run.readEntry();
  if (!entry) return { rebuilt: false, reason: 'the run has no readable run.json' };
  const scratch = await mkdtemp(join(tmpdir(), 'skill-trainer-rebuild-'));
  try {
    const scratchStore = openRunStore(scratch);
    const copy = await scratchStore.createRun({ ...entry, status: 'running' }, run.id, async (created) => {
      await created.writeConfig(configFile);
      await created.writeJson('tasks.json', tasks);
      await created.writeState(initialState(state.initialSkill));
      await copyFile(run.path('calls.jsonl'), created.path('calls.jsonl'));
    });
    // The replay stands where the saved state does from that unit's commit until the next
    // one; every unit emits an event before it commits, and the listener runs at once, so a
    // synchronous read of state.json there never misses it. From then on nothing more is
    // needed: the next unit's calls are cancelled, and its records (if it had no call and
    // committed anyway) are cut off at the saved state's log sizes.
    const stop = new AbortController();
    let reached: TrainerState | undefined;
    const result = await resumeTraining({
      runId: run.id,
      store: scratchStore,
      models: { target: journalOnly(models.target), optimizer: journalOnly(models.optimizer), judge: models.judge ? journalOnly(models.judge) : undefined, embeddings: mapEmbeddingModels(models.embeddings, journalOnlyEmbeddings) },
      signal: stop.signal,
      onEvent: () => {
        if (reached) return;
        const replayed = JSON.parse(readFileSync(copy.path('state.json'), 'utf8')) as TrainerState;
        if (!sameProgress(replayed, state)) return;
        reached = replayed;
        stop.abort();
      },
    }).catch((error: unknown) => error);
    if (!reached) {
      const why = result instanceof SkillTrainerError ? (result.cause instanceof SkillTrainerError ? result.cause.message : result.message) : 'the replay did not reach the saved state';
      return { rebuilt: false, reason: why };
    }
    await copy.rewindLogs(reached.logOffsets);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const keptAs: string[] = [];
    for (const name of ['steps.jsonl', 'rollouts.jsonl']) {
      const damaged = `${run.path(name)}.damaged-${stamp}`;
      if ((await fileSize(run.path(name))) > 0) {
        await rename(run.path(name), damaged);
        keptAs.push(damaged);
      }
      await copyFile(copy.path(name), run.path(name));
    }
    state.logOffsets = await run.logOffsets();
    await run.writeState(state);
    return { rebuilt: true, keptAs };
  } finally {
    await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Before a resume: when the logs lack what the saved state committed, rebuilds them from
 * the journal, or else says exactly what is lost and records the logs as they are, so
 * the loss is reported once and the run goes on from its saved state.
 */
export async function repairRunLogs(
  run: RunFiles,
  state: TrainerState,
  configFile: RunConfigFile,
  tasks: Record<Split, EvalTask[]>,
  models: TrainingModels,
  warn: (message: string) => void,
): Promise<void> {
  const damage = await findLogDamage(run, state, configFile.training.epochs);
  if (!damage) return;
  const what = describeLogDamage(damage);
  const outcome = await rebuildRunLogs(run, state, configFile, tasks, models);
  if (outcome.rebuilt) {
    const kept = outcome.keptAs.length > 0 ? `; the damaged files were kept as ${outcome.keptAs.join(' and ')}` : '';
    warn(`The logs of run ${run.id} were damaged: ${what}. They were rebuilt from calls.jsonl by replaying the run's journal, without any model call${kept}.`);
    return;
  }
  await run.rewindLogs({ steps: Number.MAX_SAFE_INTEGER, rollouts: Number.MAX_SAFE_INTEGER });
  state.logOffsets = await run.logOffsets();
  await run.writeState(state);
  warn(
    `The logs of run ${run.id} are damaged: ${what}. They cannot be rebuilt from calls.jsonl (${outcome.reason}), so that history is lost: ` +
      'the run resumes from its saved state, and its step list and score trends lack those records.',
  );
}
