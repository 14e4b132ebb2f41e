import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { PythonWorker } from '../../scoring/code/python-worker';
import { TaskFileProblems } from '../task-file-problems';
import { CsvSyntaxError, parseCsv } from './parse-csv';
import { csvRowTest } from './csv-row-test';
import { fileReference } from './promptfoo-vars';
import { expandGlob } from './expand-glob';
import { generateTests } from './generated-tests';
import { readDataFile } from './read-data-file';
import { resolveJsonRefs } from './resolve-json-refs';
import { resolveReference } from './resolve-reference';

/** One test as written, with the file (and path in it) that problems should point at. */
export interface RawTest {
  value: unknown;
  path: PropertyKey[];
  problems: TaskFileProblems;
  /** The folder the test's own `file://` paths are relative to (its file's folder). */
  baseDir: string;
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
  /** The suite's code may run (a trusted workspace): test generators are called, else refused. */
  runCode: boolean;
  /** The Python process generators run in. */
  python: PythonWorker;
}

const testFileExtensions = ['.yaml', '.yml', '.json', '.jsonl', '.csv'];
const codeFile = /\.(js|cjs|mjs|ts|cts|mts|py)(:[\w.]+)?$/i;
/** Keys that make a JSON/JSONL row a test; a row with none of them is a row of variables. */
const testKeys = ['vars', 'assert', 'options', 'metadata', 'description', 'threshold', 'provider', 'providerOutput', 'split', 'sim'];

/**
 * The suite's tests: an inline list, a `file://` path (or, as promptfoo allows, a bare
 * path) to a YAML, JSON, JSONL or CSV file, a glob or folder of such files,
 * `{path: ...}` objects, or a list mixing these. Paths are relative to the config folder
 * and stay inside the skill folder. Test generators (`.js`, `.mjs`, `.cjs`, `.py`
 * files) are called when the suite's code may run. Tests that come from online datasets
 * are refused with a message that says how to bring them in.
 */
export async function collectTests(
  tests: unknown,
  configDir: string,
  configProblems: TaskFileProblems,
  scope: TestFileScope,
  /** Where `tests` sits in the config (`scenarios[0].tests` for a scenario's). */
  basePath: PropertyKey[] = ['tests'],
): Promise<CollectedTests> {
  const collected: CollectedTests = { tests: [], fileProblems: [] };
  if (tests === undefined || tests === null) return collected;
  const entries = Array.isArray(tests) ? tests : [tests];
  for (const [index, entry] of entries.entries()) {
    const path = Array.isArray(tests) ? [...basePath, index] : basePath;
    const named = testsPathOf(entry);
    if (named.path === undefined) {
      if (typeof entry === 'string') configProblems.error(path, 'must be a test object or a path to a YAML, JSON, JSONL or CSV file of tests (file://cases.yaml)');
      else collected.tests.push({ value: entry, path, problems: configProblems, baseDir: configDir });
      continue;
    }
    const where = named.fromObject ? [...path, 'path'] : path;
    const refusal = refusedSource(named.path);
    if (refusal) {
      configProblems.error(where, refusal);
      continue;
    }
    if (codeFile.test(named.path)) {
      const config = named.fromObject ? (entry as { config?: unknown }).config : undefined;
      const generated = await generateTests(named.path, config, { configDir, root: scope.root, runCode: scope.runCode, python: scope.python });
      if ('problem' in generated) {
        configProblems.error(where, generated.problem);
        continue;
      }
      // Paths in generated tests are relative to the config, as in promptfoo.
      collected.tests.push(...generated.tests.map((value, index) => ({ value, path: [index], problems: generated.problems, baseDir: configDir })));
      collected.fileProblems.push(generated.problems);
      continue;
    }
    const files = await testFilesOf(named.path, configDir);
    if (files.length === 0) {
      configProblems.error(where, `matches no test files (${named.path}); check the path or pattern (it is relative to the promptfoo config; a folder is read for .yaml, .yml, .json, .jsonl and .csv files)`);
      continue;
    }
    for (const file of files) await collectTestsFile(file, where, configDir, configProblems, scope, collected);
  }
  return collected;
}

/** The tests file an entry names: `file://x`, a bare `cases.yaml`, or `{path: x, config}`. */
function testsPathOf(entry: unknown): { path?: string; fromObject?: boolean } {
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && typeof (entry as { path?: unknown }).path === 'string') {
    const path = (entry as { path: string }).path;
    return { path: fileReference(path) ?? path, fromObject: true };
  }
  if (typeof entry !== 'string' || entry.includes('\n')) return {};
  const text = entry.trim();
  const reference = fileReference(text);
  if (reference !== undefined) return { path: reference };
  if (/^(huggingface|https?):\/\//i.test(text)) return { path: text };
  const extension = extname(text.replace(/:[\w.]+$/, '')).toLowerCase();
  return testFileExtensions.includes(extension) || codeFile.test(text) ? { path: text } : {};
}

/** Why tests from this source cannot be read here, or undefined when they can. */
function refusedSource(path: string): string | undefined {
  if (/^huggingface:\/\//i.test(path)) {
    return `loads tests from a Hugging Face dataset (${path}), which cannot be fetched here; download the rows once (e.g. as CSV or JSONL) into the skill folder and name that file`;
  }
  if (/^https:\/\/docs\.google\.com\/spreadsheets\//i.test(path)) {
    return `loads tests from a Google Sheet (${path}), which cannot be fetched here; export the sheet as CSV into the skill folder and name that file`;
  }
  if (/^https?:\/\//i.test(path)) return `loads tests from the web (${path}), which cannot be fetched here; save the file into the skill folder and name it instead`;
  return undefined;
}

/**
 * The test files a tests path names: a glob's matches, every test file directly in a
 * folder (`file://cases/`, as promptfoo allows), or the one file.
 */
async function testFilesOf(reference: string, configDir: string): Promise<string[]> {
  if (/[*?[\]{}]/.test(reference)) return (await expandGlob(reference, configDir)).filter((file) => testFileExtensions.includes(extname(file).toLowerCase()) || !extname(file));
  const isFolder = await stat(resolve(configDir, reference)).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) return [reference];
  const inFolder = await expandGlob(`${reference.replace(/[\\/]+$/, '')}/*`, configDir);
  return inFolder.filter((file) => testFileExtensions.includes(extname(file).toLowerCase()));
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
  const baseDir = resolve(file, '..');
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') {
    collected.tests.push(...(await readCsvTests(file, collected)));
  } else if (extension === '.jsonl') {
    collected.tests.push(...(await readJsonLinesTests(file, collected)));
  } else if (['.yaml', '.yml', '.json'].includes(extension)) {
    const data = await readDataFile(file);
    collected.fileProblems.push(data.problems);
    if (data.value === undefined) return;
    // promptfoo resolves `$ref`s within each tests file, as in the config.
    const dereferenced = resolveJsonRefs(data.value);
    for (const problem of dereferenced.problems) data.problems.error(problem.path, problem.message);
    const value = dereferenced.value;
    const rows = Array.isArray(value) ? value : [value];
    const tests = rows.map((row, index) => ({ value: row, path: Array.isArray(value) ? [index] : [], problems: data.problems, baseDir }));
    collected.tests.push(...rowsAsVars(tests, data.problems));
  } else {
    configProblems.error(path, `points to ${reference}; tests files must be .yaml, .yml, .json, .jsonl or .csv`);
  }
}

/**
 * Rows that hold none of a test's keys (`[{"question": ..., "answer": ...}]`) are rows
 * of variables, like a CSV file's rows: each becomes `{vars: row}`. Said once per file.
 */
function rowsAsVars(tests: RawTest[], problems: TaskFileProblems): RawTest[] {
  const isPlainRow = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && !Object.keys(value).some((key) => testKeys.includes(key) || key.startsWith('__'));
  const plain = tests.filter((test) => isPlainRow(test.value));
  if (plain.length === 0) return tests;
  problems.warning(
    plain[0].path,
    `${plain.length === tests.length ? 'every row of this file holds' : plain.length === 1 ? '1 row of this file holds' : `${plain.length} rows of this file hold`} no test keys (vars, assert, ...), so each is read as the variables of one test`,
  );
  return tests.map((test) => (isPlainRow(test.value) ? { ...test, value: { vars: test.value } } : test));
}

/**
 * A line-based tests file (JSONL, CSV): its text and problems located by row, each row
 * at the line it starts on (`lineOfRow[index]`). Undefined text when it cannot be read.
 */
async function openRowFile(file: string, collected: CollectedTests): Promise<{ text?: string; problems: TaskFileProblems; lineOfRow: number[] }> {
  const lineOfRow: number[] = [];
  const problems = new TaskFileProblems(file, (path) => (typeof path[0] === 'number' ? { line: lineOfRow[path[0]] ?? 1, column: 1 } : undefined), formatLinePath);
  collected.fileProblems.push(problems);
  try {
    return { text: (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), problems, lineOfRow };
  } catch (error) {
    problems.error([], `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the promptfoo config`);
    return { problems, lineOfRow };
  }
}

async function readJsonLinesTests(file: string, collected: CollectedTests): Promise<RawTest[]> {
  const { text, problems, lineOfRow } = await openRowFile(file, collected);
  if (text === undefined) return [];
  const tests: RawTest[] = [];
  text.split(/\r?\n/).forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    const index = tests.length;
    lineOfRow[index] = lineIndex + 1;
    try {
      tests.push({ value: JSON.parse(line), path: [index], problems, baseDir: resolve(file, '..') });
    } catch (error) {
      problems.error([index], `is not valid JSON (${(error as Error).message}); each line of a .jsonl file is one test as a JSON object`);
    }
  });
  return rowsAsVars(tests, problems);
}

/** promptfoo's CSV test tables: one test per row; see {@link csvRowTest} for the columns. */
async function readCsvTests(file: string, collected: CollectedTests): Promise<RawTest[]> {
  const { text, problems, lineOfRow } = await openRowFile(file, collected);
  if (text === undefined) return [];
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    lineOfRow[0] = error.line;
    problems.error([0], `${error.message}`);
    return [];
  }
  const reported = new Set<string>();
  return table.rows.map((row, index) => {
    lineOfRow[index] = row.line;
    const test = csvRowTest(row.cells, (column, message) => {
      if (reported.has(column)) return;
      reported.add(column);
      problems.warning([index], message);
    });
    return { value: test, path: [index], problems, baseDir: resolve(file, '..') };
  });
}

/** Rows of CSV and JSONL files are named by their line, not a JSON path. */
function formatLinePath(path: readonly PropertyKey[]): string {
  return path.length > 1 ? path.slice(1).join('.') : '';
}
