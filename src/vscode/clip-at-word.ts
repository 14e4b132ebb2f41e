/**
 * Shortens text for one line of a hover, a log or a ghost label: whitespace runs become
 * one space, and text over `maxLength` characters is cut at the last word boundary that
 * fits (a word is cut only when it alone is longer than a third of the room) and ends in "…".
 */
export function clipAtWord(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const room = flat.slice(0, maxLength - 1);
  const space = room.lastIndexOf(' ');
  const cut = space >= (maxLength * 2) / 3 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.–—-]+$/, '')}…`;
}
