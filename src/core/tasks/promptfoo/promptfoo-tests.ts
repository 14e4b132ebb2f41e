import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { resolveAssertionType } from '../../scoring/assertions/assertion-registry';
import { TaskFileProblems } from '../task-file-problems';
import { CsvSyntaxError, parseCsv } from './parse-csv';
import { fileReference } from './promptfoo-vars';
import { expandGlob } from './expand-glob';
import { readDataFile } from './read-data-file';
import { resolveReference } from './resolve-reference';

/** One test as written, with the file (and path in it) that problems should point at. */
export interface RawTest {
  value: unknown;
  path: PropertyKey[];
  problems: TaskFileProblems;
}

/** Tests read so far, and the problems of every extra file read for them. */
export interface CollectedTests {
  tests: RawTest[];
  fileProblems: TaskFileProblems[];
}

/** Where tests files may be read from. */
export interface TestFileScope {
  /** The folder every tests file must stay inside (the skill folder). */
  root: string;
  /** The config itself, which a tests path must not name. */
  configFile: string;
}

const testFileExtensions = ['.yaml', '.yml', '.json', '.csv'];

/**
 * The suite's tests: an inline list, a `file://` path (or, as promptfoo allows, a bare
 * path) to a YAML, JSON or CSV file, a glob or folder of such files, or a list mixing inline
 * tests and paths. Paths are relative to the config folder and stay inside the skill folder.
 */
export async function collectTests(tests: unknown, configDir: string, configProblems: TaskFileProblems, scope: TestFileScope): Promise<CollectedTests> {
  const collected: CollectedTests = { tests: [], fileProblems: [] };
  if (tests === undefined) return collected;
  const entries = Array.isArray(tests) ? tests : [tests];
  for (const [index, entry] of entries.entries()) {
    const path = Array.isArray(tests) ? ['tests', index] : ['tests'];
    const reference = fileReference(entry) ?? bareTestsPath(entry);
    if (reference === undefined) {
      if (typeof entry === 'string') configProblems.error(path, 'must be a test object or a file:// path to a YAML, JSON or CSV file of tests');
      else collected.tests.push({ value: entry, path, problems: configProblems });
      continue;
    }
    const files = await testFilesOf(reference, configDir);
    if (files.length === 0) {
      configProblems.error(path, `matches no test files (${reference}); check the path or pattern (it is relative to the promptfoo config; a folder is read for .yaml, .yml, .json and .csv files)`);
      continue;
    }
    for (const fileReferenceText of files) await collectTestsFile(fileReferenceText, path, configDir, configProblems, scope, collected);
  }
  return collected;
}

/**
 * The test files a tests path names: a glob's matches, every test file directly in a
 * folder (`file://cases/`, as promptfoo allows), or the one file.
 */
async function testFilesOf(reference: string, configDir: string): Promise<string[]> {
  if (/[*?[\]{}]/.test(reference)) return expandGlob(reference, configDir);
  const isFolder = await stat(resolve(configDir, reference)).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) return [reference];
  const inFolder = await expandGlob(`${reference.replace(/[\\/]+$/, '')}/*`, configDir);
  return inFolder.filter((file) => testFileExtensions.includes(extname(file).toLowerCase()));
}

/** promptfoo also takes `tests: cases.yaml` without `file://`. */
function bareTestsPath(entry: unknown): string | undefined {
  if (typeof entry !== 'string' || entry.includes('\n')) return undefined;
  const path = entry.trim();
  return testFileExtensions.includes(extname(path).toLowerCase()) ? path : undefined;
}

async function collectTestsFile(
  reference: string,
  path: PropertyKey[],
  configDir: string,
  configProblems: TaskFileProblems,
  scope: TestFileScope,
  collected: CollectedTests,
): Promise<void> {
  const target = resolveReference(reference, configDir, scope.root);
  if (target.problem !== undefined) {
    configProblems.error(path, target.problem);
    return;
  }
  const file = target.path;
  if (file === scope.configFile) {
    configProblems.error(path, `points to the promptfoo config itself (${reference}); name a separate tests file`);
    return;
  }
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') {
    collected.tests.push(...(await readCsvTests(file, collected)));
  } else if (['.yaml', '.yml', '.json'].includes(extension)) {
    const data = await readDataFile(file);
    collected.fileProblems.push(data.problems);
    if (data.value === undefined) return;
    if (Array.isArray(data.value)) {
      data.value.forEach((value, testIndex) => collected.tests.push({ value, path: [testIndex], problems: data.problems }));
    } else {
      collected.tests.push({ value: data.value, path: [], problems: data.problems });
    }
  } else {
    configProblems.error(path, `points to ${reference}; tests files must be .yaml, .yml, .json or .csv`);
  }
}

/**
 * promptfoo's CSV test tables: one test per row, columns are variables, except
 * `__expected` (and `__expected1`, `__expected2`, ...) holding an assertion shorthand,
 * `__description`, and `__metadata:<key>` (e.g. `__metadata:split`).
 */
async function readCsvTests(file: string, collected: CollectedTests): Promise<RawTest[]> {
  const lineOfRow: number[] = [];
  const problems = new TaskFileProblems(file, (path) => (typeof path[0] === 'number' ? { line: lineOfRow[path[0]] ?? 1, column: 1 } : undefined), () => '');
  collected.fileProblems.push(problems);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.error([], `cannot be read (${(error as Error).message}); paths are relative to the promptfoo config`);
    return [];
  }
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    lineOfRow[0] = error.line;
    problems.error([0], `${error.message}`);
    return [];
  }
  return table.rows.map((row, index) => {
    lineOfRow[index] = row.line;
    const vars: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {};
    const assert: unknown[] = [];
    let description: string | undefined;
    for (const [column, cell] of Object.entries(row.cells)) {
      if (/^__expected\d*$/.test(column)) {
        if (cell.trim() !== '') assert.push(assertionFromShorthand(cell));
      } else if (column === '__description') {
        if (cell.trim() !== '') description = cell;
      } else if (column.startsWith('__metadata:')) {
        if (cell.trim() !== '') metadata[column.slice('__metadata:'.length)] = cell;
      } else if (column.startsWith('__')) {
        if (index === 0) problems.warning([index], `column "${column}" is not supported and is ignored`);
      } else {
        vars[column] = cell;
      }
    }
    const value = { vars, assert, ...(description !== undefined && { description }), ...(Object.keys(metadata).length > 0 && { metadata }) };
    return { value, path: [index], problems };
  });
}

/**
 * promptfoo's `__expected` shorthand: `contains: refund`, `not-icontains: sorry`,
 * `regex: \d+`, `fn: output.length < 100` or `javascript: ...`, `grade: <criterion>`
 * (llm-rubric); anything else means the output must equal the cell.
 */
export function assertionFromShorthand(cell: string): { type: string; value?: unknown } {
  const match = /^\s*([a-z][a-z-]*)\s*:\s?([\s\S]*)$/.exec(cell);
  if (match) {
    const [, name, rest] = match;
    if (name === 'fn' || name === 'eval') return { type: 'javascript', value: rest };
    if (name === 'grade' || name === 'llm-rubric') return { type: 'llm-rubric', value: rest };
    if (resolveAssertionType(name)) {
      if (/^(not-)?i?contains-(any|all)$/.test(name)) return { type: name, value: rest.split(',').map((item) => item.trim()) };
      if (/^(not-)?(max|min)-(length|words)$|^(not-)?word-count$/.test(name) && /^\s*\d+\s*$/.test(rest)) {
        return { type: name, value: Number(rest) };
      }
      return rest === '' ? { type: name } : { type: name, value: rest };
    }
  }
  return { type: 'equals', value: cell };
}
