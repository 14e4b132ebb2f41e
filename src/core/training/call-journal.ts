/**
 * The run's journal of finished model calls (`calls.jsonl` in the run folder). Every
 * call goes through it: a call already finished in this unit of work is answered from
 * the journal (free, instant) instead of being made again. That is what lets a run
 * killed in the middle of a stage resume without paying twice: the unfinished unit is
 * redone, and its finished calls replay from here.
 *
 * A call is keyed like the response cache (provider, model, parameters, messages,
 * sample index) plus the unit of work and how many identical calls the unit made
 * before it, so a later step asking the same question again still gets a fresh answer,
 * exactly as in an uninterrupted run. The journal writes `start` before a call,
 * `done` (with the reply and the usage the provider reported) after it and before the
 * reply is used, or `failed` when the call failed without an answer; so its file alone
 * shows that nothing finished was ever asked again, and what the run spent (see
 * `summarizeJournal`: a start with neither may have been billed).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { appendFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { readTrajectory, type AgentTrajectory } from '../models/agent-trajectory';
import type { ChatModel, ChatRequest, ChatResponse, ToolCall, Usage } from '../models/chat-model';
import { addUsage } from '../models/add-usage';
import { replyToolFields } from '../models/chat-tools';
import { replyToolFieldsSchema } from '../models/chat-tools-schema';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from '../models/embeddings/embedding-model';
import { vectorFromText, vectorToText } from '../models/embeddings/vector-text';
import { CallAbortedError } from '../models/model-errors';
import { estimateInputTokens, estimateOutputTokens, estimateTextTokens } from '../models/policies/request-size';
import { responseCacheKey } from '../models/policies/response-cache';
import { appendJsonLines, readJsonLines, repairTornTail, type StoreWarning } from '../store/jsonl-file';
import { storeWriteError } from '../store/store-errors';
import { addCall, tallyJournal, type RunSpend } from './run-spend';

export type ModelRole = 'target' | 'judge' | 'optimizer';

export type JournalRecord =
  /** `inputTokens` (estimated) and `maxOutputTokens` size the call if it never answers (journals before them lack both). */
  | { type: 'start'; key: string; unit: string; role: ModelRole; label?: string; inputTokens?: number; maxOutputTokens?: number }
  | { type: 'done'; key: string; unit: string; role: ModelRole; label?: string; text: string; usage: Usage; firstUsage?: Usage; trajectory?: AgentTrajectory; toolCalls?: ToolCall[]; finishReason?: string }
  /** The call failed without an answer (an error, after its retries): nothing was billed. */
  | { type: 'failed'; key: string; unit: string; role: ModelRole; label?: string }
  /** The call was in flight when a session stopped; it may have been billed, at this estimate (tokens, USD; null: unknown price). */
  | { type: 'unanswered'; key: string; unit: string; role: ModelRole; label?: string; tokens: number; costUsd: number | null };

/** A finished call as the journal replays it. */
interface FinishedCall {
  text: string;
  toolCalls?: ToolCall[];
  finishReason?: string;
  usage: Usage;
  firstUsage?: Usage;
  trajectory?: AgentTrajectory;
}

/** What the journal tells its listener after each call. */
export interface JournaledCall {
  role: ModelRole;
  label: string;
  usage: Usage;
  /** Answered from the journal (or the response cache): nothing was paid. */
  replayed: boolean;
}

export class CallJournal {
  private unit = 'setup';
  private occurrences = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  /** Records waiting for the next write, and the promise that write settles. */
  private pending: { lines: string[]; written: Promise<void> } | undefined;

  /** Calls answered from the journal in this session (free). */
  private replayed = 0;

  private constructor(
    private readonly path: string,
    private readonly finished: Map<string, FinishedCall>,
    /** What the run spent, every session included; grows with each answered call. */
    private readonly spent: RunSpend,
  ) {}

  /** Opens (or creates) the journal at `path`, cutting a torn last line left by a crash. */
  static async open(path: string, warn?: StoreWarning): Promise<CallJournal> {
    await repairTornTail(path, warn);
    const finished = new Map<string, FinishedCall>();
    const records = await readJsonLines<JournalRecord>(path, warn);
    for (const record of records) {
      if (record.type !== 'done') continue;
      // A damaged trajectory only leaves the replayed answer without one.
      const trajectory = readTrajectory(record.trajectory);
      finished.set(record.key, { text: record.text, usage: record.usage, ...replyToolFields(readToolFields(record)), ...(record.firstUsage && { firstUsage: record.firstUsage }), ...(trajectory && { trajectory }) });
    }
    // Calls left in flight by an earlier session get their estimate written down once, so
    // the run's cost never shifts as later calls change the averages it was drawn from.
    const { spend, unanswered } = tallyJournal(records);
    await appendJsonLines(
      path,
      unanswered.map(({ start, tokens, costUsd }): JournalRecord => ({ type: 'unanswered', key: start.key, unit: start.unit, role: start.role, label: start.label, tokens, costUsd })),
    );
    return new CallJournal(path, finished, spend);
  }

  /** What the run has spent so far, in every session (possibly billed calls of stopped sessions apart). */
  get spend(): RunSpend {
    return { ...this.spent, possiblyBilled: { ...this.spent.possiblyBilled } };
  }

  /** Calls answered from the journal in this session, for free. */
  get replayedCalls(): number {
    return this.replayed;
  }

  /** Calls finished and recorded so far (including earlier processes). */
  get finishedCalls(): number {
    return this.finished.size;
  }

  /** The unit of work in progress. */
  get currentUnit(): string {
    return this.unit;
  }

  /** Starts a unit of work (`step-0003`, `epoch-02-end`, ...). Occurrence counts restart. */
  beginUnit(unit: string): void {
    this.unit = unit;
    this.occurrences = new Map();
  }

  /**
   * Appends a record. Records that arrive while a write is in progress go out together
   * in the next one, in order: with many calls in flight, each call waits for at most
   * one write ahead of its own instead of for every record queued before it.
   */
  private append(record: JournalRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    if (this.pending) {
      this.pending.lines.push(line);
      return this.pending.written;
    }
    const batch = { lines: [line], written: Promise.resolve() };
    batch.written = this.writing.then(() => {
      this.pending = undefined;
      return appendFile(this.path, batch.lines.join(''), 'utf8').catch((error: unknown) => {
        throw storeWriteError(this.path, error);
      });
    });
    this.pending = batch;
    this.writing = batch.written;
    return batch.written;
  }

  /**
   * `model` answering through the journal; `onCall` hears every call (for usage and cost).
   * `freshSamples`: calls bypass the shared response cache, so only this journal replays.
   */
  wrap(model: ChatModel, role: ModelRole, onCall: (call: JournaledCall) => void, options: { freshSamples?: boolean } = {}): ChatModel {
    const journal = this;
    return {
      spec: model.spec,
      provider: model.provider,
      model: model.model,
      installsSkills: model.installsSkills,
      async complete(request: ChatRequest): Promise<ChatResponse> {
        const requestKey = responseCacheKey(model, request);
        const occurrenceKey = `${journal.unit}|${requestKey}`;
        const occurrence = journal.occurrences.get(occurrenceKey) ?? 0;
        journal.occurrences.set(occurrenceKey, occurrence + 1);
        const key = createHash('sha256').update(`${occurrenceKey}|${occurrence}`).digest('hex');
        const label = request.label ?? role;
        const replay = journal.finished.get(key);
        if (replay) {
          const usage = { ...replay.usage, costUsd: 0, latencyMs: 0 };
          journal.replayed += 1;
          onCall({ role, label, usage, replayed: true });
          return { text: replay.text, ...replyToolFields(replay), usage, cached: true, firstUsage: replay.firstUsage ?? replay.usage, ...(replay.trajectory && { trajectory: replay.trajectory }) };
        }
        const unit = journal.unit;
        // On disk before the call is sent: the journal alone shows every call that reached a model.
        await journal.append({ type: 'start', key, unit, role, label, inputTokens: estimateInputTokens(request), maxOutputTokens: estimateOutputTokens(request) });
        let response: ChatResponse;
        try {
          // The run folder's name scopes the key: another run asking the same question gets a fresh answer.
          const callKey = `${basename(dirname(journal.path))}:${key}`;
          response = await model.complete({ ...request, callKey, ...(options.freshSamples && { bypassCache: true }) });
        } catch (error) {
          // A cancelled call may have reached the provider: left open, it counts as possibly billed.
          const cancelled = error instanceof CallAbortedError || request.signal?.aborted === true;
          if (!cancelled) await journal.append({ type: 'failed', key, unit, role, label }).catch(() => undefined);
          throw error;
        }
        // A reply the response cache answered keeps what its call first cost (for cost and latency checks).
        const { firstUsage, trajectory } = response;
        journal.finished.set(key, { text: response.text, ...replyToolFields(response), usage: response.usage, ...(firstUsage && { firstUsage }), ...(trajectory && { trajectory }) });
        // Journaled before the reply is used: a crash from here on never loses what was paid.
        await journal.append({ type: 'done', key, unit, role, label, text: response.text, ...replyToolFields(response), usage: response.usage, ...(firstUsage && { firstUsage }), ...(trajectory && { trajectory }) });
        addCall(journal.spent, response.usage.inputTokens + response.usage.outputTokens, response.usage.costUsd);
        onCall({ role, label, usage: response.usage, replayed: response.cached === true });
        return response;
      },
    };
  }

  /**
   * `model` embedding through the journal, one text per call. Unlike chat calls, an
   * embedding is keyed by model and text alone, for the whole run: a text's vector is a
   * fact of the run, so every unit (and every session after a resume) compares the same
   * numbers. The vector is journaled as text (see `vectorToText`) and used as read back.
   */
  wrapEmbedding(model: EmbeddingModel, role: ModelRole, onCall: (call: JournaledCall) => void): EmbeddingModel {
    const journal = this;
    async function embedOne(text: string, request: EmbeddingRequest): Promise<EmbeddingResponse> {
      const key = createHash('sha256').update(JSON.stringify(['embedding', model.provider, model.model, text])).digest('hex');
      const label = request.label ?? 'embedding';
      const replay = journal.finished.get(key);
      const replayed = replay && vectorFromText(replay.text);
      if (replay && replayed) {
        const usage = { ...replay.usage, costUsd: 0, latencyMs: 0 };
        journal.replayed += 1;
        onCall({ role, label, usage, replayed: true });
        return { vectors: [replayed], usage, cached: true };
      }
      const unit = journal.unit;
      await journal.append({ type: 'start', key, unit, role, label, inputTokens: estimateTextTokens(text), maxOutputTokens: 0 });
      let response: EmbeddingResponse;
      try {
        response = await model.embed({ ...request, texts: [text] });
      } catch (error) {
        const cancelled = error instanceof CallAbortedError || request.signal?.aborted === true;
        if (!cancelled) await journal.append({ type: 'failed', key, unit, role, label }).catch(() => undefined);
        throw error;
      }
      const vectorText = vectorToText(response.vectors[0]);
      journal.finished.set(key, { text: vectorText, usage: response.usage });
      await journal.append({ type: 'done', key, unit, role, label, text: vectorText, usage: response.usage });
      addCall(journal.spent, response.usage.inputTokens + response.usage.outputTokens, response.usage.costUsd);
      onCall({ role, label, usage: response.usage, replayed: false });
      return { vectors: [vectorFromText(vectorText)!], usage: response.usage };
    }
    return {
      spec: model.spec,
      provider: model.provider,
      model: model.model,
      endpoint: model.endpoint,
      async embed(request) {
        const responses = await Promise.all(request.texts.map((text) => embedOne(text, request)));
        if (responses.length === 1) return responses[0];
        // Callers memoize first (one text per call); a longer request is served text by text.
        return { vectors: responses.map((response) => response.vectors[0]), usage: responses.map((response) => response.usage).reduce(addUsage), cached: responses.every((response) => response.cached) };
      },
    };
  }

  /** Waits for pending writes (before the process exits). */
  async flush(): Promise<void> {
    await this.writing;
  }
}

const toolFieldsSchema = z.object(replyToolFieldsSchema);

/** A journaled reply's tool calls and finish reason; a damaged field only leaves the replay without it. */
function readToolFields(record: unknown): Pick<ChatResponse, 'toolCalls' | 'finishReason'> {
  const parsed = toolFieldsSchema.safeParse(record);
  return parsed.success ? parsed.data : {};
}
