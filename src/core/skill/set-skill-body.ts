import { normalizeLineEndings } from './line-endings';
import type { SkillDocument } from './skill-document';

/**
 * The document with a new Markdown body. The body's line breaks are rewritten to the
 * document's own (so a CRLF file stays CRLF); BOM and frontmatter bytes are kept.
 */
export function setSkillBody(document: SkillDocument, body: string): SkillDocument {
  return { ...document, body: normalizeLineEndings(body, document.lineEnding) };
}
