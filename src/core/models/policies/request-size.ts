import type { ChatRequest } from '../chat-model';

/**
 * Rough token counts of a request before it is sent. Vendors' tokenizers differ and are
 * not at hand offline, so this uses the common rule of thumb of ~4 characters of English
 * per token, plus a few tokens of framing per message. Good enough for a budget guard
 * and a pre-run estimate; never used for billing (actual usage is).
 */

/** Characters per token, the usual average for English prose and code. */
const charactersPerToken = 4;
/** Role markers and separators the vendors add around each message, in tokens. */
const tokensPerMessage = 4;
/** Output assumed when a request sets no `maxOutputTokens` (tokens). */
export const defaultOutputTokensEstimate = 4096;

/** Approximate tokens of `text`. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/** `estimateTextTokens` over several texts (an embedding request's inputs). */
export function estimateTextsTokens(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + estimateTextTokens(text), 0);
}

/** Approximate prompt tokens of a request: messages plus an installed skill. */
export function estimateInputTokens(request: ChatRequest): number {
  let tokens = 0;
  for (const message of request.messages) tokens += estimateTextTokens(message.content) + tokensPerMessage;
  if (request.skill) tokens += estimateTextTokens(request.skill.text);
  if (request.jsonSchema) tokens += estimateTextTokens(JSON.stringify(request.jsonSchema.schema));
  return tokens;
}

/** The most output tokens the request may produce (its cap, or a default guess). */
export function estimateOutputTokens(request: ChatRequest): number {
  return request.maxOutputTokens ?? defaultOutputTokensEstimate;
}
