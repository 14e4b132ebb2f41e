/**
 * The prompts actually sent to the optimizer, kept with the run so a person can read
 * exactly what it saw: `prompts/<sha256>.md` holds each distinct message text once (the
 * skill and the instructions repeat in almost every call), and `prompts/calls.jsonl`
 * lists each call — its unit of work, stage label and messages as (role, hash) pairs.
 * Calls replayed from the journal on resume were logged when first made.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import type { ChatModel } from '../models/chat-model';
import type { RunFiles } from '../store/run-store';
import { withComplete } from './with-complete';

export interface PromptLogEntry {
  unit: string;
  label: string;
  messages: Array<{ role: string; hash: string }>;
}

export class OptimizerPromptLog {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly run: RunFiles,
    private readonly stored: Set<string>,
    private readonly unit: () => string,
  ) {}

  /** Opens the run's prompt log; `unit` names the unit of work in progress. */
  static async open(run: RunFiles, unit: () => string): Promise<OptimizerPromptLog> {
    await mkdir(run.path('prompts'), { recursive: true });
    const names = await readdir(run.path('prompts'));
    return new OptimizerPromptLog(run, new Set(names.filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3))), unit);
  }

  /** `model` with each request's messages logged before it is sent. */
  wrap(model: ChatModel): ChatModel {
    return withComplete(model, (request) => {
      const messages = request.messages.map((message) => ({ role: message.role, content: message.content, hash: createHash('sha256').update(message.content).digest('hex') }));
      const entry: PromptLogEntry = { unit: this.unit(), label: request.label ?? 'optimizer', messages: messages.map(({ role, hash }) => ({ role, hash })) };
      const fresh = messages.filter((message) => !this.stored.has(message.hash));
      for (const message of fresh) this.stored.add(message.hash);
      // Logged in order, off the call's path; a failed write must not fail the call.
      this.writing = this.writing
        .then(async () => {
          for (const message of fresh) await this.run.writeText(`prompts/${message.hash}.md`, message.content);
          await appendFile(this.run.path('prompts', 'calls.jsonl'), `${JSON.stringify(entry)}\n`, 'utf8');
        })
        .catch(() => undefined);
      return model.complete(request);
    });
  }

  /** Waits for the pending writes. */
  flush(): Promise<void> {
    return this.writing;
  }
}
