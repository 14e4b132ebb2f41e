import { type AssertionOutcome, binaryOutcome, type LocalAssertionDefinition } from './assertion-definition';

/**
 * `cost` and `latency`: limits on what the target call that produced the output
 * consumed, read from its usage as recorded when the call was made (a reply replayed
 * from the run's journal or the response cache keeps its first cost and time). The value
 * is the limit, US dollars or milliseconds; promptfoo writes it as `threshold`, which
 * the promptfoo import moves here.
 */

/** A limit that cannot be decided (no usage, no price): reported, and left out of the scores. */
function notChecked(expectation: string, observation: string, why: string): AssertionOutcome {
  return { ...binaryOutcome(false, expectation, observation), skipped: `not checked: ${why}` };
}

const NO_USAGE = 'the target call recorded no usage';

function checkLimit(value: unknown, unit: string, example: number): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return undefined;
  return `needs "value" set to the most ${unit} the call may take, e.g. "value": ${example}`;
}

export const costAssertion: LocalAssertionDefinition = {
  type: 'cost',
  valueHelp: 'the most the target call may cost, in US dollars (e.g. 0.002)',
  thresholdIsLimit: true,
  checkValue: (value) => checkLimit(value, 'US dollars', 0.002),
  evaluate(_output, value, context) {
    const limit = value as number;
    const expectation = `cost at most $${limit}`;
    const cost = context.usage?.costUsd;
    if (context.usage === undefined) return notChecked(expectation, 'the call usage is unknown', NO_USAGE);
    if (cost === null || cost === undefined) {
      return notChecked(expectation, 'its price is unknown', "the target model's price is unknown; give it in skillTrainer.prices or a --prices file");
    }
    return binaryOutcome(cost <= limit, expectation, `it cost $${roundUsd(cost)}`);
  },
};

export const latencyAssertion: LocalAssertionDefinition = {
  type: 'latency',
  valueHelp: 'the most time the target call may take, in milliseconds (e.g. 5000)',
  thresholdIsLimit: true,
  checkValue: (value) => checkLimit(value, 'milliseconds', 5000),
  evaluate(_output, value, context) {
    const limit = value as number;
    const expectation = `take at most ${limit} ms`;
    if (context.usage === undefined) return notChecked(expectation, 'the call usage is unknown', NO_USAGE);
    const latency = context.usage.latencyMs;
    return binaryOutcome(latency <= limit, expectation, `it took ${Math.round(latency)} ms`);
  },
};

function roundUsd(cost: number): string {
  return cost < 0.01 ? cost.toPrecision(2) : cost.toFixed(4);
}
