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
 * exactly as in an uninterrupted run. The journal writes `start` before a call and
 * `done` (with the reply) after it, so its file alone shows that nothing finished was
 * ever asked again.
 */
import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { ChatModel, ChatRequest, ChatResponse, Usage } from '../models/chat-model';
import { responseCacheKey } from '../models/policies/response-cache';
import { readJsonLines, repairTornTail, type StoreWarning } from '../store/jsonl-file';

export type ModelRole = 'target' | 'judge' | 'optimizer';

export type JournalRecord =
  | { type: 'start'; key: string; unit: string; role: ModelRole; label?: string }
  | { type: 'done'; key: string; unit: string; role: ModelRole; label?: string; text: string; usage: Usage };

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

  private constructor(
    private readonly path: string,
    private readonly finished: Map<string, { text: string; usage: Usage }>,
  ) {}

  /** Opens (or creates) the journal at `path`, cutting a torn last line left by a crash. */
  static async open(path: string, warn?: StoreWarning): Promise<CallJournal> {
    await repairTornTail(path, warn);
    const finished = new Map<string, { text: string; usage: Usage }>();
    for (const record of await readJsonLines<JournalRecord>(path, warn)) {
      if (record.type === 'done') finished.set(record.key, { text: record.text, usage: record.usage });
    }
    return new CallJournal(path, finished);
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
      return appendFile(this.path, batch.lines.join(''), 'utf8');
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
          onCall({ role, label, usage, replayed: true });
          return { text: replay.text, usage, cached: true };
        }
        const unit = journal.unit;
        // On disk before the call is sent: the journal alone shows every call that reached a model.
        await journal.append({ type: 'start', key, unit, role, label });
        const response = await model.complete(options.freshSamples ? { ...request, bypassCache: true } : request);
        journal.finished.set(key, { text: response.text, usage: response.usage });
        await journal.append({ type: 'done', key, unit, role, label, text: response.text, usage: response.usage });
        onCall({ role, label, usage: response.usage, replayed: response.cached === true });
        return response;
      },
    };
  }

  /** Waits for pending writes (before the process exits). */
  async flush(): Promise<void> {
    await this.writing;
  }
}
