import { normalizeFinishReason } from '../../models/chat-tools';
import { type AssertionOutcome, binaryOutcome, type LocalAssertionDefinition } from './assertion-definition';

/**
 * `finish-reason`: why the model stopped, as its adapter recorded it, normalized as
 * promptfoo does (`stop`, `length`, `content_filter`, `tool_calls`; Anthropic's
 * `end_turn` is `stop`, `tool_use` is `tool_calls`, `max_tokens` is `length`). The value
 * is compared without regard to case and normalized the same way. A reply whose model
 * reports no reason (agent CLIs, VS Code's models) is not checked.
 */
export const finishReasonAssertion: LocalAssertionDefinition = {
  type: 'finish-reason',
  valueHelp: 'the reason the model must stop for: stop, length, content_filter or tool_calls',
  checkValue(value) {
    if (typeof value === 'string' && value.trim() !== '') return undefined;
    return 'needs "value" set to a finish reason such as "stop", "length", "content_filter" or "tool_calls"';
  },
  evaluate(_output, value, context): AssertionOutcome {
    const wanted = normalizeFinishReason(value) ?? String(value);
    const expectation = `stop for the reason '${wanted}'`;
    const actual = context.finishReason;
    if (actual === undefined) {
      return { ...binaryOutcome(false, expectation, 'the target reported no finish reason'), skipped: 'not checked: the target model does not report why it stopped (agent CLIs do not; VS Code language models say only when they called a tool)' };
    }
    return binaryOutcome(actual === wanted, expectation, `it stopped for '${actual}'`);
  },
};
