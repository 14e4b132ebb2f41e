import { Document, LineCounter, YAMLError, isMap, isPair, isScalar, parseDocument } from 'yaml';
import { errorMessage } from '../errors';
import { skillError, skillWarning, type SkillProblem } from './skill-problem';

/** What the YAML between the frontmatter delimiters says, with every problem located. */
export interface FrontmatterYaml {
  /** The mapping as plain data; `{}` for empty YAML; undefined when it is broken or not a mapping. */
  readonly data: Record<string, unknown> | undefined;
  /** Syntax and shape problems, with 1-based lines in the file. */
  readonly problems: readonly SkillProblem[];
  /** 1-based file line of the key at `path` (top-level key, or key inside a top-level mapping). */
  readonly keyLine: (...path: string[]) => number | undefined;
}

/**
 * Reads frontmatter YAML that starts on file line `firstLine`. Never throws: broken YAML
 * comes back as `data: undefined` with the problems that say why.
 */
export function readFrontmatterYaml(source: string, firstLine: number): FrontmatterYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const keyLine = (...path: string[]) => {
    const offset = keyOffset(document, path);
    return offset === undefined ? undefined : fileLine(offset);
  };

  const lastLine = firstLine + Math.max(0, source.replace(/\r?\n$/, '').split('\n').length - 1);
  const errorLines = document.errors.map((error) => yamlErrorLine(error, fileLine, firstLine, lastLine));
  // yaml adds a generic indentation error beside the specific one on the same line
  // (a line after a closed quote); the specific one alone says what to fix.
  const redundant = (index: number) =>
    document.errors[index]!.code === 'BAD_INDENT' &&
    document.errors.some((other, otherIndex) => other.code !== 'BAD_INDENT' && errorLines[otherIndex] === errorLines[index]);
  const problems: SkillProblem[] = [
    ...document.errors.flatMap((error, index) => {
      if (redundant(index)) return [];
      const message = describeYamlError(error, source);
      // Messages that tell to quote the value on a `key: value` line get that as a quick fix.
      const quotable = /Put (the whole value|the value) in quotes/.test(message) && /^\s*[^\s:#][^:#]*:[ \t]+\S/.test(lineAround(source, error.pos?.[0] ?? 0));
      return [skillError(errorLines[index]!, message, quotable ? [{ kind: 'quote_value' }] : undefined)];
    }),
    ...document.warnings.map((warning) =>
      skillWarning(yamlErrorLine(warning, fileLine, firstLine, lastLine), `Frontmatter YAML: ${firstMessageLine(warning)}.`),
    ),
  ];
  if (document.errors.length > 0) return { data: undefined, problems, keyLine };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push(
      skillError(firstLine, `Frontmatter YAML could not be read: ${errorMessage(error)}. Define each anchor (&name) before its alias (*name), or write the value out.`),
    );
    return { data: undefined, problems, keyLine };
  }
  if (value === null || value === undefined) return { data: {}, problems, keyLine };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'a list' : `a single ${typeof value} value`;
    problems.push(
      skillError(firstLine, `The frontmatter must be a YAML mapping of \`key: value\` lines (name, description, …); it is ${found}. Write it as \`name: my-skill\` and \`description: …\` on separate lines.`),
    );
    return { data: undefined, problems, keyLine };
  }
  problems.push(...commentCutWarnings(document, source, fileLine));
  return { data: value as Record<string, unknown>, problems, keyLine };
}

/** Text fields whose words matter to agents; a comment silently shortens them. */
const proseKeys = ['description', 'compatibility', 'when_to_use'];

/**
 * `description: Fixes #12 for good` reads as "Fixes": in an unquoted value, ` #` starts a
 * comment. Valid YAML, so only a warning, on the line of the cut.
 */
function commentCutWarnings(document: Document, source: string, fileLine: (offset: number) => number): SkillProblem[] {
  if (!isMap(document.contents)) return [];
  const problems: SkillProblem[] = [];
  for (const pair of document.contents.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value);
    const valueEnd = pair.value.range?.[1];
    if (!proseKeys.includes(key) || pair.value.type !== 'PLAIN' || valueEnd === undefined) continue;
    if (!/^[ \t]+#/.test(source.slice(valueEnd))) continue;
    problems.push(
      skillWarning(fileLine(valueEnd), `\`${key}\` stops at " #": YAML reads the rest of the line as a comment, so agents see only \`${clip(String(pair.value.value))}\`. Put the whole value in quotes.`, [{ kind: 'quote_value' }]),
    );
  }
  return problems;
}

function keyOffset(document: Document, path: readonly string[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
    if (!pair || !isScalar(pair.key)) return undefined;
    offset = pair.key.range?.[0];
    node = pair.value;
  }
  return offset;
}

function yamlErrorLine(error: YAMLError, fileLine: (offset: number) => number, firstLine: number, lastLine: number): number {
  const offset = error.pos?.[0];
  // Errors found at the end of the YAML (an unclosed quote or bracket) would point at
  // the closing `---`; the last YAML line is where the fix goes.
  return typeof offset === 'number' ? Math.min(fileLine(offset), lastLine) : firstLine;
}

/** yaml's own message without the appended source excerpt, position and final period. */
function firstMessageLine(error: YAMLError): string {
  return error.message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.+$/, '');
}

/** Turns the yaml library's error into a message that names the usual fix. */
function describeYamlError(error: YAMLError, source: string): string {
  const offset = error.pos?.[0] ?? 0;
  const lineText = lineAround(source, offset).trim();
  // `description: | text` puts the text where only block-scalar options may stand.
  const blockHeader = /^[^\s:#][^:#]*:[ \t]+([|>])[-+0-9]*[ \t]+[^\s#]/.exec(lineText);
  if (blockHeader) {
    const indicator = blockHeader[1];
    return `Frontmatter YAML cannot read \`${clip(lineText)}\`: after \`${indicator}\` the text must start on the next line, indented. Move the text to the next line, or delete the \`${indicator}\` (and quote the value if it contains ": ").`;
  }
  if (/^Implicit map keys need to be followed by map values/.test(firstMessageLine(error))) {
    return `Frontmatter YAML cannot read \`${clip(lineText)}\`: it is neither a \`key: value\` line nor part of the value above (a quoted value ends at its closing quote). Put the whole value inside the quotes, write it as a block (\`description: >\` then the text indented on the next lines), or delete the line.`;
  }
  // `description: [WIP] Does things`: a value opened by a quote or bracket ends at its close.
  const textAfterClose = /^[^\s:#][^:#]*:[ \t]+(["'[{])/.exec(lineText);
  if (error.code === 'UNEXPECTED_TOKEN' && textAfterClose) {
    const opener = textAfterClose[1];
    return `Frontmatter YAML cannot read \`${clip(lineText)}\`: a value that starts with ${quoteOrBracketName(opener!)} ends where it closes, and text follows. Put the whole value in quotes${otherQuoteHint(opener!)}, or write it as a block (\`description: >\` then the text indented on the next lines).`;
  }
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `Frontmatter YAML cannot read \`${clip(lineText)}\`: an unquoted value may not contain ": ". Put the whole value in quotes, or write it as a block (\`description: >\` then the text indented on the next lines).`;
    case 'TAB_AS_INDENT':
      return 'Frontmatter YAML is indented with a tab here; YAML allows only spaces for indentation. Replace the tab with spaces.';
    case 'BAD_SCALAR_START':
      return `Frontmatter YAML cannot read \`${clip(lineText)}\`: an unquoted value may not start with ${quoteStart(source, offset)}. Put the value in quotes.`;
    case 'MISSING_CHAR':
      return `Frontmatter YAML is invalid: ${firstMessageLine(error)}. Close the quote or bracket that opens on or before this line.`;
    case 'DUPLICATE_KEY':
      return `Frontmatter key \`${clip(lineText.replace(/:.*$/, ''))}\` appears more than once; YAML keys must be unique. Keep one of them.`;
    default:
      return `Frontmatter YAML is invalid: ${firstMessageLine(error)}. Fix the syntax; quoting a value that contains ':', '#', '[' or '{' usually helps.`;
  }
}

function lineAround(source: string, offset: number): string {
  const start = offset === 0 ? 0 : source.lastIndexOf('\n', offset - 1) + 1;
  const newline = source.indexOf('\n', offset);
  return source.slice(start, newline === -1 ? source.length : newline);
}

function otherQuoteHint(opener: string): string {
  if (opener === '"') return ' (single quotes, as it contains double ones)';
  return opener === "'" ? ' (double quotes, as it contains single ones)' : '';
}

function quoteOrBracketName(opener: string): string {
  return opener === '[' ? "'[' (a list)" : opener === '{' ? "'{' (a mapping)" : `a quote (${opener})`;
}

function quoteStart(source: string, offset: number): string {
  const character = source[offset];
  return character ? `'${character}'` : 'a reserved character';
}

/** Keeps long lines readable inside a one-line message (characters). */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
