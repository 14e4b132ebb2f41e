/**
 * The coordinator's batching layer: the target calls a stage issues together (a
 * rollout, validation or test pass over its tasks) are gathered per skill text and
 * stage label, and sent as batch jobs of at most `batchSize` calls. The stages do not
 * know: each call still goes through the run's journal and gets its own reply, usage
 * and error, so the run's files are the same as in-process.
 *
 * A batch's job id is a hash of its calls' journal keys. A resumed coordinator sends
 * only the calls its journal has not finished (those are answered from the journal
 * and never reach here), in the order the stage issues them, so:
 * - a batch that was queued, running or done when the coordinator died is asked again
 *   with the same calls, gets the same id and is reattached (taken, not paid again);
 * - a batch some of whose calls were journaled gets a new id made of the rest. That is
 *   safe: ids come from call keys that are unique in the run, so the new id can never
 *   collide with a job holding other calls, and the calls already finished are not in
 *   it. The only calls paid twice are those of an old batch whose result arrived and
 *   was only partly journaled when the coordinator died (one journal write).
 */
import { createHash } from 'node:crypto';
import type { ChatRequest } from '../models/chat-model';
import { CallAbortedError } from '../models/model-errors';
import { toWireRequest, type RolloutCallResult, type RolloutJobData, type RolloutJobResult } from './rollout-job';
import type { RolloutQueue } from './rollout-queue';

/** Calls of one batch by default: a rollout pass of a small skill fits, a big one spreads over workers. */
export const defaultBatchSize = 8;

/**
 * The batch size a run uses under a limit of `limit` calls of the account at once: a
 * batch runs as one job, so a batch larger than the limit would break it.
 */
export function batchSizeWithin(limit: number, batchSize = defaultBatchSize): number {
  return Math.max(1, Math.min(batchSize, limit));
}

/**
 * ms a group waits for more calls after the last one arrived. The stage issues its calls
 * at once, but each first waits for its journal's `start` record, which the journal
 * writes in one or two appends; a few ms gathers them. Capped by `maxWaitMs`.
 */
const quietMs = 5;
/** ms a group waits at most from its first call before it is sent. */
const maxWaitMs = 50;

export interface BatchTarget {
  spec: string;
  account: string;
  simulation?: RolloutJobData['simulation'];
}

/** A call's result and the worker that ran it (for error messages). */
export type AnsweredCall = RolloutCallResult & { worker: string };

interface PendingCall {
  key: string;
  request: ChatRequest;
  settle(result: AnsweredCall | Error): void;
}

interface Group {
  calls: PendingCall[];
  firstAt: number;
  timer?: NodeJS.Timeout;
}

/** Callers waiting for a call's result, by journal key; one subscription per queue. */
class CallWaiters {
  private readonly waiting = new Map<string, Array<(result: AnsweredCall) => void>>();

  constructor(queue: RolloutQueue) {
    queue.onResult(({ result }) => this.heard(result));
  }

  /** A result heard twice (a re-sent batch, a second coordinator) finds nobody waiting: counted once. */
  heard(result: RolloutJobResult): void {
    for (const [key, call] of Object.entries(result.calls)) {
      const callers = this.waiting.get(key);
      if (!callers) continue;
      this.waiting.delete(key);
      for (const settle of callers) settle({ ...call, worker: result.worker });
    }
  }

  has(key: string): boolean {
    return this.waiting.has(key);
  }

  wait(key: string, settle: (result: AnsweredCall) => void): () => void {
    this.waiting.set(key, [...(this.waiting.get(key) ?? []), settle]);
    return () => {
      const rest = (this.waiting.get(key) ?? []).filter((other) => other !== settle);
      if (rest.length > 0) this.waiting.set(key, rest);
      else this.waiting.delete(key);
    };
  }
}

const waitersOf = new WeakMap<RolloutQueue, CallWaiters>();

export class RolloutBatcher {
  private readonly groups = new Map<string, Group>();
  private readonly waiters: CallWaiters;
  /** Live callers of each job sent, so a job every caller gave up on is withdrawn. */
  private readonly jobCallers = new Map<string, number>();

  constructor(
    private readonly queue: RolloutQueue,
    private readonly target: BatchTarget,
    private readonly batchSize = defaultBatchSize,
  ) {
    let waiters = waitersOf.get(queue);
    if (!waiters) waitersOf.set(queue, (waiters = new CallWaiters(queue)));
    this.waiters = waiters;
  }

  /** The call's result once its batch ran; rejects with CallAbortedError when its signal fires first. */
  submit(key: string, request: ChatRequest): Promise<AnsweredCall> {
    return new Promise((resolve, reject) => {
      const signal = request.signal;
      if (signal?.aborted) return reject(new CallAbortedError());
      const call: PendingCall = {
        key,
        request,
        settle: (result) => {
          signal?.removeEventListener('abort', onAbort);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      const onAbort = () => this.abandon(call);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Already in flight (the same key asked twice): wait for that job's result, pay once.
      if (this.waiters.has(key)) {
        this.follow(call, undefined);
        return;
      }
      this.add(call);
    });
  }

  private add(call: PendingCall): void {
    const groupKey = `${call.request.label ?? ''}\u0000${skillTextOf(call.request)}`;
    let group = this.groups.get(groupKey);
    if (!group) this.groups.set(groupKey, (group = { calls: [], firstAt: Date.now() }));
    if (!group.calls.some((other) => other.key === call.key)) group.calls.push(call);
    else this.follow(call, undefined);
    if (group.timer) clearTimeout(group.timer);
    if (group.calls.length >= this.batchSize) return this.send(groupKey);
    const wait = Math.max(0, Math.min(quietMs, group.firstAt + maxWaitMs - Date.now()));
    group.timer = setTimeout(() => this.send(groupKey), wait);
  }

  /** Sends a group's calls as jobs of at most `batchSize`, in the order the stage issued them. */
  private send(groupKey: string): void {
    const group = this.groups.get(groupKey);
    if (!group) return;
    this.groups.delete(groupKey);
    if (group.timer) clearTimeout(group.timer);
    for (let start = 0; start < group.calls.length; start += this.batchSize) this.sendBatch(group.calls.slice(start, start + this.batchSize));
  }

  private sendBatch(calls: PendingCall[]): void {
    const jobId = batchJobId(calls.map((call) => call.key));
    for (const call of calls) this.follow(call, jobId);
    const data: RolloutJobData = {
      version: 2,
      account: this.target.account,
      target: this.target.spec,
      calls: calls.map((call) => ({ key: call.key, request: toWireRequest(call.request) })),
      ...(this.target.simulation && { simulation: this.target.simulation }),
    };
    this.queue.enqueue({ id: jobId, data }).catch((error: unknown) => {
      for (const call of calls) call.settle(error instanceof Error ? error : new Error(String(error)));
    });
  }

  /** Waits for the call's result; `jobId` counts it as a live caller of that job. */
  private follow(call: PendingCall, jobId: string | undefined): void {
    if (jobId) this.jobCallers.set(jobId, (this.jobCallers.get(jobId) ?? 0) + 1);
    const settle = call.settle;
    let done = false;
    const finish = (result: AnsweredCall | Error) => {
      if (done) return;
      done = true;
      stopWaiting();
      if (jobId) this.release(jobId, result instanceof CallAbortedError);
      settle(result);
    };
    const stopWaiting = this.waiters.wait(call.key, finish);
    call.settle = finish;
  }

  /** A caller of `jobId` is answered or gone; a job nobody waits for any more is withdrawn. */
  private release(jobId: string, abandoned: boolean): void {
    const left = (this.jobCallers.get(jobId) ?? 1) - 1;
    if (left > 0) return void this.jobCallers.set(jobId, left);
    this.jobCallers.delete(jobId);
    // A job whose callers all cancelled is dropped when no worker has started it.
    if (abandoned) void this.queue.withdraw(jobId, this.target.account).catch(() => undefined);
  }

  private abandon(call: PendingCall): void {
    for (const [groupKey, group] of this.groups) {
      const index = group.calls.indexOf(call);
      if (index < 0) continue;
      group.calls.splice(index, 1);
      if (group.calls.length === 0) {
        if (group.timer) clearTimeout(group.timer);
        this.groups.delete(groupKey);
      }
    }
    call.settle(new CallAbortedError());
  }
}

/** The batch's id: its calls' journal keys, in any order (BullMQ reserves ':' in ids). */
export function batchJobId(keys: readonly string[]): string {
  const hash = createHash('sha256').update([...keys].sort().join('\n')).digest('hex').slice(0, 40);
  return `batch-${hash}`;
}

/** The skill text a request carries: the skill field (agent CLIs) or the system prompt (API targets). */
function skillTextOf(request: ChatRequest): string {
  return request.skill?.text ?? request.messages.find((message) => message.role === 'system')?.content ?? '';
}
