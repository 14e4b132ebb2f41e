import { normalizeLineEndings } from './line-endings';
import { protectedMarkers, stripProtectedMarkers, type ProtectedRegionKind } from './protected-markers';
import { findRegionsInText } from './protected-regions';
import { pythonRstrip, pythonStrip } from './python-whitespace';
import { splitBody } from './split-body';

/**
 * The text inside the protected region of `kind` in a SKILL.md's body, trimmed as
 * SkillOpt reads it; undefined when the region is missing.
 */
export function readProtectedRegion(text: string, kind: ProtectedRegionKind): string | undefined {
  const { body } = splitBody(text);
  const region = findRegionsInText(body).find((candidate) => candidate.kind === kind);
  return region ? pythonStrip(body.slice(region.contentStart, region.contentEnd)) : undefined;
}

/**
 * `text` with the contents of the protected region of `kind` replaced by `content`
 * (trimmed, markers removed, line breaks in the document's style), as
 * `START⏎content⏎END`. A missing region is first added at the end of the body. Only the
 * region changes: unlike SkillOpt, which deletes every region and re-appends one at the
 * end (collapsing blank lines everywhere on the way), text outside it keeps its bytes and
 * the region keeps its place. For the usual layout (region at the end) both agree.
 */
export function replaceProtectedRegion(text: string, kind: ProtectedRegionKind, content: string): string {
  const withRegion = ensureProtectedRegion(text, kind);
  const { head, body, lineEnding } = splitBody(withRegion);
  const region = findRegionsInText(body).find((candidate) => candidate.kind === kind)!;
  const inner = normalizeLineEndings(stripProtectedMarkers(pythonStrip(content)), lineEnding);
  const inside = inner === '' ? lineEnding : lineEnding + inner + lineEnding;
  return head + body.slice(0, region.contentStart) + inside + body.slice(region.contentEnd);
}

/**
 * `text` with an empty protected region of `kind` added at the end of the body, after a
 * blank line, unless it already has one. Frontmatter and BOM are never touched. Stray
 * markers of that kind (an end before its start, a start without an end) are removed
 * first, so the result always has a usable region; SkillOpt would append a second pair
 * and let the stray start marker protect everything up to the new end.
 */
export function ensureProtectedRegion(text: string, kind: ProtectedRegionKind): string {
  const { head, body, lineEnding } = splitBody(text);
  if (findRegionsInText(body).some((region) => region.kind === kind)) return text;
  const markers = protectedMarkers[kind];
  let cleaned = body;
  while (cleaned.includes(markers.start) || cleaned.includes(markers.end)) {
    cleaned = cleaned.split(markers.start).join('').split(markers.end).join('');
  }
  const eol = lineEnding;
  return head + pythonRstrip(cleaned) + eol + eol + markers.start + eol + markers.end + eol;
}

/** The slow-update guidance written at the end of each epoch; undefined when absent. */
export function readSlowUpdateRegion(text: string): string | undefined {
  return readProtectedRegion(text, 'slow_update');
}

/** `text` with the slow-update guidance replaced by `content` (region added if missing). */
export function replaceSlowUpdateRegion(text: string, content: string): string {
  return replaceProtectedRegion(text, 'slow_update', content);
}

/** `text` with an empty slow-update region at the end when it has none (epoch 1). */
export function ensureSlowUpdateRegion(text: string): string {
  return ensureProtectedRegion(text, 'slow_update');
}
