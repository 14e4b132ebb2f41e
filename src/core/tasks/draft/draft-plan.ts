/**
 * How a request for N drafted tasks is divided: a mix of kinds (mostly main cases, a
 * quarter edge cases, some near-misses), interleaved and cut into batches small
 * enough for one reply each.
 */
import type { DraftKind } from './draft-reply-schema';

/** Tasks asked for in one drafting call; a reply of eight rubric-bearing tasks is about 2,500 tokens. */
export const DRAFT_BATCH_SIZE = 8;

/** How many tasks of each kind `count` tasks should have. */
export function draftKindCounts(count: number): Record<DraftKind, number> {
  const nearMiss = count >= 4 ? Math.max(1, Math.round(count * 0.15)) : 0;
  const edge = count >= 2 ? Math.max(1, Math.round(count * 0.25)) : 0;
  return { main: count - nearMiss - edge, edge, 'near-miss': nearMiss };
}

/** The kinds of `count` tasks, spread evenly (so every batch gets its share), cut into batches. */
export function draftBatches(count: number, batchSize = DRAFT_BATCH_SIZE): DraftKind[][] {
  const counts = draftKindCounts(count);
  const spread = (Object.entries(counts) as Array<[DraftKind, number]>).flatMap(([kind, n]) =>
    Array.from({ length: n }, (_, index) => ({ kind, position: (index + 0.5) / n })),
  );
  spread.sort((a, b) => a.position - b.position);
  const batches: DraftKind[][] = [];
  for (let start = 0; start < spread.length; start += batchSize) batches.push(spread.slice(start, start + batchSize).map((entry) => entry.kind));
  return batches;
}

/** "5 main cases, 2 edge cases and 1 near-miss". */
export function describeKinds(kinds: readonly DraftKind[]): string {
  const label: Record<DraftKind, [string, string]> = {
    main: ['main case', 'main cases'],
    edge: ['edge case', 'edge cases'],
    'near-miss': ['near-miss where the skill should not apply', 'near-misses where the skill should not apply'],
  };
  const parts = (['main', 'edge', 'near-miss'] as const)
    .map((kind) => [kind, kinds.filter((candidate) => candidate === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${label[kind][n === 1 ? 0 : 1]}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
