import { isMap, isNode, isPair, isScalar, parseDocument, stringify, type Scalar } from 'yaml';
import { normalizeLineEndings, type LineEnding } from './line-endings';
import { parseSkill, serializeSkill } from './parse-skill';
import type { SkillDocument } from './skill-document';
import { SkillFrontmatterError } from './skill-frontmatter-error';

/**
 * The document with one top-level frontmatter field set to `value` (or removed when
 * `value` is undefined). Only the text of that field changes: comments, quoting and the
 * order of the other fields stay as written, and new text uses the document's line
 * breaks. A document without frontmatter gets one. Throws SkillFrontmatterError when the
 * existing YAML is broken, not a mapping, or never closed, since rewriting it could lose
 * content.
 */
export function setFrontmatterField(document: SkillDocument, key: string, value: unknown): SkillDocument {
  const eol = document.lineEnding;
  const current = document.frontmatter;
  if (!current) {
    const unclosed = document.problems.find((problem) => problem.severity === 'error');
    if (unclosed) throw new SkillFrontmatterError(`Cannot set frontmatter field '${key}': ${unclosed.message}`, unclosed.line);
    if (value === undefined) return document;
    const head = `---${eol}${renderField(key, value, eol, '')}${eol}---${eol}`;
    return parseSkill(document.bom + head + document.body);
  }

  const broken = document.problems.find((problem) => problem.severity === 'error' && problem.line < document.bodyFirstLine);
  const parsed = parseDocument(current.source, { uniqueKeys: true });
  if (broken || current.data === undefined || (parsed.contents !== null && !isMap(parsed.contents))) {
    const line = broken?.line ?? current.firstLine;
    const reason = broken?.message ?? 'the frontmatter is not a mapping of `key: value` lines.';
    throw new SkillFrontmatterError(`Cannot set frontmatter field '${key}' (line ${line}): ${reason} Fix the frontmatter first.`, line);
  }

  const map = parsed.contents;
  if (map?.flow) {
    // A one-line `{name: x, description: y}` mapping has no lines to edit in place;
    // let the yaml library rewrite it.
    if (value === undefined) parsed.delete(key);
    else parsed.set(key, value);
    return withSource(document, normalizeLineEndings(parsed.toString({ lineWidth: 0 }), eol));
  }

  const source = current.source;
  const pair = map?.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  if (!pair || !isPair(pair)) {
    if (value === undefined) return document;
    const indent = lineIndent(source, firstKeyOffset(map?.items[0]?.key));
    const separator = source === '' || source.endsWith('\n') ? '' : eol;
    return withSource(document, source + separator + renderField(key, value, eol, indent) + eol);
  }

  const keyRange = (pair.key as Scalar).range!;
  const start = keyRange[0];
  // An empty value (`license:`) has no node; the field then ends just after the colon.
  const valueEnd = isNode(pair.value) && pair.value.range ? pair.value.range[1] : keyRange[1] + 1;
  if (value === undefined) {
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = source[valueEnd - 1] === '\n' ? valueEnd : nextLineStart(source, valueEnd);
    return withSource(document, source.slice(0, lineStart) + source.slice(lineEnd));
  }
  // Block values (`|`, `>`, nested mappings) end with their line break; keep one there.
  const keepsBreak = source[valueEnd - 1] === '\n';
  const indent = lineIndent(source, start);
  const rendered = renderField(key, value, eol, indent).slice(indent.length) + (keepsBreak ? eol : '');
  return withSource(document, source.slice(0, start) + rendered + source.slice(valueEnd));
}

/** `key: value` as YAML, every line prefixed with `indent`, without a final line break. */
function renderField(key: string, value: unknown, eol: LineEnding, indent: string): string {
  // lineWidth 0: never fold a long description onto several lines.
  const yaml = stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, '');
  const indented = yaml
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
  return normalizeLineEndings(indented, eol);
}

function firstKeyOffset(key: unknown): number | undefined {
  return isNode(key) ? key.range?.[0] : undefined;
}

function lineIndent(source: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  return source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset);
}

function nextLineStart(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  return newline === -1 ? source.length : newline + 1;
}

/** Rebuilds the text and reads it again, so data, lines and problems stay consistent. */
function withSource(document: SkillDocument, source: string): SkillDocument {
  const frontmatter = document.frontmatter!;
  return parseSkill(serializeSkill({ ...document, frontmatter: { ...frontmatter, source } }));
}
