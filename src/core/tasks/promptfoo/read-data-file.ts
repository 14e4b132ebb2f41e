import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { formatJsonPath, jsonSyntaxErrorPosition, locateJsonPath, type TextPosition } from '../json-location';
import { TaskFileProblems } from '../task-file-problems';

/** A parsed JSON or YAML file that can say where each value came from. */
export interface DataFile {
  value: unknown;
  /** Problems of this file, located in it. */
  problems: TaskFileProblems;
}

/**
 * Reads a JSON or YAML file (by extension; YAML otherwise). A file that cannot be read
 * or parsed comes back with its problem (and line/column) and `value` undefined.
 */
export async function readDataFile(file: string): Promise<DataFile> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const problems = new TaskFileProblems(file, () => undefined, formatJsonPath);
    problems.error([], `cannot be read (${(error as Error).message}); check the path (file:// paths are relative to the promptfoo config)`);
    return { value: undefined, problems };
  }
  return extname(file).toLowerCase() === '.json' ? parseJsonData(file, text) : parseYamlData(file, text);
}

function parseJsonData(file: string, text: string): DataFile {
  try {
    const value: unknown = JSON.parse(text);
    return { value, problems: new TaskFileProblems(file, (path) => locateJsonPath(text, path), formatJsonPath) };
  } catch (error) {
    const position = jsonSyntaxErrorPosition(text, error);
    const problems = new TaskFileProblems(file, () => position, formatJsonPath);
    problems.error([], `is not valid JSON (${(error as Error).message}); fix the syntax at this line and column`);
    return { value: undefined, problems };
  }
}

function parseYamlData(file: string, text: string): DataFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const firstError = document.errors[0];
  if (firstError) {
    const position = lineCounter.linePos(firstError.pos[0]);
    const problems = new TaskFileProblems(file, () => ({ line: position.line, column: position.col }), formatJsonPath);
    const reason =
      firstError.code === 'MULTIPLE_DOCS'
        ? 'holds more than one YAML document (a second `---` line starts another); keep one document: delete that line or move what follows into the first'
        : `is not valid YAML (${firstError.message.split('\n')[0]}); fix the syntax at this line and column`;
    problems.error([], reason);
    return { value: undefined, problems };
  }
  const locate = (path: readonly PropertyKey[]): TextPosition | undefined => {
    // The deepest part of the path that exists is where the fix goes (a missing key's parent).
    for (let length = path.length; length >= 0; length--) {
      const node = document.getIn(path.slice(0, length) as (string | number)[], true);
      if (isNode(node) && node.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };
  const problems = new TaskFileProblems(file, locate, formatJsonPath);
  let value: unknown;
  try {
    // maxAliasCount stops "billion laughs" alias bombs; an alias to a missing anchor throws here.
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    problems.error([], `is not valid YAML (${(error as Error).message}); fix or remove the YAML alias (*name) it names`);
    return { value: undefined, problems };
  }
  if (hasCycle(value)) {
    problems.error([], 'has a YAML alias inside the value it refers to (a circular structure); write the value out instead of the alias');
    return { value: undefined, problems };
  }
  return { value, problems };
}

/** True when a parsed value contains itself (a YAML alias inside its own anchor). */
function hasCycle(value: unknown, ancestors = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  const found = children.some((child) => hasCycle(child, ancestors));
  ancestors.delete(value);
  return found;
}
