/**
 * What models cost, in USD per million tokens, for the vendors whose APIs we call.
 *
 * Checked on 2026-11-27 against copies of the vendors' pricing pages and price lists
 * quoting them: platform.claude.com/docs/en/about-claude/pricing (Anthropic),
 * developers.openai.com/api/docs/pricing (OpenAI), ai.google.dev/gemini-api/docs/pricing
 * (Google). Standard (non-batch) tier, prompts up to 200k tokens where a vendor charges
 * more above that. Anthropic's cache *writes* (1.25× input) are not modelled: `Usage`
 * carries no cache-write count, so such calls are slightly under-priced.
 *
 * Prices change; users override them per model in settings (`PriceOverrides`), and a
 * model missing here is priced as unknown (`null`), never as free.
 */

/** The price of one model, USD per million tokens. */
export interface ModelPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** Input tokens read from the vendor's prompt cache; the input price when absent. */
  cachedInputUsdPerMillion?: number;
}

/**
 * Prices from settings, keyed by full spec (`openai:gpt-5`) or by bare model name
 * (`gpt-5`, for any provider serving it); the full spec wins. They take precedence over
 * the built-in table, and give local models (ollama, openai-compatible) a price.
 */
export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

function price(input: number, output: number, cachedInput: number): ModelPrice {
  return { inputUsdPerMillion: input, outputUsdPerMillion: output, cachedInputUsdPerMillion: cachedInput };
}

const anthropicPrices: Record<string, ModelPrice> = {
  'claude-opus-5': price(5, 25, 0.5),
  'claude-opus-4-8': price(5, 25, 0.5),
  'claude-opus-4-7': price(5, 25, 0.5),
  'claude-opus-4-6': price(5, 25, 0.5),
  'claude-opus-4-5': price(5, 25, 0.5),
  'claude-opus-4-1': price(15, 75, 1.5),
  'claude-opus-4-0': price(15, 75, 1.5),
  'claude-opus-4': price(15, 75, 1.5),
  'claude-sonnet-4-6': price(3, 15, 0.3),
  'claude-sonnet-4-5': price(3, 15, 0.3),
  'claude-sonnet-4-0': price(3, 15, 0.3),
  'claude-sonnet-4': price(3, 15, 0.3),
  'claude-haiku-4-5': price(1, 5, 0.1),
  'claude-3-5-haiku': price(0.8, 4, 0.08),
};

const openaiPrices: Record<string, ModelPrice> = {
  'gpt-5.5': price(5, 30, 0.5),
  'gpt-5.4': price(2.5, 15, 0.25),
  'gpt-5.4-mini': price(0.75, 4.5, 0.075),
  'gpt-5.4-nano': price(0.2, 1.25, 0.02),
  'gpt-5.2': price(1.75, 14, 0.175),
  'gpt-5.1': price(1.25, 10, 0.125),
  'gpt-5': price(1.25, 10, 0.125),
  'gpt-5-mini': price(0.25, 2, 0.025),
  'gpt-5-nano': price(0.05, 0.4, 0.005),
  'gpt-4.1': price(2, 8, 0.5),
  'gpt-4.1-mini': price(0.4, 1.6, 0.1),
  'gpt-4.1-nano': price(0.1, 0.4, 0.025),
  'gpt-4o': price(2.5, 10, 1.25),
  'gpt-4o-mini': price(0.15, 0.6, 0.075),
  o3: price(2, 8, 0.5),
  'o3-mini': price(1.1, 4.4, 0.55),
  'o4-mini': price(1.1, 4.4, 0.275),
  o1: price(15, 60, 7.5),
  // Embedding models bill input tokens only.
  'text-embedding-3-small': price(0.02, 0, 0.02),
  'text-embedding-3-large': price(0.13, 0, 0.13),
  'text-embedding-ada-002': price(0.1, 0, 0.1),
};

const googlePrices: Record<string, ModelPrice> = {
  'gemini-3.1-pro-preview': price(2, 12, 0.2),
  'gemini-3-pro-preview': price(2, 12, 0.2),
  'gemini-3-flash-preview': price(0.5, 3, 0.05),
  'gemini-2.5-pro': price(1.25, 10, 0.125),
  'gemini-2.5-flash': price(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': price(0.1, 0.4, 0.01),
  'gemini-embedding-001': price(0.15, 0, 0.15),
};

/** Built-in prices by vendor, then by model id (without date suffix). */
export const builtInPrices: Readonly<Record<'anthropic' | 'openai' | 'google', Readonly<Record<string, ModelPrice>>>> = {
  anthropic: anthropicPrices,
  openai: openaiPrices,
  google: googlePrices,
};

/**
 * Agent CLIs run a vendor's models; when the CLI does not report a cost itself, its
 * tokens are priced with that vendor's table.
 */
const vendorOfProvider: Readonly<Record<string, keyof typeof builtInPrices>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
  'claude-code': 'anthropic',
  codex: 'openai',
  'gemini-cli': 'google',
};

/**
 * The model id as the price table lists it: without a `models/` prefix (Gemini), a
 * date snapshot suffix (`-20250929`, `-2025-08-07`) or `-latest`.
 */
export function normalizeModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^models\//, '')
    .replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
}

/** Where a price came from, for the UI ("priced from settings"). */
export type PriceSource = 'override' | 'built-in';

/**
 * The price of `provider:model`: an override from settings first, then the built-in
 * table of the vendor behind the provider; `undefined` when unknown. Matches whole
 * model ids only, so an unknown `gpt-5.9` is never priced as `gpt-5`.
 */
export function lookupPrice(
  provider: string,
  model: string,
  overrides: PriceOverrides = {},
): { price: ModelPrice; source: PriceSource } | undefined {
  const fromSettings = overrides[`${provider}:${model}`] ?? overrides[model];
  if (fromSettings) return { price: fromSettings, source: 'override' };
  const vendor = vendorOfProvider[provider];
  if (!vendor) return undefined;
  const builtIn = builtInPrices[vendor][normalizeModelId(model)];
  return builtIn ? { price: builtIn, source: 'built-in' } : undefined;
}
