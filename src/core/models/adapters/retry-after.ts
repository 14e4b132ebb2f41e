/**
 * How long a vendor asked us to wait before trying again, read from its response.
 * The retry policy uses it as a floor for the backoff.
 */

/** Response headers as the SDKs expose them: a fetch `Headers` or a plain record. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** One header's value (the first, when repeated); `name` in lower case. */
export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` (ms, OpenAI and Anthropic
 * send it) wins over `retry-after` (seconds, or an HTTP date). A date in the past
 * means 0. Unparsable (e.g. negative) or absent headers give undefined.
 */
export function retryAfterMsFromHeaders(headers: HeadersLike | undefined, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds !== undefined && milliseconds.trim() !== '') {
    const parsed = Number(milliseconds);
    if (Number.isFinite(parsed) && parsed >= 0) return Math.round(parsed);
  }
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
  // Every HTTP-date form starts with the day's name; Date.parse would also take `-5` as a year.
  if (!/^[A-Za-z]{3}/.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Google's APIs put the wait in the error body instead of a header:
 * `{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}`
 * (a protobuf Duration: seconds with an `s` suffix, possibly fractional). In ms.
 */
export function retryAfterMsFromGoogleRpcBody(body: unknown): number | undefined {
  const error = (body as { error?: { details?: unknown } } | undefined)?.error;
  const details = Array.isArray(error?.details) ? error.details : [];
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown } | undefined)?.retryDelay;
    if (typeof delay === 'string') {
      const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (match) return Math.round(Number(match[1]) * 1000);
    }
  }
  return undefined;
}
