/**
 * Reading what agent CLIs print: JSON documents that may follow log lines, JSONL
 * event streams, and failures turned into ProviderCallErrors with a useful kind.
 */
import type { AgentTrajectory, TrajectoryStep } from '../../agent-trajectory';
import { boundTrajectory, type TrajectoryBounds } from '../../bound-trajectory';
import { ProviderCallError, type ProviderFailureKind } from '../../model-errors';
import { truncateForLog, type AdapterContext } from '../provider-failure';
import type { AgentCliDefinition } from './agent-cli-definition';
import type { AgentProcessResult } from './run-agent-process';

/**
 * The JSON document in a CLI's stdout. CLIs sometimes print a log line before it
 * ("Loaded cached credentials."), so after trying the whole text this tries from each
 * line that opens an object or array, earliest first. Undefined when nothing parses.
 */
export function parseJsonDocument(stdout: string): unknown {
  const trimmed = stdout.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    // Fall through to the line-by-line search.
  }
  const lineStarts = [...trimmed.matchAll(/(^|\n)[ \t]*[{[]/g)].map((match) => match.index + match[1].length);
  for (const start of lineStarts) {
    try {
      return JSON.parse(trimmed.slice(start));
    } catch {
      // Try the next candidate start.
    }
  }
  return undefined;
}

/** The events of a JSONL stream, and how many non-blank lines were not JSON objects. */
export interface JsonLines {
  events: Record<string, unknown>[];
  /** Lines skipped: not JSON, or JSON but not an object (a log line, a line cut short). */
  skippedLines: number;
}

/** Every line of a JSONL stream that parses as a JSON object; other non-blank lines are counted and skipped. */
export function parseJsonLines(stdout: string): JsonLines {
  const events: Record<string, unknown>[] = [];
  let skippedLines = 0;
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const value = parseJsonObject(trimmed);
    if (value) events.push(value);
    else skippedLines += 1;
  }
  return { events, skippedLines };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What an adapter stores of a session's steps, in characters: enough for any view of
 * it (the optimizer's evidence shows far less), while an agent that prints a large
 * file again and again cannot swell the journal, the cache and the rollout records.
 */
export const storedTrajectoryBounds: TrajectoryBounds = { fieldCharacters: 10_000, totalCharacters: 200_000 };

/** The session's trajectory as adapters return it: bounded for storage; undefined when the session took no step. */
export function sessionTrajectory(steps: TrajectoryStep[], skippedLines: number): AgentTrajectory | undefined {
  if (steps.length === 0 && skippedLines === 0) return undefined;
  return boundTrajectory({ steps, skippedLines }, storedTrajectoryBounds);
}

/** A tool's input as the trajectory shows it: a string as is, anything else as compact JSON. */
export function toolInputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined) return '';
  try {
    return JSON.stringify(input) ?? '';
  } catch {
    return String(input);
  }
}

/** Classifies an error message an agent CLI reported, so logins and rate limits read as such. */
export function agentFailureKind(message: string): ProviderFailureKind {
  if (/log ?in\b|\/login|logged out|not logged|api[ _-]?key|authenticat|unauthori[sz]ed|credentials|oauth|credit balance|auth method|\b40[13]\b/i.test(message)) {
    return 'auth';
  }
  if (/\b(rate.?limit|429|overloaded|usage limit|quota|resource.?exhausted|too many requests)\b/i.test(message)) return 'rate_limit';
  if (/\b(5\d\d|internal server error|service unavailable|bad gateway)\b/i.test(message)) return 'server';
  return 'process';
}

/** How the process ended, plus the tail of stderr, for messages. */
function exitDescription(result: AgentProcessResult): string {
  const exit = result.exitCode === null ? 'ended by a signal' : `exit code ${result.exitCode}`;
  const stderrTail = result.stderr.trim().split('\n').slice(-3).join(' | ');
  return stderrTail ? `${exit}; stderr: ${truncateForLog(stderrTail, 300)}` : exit;
}

/** The session reported a failure in its own output. */
export function agentReportedError(
  context: AdapterContext,
  definition: Pick<AgentCliDefinition, 'displayName' | 'loginHint'>,
  reported: string,
  result: AgentProcessResult,
): ProviderCallError {
  const kind = agentFailureKind(reported);
  const fix = kind === 'auth' ? ` ${definition.loginHint}` : '';
  return new ProviderCallError({
    provider: context.provider,
    kind,
    body: truncateForLog(result.stdout || result.stderr),
    message: `${context.spec}: ${definition.displayName} reported an error: ${truncateForLog(reported, 500)} (${exitDescription(result)}).${fix}`,
  });
}

/** The output is not what the CLI prints when it works: failed to start properly, or garbage. */
export function agentGarbageError(
  context: AdapterContext,
  definition: Pick<AgentCliDefinition, 'displayName' | 'installCommand'>,
  expected: string,
  result: AgentProcessResult,
): ProviderCallError {
  return new ProviderCallError({
    provider: context.provider,
    kind: 'process',
    body: truncateForLog(result.stdout || result.stderr),
    message:
      `${context.spec}: ${definition.displayName} did not print ${expected} (${exitDescription(result)}). ` +
      `Check that it works on its own and is recent enough (\`${definition.installCommand}\` updates it).`,
  });
}

/** A number field of an unknown object, or 0. */
export function numberField(value: unknown, key: string): number {
  const field = (value as Record<string, unknown> | undefined)?.[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : 0;
}
