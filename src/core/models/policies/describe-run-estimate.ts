/** The pre-run estimate in words, shared by VS Code's confirmation and the command line. */
import type { RunEstimate } from './run-estimate';

function usd(amount: number): string {
  return `$${amount.toFixed(amount > 0 && amount < 0.01 ? 4 : 2)}`;
}

function tokenCount(tokens: number): string {
  if (tokens >= 1_000_000) return `${(tokens / 1_000_000).toFixed(1)}M`;
  return tokens >= 1_000 ? `${Math.round(tokens / 1_000)}k` : String(tokens);
}

/**
 * "about 420 model calls, 1.2M tokens, estimated $0.84"; an unknown cost names the
 * models without a price and `priceFix`, how this front end sets one.
 */
export function describeRunEstimate(estimate: RunEstimate, priceFix: string): string {
  const cost =
    estimate.costUsd === null
      ? `cost unknown — no price for ${estimate.unpricedSpecs.join(', ')} (${priceFix})`
      : `estimated ${usd(estimate.costUsd)}`;
  return `about ${estimate.calls.toLocaleString('en-US')} model calls, ${tokenCount(estimate.inputTokens + estimate.outputTokens)} tokens, ${cost}`;
}
