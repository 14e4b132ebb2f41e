import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { sleep, throwIfAborted } from '../policies/abort';
import { systemClock } from '../policies/clock';
import { estimateInputTokens, estimateTextTokens } from '../policies/request-size';
import { lastUserMessage } from './prompt-sections';
import { simulatedDraftReply } from './simulated-drafter';
import { simulatedJudgeReply } from './simulated-judge';
import { simulatedToolCall } from './simulated-tool-call';
import {
  simulatedMergeReply,
  simulatedMetaSkillReply,
  simulatedEditCountReply,
  simulatedRankReply,
  simulatedReflectReply,
  simulatedSlowUpdateReply,
} from './simulated-optimizer';
import { reshapeMergeReply, reshapeReflectReply, simulatedRewriteReply } from './simulated-rewrites';
import type { SimulatedWorld } from './simulated-world';
import { JUDGE_SCHEMA_NAME } from '../../scoring/judge/judge-verdicts';
import { schemaNames } from '../../training/optimizer-replies';
import { DRAFT_SCHEMA_NAME } from '../../tasks/draft/draft-reply-schema';

/**
 * Schema names of the training prompts and the judge, as the world answers them: the
 * names the optimizer stages and the judge ask with, so the two can never drift apart.
 */
export const simulatedSchemaNames = { judge: JUDGE_SCHEMA_NAME, draft: DRAFT_SCHEMA_NAME, ...schemaNames } as const;

/** The world's reply to a request, computed at once (what a `sim:` model returns). */
export function simulatedAnswer(world: SimulatedWorld, request: Pick<ChatRequest, 'messages' | 'jsonSchema' | 'skill' | 'sampleIndex'>): string {
  const user = lastUserMessage(request.messages);
  const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content).join('\n');
  switch (request.jsonSchema?.name) {
    case simulatedSchemaNames.judge:
      return simulatedJudgeReply(world, user);
    case simulatedSchemaNames.reflect:
      return reshapeReflectReply(simulatedReflectReply(world, user), system, user);
    case simulatedSchemaNames.merge:
      return reshapeMergeReply(simulatedMergeReply(user), system);
    case simulatedSchemaNames.rewrite:
      return simulatedRewriteReply(user);
    case simulatedSchemaNames.rank:
      return simulatedRankReply(user);
    case simulatedSchemaNames.slowUpdate:
      return simulatedSlowUpdateReply(world, user);
    case simulatedSchemaNames.metaSkill:
      return simulatedMetaSkillReply(world, user);
    case simulatedSchemaNames.editCount:
      return simulatedEditCountReply(user);
    case simulatedSchemaNames.draft:
      return simulatedDraftReply(user);
    default:
      // Plain text, or a task that asks for JSON in its own format (promptfoo's response_format): the target.
      return simulatedTargetAnswer(world, request, user);
  }
}

function simulatedTargetAnswer(world: SimulatedWorld, request: Pick<ChatRequest, 'messages' | 'skill' | 'sampleIndex'>, user: string): string {
  const skill = request.skill?.text ?? request.messages.filter((message) => message.role === 'system').map((message) => message.content).join('\n');
  const task = world.findTask(user);
  return task ? world.answer(task, skill, request.sampleIndex ?? 0) : 'I do not know this task, so I can only say: please give me more detail.';
}

/**
 * A `sim:` model: one object answers as target, judge and optimizer, deciding by the
 * request (a judge or optimizer schema name, or plain text for the target). Token
 * counts are estimated from text length; cost is always 0 (nothing is paid).
 */
export function createSimulatedModel(spec: string, world: SimulatedWorld): ChatModel {
  const model = spec.startsWith('sim:') ? spec.slice(4) : spec;
  return {
    spec: spec.startsWith('sim:') ? spec : `sim:${spec}`,
    provider: 'sim',
    model,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      throwIfAborted(request.signal, 'Simulated call');
      if (world.latencyMs > 0) await sleep(systemClock, world.latencyMs, request.signal);
      const answer = simulatedAnswer(world, request);
      // A target given tools calls one (the judge and optimizer are given none).
      const call = request.jsonSchema ? undefined : simulatedToolCall(request, answer);
      const text = call ? '' : answer;
      return {
        text,
        ...(call ? { toolCalls: [call], finishReason: 'tool_calls' } : { finishReason: 'stop' }),
        usage: {
          inputTokens: estimateInputTokens(request),
          outputTokens: estimateTextTokens(call ? call.arguments : text),
          cachedInputTokens: 0,
          costUsd: 0,
          latencyMs: world.latencyMs,
        },
      };
    },
  };
}
