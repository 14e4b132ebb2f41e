/*
 * SkillOpt's protected-region markers. Text between a start and an end marker is
 * written only by dedicated stages (the epoch-level slow update, skill-aware
 * reflection); step edits may not touch it. The strings must match SkillOpt's byte for
 * byte so skills move between the two tools unchanged.
 */

/** The kinds of protected region SkillOpt knows. */
export type ProtectedRegionKind = 'slow_update' | 'appendix';

export const SLOW_UPDATE_START = '<!-- SLOW_UPDATE_START -->';
export const SLOW_UPDATE_END = '<!-- SLOW_UPDATE_END -->';
export const APPENDIX_START = '<!-- APPENDIX_START -->';
export const APPENDIX_END = '<!-- APPENDIX_END -->';

/** Start and end marker of each kind, in SkillOpt's order. */
export const protectedMarkers: Readonly<Record<ProtectedRegionKind, { readonly start: string; readonly end: string }>> = {
  slow_update: { start: SLOW_UPDATE_START, end: SLOW_UPDATE_END },
  appendix: { start: APPENDIX_START, end: APPENDIX_END },
};

export const protectedRegionKinds: readonly ProtectedRegionKind[] = ['slow_update', 'appendix'];

const allMarkers = [SLOW_UPDATE_START, SLOW_UPDATE_END, APPENDIX_START, APPENDIX_END];

/**
 * `text` with every protected marker removed. Removal repeats until none is left,
 * because removing one marker can join two halves of another
 * (`<!-- SLOW_UPD<!-- APPENDIX_END -->ATE_START -->`); SkillOpt removes each marker once.
 */
export function stripProtectedMarkers(text: string): string {
  let current = text;
  for (;;) {
    const next = allMarkers.reduce((result, marker) => result.split(marker).join(''), current);
    if (next === current) return current;
    current = next;
  }
}

/** Offset of the earliest protected start marker of any kind, or -1 when there is none. */
export function earliestProtectedStart(text: string): number {
  const positions = protectedRegionKinds.map((kind) => text.indexOf(protectedMarkers[kind].start)).filter((index) => index !== -1);
  return positions.length > 0 ? Math.min(...positions) : -1;
}
