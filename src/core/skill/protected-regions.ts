import { lineNumberAt } from './line-endings';
import { splitBody } from './split-body';
import { protectedMarkers, protectedRegionKinds, type ProtectedRegionKind } from './protected-markers';

/**
 * A protected region as SkillOpt sees it: from the first start marker of its kind
 * through the end of the first end marker of its kind. Offsets are UTF-16 indexes into
 * the text the region was found in; lines are 1-based.
 */
export interface ProtectedRegion {
  readonly kind: ProtectedRegionKind;
  /** Offset of the start marker. */
  readonly start: number;
  /** Offset just past the end marker. */
  readonly end: number;
  /** Offset just past the start marker. */
  readonly contentStart: number;
  /** Offset of the end marker. */
  readonly contentEnd: number;
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * The protected regions of `text`, in document order. Like SkillOpt, only the first
 * start and first end marker of each kind count, markers inside code fences included,
 * and a kind whose end marker comes before its start marker protects nothing.
 */
export function findRegionsInText(text: string, lineOffset = 0): ProtectedRegion[] {
  const regions: ProtectedRegion[] = [];
  for (const kind of protectedRegionKinds) {
    const markers = protectedMarkers[kind];
    const start = text.indexOf(markers.start);
    const contentEnd = text.indexOf(markers.end);
    if (start === -1 || contentEnd === -1 || contentEnd < start + markers.start.length) continue;
    const end = contentEnd + markers.end.length;
    regions.push({
      kind,
      start,
      end,
      contentStart: start + markers.start.length,
      contentEnd,
      startLine: lineNumberAt(text, start) + lineOffset,
      endLine: lineNumberAt(text, contentEnd) + lineOffset,
    });
  }
  return regions.sort((a, b) => a.start - b.start);
}

/** True when `offset` lies inside a protected region of `text` (SkillOpt's rule). */
export function isProtectedOffset(text: string, offset: number): boolean {
  return protectedRegionKinds.some((kind) => {
    const markers = protectedMarkers[kind];
    const start = text.indexOf(markers.start);
    const endMarker = text.indexOf(markers.end);
    // SkillOpt checks start <= offset < end marker's end, with no ordering check.
    return start !== -1 && endMarker !== -1 && start <= offset && offset < endMarker + markers.end.length;
  });
}

/**
 * The protected regions of a SKILL.md's body (never its frontmatter), with offsets into
 * the whole `text` and file line numbers.
 */
export function findProtectedRegions(text: string): ProtectedRegion[] {
  const { head, body, bodyFirstLine } = splitBody(text);
  return findRegionsInText(body, bodyFirstLine - 1).map((region) => ({
    ...region,
    start: region.start + head.length,
    end: region.end + head.length,
    contentStart: region.contentStart + head.length,
    contentEnd: region.contentEnd + head.length,
  }));
}
