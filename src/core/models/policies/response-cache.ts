import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { usageSchema } from '../usage-schema';
import { writeFileAtomic } from '../../store/atomic-write';
import { agentTrajectorySchema } from '../agent-trajectory';
import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { replyToolFields } from '../chat-tools';
import { replyToolFieldsSchema } from '../chat-tools-schema';

/**
 * Replies stored by call; an identical call is answered from here, free and instant.
 * Implementations never throw for a damaged entry: they answer a miss.
 */
export interface ResponseCache {
  get(key: string): Promise<ChatResponse | undefined>;
  set(key: string, response: ChatResponse): Promise<void>;
}

/** Bumped when the key's ingredients or the file layout change, so old entries miss. */
const cacheFormatVersion = 1;

/**
 * The cache key of a call: sha256 (hex) over the provider, model, generation parameters,
 * messages, tools given, installed skill and sample index. The label and the signal are left out:
 * the same question asked for another purpose has the same answer.
 */
export function responseCacheKey(model: Pick<ChatModel, 'provider' | 'model'>, request: ChatRequest): string {
  const ingredients = {
    version: cacheFormatVersion,
    provider: model.provider,
    model: model.model,
    temperature: request.temperature ?? null,
    maxOutputTokens: request.maxOutputTokens ?? null,
    // Only when set, so entries cached before efforts existed keep their keys.
    ...(request.reasoningEffort ? { reasoningEffort: request.reasoningEffort } : {}),
    jsonSchema: request.jsonSchema ?? null,
    // Only when set, so entries cached before tools existed keep their keys.
    ...(request.tools && request.tools.length > 0 ? { tools: request.tools, toolChoice: request.toolChoice ?? null } : {}),
    messages: request.messages.map((message) => [message.role, message.content]),
    skill: request.skill ? [request.skill.name, request.skill.text] : null,
    sampleIndex: request.sampleIndex ?? 0,
  };
  return createHash('sha256').update(JSON.stringify(ingredients)).digest('hex');
}

const storedEntrySchema = z.object({
  version: z.literal(cacheFormatVersion),
  key: z.string(),
  response: z.object({
    text: z.string(),
    usage: usageSchema,
    trajectory: agentTrajectorySchema.optional(),
    ...replyToolFieldsSchema,
  }),
});

/**
 * The response cache on disk: one JSON file per key at `<directory>/<first two hex
 * digits>/<key>.json` (256 subfolders keep directories small). Writes go to a temporary
 * file renamed into place, so a reader never sees half a file even with several
 * processes sharing the directory. Unreadable or damaged files count as misses and are
 * replaced by the next successful call.
 */
export class DiskResponseCache implements ResponseCache {
  constructor(readonly directory: string) {}

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{16,}$/.test(key)) throw new RangeError(`Response cache keys are hex digests, got '${key}'.`);
    return join(this.directory, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<ChatResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = storedEntrySchema.parse(JSON.parse(text));
      return entry.key === key ? entry.response : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, response: ChatResponse): Promise<void> {
    const entry = { version: cacheFormatVersion, key, response: { text: response.text, usage: response.usage, ...replyToolFields(response), ...(response.trajectory ? { trajectory: response.trajectory } : {}) } };
    await writeFileAtomic(this.pathOf(key), JSON.stringify(entry));
  }
}
